#include "sandbox/wechatpay/wechatpaysignup.h"

#include "sandbox/wechatpay/applymentdesk.h"

namespace paydesk::sandbox::wechatpay {

std::unique_ptr<SignupDesk> makeSignupDesk(const SignupContext &context)
{
    return std::make_unique<ApplymentDesk>(context);
}

} // namespace paydesk::sandbox::wechatpay
