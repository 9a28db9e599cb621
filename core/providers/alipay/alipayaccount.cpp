#include "core/providers/alipay/alipayaccount.h"

#include "core/providers/alipay/alipayprovider.h"
#include "core/providers/sandboxprovisioner.h"

namespace paydesk {

Result<AlipayConfig> alipayConfigFrom(const ProviderAccount &account)
{
    auto privateKey = crypto::RsaKey::fromPem(account.appPrivateKeyPem);
    if (!privateKey.ok())
        return privateKey.error();
    auto publicKey = crypto::RsaKey::fromPem(account.providerPublicKeyPem);
    if (!publicKey.ok())
        return publicKey.error();
    AlipayConfig config;
    config.appId = account.appId;
    config.gateway = account.gateway;
    config.appPrivateKey = privateKey.value();
    config.alipayPublicKey = publicKey.value();
    config.sellerId = account.sellerId;
    config.notifyUrl = account.notifyUrl;
    config.keyPins = account.keyPins;
    return config;
}

void provisionAlipaySandbox(QNetworkAccessManager *network, const QUrl &sandboxBase,
                            const crypto::RsaKey &appKey, QObject *ctx,
                            std::function<void(Result<AlipayConfig>)> done, int timeoutMs)
{
    provisionSandboxAccount(
        network, sandboxBase, AlipayProvider::providerId(), appKey, ctx,
        [done](Result<ProviderAccount> account) {
            if (!account.ok())
                return done(account.error());
            done(alipayConfigFrom(account.value()));
        },
        timeoutMs);
}

} // namespace paydesk
