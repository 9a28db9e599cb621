#include "sandbox/wechatpay/wechatpayprotocol.h"

#include "core/crypto/crypto.h"

#include <QRegularExpression>
#include <QTimeZone>
#include <QXmlStreamReader>

namespace paydesk::sandbox::wechatpay {

namespace {
const QTimeZone beijingZone(8 * 3600); // UTC+8, no DST
}

std::optional<Authorization> parseAuthorization(const QByteArray &header)
{
    static const QByteArray scheme = "WECHATPAY2-SHA256-RSA2048 ";
    if (!header.startsWith(scheme))
        return std::nullopt;
    QMap<QByteArray, QByteArray> fields;
    for (const QByteArray &part : header.mid(scheme.size()).split(',')) {
        const QByteArray item = part.trimmed();
        const qsizetype eq = item.indexOf('=');
        if (eq <= 0)
            return std::nullopt;
        const QByteArray key = item.left(eq).trimmed();
        const QByteArray quoted = item.mid(eq + 1).trimmed();
        if (quoted.size() < 2 || !quoted.startsWith('"') || !quoted.endsWith('"') ||
            fields.contains(key))
            return std::nullopt;
        fields.insert(key, quoted.mid(1, quoted.size() - 2));
    }
    Authorization a;
    a.mchid = QString::fromUtf8(fields.value("mchid"));
    a.nonce = QString::fromUtf8(fields.value("nonce_str"));
    a.timestamp = QString::fromUtf8(fields.value("timestamp"));
    a.serial = QString::fromUtf8(fields.value("serial_no"));
    a.signature = fields.value("signature");
    if (a.mchid.isEmpty() || a.nonce.isEmpty() || a.timestamp.isEmpty() || a.serial.isEmpty() ||
        a.signature.isEmpty())
        return std::nullopt;
    return a;
}

QByteArray requestMessage(const QByteArray &method, const QByteArray &target,
                          const QByteArray &timestamp, const QByteArray &nonce,
                          const QByteArray &body)
{
    return method + '\n' + target + '\n' + timestamp + '\n' + nonce + '\n' + body + '\n';
}

QByteArray answerMessage(const QByteArray &timestamp, const QByteArray &nonce,
                         const QByteArray &body)
{
    return timestamp + '\n' + nonce + '\n' + body + '\n';
}

std::optional<SignType> signTypeFrom(const QString &field)
{
    if (field.isEmpty() || field == QLatin1String("MD5"))
        return SignType::Md5;
    if (field == QLatin1String("HMAC-SHA256"))
        return SignType::HmacSha256;
    return std::nullopt;
}

QString v2Sign(const XmlParams &params, const QString &key, SignType type)
{
    QByteArray text;
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        if (it.value().isEmpty() || it.key() == QLatin1String("sign"))
            continue;
        text += it.key().toUtf8() + '=' + it.value().toUtf8() + '&';
    }
    text += "key=" + key.toUtf8();
    const QByteArray digest =
        type == SignType::Md5 ? crypto::md5(text) : crypto::hmacSha256(key.toUtf8(), text);
    return QString::fromLatin1(digest.toHex().toUpper());
}

std::optional<XmlParams> parseXml(const QByteArray &xml)
{
    QXmlStreamReader reader(xml);
    if (!reader.readNextStartElement() || reader.name() != QLatin1String("xml"))
        return std::nullopt;
    XmlParams params;
    while (reader.readNextStartElement()) {
        const QString name = reader.name().toString();
        // Text or CDATA; a nested element is not WeChat's shape.
        const QString value = reader.readElementText(QXmlStreamReader::ErrorOnUnexpectedElement);
        if (reader.hasError())
            return std::nullopt;
        params.insert(name, value);
    }
    if (reader.hasError())
        return std::nullopt;
    return params;
}

QByteArray writeXml(const QList<QPair<QString, QString>> &fields)
{
    QByteArray out = "<xml>";
    for (const auto &[name, value] : fields) {
        const QByteArray tag = name.toUtf8();
        const bool cdata = value.contains(QLatin1Char('<')) || value.contains(QLatin1Char('>')) ||
                           value.contains(QLatin1Char('&'));
        QByteArray text = value.toUtf8();
        if (cdata)
            text = "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>";
        out += '<' + tag + '>' + text + "</" + tag + '>';
    }
    return out + "</xml>";
}

QDateTime beijing(const QDateTime &utc)
{
    return utc.toTimeZone(beijingZone);
}

QString rfc3339(const QDateTime &utc)
{
    return beijing(utc).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + QStringLiteral("+08:00");
}

QDateTime parseRfc3339(const QString &text)
{
    static const QRegularExpression shape(
        QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$)"));
    if (!shape.match(text).hasMatch())
        return {};
    return QDateTime::fromString(text, Qt::ISODateWithMs).toUTC();
}

QString compactBeijing(const QDateTime &utc)
{
    return beijing(utc).toString(QStringLiteral("yyyyMMddHHmmss"));
}

QString yuan(qint64 minor)
{
    const qint64 magnitude = minor < 0 ? -minor : minor;
    return QStringLiteral("%1%2.%3")
        .arg(minor < 0 ? QStringLiteral("-") : QString())
        .arg(magnitude / 100)
        .arg(magnitude % 100, 2, 10, QLatin1Char('0'));
}

QByteArray randomNonce(int count)
{
    static const char table[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const QByteArray bytes = crypto::randomBytes(count);
    QByteArray out;
    out.reserve(count);
    for (const char b : bytes)
        out.append(table[quint8(b) % 62]);
    return out;
}

} // namespace paydesk::sandbox::wechatpay
