#include "core/onboarding/depositclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace paydesk::onboarding {

DepositClient::DepositClient(QNetworkAccessManager *network, QUrl sandboxBase, QObject *parent)
    : QObject(parent), m_network(network), m_base(std::move(sandboxBase))
{
}

void DepositClient::post(const QString &path, const QJsonObject &body,
                         std::function<void(int, const QJsonObject &)> done)
{
    QNetworkRequest request(m_base.resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setTransferTimeout(10000);
    QNetworkReply *reply = m_network->post(request, QJsonDocument(body).toJson());
    connect(reply, &QNetworkReply::finished, this, [reply, done] {
        reply->deleteLater();
        done(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
             QJsonDocument::fromJson(reply->readAll()).object());
    });
}

void DepositClient::send(const BankAccount &bank, std::function<void(Result<QString>)> done)
{
    if (!available())
        return QTimer::singleShot(0, this, [done] {
            done(Result<QString>::failure(
                u"deposit.unavailable"_s,
                tr("The provider verifies the account on its own page after approval.")));
        });
    post(u"/sandbox/signup/deposits"_s,
         {{u"account_number"_s, bank.number}, {u"holder"_s, bank.holder}, {u"bank"_s, bank.bank}},
         [done](int http, const QJsonObject &out) {
             const QString id = out.value(u"deposit_id"_s).toString();
             if (http != 200 || id.isEmpty())
                 return done(Result<QString>::failure(
                     u"deposit.failed"_s,
                     tr("The test deposit could not be sent (%1).")
                         .arg(out.value(u"message"_s).toString(QString::number(http)))));
             done(id);
         });
}

void DepositClient::confirm(const QString &depositRef, const Money &amount,
                            std::function<void(Result<Attempt>)> done)
{
    post(u"/sandbox/signup/deposits/%1/verify"_s.arg(depositRef),
         {{u"amount_minor"_s, amount.minor()}}, [done](int http, const QJsonObject &out) {
             if (http == 200)
                 return done(Attempt{true, out.value(u"tries_left"_s).toInt()});
             if (http == 409)
                 return done(Attempt{false, out.value(u"tries_left"_s).toInt()});
             if (http == 423)
                 return done(Result<Attempt>::failure(
                     u"deposit.locked"_s,
                     tr("Too many wrong amounts: ask for a new test deposit.")));
             done(Result<Attempt>::failure(
                 u"deposit.failed"_s,
                 tr("The amount could not be checked (%1).")
                     .arg(out.value(u"message"_s).toString(QString::number(http)))));
         });
}

} // namespace paydesk::onboarding
