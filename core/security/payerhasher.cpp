#include "core/security/payerhasher.h"

#include "core/crypto/crypto.h"
#include "core/crypto/secretvault.h"
#include "core/storage/settingsstore.h"
#include "core/util/log.h"

namespace paydesk {

namespace {
const QString kSaltKey = QStringLiteral("privacy.payer_salt");
const QByteArray kSaltContext = QByteArrayLiteral("privacy.payer_salt");
constexpr int kSaltBytes = 32;
} // namespace

PayerHasher::PayerHasher(SettingsStore &settings, const SecretVault &vault)
    : m_settings(settings), m_vault(vault)
{
}

Result<QByteArray> PayerHasher::salt()
{
    if (!m_salt.isEmpty())
        return m_salt;
    if (const auto stored = m_settings.value(kSaltKey)) {
        auto plain = m_vault.decrypt(stored->toLatin1(), kSaltContext);
        if (!plain.ok())
            return plain.error();
        if (plain.value().size() != kSaltBytes)
            return Result<QByteArray>::failure(QStringLiteral("privacy.salt_corrupt"),
                                               tr("The payer-hashing salt is damaged."));
        m_salt = plain.value();
        return m_salt;
    }
    const QByteArray fresh = crypto::randomBytes(kSaltBytes);
    if (fresh.size() != kSaltBytes)
        return Result<QByteArray>::failure(QStringLiteral("security.random"),
                                           tr("The system random generator failed."));
    auto blob = m_vault.encrypt(fresh, kSaltContext);
    if (!blob.ok())
        return blob.error();
    if (auto s = m_settings.setValue(kSaltKey, QString::fromLatin1(blob.value())); !s.ok())
        return s.error();
    qCInfo(lcSecurity) << "created the per-install payer salt";
    m_salt = fresh;
    return m_salt;
}

Result<QString> PayerHasher::hash(const QString &scope, const QString &payerId)
{
    QString id = payerId.trimmed();
    if (scope == u"phone") {
        QString digits;
        for (QChar c : id) {
            if (c.isDigit())
                digits += c;
        }
        // +86 138... and 138... are the same person.
        if (digits.size() == 13 && digits.startsWith(u"86"))
            digits = digits.mid(2);
        id = digits;
    }
    if (id.isEmpty())
        return Result<QString>::failure(QStringLiteral("privacy.empty_id"),
                                        tr("There is no payer identifier to hash."));
    auto s = salt();
    if (!s.ok())
        return s.error();
    return QString::fromLatin1(
        crypto::hmacSha256(s.value(), scope.toUtf8() + ':' + id.toUtf8()).toHex());
}

} // namespace paydesk
