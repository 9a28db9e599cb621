#pragma once

#include "core/checkout/checkoutconfig.h"
#include "core/checkout/ordersnapshot.h"
#include "core/orders/orderrepository.h"
#include "core/providers/paymentprovider.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QObject>
#include <QPointer>

#include <functional>

namespace paydesk {

class Clock;
class OrderFlow;

/// Why a flow closes its order out at the provider (close for QR/link, cancel for a code).
enum class CloseOut { Cancel, Expired, CodeTimeout, NoQr, Replaced, Recovery };

/// What a flow needs from whoever owns it (CheckoutService).
class FlowHost
{
public:
    virtual ~FlowHost() = default;
    virtual PaymentProvider *providerFor(const Order &order) const = 0;
    /// Seconds after an order's creation before its provider takes a cancel/reverse
    /// (ProviderCapabilities::reverseNotBeforeSeconds); 0 = at once.
    virtual int reverseNotBeforeSeconds(const Order &order) const
    {
        Q_UNUSED(order)
        return 0;
    }
    /// The flow's order changed but is still open.
    virtual void flowUpdated(const OrderFlow &flow) = 0;
    /// The flow's order is final as \a stored: the host destroys the flow. A flow calls
    /// this last and touches nothing afterwards.
    virtual void flowFinished(const QString &outTradeNo, const Order &stored) = 0;
    /// The provider reports the trade paid: the host checks and books it (and may finish
    /// the flow). Also called after the flow is gone, for an answer that arrived late.
    virtual void tradePaid(const QString &outTradeNo, const TradeReply &reply) = 0;
    /// Guards callbacks that outlive the flow: they only run while this object lives.
    virtual QObject *lifetime() = 0;
};

/// One order this process is driving, from its first provider call to a final state: the
/// polling, the deadline, and the close-out loop (close/cancel retried with back-off until
/// the provider gives a final answer, ARCHITECTURE §3 rule 4). An unclear answer is resolved by
/// query, never by charging again.
class OrderFlow : public QObject
{
    Q_DECLARE_TR_FUNCTIONS(CheckoutService)
public:
    OrderFlow(FlowHost &host, OrderRepository &orders, Clock &clock, const CheckoutConfig &config,
              Order order);

    const Order &order() const { return m_order; }
    QString outTradeNo() const { return m_order.outTradeNo; }
    FlowProgress progress() const { return {m_deadline, m_closingOut, m_storageProblem}; }
    /// The disk refused this order's last write (shown in its snapshot until a write succeeds).
    void setStorageProblem(const QString &message) { m_storageProblem = message; }
    bool closingOut() const { return m_closingOut; }

    void createQr(PaymentProvider &provider, const QrOrderRequest &request);
    void payWithCode(const QString &authCode);
    /// Picks up an order found open in the database. False when it only resumed waiting
    /// (an unexpired payment link).
    bool resume();
    /// Starts the close-out loop (nothing happens when it already runs).
    void closeOut(CloseOut why);
    /// The cashier cancels: starts the close-out, or makes a running one say "cancelled".
    void cancel();
    /// Ends an attempt that was never sent to the provider: closed here, nothing to ask.
    void closeUnsent(const QString &message);
    /// After a transition failed (database busy, another process finished the order):
    /// continue from what is stored. Final: finish; open: try again later.
    void continueFromStore();

private:
    void onQrCreated(const QrOrderReply &reply);
    void onCodePaid(const TradeReply &reply);
    void poll();
    void onPolled(const TradeReply &reply);
    void closeOutStep();
    void onClosed(const ProviderStatus &status);
    void onCancelled(const CancelReply &reply);
    void closeOutByQuery();
    void retryCloseOut();
    void closedOut(const QString &note);
    QString closedMessage() const;

    void schedule(qint64 ms, std::function<void()> fn);
    /// Writes the transition. True while the order stays open; false when it is final (the
    /// flow is gone then) or the write failed (the flow continues from the stored row).
    bool apply(OrderStatus to, OrderChange change);
    void note(const QString &text);

    FlowHost &m_host;
    OrderRepository &m_orders;
    Clock &m_clock;
    const CheckoutConfig &m_config;
    Order m_order;
    QDateTime m_deadline; ///< QR/link expiry, or the end of the payment-code wait
    int m_pollMs = 2000;
    quint64 m_token = 0; ///< only the latest scheduled step runs
    bool m_closingOut = false;
    CloseOut m_why = CloseOut::Cancel;
    int m_retries = 0;
    QString m_storageProblem;
};

/// The provider reports the trade as paid (TRADE_SUCCESS / TRADE_FINISHED).
inline bool isPaidState(TradeState s)
{
    return s == TradeState::Success || s == TradeState::Finished;
}

} // namespace paydesk
