#pragma once

#include "core/money/money.h"
#include "core/onboarding/application.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace paydesk::onboarding {

/// Bank account verification by micro-deposit: the provider sends a small random amount to
/// the account and the merchant types it back, with a limited number of tries. Neither
/// provider's sign-up API exposes this step (it happens on their own pages), so only a Paydesk
/// sandbox offers it, under /sandbox/signup/deposits (docs/ONBOARDING.md).
class DepositClient : public QObject
{
    Q_OBJECT
public:
    struct Attempt
    {
        bool verified = false;
        int triesLeft = 0;
    };

    DepositClient(QNetworkAccessManager *network, QUrl sandboxBase, QObject *parent = nullptr);

    bool available() const { return m_base.isValid(); }
    /// Asks for a deposit to \a bank; gives its reference.
    void send(const BankAccount &bank, std::function<void(Result<QString>)> done);
    /// Checks the amount the merchant read on the bank statement.
    void confirm(const QString &depositRef, const Money &amount,
                 std::function<void(Result<Attempt>)> done);

private:
    void post(const QString &path, const QJsonObject &body,
              std::function<void(int, const QJsonObject &)> done);

    QNetworkAccessManager *m_network;
    QUrl m_base;
};

} // namespace paydesk::onboarding
