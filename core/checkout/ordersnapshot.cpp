#include "core/checkout/ordersnapshot.h"

#include "core/providers/provideradvice.h"

#include <QCoreApplication>

#include <algorithm>

namespace paydesk {

namespace {
// The texts keep the CheckoutService context they were translated under.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(CheckoutService)
};
} // namespace

OrderSnapshot snapshotOf(const Order &o, const QDateTime &nowUtc,
                         const std::optional<FlowProgress> &progress, const QString &walletName)
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
    s.cancelling = progress && progress->closingOut;
    s.expiresAt = progress ? progress->deadline : o.expiresAt;
    if (isOpenStatus(o.status) && s.expiresAt.isValid())
        s.secondsLeft = int(std::max<qint64>(0, (nowUtc.msecsTo(s.expiresAt) + 999) / 1000));
    s.message = o.message.isEmpty() ? orderStatusDisplayName(o.status) : o.message;

    switch (o.status) {
    case OrderStatus::Created:
        s.message = o.kind == OrderKind::Code ? Text::tr("Charging the payment code…")
                                              : Text::tr("Creating the QR code…");
        s.cashierAdvice = Text::tr("Wait a moment.");
        s.customerAdvice = Text::tr("One moment please.");
        break;
    case OrderStatus::Pending:
        if (o.kind == OrderKind::Code) {
            s.cashierAdvice = Text::tr(
                "Wait: the customer confirms the payment on the phone. Do not charge again.");
            s.customerAdvice = Text::tr("Please confirm the payment on your phone.");
        } else {
            s.cashierAdvice = Text::tr("Show the QR code to the customer. Esc cancels.");
            s.customerAdvice = walletName.isEmpty()
                                   ? Text::tr("Scan the QR code with your wallet app to pay.")
                                   : Text::tr("Scan the QR code with %1 to pay.").arg(walletName);
        }
        break;
    case OrderStatus::Unknown:
        s.cashierAdvice =
            Text::tr("Checking the payment with the provider. Do not charge again and do not "
                     "take another payment for this sale yet.");
        s.customerAdvice = Text::tr("Please wait a moment while we confirm your payment. You will "
                                    "not be charged twice.");
        break;
    case OrderStatus::Paid:
    case OrderStatus::PartiallyRefunded:
    case OrderStatus::Refunded:
        if (o.needsRefund) {
            // A late payment and a second charge for one sale alike: the message says which.
            s.cashierAdvice = Text::tr("This payment must be refunded: do not hand over goods "
                                       "for it. Refund it from Cases & refunds.");
            s.customerAdvice = Text::tr("This payment will be refunded to you.");
        } else {
            s.cashierAdvice = Text::tr("Paid. Hand over the goods and the receipt.");
            s.customerAdvice = Text::tr("Thank you. Payment received.");
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
                Text::tr("Nothing was charged. Start again or take another payment method.");
            s.customerAdvice = Text::tr("The payment was cancelled; you were not charged.");
        }
        break;
    }
    if (s.cancelling)
        s.message = Text::tr("Cancelling at the provider… do not charge again yet.");
    if (progress && !progress->storageProblem.isEmpty() && isOpenStatus(o.status)) {
        s.message = progress->storageProblem;
        s.cashierAdvice =
            Text::tr("Do not charge again and do not hand over the goods yet. Once the disk is "
                     "fixed the payment is finished here by itself, or run 'paydesk recover'.");
        s.customerAdvice = Text::tr("Please wait a moment while we confirm your payment. You will "
                                    "not be charged twice.");
    }
    return s;
}

} // namespace paydesk
