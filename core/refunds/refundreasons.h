#pragma once

#include <QString>
#include <QStringList>

namespace paydesk {

/// The reasons a cashier picks from (stable keys, stored as given); free text is stored as typed.
/// "customer_request", "goods_returned", "wrong_amount", "duplicate_charge", "service_problem".
QStringList refundReasonKeys();
/// The translated words for a key (also "key: note" → "Words: note"); anything else (free text)
/// comes back as is.
QString refundReasonDisplay(const QString &reason);

} // namespace paydesk
