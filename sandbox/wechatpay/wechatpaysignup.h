#pragma once

#include "sandbox/signup/signupdesk.h"

#include <memory>

namespace paydesk::sandbox::wechatpay {

/// WeChat Pay's applyment4sub desk (ApplymentDesk).
std::unique_ptr<SignupDesk> makeSignupDesk(const SignupContext &context);

} // namespace paydesk::sandbox::wechatpay
