#include "core/providers/recognisedwallets.h"

#include "core/providers/providerregistry.h"

#include "core/util/log.h"

#include <QtGlobal>

using namespace Qt::StringLiterals;

namespace paydesk {

void registerRecognisedWallets(ProviderRegistry &registry)
{
    // Customers show these codes at the counter, so the till must tell them apart from typos
    // even before it can take them (ARCHITECTURE §9). Wallets with an adapter register their
    // codes from their own folder.
    ProviderDescriptor unionpay;
    unionpay.id = u"unionpay"_s;
    unionpay.nameSource = QT_TRANSLATE_NOOP("ProviderRegistry", "UnionPay");
    unionpay.capabilities.paymentCodes = {{19, 19, 62, 62}};
    unionpay.chargeable = false;
    logIfFailed(registry.add(std::move(unionpay)), lcProviders(), "register UnionPay");
}

} // namespace paydesk
