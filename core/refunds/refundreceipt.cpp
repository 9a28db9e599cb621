#include "core/refunds/refundreceipt.h"

#include "core/refunds/refundreasons.h"

namespace paydesk {

ReceiptData refundReceipt(const Order &order, const RefundRecord &refund, const QString &storeName,
                          const QString &providerName)
{
    ReceiptData r = ReceiptData::fromOrder(order, storeName, providerName);
    r.cashier = refund.operatorName;
    r.time = refund.updatedAt.isValid() ? refund.updatedAt : refund.createdAt;
    r.tendered.reset();
    r.change.reset();
    ReceiptData::RefundPart part;
    part.amount = refund.amount;
    part.refundedTotal = Money::fromMinor(order.refundedMinor, order.amount.currency());
    part.outRequestNo = refund.outRequestNo;
    part.reason = refundReasonDisplay(refund.reason);
    r.refund = part;
    return r;
}

} // namespace paydesk
