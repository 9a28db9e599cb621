#include "core/providers/recognisedwallets.h"

#include "core/providers/providerregistry.h"

#include "core/util/log.h"

#include <QtGlobal>

using namespace Qt::StringLiterals;

namespace paydesk {

void registerRecognisedWallets(ProviderRegistry &registry)
{
    // Customers show these codes at the counter, so the till must tell them apart from typos
    // even before it can take them (ARCHITECTURE §9).
    ProviderDescriptor wechat;
    wechat.id = u"wechatpay"_s;
    wechat.nameSource = QT_TRANSLATE_NOOP("ProviderRegistry", "WeChat Pay");
    wechat.capabilities.paymentCodes = {{18, 18, 10, 15}};
    wechat.hotline = u"95017"_s; // customer service (ONBOARDING-PROTOCOLS §3)
    wechat.capabilities.reverseNotBeforeSeconds = 15;
    wechat.capabilities.cancel = CancelBehaviour::CloseOrRefund;
    logIfFailed(registry.add(std::move(wechat)), lcProviders(), "register WeChat Pay");

    ProviderDescriptor unionpay;
    unionpay.id = u"unionpay"_s;
    unionpay.nameSource = QT_TRANSLATE_NOOP("ProviderRegistry", "UnionPay");
    unionpay.capabilities.paymentCodes = {{19, 19, 62, 62}};
    unionpay.chargeable = false;
    logIfFailed(registry.add(std::move(unionpay)), lcProviders(), "register UnionPay");
}

} // namespace paydesk
