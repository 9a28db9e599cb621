#include "sandbox/wechatpay/wechatpaydialect.h"

#include "sandbox/wechatpay/wechatpaygateway.h"

namespace paydesk::sandbox::wechatpay {

std::unique_ptr<Dialect> makeDialect(const DialectContext &context)
{
    return std::make_unique<WechatPayGateway>(context);
}

} // namespace paydesk::sandbox::wechatpay
