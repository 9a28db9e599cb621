#pragma once

#include "sandbox/signup/signupdesk.h"

#include <memory>

namespace paydesk::sandbox::alipay {

/// Alipay's merchant sign-up desk (AlipayAgentDesk).
std::unique_ptr<SignupDesk> makeSignupDesk(const SignupContext &context);

} // namespace paydesk::sandbox::alipay
