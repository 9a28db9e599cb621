#include "core/providers/alipay/alipayregistration.h"

#include "core/providers/alipay/alipayaccount.h"
#include "core/providers/alipay/alipaybillparser.h"
#include "core/providers/alipay/alipaycredentials.h"
#include "core/providers/alipay/alipayfundbillparser.h"
#include "core/providers/alipay/alipaylog.h"
#include "core/providers/alipay/alipayprovider.h"
#include "core/providers/providerregistry.h"

#include <QtGlobal>

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

void registerProvider(ProviderRegistry &registry)
{
    ProviderDescriptor d;
    d.id = AlipayProvider::providerId();
    d.nameSource = QT_TRANSLATE_NOOP("ProviderRegistry", "Alipay");
    d.hotline = u"95188"_s; // customer service (ONBOARDING-PROTOCOLS §3)
    ProviderCapabilities &c = d.capabilities;
    // alipay.trade.cancel may follow a pay at once; it closes an unpaid trade and refunds a
    // paid one, and its answer's `action` says which (ARCHITECTURE §9).
    c.reverseNotBeforeSeconds = 0;
    c.cancel = CancelBehaviour::CloseOrRefund;
    c.notificationAck = AlipayProvider::notificationAck();
    c.paymentCodes = {{16, 24, 25, 30}};
    c.qrOrders = true;
    c.statements = true;
    c.fundStatements = true;
    c.sandbox = true;
    d.parseTradeStatement = [](const QByteArray &file) { return AlipayBillParser::parse(file); };
    d.parseFundStatement = [id = d.id](const QByteArray &file) {
        return AlipayFundBillParser::parse(file, id);
    };
    d.credentials = credentialSpec();
    d.factory = [](const ProviderAccount &account,
                   const ProviderEnvironment &env) -> Result<std::unique_ptr<PaymentProvider>> {
        auto config = alipayConfigFrom(account);
        if (!config.ok())
            return config.error();
        return std::unique_ptr<PaymentProvider>(
            std::make_unique<AlipayProvider>(config.value(), env.network, env.clock));
    };
    logIfFailed(registry.add(std::move(d)), lcAlipay(), "register the Alipay adapter");
}

} // namespace paydesk::alipay
