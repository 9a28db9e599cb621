#include "core/checkout/paymentexceptions.h"

#include "core/storage/database.h"
#include "core/util/clock.h"

#include <QSqlQuery>
#include <QVariant>

namespace paydesk {

namespace {
using Kind = PaymentException::Kind;

std::optional<Kind> kindFromName(const QString &name)
{
    for (Kind k : {Kind::AmountMismatch, Kind::TradeMismatch, Kind::DuplicateCharge})
        if (paymentExceptionKindName(k) == name)
            return k;
    return std::nullopt;
}

QDateTime fromStored(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}
} // namespace

QString paymentExceptionKindName(PaymentException::Kind kind)
{
    switch (kind) {
    case Kind::AmountMismatch:
        return QStringLiteral("amount_mismatch");
    case Kind::TradeMismatch:
        return QStringLiteral("trade_mismatch");
    case Kind::DuplicateCharge:
        return QStringLiteral("duplicate_charge");
    }
    return {};
}

std::optional<PaymentException::Kind> mismatchOf(const Order &order, const QString &replyOutTradeNo,
                                                 const Money &replyTotal)
{
    if (!replyOutTradeNo.isEmpty() && replyOutTradeNo != order.outTradeNo)
        return Kind::TradeMismatch;
    if (!replyTotal.isZero() && replyTotal != order.amount)
        return Kind::AmountMismatch;
    return std::nullopt;
}

PaymentExceptions::PaymentExceptions(Database &db, const Clock &clock) : m_db(db), m_clock(clock) {}

Result<PaymentException> PaymentExceptions::record(PaymentException e)
{
    e.createdAt = m_clock.nowUtc();
    auto q = m_db.exec(
        QStringLiteral("INSERT INTO payment_exceptions(out_trade_no, sale_id, kind, "
                       "provider_out_trade_no, provider_total_minor, provider_transaction_id, "
                       "details, created_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?)"),
        {e.outTradeNo, e.saleId, paymentExceptionKindName(e.kind),
         e.providerOutTradeNo.isEmpty() ? QVariant() : QVariant(e.providerOutTradeNo),
         e.providerTotalMinor ? QVariant(*e.providerTotalMinor) : QVariant(),
         e.providerTransactionId.isEmpty() ? QVariant() : QVariant(e.providerTransactionId),
         e.details, e.createdAt.toString(Qt::ISODateWithMs)});
    if (!q.ok())
        return q.error();
    e.id = q.value().lastInsertId().toLongLong();
    return e;
}

Result<QList<PaymentException>> PaymentExceptions::open() const
{
    return select(QStringLiteral("resolved_at IS NULL"), {});
}

Result<QList<PaymentException>> PaymentExceptions::openForSale(const QString &saleId) const
{
    return select(QStringLiteral("resolved_at IS NULL AND sale_id = ?"), {saleId});
}

Status PaymentExceptions::resolve(qint64 id)
{
    auto q = m_db.exec(QStringLiteral("UPDATE payment_exceptions SET resolved_at = ? "
                                      "WHERE id = ? AND resolved_at IS NULL"),
                       {m_clock.nowUtc().toString(Qt::ISODateWithMs), id});
    if (!q.ok())
        return q.error();
    if (q.value().numRowsAffected() != 1)
        return Error{QStringLiteral("checkout.no_such_exception"),
                     tr("There is no open payment exception %1.").arg(id)};
    return {};
}

Result<QList<PaymentException>> PaymentExceptions::select(const QString &where,
                                                          const QVariantList &binds) const
{
    auto q = m_db.exec(
        QStringLiteral("SELECT id, out_trade_no, sale_id, kind, provider_out_trade_no, "
                       "provider_total_minor, provider_transaction_id, details, created_at, "
                       "resolved_at FROM payment_exceptions WHERE ") +
            where + QStringLiteral(" ORDER BY id"),
        binds);
    if (!q.ok())
        return q.error();
    QList<PaymentException> list;
    QSqlQuery &r = q.value();
    while (r.next()) {
        PaymentException e;
        e.id = r.value(0).toLongLong();
        e.outTradeNo = r.value(1).toString();
        e.saleId = r.value(2).toString();
        e.kind = kindFromName(r.value(3).toString()).value_or(Kind::AmountMismatch);
        e.providerOutTradeNo = r.value(4).toString();
        if (!r.value(5).isNull())
            e.providerTotalMinor = r.value(5).toLongLong();
        e.providerTransactionId = r.value(6).toString();
        e.details = r.value(7).toString();
        e.createdAt = fromStored(r.value(8));
        e.resolvedAt = fromStored(r.value(9));
        list.append(e);
    }
    return list;
}

} // namespace paydesk
