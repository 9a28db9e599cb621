#include "core/checkout/paymentcoderouter.h"

namespace paydesk {

PaymentCodeRoute PaymentCodeRouter::route(QStringView scanned)
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
    for (const QChar c : code) {
        if (c < u'0' || c > u'9') {
            r.message =
                tr("This is not a payment code: it must be digits only. Ask the customer to "
                   "open the payment code in Alipay or WeChat and scan it again.");
            return r;
        }
    }
    const int length = int(code.size());
    const int prefix = QStringView(code).left(2).toInt();
    if (length == 18 && prefix >= 10 && prefix <= 15) {
        r.verdict = PaymentCodeRoute::Verdict::WeChatPay;
        r.provider = QStringLiteral("wechatpay");
        return r;
    }
    if (length >= 16 && length <= 24 && prefix >= 25 && prefix <= 30) {
        r.verdict = PaymentCodeRoute::Verdict::Alipay;
        r.provider = QStringLiteral("alipay");
        return r;
    }
    if (length == 19 && prefix == 62) {
        r.verdict = PaymentCodeRoute::Verdict::UnionPay;
        r.message = tr("UnionPay payment codes are not supported yet. Ask the customer to pay with "
                       "Alipay or WeChat Pay, or take cash.");
        return r;
    }
    r.message = tr("This payment code is not recognised (%n digits). Ask the customer to show the "
                   "Alipay or WeChat payment code again.",
                   nullptr, length);
    return r;
}

QString PaymentCodeRouter::mask(QStringView code)
{
    if (code.size() <= 8)
        return QString(code.size(), QLatin1Char('*'));
    return code.left(4).toString() + QString(code.size() - 8, QLatin1Char('*')) +
           code.right(4).toString();
}

} // namespace paydesk
