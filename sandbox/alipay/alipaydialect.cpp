#include "sandbox/alipay/alipaydialect.h"

#include "sandbox/alipay/alipaygateway.h"

namespace paydesk::sandbox::alipay {

std::unique_ptr<Dialect> makeDialect(const DialectContext &context)
{
    return std::make_unique<AlipayGateway>(context.store, context.faults, context.notifier,
                                           context.clock, context.sandboxKey, context.baseUrl);
}

} // namespace paydesk::sandbox::alipay
