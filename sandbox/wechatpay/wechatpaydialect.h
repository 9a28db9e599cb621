#pragma once

#include "sandbox/dialect.h"

#include <memory>

namespace paydesk::sandbox::wechatpay {

/// The WeChat Pay dialect (WechatPayGateway): API v3 JSON and v2 payment-code XML under
/// /wechatpay, over the shared trade store.
std::unique_ptr<Dialect> makeDialect(const DialectContext &context);

} // namespace paydesk::sandbox::wechatpay
