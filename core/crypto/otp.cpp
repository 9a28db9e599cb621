#include "core/crypto/otp.h"

#include "core/crypto/crypto.h"

#include <QCoreApplication>
#include <QtEndian>

#include <array>
#include <limits>

namespace paydesk::crypto {

namespace {

QByteArray hotp(const QByteArray &secret, quint64 counter, int digits)
{
    std::array<uchar, 8> message{};
    qToBigEndian(counter, message.data());
    const QByteArray mac = hmacSha1(
        secret, QByteArray(reinterpret_cast<const char *>(message.data()), message.size()));
    if (mac.size() != 20)
        return {};
    // RFC 4226 section 5.3 dynamic truncation.
    const int offset = uchar(mac.at(19)) & 0x0f;
    const quint32 binary =
        (quint32(uchar(mac.at(offset)) & 0x7f) << 24) | (quint32(uchar(mac.at(offset + 1))) << 16) |
        (quint32(uchar(mac.at(offset + 2))) << 8) | quint32(uchar(mac.at(offset + 3)));
    quint32 modulus = 1;
    for (int i = 0; i < digits; ++i)
        modulus *= 10;
    return QByteArray::number(binary % modulus).rightJustified(digits, '0');
}

bool totpParametersValid(int digits, int stepSeconds)
{
    return digits >= 1 && digits <= 9 && stepSeconds > 0;
}

qint64 totpCounter(qint64 unixSeconds, int stepSeconds)
{
    // Floor division: a time before the epoch has no valid step.
    return unixSeconds < 0 ? -1 : unixSeconds / stepSeconds;
}

constexpr char kBase32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

} // namespace

// ---------------------------------------------------------------------------------------------
// Base32

QString base32Encode(const QByteArray &data)
{
    QString out;
    out.reserve((data.size() * 8 + 4) / 5);
    quint32 buffer = 0;
    int bitsInBuffer = 0;
    for (const char c : data) {
        buffer = (buffer << 8) | uchar(c);
        bitsInBuffer += 8;
        while (bitsInBuffer >= 5) {
            bitsInBuffer -= 5;
            out.append(QLatin1Char(kBase32Alphabet[(buffer >> bitsInBuffer) & 0x1f]));
        }
    }
    if (bitsInBuffer > 0)
        out.append(QLatin1Char(kBase32Alphabet[(buffer << (5 - bitsInBuffer)) & 0x1f]));
    return out;
}

Result<QByteArray> base32Decode(const QString &text)
{
    const auto invalid = [] {
        return Result<QByteArray>::failure(
            QStringLiteral("crypto.bad_base32"),
            QCoreApplication::translate("Crypto", "The text is not valid Base32."));
    };
    // Authenticator apps show secrets in lower case and in groups of four: accept both.
    QString cleaned;
    cleaned.reserve(text.size());
    for (const QChar c : text) {
        if (c.isSpace() || c == u'-')
            continue;
        cleaned.append(c.toUpper());
    }
    qsizetype end = cleaned.size();
    while (end > 0 && cleaned.at(end - 1) == u'=')
        --end;
    if (end < cleaned.size() && cleaned.size() % 8 != 0)
        return invalid(); // padding present but not to a whole 8-character group
    // A final group of 1, 3 or 6 characters cannot come from whole bytes.
    const qsizetype remainder = end % 8;
    if (remainder == 1 || remainder == 3 || remainder == 6)
        return invalid();

    QByteArray out;
    out.reserve(end * 5 / 8);
    quint32 buffer = 0;
    int bitsInBuffer = 0;
    for (qsizetype i = 0; i < end; ++i) {
        const char16_t c = cleaned.at(i).unicode();
        int value;
        if (c >= u'A' && c <= u'Z')
            value = c - u'A';
        else if (c >= u'2' && c <= u'7')
            value = c - u'2' + 26;
        else
            return invalid();
        buffer = (buffer << 5) | quint32(value);
        bitsInBuffer += 5;
        if (bitsInBuffer >= 8) {
            bitsInBuffer -= 8;
            out.append(char((buffer >> bitsInBuffer) & 0xff));
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// TOTP

QString totp(const QByteArray &secret, qint64 unixSeconds, int digits, int stepSeconds)
{
    if (!totpParametersValid(digits, stepSeconds))
        return {};
    const qint64 counter = totpCounter(unixSeconds, stepSeconds);
    if (counter < 0)
        return {};
    return QString::fromLatin1(hotp(secret, quint64(counter), digits));
}

std::optional<qint64> totpMatchCounter(const QByteArray &secret, const QString &code,
                                       qint64 unixSeconds, int digits, int stepSeconds)
{
    if (secret.isEmpty() || !totpParametersValid(digits, stepSeconds))
        return std::nullopt;
    QByteArray entered;
    for (const QChar c : code) {
        if (c.isSpace())
            continue;
        entered.append(char(c.unicode() < 128 ? c.unicode() : '?'));
    }
    if (entered.size() != digits)
        return std::nullopt;
    const qint64 current = totpCounter(unixSeconds, stepSeconds);
    std::optional<qint64> match;
    // Check all three steps so the time taken does not reveal which one matched.
    for (const qint64 counter : {current - 1, current, current + 1}) {
        if (counter < 0)
            continue;
        if (constantTimeEquals(hotp(secret, quint64(counter), digits), entered) && !match)
            match = counter;
    }
    return match;
}

bool totpVerify(const QByteArray &secret, const QString &code, qint64 unixSeconds, int digits,
                int stepSeconds)
{
    return totpMatchCounter(secret, code, unixSeconds, digits, stepSeconds).has_value();
}

} // namespace paydesk::crypto
