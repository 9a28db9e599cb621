#include "core/providers/alipay/alipaysignup.h"

#include "core/crypto/crypto.h"
#include "core/providers/alipay/alipayagentclient.h"
#include "core/providers/alipay/alipayprovider.h"
#include "core/providers/sandboxprovisioner.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

namespace {
struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(AlipaySignup)
};
} // namespace

void registerSignup(onboarding::SignupRegistry &registry)
{
    onboarding::SignupDescriptor d;
    d.provider = AlipayProvider::providerId();
    d.factory = [](const onboarding::SignupPartner &partner, QNetworkAccessManager *network,
                   Clock *clock) -> std::unique_ptr<onboarding::SignupClient> {
        return std::make_unique<AlipayAgentClient>(partner, network, clock);
    };
    d.restriction = [](const QString &category) -> QString {
        // Face-to-face payment is not offered for these (NOT_MATCHED_SSU_OR_PS,
        // ONBOARDING-PROTOCOLS §2).
        if (category == u"lottery")
            return Texts::tr("Alipay does not offer counter payments for lottery and gaming "
                             "(产品不支持当前类目).");
        if (category == u"lending")
            return Texts::tr("Alipay does not offer counter payments for lending and financial "
                             "services without a financial licence (经营资质不符合要求).");
        return {};
    };
    d.walletAccountLabel = [] {
        return Texts::tr("Alipay account (real-name certified; logon id or 2088… id)");
    };
    d.sandboxPartner = [](QNetworkAccessManager *network, const QUrl &base, QObject *ctx,
                          std::function<void(Result<onboarding::SignupPartner>)> done) {
        auto key = crypto::RsaKey::generate(2048);
        if (!key.ok())
            return done(key.error());
        provisionSandboxAccount(network, base, AlipayProvider::providerId(), key.value(), ctx,
                                [base, done](Result<ProviderAccount> account) {
                                    if (!account.ok())
                                        return done(account.error());
                                    onboarding::SignupPartner p;
                                    p.provider = account.value().provider;
                                    p.endpoint = account.value().gateway;
                                    p.partnerId = account.value().appId;
                                    p.partnerPrivateKeyPem = account.value().appPrivateKeyPem;
                                    p.providerPublicKeyPem = account.value().providerPublicKeyPem;
                                    p.sandboxBase = base;
                                    done(p);
                                });
    };
    registry.add(std::move(d));
}

} // namespace paydesk::alipay
