#include "core/orders/orderqueries.h"

#include "core/orders/orderrepository.h"
#include "core/storage/database.h"

#include <QSqlQuery>

namespace paydesk {

namespace {

const QString kColumns = QStringLiteral(
    "id, out_trade_no, provider, kind, amount_minor, currency, status, refunded_minor,"
    " COALESCE(transaction_id, ''), COALESCE(qr_code, ''), COALESCE(auth_code_masked, ''),"
    " COALESCE(payer_hash, ''), COALESCE(cashier, ''), COALESCE(till, ''), sale_id,"
    " COALESCE(failure_reason, ''), COALESCE(message, ''), created_at, updated_at,"
    " expires_at, tendered_minor, change_minor, needs_refund, COALESCE(owner, '')");

QDateTime fromIso(const QVariant &v)
{
    if (v.isNull())
        return {};
    QDateTime dt = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return dt.toUTC();
}

Order orderFromRow(const QSqlQuery &q)
{
    Order o;
    o.id = q.value(0).toLongLong();
    o.outTradeNo = q.value(1).toString();
    o.provider = q.value(2).toString();
    o.kind = orderKindFromName(q.value(3).toString()).value_or(OrderKind::Qr);
    const Currency currency = Currency::fromCode(q.value(5).toString()).value_or(Currency::cny());
    o.amount = Money::fromMinor(q.value(4).toLongLong(), currency);
    o.status = orderStatusFromName(q.value(6).toString()).value_or(OrderStatus::Unknown);
    o.refundedMinor = q.value(7).toLongLong();
    o.transactionId = q.value(8).toString();
    o.qrCode = q.value(9).toString();
    o.authCodeMasked = q.value(10).toString();
    o.payerHash = q.value(11).toString();
    o.cashier = q.value(12).toString();
    o.till = q.value(13).toString();
    o.saleId = q.value(14).toString();
    o.failureReason = failureReasonFromName(q.value(15).toString());
    o.message = q.value(16).toString();
    o.createdAt = fromIso(q.value(17));
    o.updatedAt = fromIso(q.value(18));
    o.expiresAt = fromIso(q.value(19));
    if (!q.value(20).isNull())
        o.tenderedMinor = q.value(20).toLongLong();
    if (!q.value(21).isNull())
        o.changeMinor = q.value(21).toLongLong();
    o.needsRefund = q.value(22).toInt() != 0;
    o.owner = q.value(23).toString();
    return o;
}

} // namespace

OrderQueries::OrderQueries(const Database &db) : m_db(db) {}

Result<QList<Order>> OrderQueries::select(const QString &where, const QVariantList &binds,
                                          const QString &tail) const
{
    auto q = m_db.exec(
        QStringLiteral("SELECT %1 FROM orders WHERE %2 %3").arg(kColumns, where, tail), binds);
    if (!q.ok())
        return q.error();
    QList<Order> list;
    while (q.value().next())
        list.append(orderFromRow(q.value()));
    return list;
}

Result<std::optional<Order>> OrderQueries::first(const QString &where,
                                                 const QVariantList &binds) const
{
    return select(where, binds, QStringLiteral("LIMIT 1")).transform([](const QList<Order> &rows) {
        return rows.isEmpty() ? std::optional<Order>() : std::optional<Order>(rows.first());
    });
}

Result<std::optional<Order>> OrderQueries::byOutTradeNo(const QString &outTradeNo) const
{
    return first(QStringLiteral("out_trade_no = ?"), {outTradeNo});
}

Result<std::optional<Order>> OrderQueries::byTransactionId(const QString &transactionId) const
{
    return first(QStringLiteral("transaction_id = ?"), {transactionId});
}

Result<QList<Order>> OrderQueries::list(const OrderFilter &filter) const
{
    auto iso = [](const QDateTime &t) { return t.toUTC().toString(Qt::ISODateWithMs); };
    QStringList where{QStringLiteral("1 = 1")};
    QVariantList binds;
    if (filter.day) {
        const QTimeZone zone = OrderRepository::businessZone();
        where << QStringLiteral("created_at >= ? AND created_at < ?");
        binds << iso(QDateTime(*filter.day, QTime(0, 0), zone))
              << iso(QDateTime(filter.day->addDays(1), QTime(0, 0), zone));
    }
    if (filter.status) {
        where << QStringLiteral("status = ?");
        binds << orderStatusName(*filter.status);
    }
    if (!filter.saleId.isEmpty()) {
        where << QStringLiteral("sale_id = ?");
        binds << filter.saleId;
    }
    const QString text = filter.text.trimmed();
    if (!text.isEmpty()) {
        where << QStringLiteral(
            "(out_trade_no LIKE ? ESCAPE '\\' OR transaction_id LIKE ? ESCAPE '\\'"
            " OR cashier LIKE ? ESCAPE '\\' OR message LIKE ? ESCAPE '\\'"
            " OR sale_id LIKE ? ESCAPE '\\' OR CAST(amount_minor AS TEXT) = ?)");
        QString escaped = text;
        escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('%'), QStringLiteral("\\%"))
            .replace(QLatin1Char('_'), QStringLiteral("\\_"));
        const QString like = QLatin1Char('%') + escaped + QLatin1Char('%');
        // An amount typed as "12.34" matches amount_minor 1234.
        QString minorText = text;
        if (auto m = Money::fromDecimalString(text); m.ok())
            minorText = QString::number(m.value().minor());
        binds << like << like << like << like << like << minorText;
    }
    return select(
        where.join(QStringLiteral(" AND ")), binds,
        QStringLiteral("ORDER BY created_at DESC, id DESC LIMIT %1").arg(qMax(1, filter.limit)));
}

Result<QList<Order>> OrderQueries::open() const
{
    return select(QStringLiteral("status IN ('CREATED', 'PENDING', 'UNKNOWN')"), {},
                  QStringLiteral("ORDER BY id"));
}

Result<QList<OrderEvent>> OrderQueries::timeline(const QString &outTradeNo) const
{
    auto q = m_db.exec(QStringLiteral("SELECT e.id, e.order_id, e.at, e.from_status, e.to_status,"
                                      " COALESCE(e.note, '') FROM order_events e"
                                      " JOIN orders o ON o.id = e.order_id WHERE o.out_trade_no = ?"
                                      " ORDER BY e.id"),
                       {outTradeNo});
    if (!q.ok())
        return q.error();
    QList<OrderEvent> list;
    while (q.value().next()) {
        OrderEvent e;
        e.id = q.value().value(0).toLongLong();
        e.orderId = q.value().value(1).toLongLong();
        e.at = fromIso(q.value().value(2));
        if (!q.value().value(3).isNull())
            e.from = orderStatusFromName(q.value().value(3).toString());
        e.to = orderStatusFromName(q.value().value(4).toString()).value_or(OrderStatus::Unknown);
        e.note = q.value().value(5).toString();
        list.append(e);
    }
    return list;
}

} // namespace paydesk
