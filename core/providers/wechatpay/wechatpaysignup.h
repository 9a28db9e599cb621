#pragma once

namespace paydesk::onboarding {
class SignupRegistry;
}

namespace paydesk::wechatpay {
/// Registers WeChat Pay's special-merchant sign-up (ApplymentClient).
void registerSignup(onboarding::SignupRegistry &registry);
} // namespace paydesk::wechatpay
