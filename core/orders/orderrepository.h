#pragma once

#include "core/ledger/ledger.h"
#include "core/orders/order.h"
#include "core/orders/orderqueries.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QDate>
#include <QTimeZone>

#include <optional>

namespace paydesk {

class Clock;
class Database;

/// What a new order row starts with. Status is always CREATED.
struct NewOrder
{
    QString outTradeNo;
    QString provider;
    OrderKind kind = OrderKind::Qr;
    Money amount;
    QString saleId; ///< empty: the order is its own sale (sale_id = out_trade_no)
    QString cashier;
    QString till;
    QString authCodeMasked;
    QDateTime expiresAt;
    std::optional<qint64> tenderedMinor;
    std::optional<qint64> changeMinor;
};

/// Fields written together with a status change (all optional).
struct OrderChange
{
    QString note; ///< timeline text; defaults to the message
    std::optional<QString> message;
    std::optional<FailureReason> failureReason;
    std::optional<QString> transactionId;
    std::optional<QString> qrCode;
    std::optional<QString> payerHash;
    std::optional<QDateTime> expiresAt;
    std::optional<qint64> refundedMinor;
    bool flagNeedsRefund = false;
    /// Replaces the default postings. By default only a move to PAID posts:
    /// Dr clearing:<provider> (cash: Dr cash) / Cr revenue:sales.
    std::optional<QList<Posting>> postings;
};

/// Orders and their timeline in SQLite. Every status change, its order_events row and its
/// journal postings commit in ONE transaction (ARCHITECTURE §3 rule 5).
class OrderRepository
{
    Q_DECLARE_TR_FUNCTIONS(OrderRepository)
public:
    OrderRepository(Database &db, Ledger &ledger, const Clock &clock);

    /// The out_trade_no budget (32 chars) leaves this much for the store code and the till.
    static constexpr int MaxStoreCodeLength = 7;
    static constexpr int MaxTillLength = 4;

    /// Allocates the next out_trade_no for \a storeCode / \a till (durable sequence).
    Result<QString> nextOutTradeNo(const QString &storeCode, const QString &till);
    /// store (≤ 7 chars of [0-9A-Za-z]) + '-' + till (≤ 4) + '-' + yyMMddHHmmss (Beijing
    /// time) + '-' + 6-digit sequence: at most 32 chars of [0-9A-Za-z_-].
    static QString formatOutTradeNo(const QString &storeCode, const QString &till,
                                    const QDateTime &utc, qint64 sequence);
    static bool isValidOutTradeNo(QStringView outTradeNo);
    /// The providers' business-day zone.
    static QTimeZone businessZone();

    /// Inserts a CREATED order and its first timeline event, committed before returning
    /// (rule 1: the row exists before any network call).
    Result<Order> create(const NewOrder &order);
    /// Creates a cash sale and marks it PAID with its postings, in one transaction.
    Result<Order> createPaidCash(const NewOrder &order, const QString &note);

    Result<std::optional<Order>> load(const QString &outTradeNo) const;
    /// Like load(), but a missing order is the error checkout.no_such_order.
    Result<Order> loadExisting(const QString &outTradeNo) const;
    Result<std::optional<Order>> loadByTransactionId(const QString &transactionId) const;

    /// Moves the order to \a to if OrderStateMachine allows it; writes the event and the
    /// postings in the same transaction. An illegal transition is an error
    /// ("checkout.illegal_transition") and changes nothing.
    Result<Order> transition(const QString &outTradeNo, OrderStatus to,
                             const OrderChange &change = {});
    /// Takes over an open order whose owner was seen as \a expectedOwner (a process that is
    /// gone): compare-and-set on the owner column, so of two processes recovering at once
    /// exactly one gets true and drives the order; the other must leave it alone.
    Result<bool> claim(const QString &outTradeNo, const QString &expectedOwner,
                       const QString &newOwner);
    /// Adds a timeline note (status unchanged), e.g. "cancel retried".
    Status addNote(const QString &outTradeNo, const QString &note);

    /// The read side (also reachable alone, as OrderQueries, by whoever only shows orders).
    const OrderQueries &queries() const { return m_queries; }
    Result<QList<Order>> list(const OrderFilter &filter = {}) const;
    /// Every CREATED, PENDING or UNKNOWN order, oldest first.
    Result<QList<Order>> openOrders() const;
    Result<QList<OrderEvent>> events(const QString &outTradeNo) const;

private:
    Result<Order> createInTransaction(const NewOrder &order);
    Status insertEvent(qint64 orderId, std::optional<OrderStatus> from, OrderStatus to,
                       const QString &note);

    Database &m_db;
    Ledger &m_ledger;
    const Clock &m_clock;
    OrderQueries m_queries;
};

} // namespace paydesk
