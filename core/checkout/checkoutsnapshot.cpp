#include "core/checkout/checkoutservice.h"

#include "core/checkout/checkoutflow_p.h"
#include "core/providers/provideradvice.h"
#include "core/util/clock.h"

#include <algorithm>

// What the cashier and customer screens show about an order.

namespace paydesk {

void CheckoutService::publish(const QString &out)
{
    if (Flow *flow = m_flows.value(out))
        emit orderUpdated(snapshotOf(flow->order, flow));
}

std::optional<OrderSnapshot> CheckoutService::snapshot(const QString &outTradeNo) const
{
    if (Flow *flow = m_flows.value(outTradeNo))
        return snapshotOf(flow->order, flow);
    auto loaded = m_orders.load(outTradeNo);
    if (!loaded.ok() || !loaded.value())
        return std::nullopt;
    return snapshotOf(*loaded.value(), nullptr);
}

OrderSnapshot CheckoutService::snapshotOf(const Order &o, const Flow *flow) const
{
    OrderSnapshot s;
    s.outTradeNo = o.outTradeNo;
    s.saleId = o.saleId;
    s.provider = o.provider;
    s.kind = o.kind;
    s.amount = o.amount;
    s.status = o.status;
    s.reason = o.failureReason;
    s.qrCode = o.qrCode;
    s.transactionId = o.transactionId;
    s.tenderedMinor = o.tenderedMinor;
    s.changeMinor = o.changeMinor;
    s.needsRefund = o.needsRefund;
    s.cancelling = flow && flow->settling;
    s.expiresAt = flow ? flow->deadline : o.expiresAt;
    if (isOpenStatus(o.status) && s.expiresAt.isValid())
        s.secondsLeft =
            int(std::max<qint64>(0, (m_clock.nowUtc().msecsTo(s.expiresAt) + 999) / 1000));
    s.message = o.message.isEmpty() ? orderStatusDisplayName(o.status) : o.message;

    switch (o.status) {
    case OrderStatus::Created:
        s.message = o.kind == OrderKind::Code ? tr("Charging the payment code…")
                                              : tr("Creating the QR code…");
        s.cashierAdvice = tr("Wait a moment.");
        s.customerAdvice = tr("One moment please.");
        break;
    case OrderStatus::Pending:
        if (o.kind == OrderKind::Code) {
            s.cashierAdvice =
                tr("Wait: the customer confirms the payment on the phone. Do not charge again.");
            s.customerAdvice = tr("Please confirm the payment on your phone.");
        } else {
            s.cashierAdvice = tr("Show the QR code to the customer. Esc cancels.");
            s.customerAdvice = tr("Scan the QR code with Alipay to pay.");
        }
        break;
    case OrderStatus::Unknown:
        s.cashierAdvice =
            tr("Checking the payment with the provider. Do not charge again and do not "
               "take another payment for this sale yet.");
        s.customerAdvice = tr("Please wait a moment while we confirm your payment. You will not be "
                              "charged twice.");
        break;
    case OrderStatus::Paid:
    case OrderStatus::PartiallyRefunded:
    case OrderStatus::Refunded:
        if (o.needsRefund) {
            s.cashierAdvice =
                tr("This payment arrived after the order was closed. Refund it from Cases & "
                   "refunds.");
            s.customerAdvice = tr("Your payment arrived late; it will be refunded.");
        } else {
            s.cashierAdvice = tr("Paid. Hand over the goods and the receipt.");
            s.customerAdvice = tr("Thank you. Payment received.");
        }
        break;
    case OrderStatus::Failed: {
        const Advice a = adviceFor(o.failureReason == FailureReason::None ? FailureReason::Other
                                                                          : o.failureReason);
        s.cashierAdvice = a.cashier;
        s.customerAdvice = a.customer;
        break;
    }
    case OrderStatus::Closed:
        if (o.failureReason != FailureReason::None &&
            o.failureReason != FailureReason::NetworkTrouble &&
            o.failureReason != FailureReason::ProviderBusy) {
            const Advice a = adviceFor(o.failureReason);
            s.cashierAdvice = a.cashier;
            s.customerAdvice = a.customer;
        } else {
            s.cashierAdvice =
                tr("Nothing was charged. Start again or take another payment method.");
            s.customerAdvice = tr("The payment was cancelled; you were not charged.");
        }
        break;
    }
    if (s.cancelling) {
        s.message = tr("Cancelling at the provider… do not charge again yet.");
    }
    return s;
}

} // namespace paydesk
