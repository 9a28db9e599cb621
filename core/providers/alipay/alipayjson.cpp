#include "core/providers/alipay/alipayjson.h"

#include "core/providers/alipay/alipaylog.h"

#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace paydesk::alipayjson {

QTimeZone beijing()
{
    static const QTimeZone zone = [] {
        QTimeZone z("Asia/Shanghai");
        return z.isValid() ? z : QTimeZone(8 * 3600);
    }();
    return zone;
}

QString str(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toInteger());
    return {};
}

Money money(const QJsonObject &o, const QString &key)
{
    const QString text = str(o, key);
    if (text.isEmpty())
        return {};
    auto m = Money::fromDecimalString(text);
    if (!m.ok()) {
        qCWarning(lcAlipay) << "malformed amount in" << key << ":" << text;
        return {};
    }
    return m.value();
}

QDateTime beijingTime(const QString &text)
{
    if (text.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(text, u"yyyy-MM-dd HH:mm:ss"_s);
    if (!t.isValid())
        return {};
    t.setTimeZone(beijing());
    return t.toUTC();
}

} // namespace paydesk::alipayjson
