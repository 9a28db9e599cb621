#include "sandbox/alipay/alipayprotocol.h"

#include "core/money/money.h"

#include <QTimeZone>
#include <QUrl>

namespace paydesk::sandbox::alipay {

void parseForm(const QByteArray &encoded, Params &into)
{
    const QList<QByteArray> pairs = encoded.split('&');
    for (const QByteArray &pair : pairs) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        QByteArray key = eq < 0 ? pair : pair.left(eq);
        QByteArray value = eq < 0 ? QByteArray() : pair.mid(eq + 1);
        key.replace('+', ' ');
        value.replace('+', ' ');
        into.insert(QByteArray::fromPercentEncoding(key), QByteArray::fromPercentEncoding(value));
    }
}

QByteArray encodeForm(const QList<QPair<QByteArray, QByteArray>> &params)
{
    QByteArray out;
    for (const auto &[key, value] : params) {
        if (!out.isEmpty())
            out += '&';
        out += key.toPercentEncoding() + '=' + value.toPercentEncoding();
    }
    return out;
}

QByteArray signContent(const Params &params, const QList<QByteArray> &excluded)
{
    QByteArray out;
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        if (it.value().isEmpty() || excluded.contains(it.key()))
            continue;
        if (!out.isEmpty())
            out += '&';
        out += it.key() + '=' + it.value();
    }
    return out;
}

Result<QByteArray> signBase64(const crypto::RsaKey &key, const QByteArray &data)
{
    auto sig = crypto::rsaSha256Sign(key, data);
    if (!sig.ok())
        return sig.error();
    return sig.value().toBase64();
}

bool verifyBase64(const crypto::RsaKey &key, const QByteArray &data, const QByteArray &signature)
{
    const auto decoded = QByteArray::fromBase64Encoding(signature.trimmed(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty())
        return false;
    return crypto::rsaSha256Verify(key, data, decoded.decoded);
}

QDateTime beijing(const QDateTime &utc)
{
    return utc.toTimeZone(QTimeZone(8 * 3600));
}

QString beijingText(const QDateTime &utc)
{
    return beijing(utc).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString yuan(qint64 minor)
{
    return Money::fromMinor(minor).toDecimalString();
}

QByteArray jsonString(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += QLatin1Char('"');
    for (const QChar c : text) {
        switch (c.unicode()) {
        case u'"':
            out += QLatin1String("\\\"");
            break;
        case u'\\':
            out += QLatin1String("\\\\");
            break;
        case u'\n':
            out += QLatin1String("\\n");
            break;
        case u'\r':
            out += QLatin1String("\\r");
            break;
        case u'\t':
            out += QLatin1String("\\t");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(int(c.unicode()), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += QLatin1Char('"');
    return out.toUtf8();
}

JsonWriter &JsonWriter::add(const char *key, const QString &value)
{
    return addRaw(key, jsonString(value));
}

JsonWriter &JsonWriter::addRaw(const char *key, const QByteArray &json)
{
    if (!m_body.isEmpty())
        m_body += ',';
    m_body += '"' + QByteArray(key) + "\":" + json;
    m_keys.append(QByteArray(key));
    return *this;
}

bool JsonWriter::has(const char *key) const
{
    return m_keys.contains(QByteArray(key));
}

} // namespace paydesk::sandbox::alipay
