#pragma once

namespace paydesk {

class ProviderRegistry;

namespace alipay {
/// Registers the Alipay adapter: id "alipay", its display name, capabilities and factory.
void registerProvider(ProviderRegistry &registry);
} // namespace alipay

} // namespace paydesk
