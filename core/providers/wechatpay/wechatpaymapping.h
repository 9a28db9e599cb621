#pragma once

#include "core/providers/paymentprovider.h"

#include <QString>

namespace paydesk::wechatpay {

/// A verified v2 answer's result_code/err_code → status: SUCCESS and USERPAYING are Ok,
/// SYSTEMERROR and BANKERROR Unknown (wait and query), the rest Failed with a reason.
ProviderStatus mapV2(const QString &resultCode, const QString &errCode, const QString &message);
/// A v3 error answer (4xx/5xx with {code, message}) → status; 5xx and SYSTEM_ERROR-like codes
/// are Unknown.
ProviderStatus mapV3Error(int httpStatus, const QString &code, const QString &message);
/// trade_state (v2 and v3 share the words) → TradeState. REFUND was paid; REVOKED is closed.
TradeState tradeState(const QString &state);

} // namespace paydesk::wechatpay
