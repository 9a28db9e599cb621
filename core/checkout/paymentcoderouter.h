#pragma once

#include <QCoreApplication>
#include <QString>

namespace paydesk {

class ProviderRegistry;

/// Which wallet a scanned payment code belongs to, by the payment-code rules the providers
/// registered (ProviderCapabilities::paymentCodes; ARCHITECTURE §9).
struct PaymentCodeRoute
{
    enum class Verdict {
        Routable,    ///< a chargeable wallet's code: provider says which
        Unsupported, ///< a recognised wallet the till cannot take (ProviderDescriptor::chargeable)
        Invalid,     ///< anything else
        /// Transitional name, for core/checkout/checkoutservice.cpp until its owner moves to
        /// Unsupported; delete it then.
        UnionPay = Unsupported,
    };
    Verdict verdict = Verdict::Invalid;
    QString provider; ///< the registry id when routable, else empty
    QString code;     ///< the code, whitespace removed
    QString message;  ///< translated reason when not routable

    bool routable() const { return !provider.isEmpty(); }
};

/// Routes a customer's payment code to its provider by its prefix, before any order or
/// network call exists. Unroutable codes come back with a message for the cashier.
class PaymentCodeRouter
{
    Q_DECLARE_TR_FUNCTIONS(PaymentCodeRouter)
public:
    static PaymentCodeRoute route(QStringView scanned, const ProviderRegistry &registry);
    /// Transitional, for core/checkout/checkoutservice.cpp until it is handed the registry:
    /// routes against this build's own registrations. Delete it then.
    static PaymentCodeRoute route(QStringView scanned);
    /// "2876********4394": never store or log a full payment code.
    static QString mask(QStringView code);
};

} // namespace paydesk
