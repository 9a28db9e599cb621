#pragma once

#include <QCoreApplication>
#include <QString>

namespace paydesk {

/// Which wallet a scanned payment code belongs to (PROTOCOLS.md, payment-code prefixes).
struct PaymentCodeRoute
{
    enum class Verdict {
        Alipay,    ///< 16–24 digits starting 25–30
        WeChatPay, ///< 18 digits starting 10–15
        UnionPay,  ///< 19 digits starting 62: recognised, not supported yet
        Invalid,   ///< anything else
    };
    Verdict verdict = Verdict::Invalid;
    QString provider; ///< "alipay" / "wechatpay" when supported, else empty
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
    static PaymentCodeRoute route(QStringView scanned);
    /// "2876********4394": never store or log a full payment code.
    static QString mask(QStringView code);
};

} // namespace paydesk
