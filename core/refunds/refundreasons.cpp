#include "core/refunds/refundreasons.h"

#include <QCoreApplication>

namespace paydesk {

namespace {

struct Reason
{
    const char *key;
    const char *text;
};

constexpr Reason kReasons[] = {
    {"customer_request", QT_TRANSLATE_NOOP("paydesk::RefundReasons", "The customer asked for it")},
    {"goods_returned", QT_TRANSLATE_NOOP("paydesk::RefundReasons", "Goods returned")},
    {"wrong_amount", QT_TRANSLATE_NOOP("paydesk::RefundReasons", "Charged the wrong amount")},
    {"duplicate_charge", QT_TRANSLATE_NOOP("paydesk::RefundReasons", "Charged twice")},
    {"service_problem", QT_TRANSLATE_NOOP("paydesk::RefundReasons", "Problem with the service")},
};

} // namespace

QStringList refundReasonKeys()
{
    QStringList keys;
    for (const Reason &r : kReasons)
        keys << QString::fromLatin1(r.key);
    return keys;
}

QString refundReasonDisplay(const QString &reason)
{
    for (const Reason &r : kReasons) {
        const QLatin1String key(r.key);
        const QString words = QCoreApplication::translate("paydesk::RefundReasons", r.text);
        if (reason == key)
            return words;
        if (reason.startsWith(key) && reason.mid(key.size()).startsWith(u": "))
            return words + reason.mid(key.size()); // "key: note" → "Words: note"
    }
    return reason;
}

} // namespace paydesk
