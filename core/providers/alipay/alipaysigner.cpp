#include "core/providers/alipay/alipaysigner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QUrl>

#include <algorithm>

namespace paydesk::AlipaySigner {

namespace {

/// Sorted by the keys' UTF-8 bytes (QString's own order is UTF-16, which differs
/// outside the BMP), joined `k=v&k=v`.
QByteArray joinSorted(const Params &params, const QList<QString> &excluded, bool dropEmpty)
{
    QList<QByteArray> keys;
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        if (excluded.contains(it.key()) || it.key().isEmpty())
            continue;
        if (dropEmpty && it.value().isEmpty())
            continue;
        keys.append(it.key().toUtf8());
    }
    std::sort(keys.begin(), keys.end());
    QByteArray out;
    for (const QByteArray &key : std::as_const(keys)) {
        if (!out.isEmpty())
            out += '&';
        out += key;
        out += '=';
        out += params.value(QString::fromUtf8(key)).toUtf8();
    }
    return out;
}

/// A minimal JSON scanner: it only finds where values start and end, honouring
/// strings, escapes and nesting. It does not build anything.
class Scanner
{
public:
    explicit Scanner(const QByteArray &text) : m_s(text) {}

    qsizetype pos() const { return m_i; }
    bool atEnd() const { return m_i >= m_s.size(); }
    char peek() const { return atEnd() ? '\0' : m_s.at(m_i); }

