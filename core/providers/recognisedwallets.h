#pragma once

namespace paydesk {

class ProviderRegistry;

/// Registers the wallets the till recognises at the counter but has no adapter for yet: their
/// names and payment-code shapes, so a scanned code gets the right answer. An adapter that
/// arrives later registers the same id from its own folder instead.
void registerRecognisedWallets(ProviderRegistry &registry);

} // namespace paydesk
