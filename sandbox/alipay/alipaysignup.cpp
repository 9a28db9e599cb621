#include "sandbox/alipay/alipaysignup.h"

#include "sandbox/alipay/alipayagentdesk.h"

namespace paydesk::sandbox::alipay {

std::unique_ptr<SignupDesk> makeSignupDesk(const SignupContext &context)
{
    return std::make_unique<AlipayAgentDesk>(context);
}

} // namespace paydesk::sandbox::alipay
