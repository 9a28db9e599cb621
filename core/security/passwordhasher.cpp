#include "core/security/passwordhasher.h"

#include "core/crypto/crypto.h"

#include <QStringList>

namespace paydesk {

namespace {

constexpr int kSaltBytes = 16;
constexpr int kHashBytes = 32;

} // namespace

Result<QString> PasswordHasher::hash(const QString &password, const ScryptCost &cost)
{
    const QByteArray salt = crypto::randomBytes(kSaltBytes);
    if (salt.size() != kSaltBytes)
        return Result<QString>::failure(
            QStringLiteral("security.random"),
            // Worded for OperatorService first; its translation lives under that context.
            QCoreApplication::translate("OperatorService", "The system random generator failed."));
    auto derived = crypto::scrypt(password.toUtf8(), salt, cost.n, cost.r, cost.p, kHashBytes);
    if (!derived.ok())
        return derived.error();
    return QStringLiteral("scrypt$%1$%2$%3$%4$%5")
        .arg(cost.n)
        .arg(cost.r)
        .arg(cost.p)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(derived.value().toBase64()));
}

bool PasswordHasher::verify(const QString &password, const QString &encoded)
{
    const QStringList parts = encoded.split(QLatin1Char('$'));
    if (parts.size() != 6 || parts.at(0) != u"scrypt")
        return false;
    bool okN = false, okR = false, okP = false;
    const quint64 n = parts.at(1).toULongLong(&okN);
    const quint32 r = parts.at(2).toUInt(&okR);
    const quint32 p = parts.at(3).toUInt(&okP);
    // Refuse absurd factors from a tampered row rather than allocating gigabytes.
    if (!okN || !okR || !okP || n < 2 || (n & (n - 1)) != 0 || n > (quint64(1) << 20) || r == 0 ||
        r > 32 || p == 0 || p > 16)
        return false;
    const QByteArray salt = QByteArray::fromBase64(parts.at(4).toLatin1());
    const QByteArray expected = QByteArray::fromBase64(parts.at(5).toLatin1());
    if (salt.isEmpty() || expected.isEmpty())
        return false;
    auto derived = crypto::scrypt(password.toUtf8(), salt, n, r, p, int(expected.size()));
    return derived.ok() && crypto::constantTimeEquals(derived.value(), expected);
}

} // namespace paydesk
