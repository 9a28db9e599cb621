#pragma once

namespace paydesk::onboarding {
class SignupRegistry;
}

namespace paydesk::alipay {
/// Registers Alipay's merchant sign-up (AlipayAgentClient) with its restricted categories.
void registerSignup(onboarding::SignupRegistry &registry);
} // namespace paydesk::alipay
