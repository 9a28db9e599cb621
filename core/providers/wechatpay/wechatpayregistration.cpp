#include "core/providers/wechatpay/wechatpayregistration.h"

#include "core/providers/providerregistry.h"
#include "core/providers/wechatpay/wechatpayaccount.h"
#include "core/providers/wechatpay/wechatpaybillparser.h"
#include "core/providers/wechatpay/wechatpaycredentials.h"
#include "core/providers/wechatpay/wechatpayfundbillparser.h"
#include "core/providers/wechatpay/wechatpaylog.h"
#include "core/providers/wechatpay/wechatpayprovider.h"

#include <QtGlobal>

namespace paydesk::wechatpay {

void registerProvider(ProviderRegistry &registry)
{
    ProviderDescriptor d;
    d.id = WechatPayProvider::providerId();
    d.nameSource = QT_TRANSLATE_NOOP("ProviderRegistry", "WeChat Pay");
    d.hotline = QStringLiteral("95017"); // customer service (ONBOARDING-PROTOCOLS §3)
    ProviderCapabilities &c = d.capabilities;
    // v2 reverse closes an unpaid trade and refunds a paid one, but WeChat refuses it within
    // 15 s of the pay; the checkout waits that long and calls again while the answer is
    // recall=Y, USERPAYING or SYSTEMERROR (ARCHITECTURE §9).
    c.reverseNotBeforeSeconds = 15;
    c.cancel = CancelBehaviour::CloseOrRefund;
    c.notificationAck = WechatPayProvider::notificationAck();
    c.paymentCodes = {{18, 18, 10, 15}};
    c.qrOrders = true;
    c.statements = true;
    c.fundStatements = true;
    c.sandbox = true;
    d.sandboxAccount = accountFromSandbox;
    d.parseTradeStatement = [](const QByteArray &file) { return WechatPayBillParser::parse(file); };
    d.parseFundStatement = [id = d.id](const QByteArray &file) {
        return WechatPayFundBillParser::parse(file, id);
    };
    d.credentials = credentialSpec();
    d.factory = [](const ProviderAccount &account,
                   const ProviderEnvironment &env) -> Result<std::unique_ptr<PaymentProvider>> {
        auto config = configFrom(account);
        if (!config.ok())
            return config.error();
        return std::unique_ptr<PaymentProvider>(
            std::make_unique<WechatPayProvider>(config.value(), env.network, env.clock));
    };
    logIfFailed(registry.add(std::move(d)), lcWechatPay(), "register the WeChat Pay adapter");
}

} // namespace paydesk::wechatpay
