#pragma once

// Private to CheckoutService: shared by checkoutservice.cpp, checkoutpolling.cpp,
// checkoutsettle.cpp and checkoutsnapshot.cpp. Not part of the public API.

#include "core/checkout/checkoutservice.h"

#include <QDateTime>
#include <QList>

#include <functional>

namespace paydesk {

/// One order this process is driving: its last known row plus the timers and the
/// close/cancel loop state.
struct CheckoutService::Flow
{
    Order order;
    QDateTime deadline; ///< QR/link expiry, or the end of the payment-code wait
    int pollMs = 2000;
    quint64 token = 0; ///< only the latest scheduled step of a flow runs
    bool requestInFlight = false;
    bool settling = false;
    Settle settleWhy = Settle::Cancel;
    int retries = 0;
    QList<std::function<void(const Order &)>> afterFinal;
};

/// The provider reports the trade as paid (TRADE_SUCCESS / TRADE_FINISHED).
inline bool isPaidState(TradeState s)
{
    return s == TradeState::Success || s == TradeState::Finished;
}

} // namespace paydesk
