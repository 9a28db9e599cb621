#include "core/providers/sandboxprovisioner.h"

#include "core/util/log.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {
struct SandboxProvisioner
{
    Q_DECLARE_TR_FUNCTIONS(SandboxProvisioner)
};

// The common answer: app_id, gateway and provider_public_key.
Result<ProviderAccount> commonAccount(const QJsonObject &answer, const QUrl &sandboxBase)
{
    const QString appId = answer.value(u"app_id"_s).toString();
    const QString gateway = answer.value(u"gateway"_s).toString();
    auto providerKey =
        crypto::RsaKey::fromPem(answer.value(u"provider_public_key"_s).toString().toLatin1());
    if (appId.isEmpty() || gateway.isEmpty() || !providerKey.ok())
        return Error{u"sandbox.bad_answer"_s,
                     SandboxProvisioner::tr("The sandbox sent an incomplete answer.")};
    ProviderAccount account;
    account.gateway = sandboxBase.resolved(QUrl(gateway)); // absolute stays absolute
    account.appId = appId;
    account.providerPublicKeyPem = providerKey.value().publicKeyPem();
    account.sellerId = answer.value(u"seller_id"_s).toString();
    if (account.sellerId.isEmpty())
        account.sellerId = answer.value(u"merchant_pid"_s).toString();
    return account;
}
} // namespace

void provisionSandboxAccount(QNetworkAccessManager *network, const QUrl &sandboxBase,
                             const QString &providerId, const crypto::RsaKey &appKey, QObject *ctx,
                             std::function<void(Result<ProviderAccount>)> done, int timeoutMs,
                             SandboxAccountParser parse)
{
    if (!parse)
        parse = commonAccount;
    using R = Result<ProviderAccount>;
    if (appKey.isNull() || !appKey.hasPrivate()) {
        QTimer::singleShot(0, ctx, [done] {
            done(R::failure(u"sandbox.bad_key"_s,
                            SandboxProvisioner::tr(
                                "A private app key is needed to register with the sandbox.")));
        });
        return;
    }
    QUrl url = sandboxBase;
    QString path = url.path();
    if (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + u"/sandbox/apps"_s);

    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    const QJsonObject payload{{u"provider"_s, providerId},
                              {u"public_key"_s, QString::fromLatin1(appKey.publicKeyPem())}};
    QNetworkReply *reply =
        network->post(request, QJsonDocument(payload).toJson(QJsonDocument::Compact));

    auto *timer = new QTimer(reply);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, reply, [reply] {
        if (reply->isRunning()) {
            reply->setProperty("paydesk_timed_out", true);
            reply->abort();
        }
    });
    timer->start(std::max(1, timeoutMs));

    QObject::connect(
        reply, &QNetworkReply::finished, ctx,
        [reply, appKey, sandboxBase, providerId, done, parse] {
            reply->deleteLater();
            const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (reply->property("paydesk_timed_out").toBool())
                return done(R::failure(u"sandbox.timeout"_s,
                                       SandboxProvisioner::tr("The sandbox did not answer.")));
            const QByteArray body = reply->readAll();
            if (http == 501)
                return done(
                    R::failure(u"sandbox.unsupported"_s,
                               SandboxProvisioner::tr(
                                   "The sandbox does not speak this provider's protocol.")));
            if (reply->error() != QNetworkReply::NoError || http / 100 != 2) {
                qCWarning(lcProviders) << providerId << "sandbox provisioning failed:" << http
                                       << reply->errorString() << body.left(200);
                return done(
                    R::failure(u"sandbox.unreachable"_s,
                               SandboxProvisioner::tr("Could not register with the sandbox: %1")
                                   .arg(reply->errorString())));
            }
            auto parsed = parse(QJsonDocument::fromJson(body).object(), sandboxBase);
            if (!parsed.ok())
                return done(parsed.error());
            ProviderAccount account = std::move(parsed).value();
            account.provider = providerId;
            account.appPrivateKeyPem = appKey.privateKeyPem();
            qCInfo(lcProviders) << providerId << "sandbox app" << account.appId << "at"
                                << account.gateway.toString();
            done(account);
        });
}

} // namespace paydesk
