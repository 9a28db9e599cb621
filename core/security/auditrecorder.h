#pragma once

#include <QMap>
#include <QObject>
#include <QString>

namespace paydesk {

class AuditLog;
class CheckoutService;
class Database;
class RefundService;
struct OrderSnapshot;
struct RefundRecord;

/// Writes the money-relevant events of checkout into the audit log, so the log of a till that
/// takes payments is never empty: every cash sale and wallet payment, every order closed or
/// cancelled (by the cashier, on expiry or by Recovery at start-up), every late success or
/// duplicate charge flagged for a refund, and every provider account provisioned or changed.
///
/// It only listens: CheckoutService and the provider set-up stay unaware of auditing. The
/// actor is the cashier logged in at the checkout, or the log's default actor (a headless
/// command's "pos:<os user>").
class AuditRecorder : public QObject
{
    Q_OBJECT
public:
    AuditRecorder(AuditLog &audit, CheckoutService &checkout, QObject *parent = nullptr);

    /// A fingerprint per provider account ("provider/environment" → app id, gateway and a
    /// digest of the provider's public key). Take it before the provider set-up runs and pass
    /// it to recordProviderAccounts() afterwards.
    using AccountFingerprints = QMap<QString, QString>;
    static AccountFingerprints providerAccounts(const Database &db);
    /// Audits "provider.account_provisioned" / "provider.account_changed" for each account
    /// that is new or differs from \a before.
    void recordProviderAccounts(const Database &db, const AccountFingerprints &before);
    /// Audits every refund of \a refunds: "refund.decided" (who asked, who approved),
    /// "refund.succeeded" and "refund.failed".
    void recordRefunds(RefundService &refunds);

private:
    void onOrderFinished(const OrderSnapshot &snapshot);
    void onLateSuccess(const QString &outTradeNo);
    void onDuplicateCharge(const QString &saleId, const QString &outTradeNo);
    void onRefundChanged(const RefundRecord &record);
    QString actor() const;

    AuditLog &m_audit;
    CheckoutService &m_checkout;
};

} // namespace paydesk
