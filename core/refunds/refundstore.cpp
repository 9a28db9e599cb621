#include "core/refunds/refundstore.h"

#include "core/ledger/ledger.h"
#include "core/orders/orderqueries.h"
#include "core/orders/orderrepository.h"
#include "core/storage/database.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"

#include <QLocale>
#include <QRegularExpression>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcRefunds, "paydesk.refunds", QtInfoMsg)

namespace paydesk {

namespace {

const QString kColumns = QStringLiteral(
    "id, order_id, out_request_no, amount_minor, currency, status, reason,"
    " COALESCE(refund_id, ''), created_at, updated_at, operator, COALESCE(message, ''),"
    " COALESCE(owner, ''), COALESCE(approved_by, '')");
const QString kOpen = QStringLiteral("('DECIDED', 'SENT', 'PROCESSING')");

QString iso(const QDateTime &utc)
{
    return utc.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromIso(const QVariant &v)
{
    return v.isNull() ? QDateTime()
                      : QDateTime::fromString(v.toString(), Qt::ISODateWithMs).toUTC();
}

RefundRecord fromRow(const QSqlQuery &q)
{
    RefundRecord r;
    r.id = q.value(0).toLongLong();
    r.orderId = q.value(1).toLongLong();
    r.outRequestNo = q.value(2).toString();
    const Currency currency = Currency::fromCode(q.value(4).toString()).value_or(Currency::cny());
    r.amount = Money::fromMinor(q.value(3).toLongLong(), currency);
    r.status = q.value(5).toString();
    r.reason = q.value(6).toString();
    r.refundId = q.value(7).toString();
    r.createdAt = fromIso(q.value(8));
    r.updatedAt = fromIso(q.value(9));
    r.operatorName = q.value(10).toString();
    r.message = q.value(11).toString();
    r.approvedBy = q.value(13).toString();
    return r;
}

QString money(const Money &m)
{
    return m.format(QLocale());
}

} // namespace

RefundStore::RefundStore(Database &db, Ledger &ledger, const Clock &clock)
    : m_db(db), m_ledger(ledger), m_clock(clock)
{
}

QString RefundStore::generatedRequestNo(const QString &outTradeNo, int n)
{
    return QStringLiteral("%1-R%2").arg(outTradeNo).arg(n);
}

bool RefundStore::isValidRequestNo(QStringView outRequestNo)
{
    static const QRegularExpression re(QStringLiteral("^[0-9A-Za-z_-]{1,64}$"));
    return re.match(outRequestNo).hasMatch();
}

Result<QList<RefundRecord>> RefundStore::select(const QString &where,
                                                const QVariantList &binds) const
{
    auto q = m_db.exec(
        QStringLiteral("SELECT %1 FROM refunds WHERE %2 ORDER BY id").arg(kColumns, where), binds);
    if (!q.ok())
        return q.error();
    QList<RefundRecord> list;
    while (q.value().next())
        list.append(fromRow(q.value()));
    return list;
}

Result<RefundRecord> RefundStore::byId(qint64 id) const
{
    auto list = select(QStringLiteral("id = ?"), {id});
    if (!list.ok())
        return list.error();
    if (list.value().isEmpty())
        return Error{QStringLiteral("refunds.no_such_refund"), tr("No such refund.")};
    return list.value().first();
}

Result<std::optional<RefundRecord>> RefundStore::byRequestNo(const QString &outRequestNo) const
{
    auto list = select(QStringLiteral("out_request_no = ?"), {outRequestNo});
    if (!list.ok())
        return list.error();
    if (list.value().isEmpty())
        return std::optional<RefundRecord>();
    return std::optional<RefundRecord>(list.value().first());
}

Result<QList<RefundRecord>> RefundStore::ofOrder(qint64 orderId) const
{
    return select(QStringLiteral("order_id = ?"), {orderId});
}

Result<QList<QPair<RefundRecord, QString>>> RefundStore::open() const
{
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM refunds WHERE status IN %2 ORDER BY id")
                           .arg(kColumns, kOpen));
    if (!q.ok())
        return q.error();
    QList<QPair<RefundRecord, QString>> list;
    while (q.value().next())
        list.append({fromRow(q.value()), q.value().value(12).toString()});
    return list;
}

Result<std::optional<Order>> RefundStore::order(qint64 orderId) const
{
    auto list = OrderQueries(m_db).select(QStringLiteral("id = ?"), {orderId});
    if (!list.ok())
        return list.error();
    if (list.value().isEmpty())
        return std::optional<Order>();
    return std::optional<Order>(list.value().first());
}

Result<Money> RefundStore::remainder(qint64 orderId) const
{
    auto o = order(orderId);
    if (!o.ok())
        return o.error();
    if (!o.value() || (o.value()->status != OrderStatus::Paid &&
                       o.value()->status != OrderStatus::PartiallyRefunded))
        return Money::fromMinor(0);
    auto taken = m_db.scalar(QStringLiteral("SELECT COALESCE(SUM(amount_minor), 0) FROM refunds"
                                            " WHERE order_id = ? AND status <> 'FAILED'"),
                             {orderId});
    if (!taken.ok())
        return taken.error();
    const qint64 used = taken.value() ? taken.value()->toLongLong() : 0;
    const Money &amount = o.value()->amount;
    return Money::fromMinor(std::max<qint64>(0, amount.minor() - used), amount.currency());
}

Status RefundStore::validate(const RefundInput &input, const Order &order) const
{
    if (order.kind == OrderKind::Cash)
        return Error{QStringLiteral("refunds.cash"),
                     tr("Order %1 was paid in cash: give the money back from the drawer.")
                         .arg(order.outTradeNo)};
    if (order.status != OrderStatus::Paid && order.status != OrderStatus::PartiallyRefunded)
        return Error{QStringLiteral("refunds.not_paid"),
                     tr("Order %1 is %2: only a paid order can be refunded.")
                         .arg(order.outTradeNo, orderStatusDisplayName(order.status))};
    if (input.amount.minor() <= 0)
        return Error{QStringLiteral("refunds.bad_amount"),
                     tr("The refund amount must be more than zero.")};
    if (!(input.amount.currency() == order.amount.currency()))
        return Error{QStringLiteral("refunds.currency"),
                     tr("The refund must be in the order's currency (%1).")
                         .arg(order.amount.currency().code)};
    if (input.reason.trimmed().isEmpty())
        return Error{QStringLiteral("refunds.no_reason"), tr("Say why the money is refunded.")};
    if (input.operatorName.trimmed().isEmpty())
        return Error{QStringLiteral("refunds.no_operator"),
                     tr("A refund must name who asked for it.")};
    auto inFlight = select(QStringLiteral("order_id = ? AND status IN %1").arg(kOpen), {order.id});
    if (!inFlight.ok())
        return inFlight.error();
    if (!inFlight.value().isEmpty()) {
        const RefundRecord &r = inFlight.value().first();
        return Error{QStringLiteral("refunds.in_flight"),
                     tr("A refund of %1 for order %2 is still in progress (%3). Wait until it is "
                        "finished before refunding again.")
                         .arg(money(r.amount), order.outTradeNo, r.outRequestNo)};
    }
    auto left = remainder(order.id);
    if (!left.ok())
        return left.error();
    if (input.amount.minor() > left.value().minor())
        return Error{QStringLiteral("refunds.over_refund"),
                     left.value().isZero()
                         ? tr("Order %1 is refunded in full already.").arg(order.outTradeNo)
                         : tr("At most %1 can still be refunded on order %2 (asked: %3).")
                               .arg(money(left.value()), order.outTradeNo, money(input.amount))};
    return {};
}

Result<Decision> RefundStore::decide(const RefundInput &input, const QString &owner)
{
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    if (!input.outRequestNo.isEmpty()) {
        if (!isValidRequestNo(input.outRequestNo))
            return Error{QStringLiteral("refunds.bad_request_no"),
                         tr("%1 is not a valid refund request number (1 to 64 letters, digits, "
                            "'-' or '_').")
                             .arg(input.outRequestNo)};
        auto existing = byRequestNo(input.outRequestNo);
        if (!existing.ok())
            return existing.error();
        if (existing.value()) {
            const RefundRecord &r = *existing.value();
            if (r.orderId != input.orderId || r.amount != input.amount)
                return Error{QStringLiteral("refunds.request_no_reused"),
                             tr("Refund request %1 was already used for %2 on another order or "
                                "amount.")
                                 .arg(r.outRequestNo, money(r.amount))};
            return Decision{r, false};
        }
    }
    auto loaded = order(input.orderId);
    if (!loaded.ok())
        return loaded.error();
    if (!loaded.value())
        return Error{QStringLiteral("refunds.no_such_order"), tr("There is no such order.")};
    const Order &o = *loaded.value();
    PAYDESK_TRY(validate(input, o));

    QString requestNo = input.outRequestNo;
    if (requestNo.isEmpty()) {
        auto count =
            m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM refunds WHERE order_id = ?"), {o.id});
        if (!count.ok())
            return count.error();
        requestNo = generatedRequestNo(o.outTradeNo, int(count.value()->toLongLong()) + 1);
    }
    const QString now = iso(m_clock.nowUtc());
    auto ins = m_db.exec(
        QStringLiteral(
            "INSERT INTO refunds(order_id, out_request_no, amount_minor, currency,"
            " status, reason, operator, approved_by, message, owner, created_at, updated_at)"
            " VALUES(?, ?, ?, ?, 'DECIDED', ?, ?, NULLIF(?, ''), ?, ?, ?, ?)"),
        {o.id, requestNo, input.amount.minor(), input.amount.currency().code,
         input.reason.trimmed(), input.operatorName.trimmed(), input.approvedBy.trimmed(),
         tr("Refund decided, not sent yet."), owner, now, now});
    if (!ins.ok())
        return ins.error();
    const qint64 id = ins.value().lastInsertId().toLongLong();
    OrderRepository orders(m_db, m_ledger, m_clock);
    PAYDESK_TRY(orders.addNote(o.outTradeNo,
                               tr("Refund %1 of %2 decided by %3: %4")
                                   .arg(requestNo, money(input.amount),
                                        input.operatorName.trimmed(), input.reason.trimmed())));
    auto stored = byId(id);
    if (!stored.ok())
        return stored.error();
    PAYDESK_TRY(tx.commit()); // durable (FULL) before any network call
    return Decision{stored.value(), true};
}

Result<RefundRecord> RefundStore::markOpen(qint64 id, const QString &status, const QString &message,
                                           const QString &refundId)
{
    auto r = m_db.exec(QStringLiteral("UPDATE refunds SET status = ?, message = ?, updated_at = ?,"
                                      " refund_id = COALESCE(NULLIF(?, ''), refund_id),"
                                      " attempts = attempts + ? WHERE id = ? AND status IN %1")
                           .arg(kOpen),
                       {status, message, iso(m_clock.nowUtc()), refundId,
                        status == RefundStatus::Sent ? 1 : 0, id});
    if (!r.ok())
        return r.error();
    return byId(id);
}

Result<RefundRecord> RefundStore::markFailed(qint64 id, const QString &message)
{
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    auto r = m_db.exec(QStringLiteral("UPDATE refunds SET status = 'FAILED', message = ?,"
                                      " updated_at = ? WHERE id = ? AND status IN %1")
                           .arg(kOpen),
                       {message, iso(m_clock.nowUtc()), id});
    if (!r.ok())
        return r.error();
    auto after = byId(id);
    if (!after.ok())
        return after.error();
    if (r.value().numRowsAffected() > 0) {
        auto o = order(after.value().orderId);
        if (!o.ok())
            return o.error();
        if (o.value())
            PAYDESK_TRY(
                OrderRepository(m_db, m_ledger, m_clock)
                    .addNote(o.value()->outTradeNo,
                             tr("Refund %1 failed: %2").arg(after.value().outRequestNo, message)));
    }
    PAYDESK_TRY(tx.commit());
    return after;
}

Result<RefundRecord> RefundStore::markSucceeded(qint64 id, const QString &refundId,
                                                const QString &message)
{
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    auto r = m_db.exec(QStringLiteral("UPDATE refunds SET status = 'SUCCESS', message = ?,"
                                      " refund_id = COALESCE(NULLIF(?, ''), refund_id),"
                                      " updated_at = ? WHERE id = ? AND status IN %1")
                           .arg(kOpen),
                       {message, refundId, iso(m_clock.nowUtc()), id});
    if (!r.ok())
        return r.error();
    auto after = byId(id);
    if (!after.ok())
        return after.error();
    if (r.value().numRowsAffected() == 0)
        return after; // booked already (by us or by another process): nothing moves twice
    const RefundRecord &refund = after.value();
    auto loaded = order(refund.orderId);
    if (!loaded.ok())
        return loaded.error();
    if (!loaded.value())
        return Error{QStringLiteral("refunds.no_such_order"), tr("There is no such order.")};
    const Order &o = *loaded.value();
    const qint64 refunded = o.refundedMinor + refund.amount.minor();
    OrderChange change;
    change.refundedMinor = refunded;
    change.postings = QList<Posting>{}; // the refund's own entry below names out_request_no
    change.message =
        refunded >= o.amount.minor()
            ? tr("Refunded in full (%1).").arg(money(o.amount))
            : tr("Refunded %1 of %2.")
                  .arg(money(Money::fromMinor(refunded, o.amount.currency())), money(o.amount));
    change.note = tr("Refund %1 of %2 succeeded (%3).")
                      .arg(refund.outRequestNo, money(refund.amount), refund.reason);
    OrderRepository orders(m_db, m_ledger, m_clock);
    auto moved = orders.transition(o.outTradeNo,
                                   refunded >= o.amount.minor() ? OrderStatus::Refunded
                                                                : OrderStatus::PartiallyRefunded,
                                   change);
    if (!moved.ok())
        return moved.error();
    // DESIGN §5: revenue:refunds is the contra-revenue account; the provider now owes us less.
    const QString clearing = QStringLiteral("clearing:") + o.provider;
    PAYDESK_TRY(m_ledger.ensureAccount(clearing, QStringLiteral("asset"),
                                       QStringLiteral("Owed by %1").arg(o.provider)));
    auto posted = m_ledger.post(tr("Refund %1 of order %2").arg(refund.outRequestNo, o.outTradeNo),
                                {{QStringLiteral("revenue:refunds"), refund.amount.minor()},
                                 {clearing, -refund.amount.minor()}},
                                refund.outRequestNo, refund.operatorName);
    if (!posted.ok())
        return posted.error();
    PAYDESK_TRY(tx.commit());
    return after;
}

Result<bool> RefundStore::claim(qint64 id, const QString &expectedOwner, const QString &newOwner)
{
    auto r = m_db.exec(QStringLiteral("UPDATE refunds SET owner = ? WHERE id = ?"
                                      " AND COALESCE(owner, '') = ? AND status IN %1")
                           .arg(kOpen),
                       {newOwner, id, expectedOwner});
    if (!r.ok())
        return r.error();
    return r.value().numRowsAffected() > 0;
}

} // namespace paydesk
