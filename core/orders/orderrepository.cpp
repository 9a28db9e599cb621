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

QString iso(const QDateTime &utc)
{
    return utc.isValid() ? utc.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QVariant isoOrNull(const QDateTime &utc)
{
    return utc.isValid() ? QVariant(iso(utc)) : QVariant();
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
    : m_db(db), m_ledger(ledger), m_clock(clock), m_queries(db)
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
    auto loaded = m_queries.select(QStringLiteral("id = ?"), {id});
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
    return m_queries.byOutTradeNo(outTradeNo);
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
    return m_queries.byTransactionId(transactionId);
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

Result<bool> OrderRepository::claim(const QString &outTradeNo, const QString &expectedOwner,
                                    const QString &newOwner)
{
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    auto updated = m_db.exec(
        QStringLiteral("UPDATE orders SET owner = ?, updated_at = ? WHERE out_trade_no = ?"
                       " AND COALESCE(owner, '') = ?"
                       " AND status IN ('CREATED', 'PENDING', 'UNKNOWN')"),
        {newOwner, iso(m_clock.nowUtc()), outTradeNo, expectedOwner});
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() != 1)
        return false;
    auto current = loadExisting(outTradeNo);
    if (!current.ok())
        return current.error();
    if (auto e = insertEvent(
            current.value().id, current.value().status, current.value().status,
            tr("Taken over by %1 from %2")
                .arg(newOwner, expectedOwner.isEmpty() ? tr("an unknown process") : expectedOwner));
        !e.ok())
        return e.error();
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    qCInfo(lcCheckout) << "order" << outTradeNo << "taken over from" << expectedOwner;
    return true;
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

Result<QList<Order>> OrderRepository::list(const OrderFilter &filter) const
{
    return m_queries.list(filter);
}

Result<QList<Order>> OrderRepository::openOrders() const
{
    return m_queries.open();
}

Result<QList<OrderEvent>> OrderRepository::events(const QString &outTradeNo) const
{
    return m_queries.timeline(outTradeNo);
}

} // namespace paydesk
