#pragma once

#include "core/orders/order.h"
#include "core/receipts/receiptdata.h"
#include "core/refunds/refundservice.h"

namespace paydesk {

/// The customer's receipt for \a refund of \a order (as stored after it): headed "REFUND",
/// the refunded amount large, the order's figures and the refund's number and reason below.
ReceiptData refundReceipt(const Order &order, const RefundRecord &refund, const QString &storeName,
                          const QString &providerName);

} // namespace paydesk
