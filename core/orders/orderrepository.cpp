#include "core/orders/orderrepository.h"

#include "core/orders/orderstatemachine.h"
#include "core/providers/provideradvice.h"
#include "core/storage/database.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QRegularExpression>
#include <QSqlQuery>

namespace paydesk {

namespace {

const QString kColumns = QStringLiteral(
    "id, out_trade_no, provider, kind, amount_minor, currency, status, refunded_minor,"
    " COALESCE(transaction_id, ''), COALESCE(qr_code, ''), COALESCE(auth_code_masked, ''),"
    " COALESCE(payer_hash, ''), COALESCE(cashier, ''), COALESCE(till, ''), sale_id,"
    " COALESCE(failure_reason, ''), COALESCE(message, ''), created_at, updated_at,"
    " expires_at, tendered_minor, change_minor, needs_refund, COALESCE(owner, '')");

QString iso(const QDateTime &utc)
{
    return utc.isValid() ? utc.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QVariant isoOrNull(const QDateTime &utc)
{
    return utc.isValid() ? QVariant(iso(utc)) : QVariant();
}

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

QString sanitized(const QString &text, int maxLength)
{
    QString out;
    for (const QChar c : text) {
        if (out.size() >= maxLength)
            break;
        if ((c >= u'0' && c <= u'9') || (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z'))
            out += c;
    }
    return out;
}

} // namespace

OrderRepository::OrderRepository(Database &db, Ledger &ledger, const Clock &clock)
    : m_db(db), m_ledger(ledger), m_clock(clock)
{
}

QTimeZone OrderRepository::businessZone()
{
    static const QTimeZone zone(QByteArrayLiteral("Asia/Shanghai"));
    // Fixed +08:00 when the system has no zone database: China has no DST since 1991.
    return zone.isValid() ? zone : QTimeZone(8 * 3600);
}

QString OrderRepository::formatOutTradeNo(const QString &storeCode, const QString &till,
                                          const QDateTime &utc, qint64 sequence)
{
    QString store = sanitized(storeCode, MaxStoreCodeLength);
    if (store.isEmpty())
        store = QStringLiteral("PD");
    QString tillPart = sanitized(till, MaxTillLength);
    if (tillPart.isEmpty())
        tillPart = QStringLiteral("1");
    const QString time = utc.toTimeZone(businessZone()).toString(QStringLiteral("yyMMddHHmmss"));
    return QStringLiteral("%1-%2-%3-%4")
        .arg(store, tillPart, time)
        .arg(sequence % 1000000, 6, 10, QLatin1Char('0'));
}

bool OrderRepository::isValidOutTradeNo(QStringView outTradeNo)
{
    static const QRegularExpression re(QStringLiteral("^[0-9A-Za-z_-]{1,32}$"));
    return re.match(outTradeNo).hasMatch();
}

Result<QString> OrderRepository::nextOutTradeNo(const QString &storeCode, const QString &till)
{
    const QString scope = sanitized(storeCode, MaxStoreCodeLength) + QLatin1Char('/') +
                          sanitized(till, MaxTillLength);
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    if (auto r = m_db.exec(QStringLiteral("INSERT INTO order_sequence(scope, value) VALUES(?, 1)"
                                          " ON CONFLICT(scope) DO UPDATE SET value = value + 1"),
                           {scope});
        !r.ok())
        return r.error();
    auto v =
        m_db.scalar(QStringLiteral("SELECT value FROM order_sequence WHERE scope = ?"), {scope});
    if (!v.ok())
        return v.error();
    const qint64 seq = v.value() ? v.value()->toLongLong() : 1;
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return formatOutTradeNo(storeCode, till, m_clock.nowUtc(), seq);
}

Status OrderRepository::insertEvent(qint64 orderId, std::optional<OrderStatus> from, OrderStatus to,
                                    const QString &note)
{
    auto r = m_db.exec(
        QStringLiteral("INSERT INTO order_events(order_id, at, from_status, to_status, note)"
                       " VALUES(?, ?, ?, ?, ?)"),
        {orderId, iso(m_clock.nowUtc()), from ? QVariant(orderStatusName(*from)) : QVariant(),
         orderStatusName(to), note.isEmpty() ? QVariant() : QVariant(note)});
    if (!r.ok())
        return r.error();
    return {};
}

Result<Order> OrderRepository::createInTransaction(const NewOrder &n)
{
    if (!isValidOutTradeNo(n.outTradeNo))
        return Error{QStringLiteral("checkout.bad_out_trade_no"),
                     tr("The order number \"%1\" is not valid.").arg(n.outTradeNo)};
    if (n.amount.minor() <= 0)
        return Error{QStringLiteral("checkout.bad_amount"),
                     tr("The amount must be more than zero.")};
    const QString now = iso(m_clock.nowUtc());
    auto ins = m_db.exec(
        QStringLiteral(
            "INSERT INTO orders(out_trade_no, provider, kind, amount_minor, currency, status,"
            " auth_code_masked, cashier, till, sale_id, created_at, updated_at, expires_at,"
            " tendered_minor, change_minor, owner)"
            " VALUES(?, ?, ?, ?, ?, 'CREATED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {n.outTradeNo, n.provider, orderKindName(n.kind), n.amount.minor(),
         n.amount.currency().code,
         n.authCodeMasked.isEmpty() ? QVariant() : QVariant(n.authCodeMasked),
         n.cashier.isEmpty() ? QVariant() : QVariant(n.cashier),
         n.till.isEmpty() ? QVariant() : QVariant(n.till),
         n.saleId.isEmpty() ? n.outTradeNo : n.saleId, now, now, isoOrNull(n.expiresAt),
         n.tenderedMinor ? QVariant(*n.tenderedMinor) : QVariant(),
         n.changeMinor ? QVariant(*n.changeMinor) : QVariant(), processOwnerId()});
    if (!ins.ok())
        return ins.error();
    const qint64 id = ins.value().lastInsertId().toLongLong();
    if (auto e = insertEvent(id, std::nullopt, OrderStatus::Created, tr("Order created")); !e.ok())
        return e.error();
    auto loaded = select(QStringLiteral("id = ?"), {id});
    if (!loaded.ok())
        return loaded.error();
    if (loaded.value().isEmpty())
        return Error{QStringLiteral("checkout.lost_order"),
                     tr("The new order could not be read back.")};
    return loaded.value().first();
}

Result<Order> OrderRepository::create(const NewOrder &n)
{
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    auto order = createInTransaction(n);
    if (!order.ok())
        return order;
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    qCInfo(lcCheckout) << "order created" << n.outTradeNo << orderKindName(n.kind)
                       << n.amount.minor();
    return order;
}

Result<Order> OrderRepository::createPaidCash(const NewOrder &n, const QString &note)
{
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    auto order = createInTransaction(n);
    if (!order.ok())
        return order;
    OrderChange change;
    change.note = note;
    change.message = note;
    auto paid = transition(n.outTradeNo, OrderStatus::Paid, change);
    if (!paid.ok())
        return paid;
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return paid;
}

Result<std::optional<Order>> OrderRepository::load(const QString &outTradeNo) const
{
    auto rows = select(QStringLiteral("out_trade_no = ?"), {outTradeNo});
    if (!rows.ok())
        return rows.error();
    if (rows.value().isEmpty())
        return std::optional<Order>();
    return std::optional<Order>(rows.value().first());
}

Result<Order> OrderRepository::loadExisting(const QString &outTradeNo) const
{
    auto loaded = load(outTradeNo);
    if (!loaded.ok())
        return loaded.error();
    if (!loaded.value())
        return Error{QStringLiteral("checkout.no_such_order"),
                     tr("There is no order %1.").arg(outTradeNo)};
    return *loaded.value();
}

Result<std::optional<Order>>
OrderRepository::loadByTransactionId(const QString &transactionId) const
{
    auto rows = select(QStringLiteral("transaction_id = ?"), {transactionId});
    if (!rows.ok())
        return rows.error();
    if (rows.value().isEmpty())
        return std::optional<Order>();
    return std::optional<Order>(rows.value().first());
}

Result<Order> OrderRepository::transition(const QString &outTradeNo, OrderStatus to,
                                          const OrderChange &change)
{
    // Entering PENDING (the provider accepted the order: QR text stored, or USERPAYING) moves
    // no money and posts nothing, so it commits with NORMAL durability (WAL): a power cut may
    // lose it, leaving the order CREATED (or UNKNOWN), which Recovery queries and settles
    // exactly as it would after a crash just before this commit. The row itself was made
    // durable (FULL) before the network call (rule 1), and the next FULL commit (→ PAID,
    // CLOSED, ... or any other) fsyncs the whole WAL, covering this one too. Every other
    // transition — above all →PAID and refunds with their postings — stays FULL (rule 5).
    const bool harmlessIfLost = to == OrderStatus::Pending && !change.postings;
    Transaction tx(m_db, harmlessIfLost ? Transaction::Durability::Normal
                                        : Transaction::Durability::Full);
    if (!tx.began().ok())
        return tx.began().error();
    auto current = loadExisting(outTradeNo);
    if (!current.ok())
        return current.error();
    const Order before = current.value();
    if (!OrderStateMachine::canTransition(before.status, to))
        return Error{QStringLiteral("checkout.illegal_transition"),
                     tr("Order %1 cannot go from %2 to %3.")
                         .arg(outTradeNo, orderStatusName(before.status), orderStatusName(to))};

    QStringList sets{QStringLiteral("status = ?"), QStringLiteral("updated_at = ?")};
    QVariantList binds{orderStatusName(to), iso(m_clock.nowUtc())};
    auto set = [&](const char *column, const QVariant &value) {
        sets << QString::fromLatin1(column) + QStringLiteral(" = ?");
        binds << value;
    };
    if (change.message)
        set("message", *change.message);
    if (change.failureReason)
        set("failure_reason", *change.failureReason == FailureReason::None
                                  ? QVariant()
                                  : QVariant(failureReasonName(*change.failureReason)));
    if (change.transactionId && !change.transactionId->isEmpty())
        set("transaction_id", *change.transactionId);
    if (change.qrCode)
        set("qr_code", *change.qrCode);
    if (change.payerHash && !change.payerHash->isEmpty())
        set("payer_hash", *change.payerHash);
    if (change.expiresAt)
        set("expires_at", isoOrNull(*change.expiresAt));
    if (change.refundedMinor)
        set("refunded_minor", *change.refundedMinor);
    if (change.flagNeedsRefund || OrderStateMachine::isLateSuccess(before.status, to))
        set("needs_refund", 1);
    binds << before.id;
    if (auto r = m_db.exec(
            QStringLiteral("UPDATE orders SET %1 WHERE id = ?").arg(sets.join(u", ")), binds);
        !r.ok())
        return r.error();

    QString note = change.note;
    if (note.isEmpty() && change.message)
        note = *change.message;
    if (auto e = insertEvent(before.id, before.status, to, note); !e.ok())
        return e.error();

    QList<Posting> postings;
    if (change.postings) {
        postings = *change.postings;
    } else if (to == OrderStatus::Paid) {
        const QString debit = before.kind == OrderKind::Cash
                                  ? QStringLiteral("cash")
                                  : QStringLiteral("clearing:") + before.provider;
        if (before.kind != OrderKind::Cash) {
            if (auto a = m_ledger.ensureAccount(debit, QStringLiteral("asset"),
                                                QStringLiteral("Owed by %1").arg(before.provider));
                !a.ok())
                return a.error();
        }
        postings = {{debit, before.amount.minor()},
                    {QStringLiteral("revenue:sales"), -before.amount.minor()}};
    }
    if (!postings.isEmpty()) {
        const QString operatorName = before.cashier;
        auto posted = m_ledger.post(tr("Sale %1 (%2)").arg(outTradeNo, orderKindName(before.kind)),
                                    postings, outTradeNo, operatorName);
        if (!posted.ok())
            return posted.error();
    }

    auto after = load(outTradeNo);
    if (!after.ok())
        return after.error();
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    qCInfo(lcCheckout) << "order" << outTradeNo << orderStatusName(before.status) << "->"
                       << orderStatusName(to) << note;
    return *after.value();
}

Status OrderRepository::addNote(const QString &outTradeNo, const QString &note)
{
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    auto current = loadExisting(outTradeNo);
    if (!current.ok())
        return current.error();
    if (auto e =
            insertEvent(current.value().id, current.value().status, current.value().status, note);
        !e.ok())
        return e;
    return tx.commit();
}

Result<QList<Order>> OrderRepository::select(const QString &where, const QVariantList &binds,
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

Result<QList<Order>> OrderRepository::list(const OrderFilter &filter) const
{
    QStringList where{QStringLiteral("1 = 1")};
    QVariantList binds;
    if (filter.day) {
        const QDateTime start(*filter.day, QTime(0, 0), businessZone());
        const QDateTime end(filter.day->addDays(1), QTime(0, 0), businessZone());
        where << QStringLiteral("created_at >= ? AND created_at < ?");
        binds << iso(start.toUTC()) << iso(end.toUTC());
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

Result<QList<Order>> OrderRepository::openOrders() const
{
    return select(QStringLiteral("status IN ('CREATED', 'PENDING', 'UNKNOWN')"), {},
                  QStringLiteral("ORDER BY id"));
}

Result<QList<OrderEvent>> OrderRepository::events(const QString &outTradeNo) const
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
