#pragma once

#include "core/orders/order.h"
#include "core/util/result.h"

#include <QDate>
#include <QList>

#include <optional>

namespace paydesk {

class Database;

/// Filter for the Orders view and `paydesk orders`.
struct OrderFilter
{
    std::optional<QDate> day; ///< business day (Asia/Shanghai)
    std::optional<OrderStatus> status;
    QString text; ///< matches out_trade_no, transaction id, cashier, message
    QString saleId;
    int limit = 5000;
};

/// The read side of orders: what views, reports and headless commands show. Reads only, so
/// whatever lists orders (refunds, reconciliation, the dashboard) needs neither the checkout
/// nor the ledger. OrderRepository writes, and reads back through this same row mapping.
class OrderQueries
{
public:
    explicit OrderQueries(const Database &db);

    Result<QList<Order>> list(const OrderFilter &filter = {}) const;
    /// "Not found" is an empty optional, not an error.
    Result<std::optional<Order>> byOutTradeNo(const QString &outTradeNo) const;
    Result<std::optional<Order>> byTransactionId(const QString &transactionId) const;
    /// Every CREATED, PENDING or UNKNOWN order, oldest first.
    Result<QList<Order>> open() const;
    /// The order's timeline, oldest first; empty for an unknown order.
    Result<QList<OrderEvent>> timeline(const QString &outTradeNo) const;

    /// Rows of `orders` matching \a where (binds positional), in the given \a tail order.
    Result<QList<Order>> select(const QString &where, const QVariantList &binds,
                                const QString &tail = {}) const;

private:
    Result<std::optional<Order>> first(const QString &where, const QVariantList &binds) const;

    const Database &m_db;
};

} // namespace paydesk
