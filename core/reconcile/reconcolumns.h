#pragma once

#include "core/reconcile/stringarena.h"

#include <QtGlobal>

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace paydesk {

/// What a statement line records.
enum class LineKind : std::uint8_t { Payment, Refund };

/// A local order's status as reconciliation sees it (DESIGN §3 statuses folded).
enum class OrderState : std::uint8_t {
    Open, ///< CREATED, PENDING, UNKNOWN: no final answer yet
    Paid, ///< PAID, PARTIALLY_REFUNDED, REFUNDED: the money was taken
    Dead, ///< CLOSED, FAILED: the till believes nothing was taken
};

/// A local refund's status as reconciliation sees it.
enum class RefundState : std::uint8_t {
    Succeeded, ///< SUCCESS
    Pending,   ///< DECIDED, SENT, PROCESSING
    Failed,    ///< FAILED
};

/// Folds the status column of `orders` / `refunds` (ASCII, as stored).
std::optional<OrderState> orderStateFromText(std::string_view status);
std::optional<RefundState> refundStateFromText(std::string_view status);

/// Days since 1970-01-01 of a yyyy-MM-dd date (proleptic Gregorian), for cheap comparisons.
std::int32_t civilDay(int year, int month, int day);

/// The statement of one provider and business day as columns: row i of every vector is line i
/// of the file. Keys are views into `arena` or into the buffer `keepAlive` holds.
struct StatementColumns
{
    std::vector<LineKind> kind;
    std::vector<std::string_view> outTradeNo;
    std::vector<std::string_view> outRequestNo; ///< empty on payments
    std::vector<qint64> amountMinor;            ///< negative for refunds
    std::vector<qint64> feeMinor;               ///< charged > 0; returned on a refund < 0
    std::vector<qint64> finishedAtUtc;          ///< seconds since the epoch, 0 unknown

    /// The bill's own footer (its totals lines), when it has one.
    struct Footer
    {
        qint64 payments = 0;
        qint64 refunds = 0;
        qint64 netMinor = 0;  ///< payments − refunds, as 商家实收合计 states it
        qint64 feesMinor = 0; ///< as 服务费合计 states it (sign as in the file)
    };
    std::optional<Footer> footer;

    StringArena arena;
    std::shared_ptr<const void> keepAlive;

    std::size_t size() const { return kind.size(); }
    void reserve(std::size_t n)
    {
        kind.reserve(n);
        outTradeNo.reserve(n);
        outRequestNo.reserve(n);
        amountMinor.reserve(n);
        feeMinor.reserve(n);
        finishedAtUtc.reserve(n);
    }
    void append(LineKind k, std::string_view tradeNo, std::string_view requestNo, qint64 amount,
                qint64 fee, qint64 finishedAt = 0)
    {
        kind.push_back(k);
        outTradeNo.push_back(tradeNo);
        outRequestNo.push_back(requestNo);
        amountMinor.push_back(amount);
        feeMinor.push_back(fee);
        finishedAtUtc.push_back(finishedAt);
    }
};

/// The till's books as columns: every order of the provider (a payment line joins all of them,
/// not only the day's), the refunds, and the keys already seen on the neighbouring days'
/// statements (an order created at 23:59 and paid at 00:00:01 is on the next day's bill).
struct BooksColumns
{
    std::vector<std::string_view> orderNo;
    std::vector<OrderState> orderState;
    std::vector<qint64> orderAmountMinor;
    std::vector<std::int32_t> orderDay; ///< business day of created_at, civilDay()

    std::vector<std::string_view> refundNo; ///< out_request_no
    std::vector<std::string_view> refundOrderNo;
    std::vector<qint64> refundAmountMinor; ///< positive
    std::vector<RefundState> refundState;
    std::vector<std::int32_t> refundDay;

    std::vector<std::string_view> paymentsElsewhere; ///< out_trade_no on other days' lines
    std::vector<std::string_view> refundsElsewhere;  ///< out_request_no on other days' lines

    StringArena arena;
    std::shared_ptr<const void> keepAlive;

    void addOrder(std::string_view no, OrderState state, qint64 amount, std::int32_t day)
    {
        orderNo.push_back(no);
        orderState.push_back(state);
        orderAmountMinor.push_back(amount);
        orderDay.push_back(day);
    }
    void addRefund(std::string_view no, std::string_view orderNo_, qint64 amount, RefundState state,
                   std::int32_t day)
    {
        refundNo.push_back(no);
        refundOrderNo.push_back(orderNo_);
        refundAmountMinor.push_back(amount);
        refundState.push_back(state);
        refundDay.push_back(day);
    }
};

} // namespace paydesk