    void skipWhitespace()
    {
        while (!atEnd()) {
            const char c = m_s.at(m_i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                break;
            ++m_i;
        }
    }

    bool expect(char c)
    {
        if (peek() != c)
            return false;
        ++m_i;
        return true;
    }

    /// At a '"': moves past the closing quote. The raw bytes between the quotes go to
    /// \a raw when given.
    bool skipString(QByteArray *raw = nullptr)
    {
        if (!expect('"'))
            return false;
        const qsizetype start = m_i;
        while (!atEnd()) {
            const char c = m_s.at(m_i);
            if (c == '\\') {
                m_i += 2; // the escaped char, whatever it is, cannot end the string
                continue;
            }
            if (c == '"') {
                if (raw)
                    *raw = m_s.mid(start, m_i - start);
                ++m_i;
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20)
                return false; // raw control chars are not allowed inside JSON strings
            ++m_i;
        }
        return false;
    }

    /// Moves past one JSON value of any kind.
    bool skipValue()
    {
        const char c = peek();
        if (c == '"')
            return skipString();
        if (c == '{' || c == '[') {
            QByteArray stack;
            while (!atEnd()) {
                const char d = peek();
                if (d == '"') {
                    if (!skipString())
                        return false;
                    continue;
                }
                ++m_i;
                if (d == '{' || d == '[') {
                    stack.append(d == '{' ? '}' : ']');
                } else if (d == '}' || d == ']') {
                    if (stack.isEmpty() || stack.back() != d)
                        return false;
                    stack.chop(1);
                    if (stack.isEmpty())
                        return true;
                }
            }
            return false;
        }
        // number, true, false, null
        const qsizetype start = m_i;
        while (!atEnd()) {
            const char d = m_s.at(m_i);
            if (d == ',' || d == '}' || d == ']' || d == ' ' || d == '\t' || d == '\n' || d == '\r')
                break;
            ++m_i;
        }
        return m_i > start;
    }

private:
    const QByteArray &m_s;
    qsizetype m_i = 0;
};

QString decodeJsonString(const QByteArray &raw)
{
    if (!raw.contains('\\'))
        return QString::fromUtf8(raw);
    const QJsonDocument doc = QJsonDocument::fromJson("[\"" + raw + "\"]");
    return doc.array().at(0).toString();
}

} // namespace

QByteArray signingContent(const Params &params)
{
    return joinSorted(params, {QStringLiteral("sign")}, true);
}

Result<QString> signContent(const QByteArray &content, const crypto::RsaKey &privateKey)
{
    auto signature = crypto::rsaSha256Sign(privateKey, content);
    if (!signature.ok())
        return signature.error();
    return QString::fromLatin1(signature.value().toBase64());
}

Result<QString> sign(const Params &params, const crypto::RsaKey &privateKey)
{
    return signContent(signingContent(params), privateKey);
}

bool verifyContent(const QByteArray &content, const QString &signBase64,
                   const crypto::RsaKey &publicKey)
{
    if (signBase64.isEmpty() || publicKey.isNull())
        return false;
    const auto decoded = QByteArray::fromBase64Encoding(signBase64.toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty())
        return false;
    return crypto::rsaSha256Verify(publicKey, content, decoded.decoded);
}

bool verifyResponse(const QByteArray &rawInner, const QString &signBase64,
                    const crypto::RsaKey &alipayPublicKey)
{
    if (verifyContent(rawInner, signBase64, alipayPublicKey))
        return true;
    if (!rawInner.contains("\\/"))
        return false;
    QByteArray unescaped = rawInner;
    unescaped.replace("\\/", "/");
    return verifyContent(unescaped, signBase64, alipayPublicKey);
}

QString responseKey(const QString &method)
{
    QString key = method;
    key.replace(QLatin1Char('.'), QLatin1Char('_'));
    return key + QStringLiteral("_response");
}

std::optional<QByteArray> extractRawObject(const QByteArray &body, const QString &key)
{
    Scanner sc(body);
    sc.skipWhitespace();
    if (!sc.expect('{'))
        return std::nullopt;
    sc.skipWhitespace();
    if (sc.expect('}'))
        return std::nullopt;
    for (;;) {
        QByteArray rawKey;
        sc.skipWhitespace();
        if (!sc.skipString(&rawKey))
            return std::nullopt;
        sc.skipWhitespace();
        if (!sc.expect(':'))
            return std::nullopt;
        sc.skipWhitespace();
        const qsizetype start = sc.pos();
        const bool isObject = sc.peek() == '{';
        if (!sc.skipValue())
            return std::nullopt;
        if (isObject && decodeJsonString(rawKey) == key)
            return body.mid(start, sc.pos() - start);
        sc.skipWhitespace();
        if (sc.expect(','))
            continue;
        return std::nullopt; // '}' (key not found) or garbage
    }
}

Params parseForm(const QByteArray &form)
{
    Params out;
    const QList<QByteArray> pairs = form.split('&');
    for (const QByteArray &pair : pairs) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        QByteArray k = eq < 0 ? pair : pair.left(eq);
        QByteArray v = eq < 0 ? QByteArray() : pair.mid(eq + 1);
        k.replace('+', ' ');
        v.replace('+', ' ');
        const QString key = QString::fromUtf8(QByteArray::fromPercentEncoding(k));
        if (!out.contains(key))
            out.insert(key, QString::fromUtf8(QByteArray::fromPercentEncoding(v)));
    }
    return out;
}

QByteArray encodeForm(const Params &params)
{
    QByteArray out;
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(it.key()) + '=' + QUrl::toPercentEncoding(it.value());
    }
    return out;
}

QByteArray notificationContent(const Params &params, bool dropEmpty)
{
    return joinSorted(params, {QStringLiteral("sign"), QStringLiteral("sign_type")}, dropEmpty);
}

bool verifyNotification(const Params &params, const crypto::RsaKey &alipayPublicKey)
{
    const QString signature = params.value(QStringLiteral("sign"));
    if (signature.isEmpty())
        return false;
    const bool hasEmpty =
        std::any_of(params.cbegin(), params.cend(), [](const QString &v) { return v.isEmpty(); });
    QList<QByteArray> candidates;
    candidates.append(notificationContent(params, false));
    if (hasEmpty)
        candidates.append(notificationContent(params, true));
    // Older (RSA, rsaCheckV2-style) integrations sign with sign_type kept.
    if (params.contains(QStringLiteral("sign_type")))
        candidates.append(joinSorted(params, {QStringLiteral("sign")}, false));
    for (const QByteArray &content : std::as_const(candidates)) {
        if (verifyContent(content, signature, alipayPublicKey))
            return true;
    }
    return false;
}

} // namespace paydesk::AlipaySigner
