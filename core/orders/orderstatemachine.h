#pragma once

#include "core/orders/order.h"

#include <QList>
#include <QPair>

namespace paydesk {

/// The legal order transitions of ARCHITECTURE §3 as a pure table. Everything not listed is
/// refused; OrderRepository::transition() consults it before touching a row.
class OrderStateMachine
{
public:
    static bool canTransition(OrderStatus from, OrderStatus to);
    /// Every legal (from, to) pair, for tests and documentation.
    static QList<QPair<OrderStatus, OrderStatus>> legalTransitions();
    /// A success found for an order we had already given up on (CLOSED/FAILED → PAID):
    /// legal, but the money has to go back to the customer.
    static bool isLateSuccess(OrderStatus from, OrderStatus to);
};

} // namespace paydesk
