#include "core/security/auditrecorder.h"

#include "core/checkout/checkoutservice.h"
#include "core/crypto/crypto.h"
#include "core/refunds/refundservice.h"
#include "core/security/auditlog.h"
#include "core/storage/database.h"
#include "core/util/log.h"

#include <QJsonObject>
#include <QSqlQuery>

namespace paydesk {

namespace {

QJsonObject orderDetails(const OrderSnapshot &s)
{
    QJsonObject d{{QStringLiteral("out_trade_no"), s.outTradeNo},
                  {QStringLiteral("provider"), s.provider},
                  {QStringLiteral("kind"), orderKindName(s.kind)},
                  {QStringLiteral("status"), orderStatusName(s.status)},
                  {QStringLiteral("amount_minor"), QString::number(s.amount.minor())}};
    if (!s.saleId.isEmpty())
        d.insert(QStringLiteral("sale_id"), s.saleId);
    return d;
}

} // namespace

AuditRecorder::AuditRecorder(AuditLog &audit, CheckoutService &checkout, QObject *parent)
    : QObject(parent), m_audit(audit), m_checkout(checkout)
{
    connect(&checkout, &CheckoutService::orderFinished, this, &AuditRecorder::onOrderFinished);
    connect(&checkout, &CheckoutService::lateSuccessDetected, this, &AuditRecorder::onLateSuccess);
    connect(&checkout, &CheckoutService::duplicateChargeDetected, this,
            &AuditRecorder::onDuplicateCharge);
}

void AuditRecorder::recordRefunds(RefundService &refunds)
{
    connect(&refunds, &RefundService::refundChanged, this, &AuditRecorder::onRefundChanged);
}

void AuditRecorder::onRefundChanged(const RefundRecord &r)
{
    QString action;
    if (r.status == u"DECIDED")
        action = QStringLiteral("refund.decided");
    else if (r.status == u"SUCCESS")
        action = QStringLiteral("refund.succeeded");
    else if (r.status == u"FAILED")
        action = QStringLiteral("refund.failed");
    else
        return; // SENT / PROCESSING are steps of the same decision
    QJsonObject details{{QStringLiteral("out_request_no"), r.outRequestNo},
                        {QStringLiteral("order_id"), QString::number(r.orderId)},
                        {QStringLiteral("amount_minor"), QString::number(r.amount.minor())},
                        {QStringLiteral("reason"), r.reason},
                        {QStringLiteral("status"), r.status}};
    if (!r.approvedBy.isEmpty())
        details.insert(QStringLiteral("approved_by"), r.approvedBy);
    if (r.status != u"DECIDED")
        details.insert(QStringLiteral("message"), r.message);
    if (!r.refundId.isEmpty())
        details.insert(QStringLiteral("refund_id"), r.refundId);
    logIfFailed(m_audit.append(action, r.operatorName, details), lcSecurity(), "audit of a refund");
}

QString AuditRecorder::actor() const
{
    return m_checkout.config().cashier; // empty: the log's default actor
}

void AuditRecorder::onOrderFinished(const OrderSnapshot &s)
{
    QJsonObject details = orderDetails(s);
    QString action;
    if (s.status == OrderStatus::Paid && s.kind == OrderKind::Cash) {
        action = QStringLiteral("sale.cash");
        if (s.tenderedMinor)
            details.insert(QStringLiteral("tendered_minor"), QString::number(*s.tenderedMinor));
        if (s.changeMinor)
            details.insert(QStringLiteral("change_minor"), QString::number(*s.changeMinor));
    } else if (s.status == OrderStatus::Paid) {
        action = QStringLiteral("sale.paid");
        details.insert(QStringLiteral("transaction_id"), s.transactionId);
    } else if (s.status == OrderStatus::Closed) {
        // Cancelled by the cashier, expired, replaced or closed by Recovery: the message says
        // which, in the words the cashier saw.
        action = QStringLiteral("order.closed");
        details.insert(QStringLiteral("message"), s.message);
    } else if (s.status == OrderStatus::Failed) {
        action = QStringLiteral("order.failed");
        details.insert(QStringLiteral("message"), s.message);
    } else {
        return;
    }
    logIfFailed(m_audit.append(action, actor(), details), lcSecurity(), "audit of an order");
}

void AuditRecorder::onLateSuccess(const QString &outTradeNo)
{
    QJsonObject details{{QStringLiteral("out_trade_no"), outTradeNo}};
    if (const auto s = m_checkout.snapshot(outTradeNo))
        details = orderDetails(*s);
    details.insert(QStringLiteral("needs_refund"), true);
    logIfFailed(m_audit.append(QStringLiteral("order.late_success"), actor(), details),
                lcSecurity(), "audit of a late success");
}

void AuditRecorder::onDuplicateCharge(const QString &saleId, const QString &outTradeNo)
{
    QJsonObject details{{QStringLiteral("out_trade_no"), outTradeNo}};
    if (const auto s = m_checkout.snapshot(outTradeNo))
        details = orderDetails(*s);
    details.insert(QStringLiteral("sale_id"), saleId);
    details.insert(QStringLiteral("needs_refund"), true);
    logIfFailed(m_audit.append(QStringLiteral("order.duplicate_charge"), actor(), details),
                lcSecurity(), "audit of a duplicate charge");
}

AuditRecorder::AccountFingerprints AuditRecorder::providerAccounts(const Database &db)
{
    AccountFingerprints out;
    auto q = db.exec(QStringLiteral("SELECT provider, environment, app_id, gateway,"
                                    " provider_public_key FROM provider_accounts"));
    if (!q.ok())
        return out;
    while (q.value().next()) {
        const QString key =
            q.value().value(0).toString() + QLatin1Char('/') + q.value().value(1).toString();
        const QString keyDigest = QString::fromLatin1(
            crypto::sha256(q.value().value(4).toString().toUtf8()).toHex().left(16));
        out.insert(key, QStringList{q.value().value(2).toString(), q.value().value(3).toString(),
                                    keyDigest}
                            .join(QLatin1Char('\n')));
    }
    return out;
}

void AuditRecorder::recordProviderAccounts(const Database &db, const AccountFingerprints &before)
{
    const AccountFingerprints now = providerAccounts(db);
    for (auto it = now.cbegin(); it != now.cend(); ++it) {
        const auto old = before.constFind(it.key());
        if (old != before.cend() && old.value() == it.value())
            continue;
        const QStringList parts = it.value().split(QLatin1Char('\n'));
        const QJsonObject details{
            {QStringLiteral("provider"), it.key().section(QLatin1Char('/'), 0, 0)},
            {QStringLiteral("environment"), it.key().section(QLatin1Char('/'), 1)},
            {QStringLiteral("app_id"), parts.value(0)},
            {QStringLiteral("gateway"), parts.value(1)},
            {QStringLiteral("public_key_digest"), parts.value(2)}};
        logIfFailed(m_audit.append(old == before.cend()
                                       ? QStringLiteral("provider.account_provisioned")
                                       : QStringLiteral("provider.account_changed"),
                                   QString(), details),
                    lcSecurity(), "audit of a provider account");
    }
}

} // namespace paydesk
