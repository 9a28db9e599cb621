#include "core/orders/orderstatemachine.h"

#include <array>

namespace paydesk {

namespace {

using S = OrderStatus;

struct Edge
{
    S from;
    S to;
};

// Why each edge exists:
//  CREATED → PENDING   the provider accepted the order (QR text, USERPAYING)
//  CREATED → PAID      payment code charged at once (10000), or a cash sale
//  CREATED → FAILED    definite refusal (balance, invalid code, bad request)
//  CREATED → UNKNOWN   no answer to the very first call
//  CREATED → CLOSED    cancelled or found never sent (Recovery: trade does not exist)
//  PENDING → PAID | FAILED | CLOSED | UNKNOWN
//  UNKNOWN → PAID | FAILED | CLOSED   resolved by query / cancel
//  UNKNOWN → PENDING   a query found the trade waiting for the buyer
//  PAID → PARTIALLY_REFUNDED | REFUNDED, PARTIALLY_REFUNDED → itself | REFUNDED
//  FAILED/CLOSED → PAID   late success (单边账): flagged needs_refund
constexpr std::array<Edge, 19> kEdges{{
    {S::Created, S::Pending},
    {S::Created, S::Paid},
    {S::Created, S::Failed},
    {S::Created, S::Unknown},
    {S::Created, S::Closed},
    {S::Pending, S::Paid},
    {S::Pending, S::Failed},
    {S::Pending, S::Closed},
    {S::Pending, S::Unknown},
    {S::Unknown, S::Paid},
    {S::Unknown, S::Failed},
    {S::Unknown, S::Closed},
    {S::Unknown, S::Pending},
    {S::Paid, S::PartiallyRefunded},
    {S::Paid, S::Refunded},
    {S::PartiallyRefunded, S::PartiallyRefunded},
    {S::PartiallyRefunded, S::Refunded},
    {S::Failed, S::Paid},
    {S::Closed, S::Paid},
}};

} // namespace

bool OrderStateMachine::canTransition(OrderStatus from, OrderStatus to)
{
    for (const Edge &e : kEdges)
        if (e.from == from && e.to == to)
            return true;
    return false;
}

QList<QPair<OrderStatus, OrderStatus>> OrderStateMachine::legalTransitions()
{
    QList<QPair<OrderStatus, OrderStatus>> list;
    for (const Edge &e : kEdges)
        list.append({e.from, e.to});
    return list;
}

bool OrderStateMachine::isLateSuccess(OrderStatus from, OrderStatus to)
{
    return to == OrderStatus::Paid && (from == OrderStatus::Failed || from == OrderStatus::Closed);
}

} // namespace paydesk
