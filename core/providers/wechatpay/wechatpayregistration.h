#pragma once

namespace paydesk {

class ProviderRegistry;

namespace wechatpay {
/// Registers the WeChat Pay adapter: id "wechatpay", its display name, its payment codes
/// (18 digits starting 10–15), capabilities, notification answer, sandbox account and factory.
void registerProvider(ProviderRegistry &registry);
} // namespace wechatpay

} // namespace paydesk
