#include "core/checkout/paymentcoderouter.h"

#include "core/providers/providerregistry.h"

namespace paydesk {

PaymentCodeRoute PaymentCodeRouter::route(QStringView scanned, const ProviderRegistry &registry)
{
    PaymentCodeRoute r;
    QString code;
    for (const QChar c : scanned)
        if (!c.isSpace())
            code += c;
    r.code = code;
    if (code.isEmpty()) {
        r.message = tr("No payment code was scanned.");
        return r;
    }
    const QString wallets = registry.chargeableNames();
    for (const QChar c : code) {
        if (c < u'0' || c > u'9') {
            r.message = tr("This is not a payment code: it must be digits only. Ask the customer "
                           "to open the payment code in %1 and scan it again.")
                            .arg(wallets);
            return r;
        }
    }
    if (const ProviderDescriptor *wallet = registry.forPaymentCode(code)) {
        if (wallet->chargeable) {
            r.verdict = PaymentCodeRoute::Verdict::Routable;
            r.provider = wallet->id;
            return r;
        }
        r.verdict = PaymentCodeRoute::Verdict::Unsupported;
        r.message = tr("%1 payment codes are not supported yet. Ask the customer to pay with %2, "
                       "or take cash.")
                        .arg(wallet->displayName(), wallets);
        return r;
    }
    r.message = tr("This payment code is not recognised (%n digits). Ask the customer to show the "
                   "%1 payment code again.",
                   nullptr, int(code.size()))
                    .arg(wallets);
    return r;
}

PaymentCodeRoute PaymentCodeRouter::route(QStringView scanned)
{
    static const ProviderRegistry builtins = [] {
        ProviderRegistry registry;
        registerBuiltinProviders(registry);
        return registry;
    }();
    return route(scanned, builtins);
}

QString PaymentCodeRouter::mask(QStringView code)
{
    if (code.size() <= 8)
        return QString(code.size(), QLatin1Char('*'));
    return code.left(4).toString() + QString(code.size() - 8, QLatin1Char('*')) +
           code.right(4).toString();
}

} // namespace paydesk
