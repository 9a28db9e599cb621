#pragma once

#include "core/providers/paymentprovider.h"

#include <QString>

namespace paydesk {

/// What to tell the cashier and the customer after a provider call did not succeed.
struct Advice
{
    QString cashier; ///< what the cashier should do next (translated)
    QString
        customer; ///< what to tell the customer (translated; may be shown on the customer display)
    bool retrySafe; ///< true when trying again cannot charge the customer twice
};

/// Plain-language advice for \a reason, translated in the "ProviderAdvice" context.
/// Every FailureReason has non-empty texts.
Advice adviceFor(FailureReason reason);

/// A stable identifier for logs and JSON: "insufficient_balance", "network_trouble", ...
QString failureReasonName(FailureReason reason);

} // namespace paydesk
