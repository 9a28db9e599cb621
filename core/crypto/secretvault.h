#pragma once

#include "core/util/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <memory>

namespace paydesk {

/// Encrypts secrets at rest (provider private keys, providers' API keys, bank account and ID
/// numbers) with AES-256-GCM under one 32-byte data key.
///
/// Where the data key lives: ARCHITECTURE §8 prefers the OS keychain where one exists. A store
/// PC often runs headless (no Secret Service / D-Bus session, no login keyring) and so does CI,
/// so Paydesk uses the fallback section 8 names: an owner-only (0600) key file OUTSIDE the
/// database folder, so a copied database alone reveals nothing. The caller chooses the path.
///
/// Blob format (self-describing, ASCII): "v1:" + Base64(12-byte random nonce || ciphertext ||
/// 16-byte tag). The \a context passed to encrypt/decrypt is authenticated as AAD, so a blob
/// copied into another field (another context) does not decrypt. Use a stable context per
/// field, e.g. "provider_accounts.<provider>.app_private_key" or "merchant.bank_account".
class SecretVault
{
    Q_DECLARE_TR_FUNCTIONS(SecretVault)

public:
    static constexpr int KeySize = 32;

    /// Loads the data key from \a keyFilePath, or creates a random one there if the file does
    /// not exist (atomically, mode 0600, parent folder created 0700 if missing). Creation is
    /// exclusive: when another process creates the file first, its key is read and used, so two
    /// processes starting together never hold two different keys. Refuses a key file that group
    /// or others can access ("vault.key_permissions") and one that is not exactly 32 bytes
    /// ("vault.key_corrupt").
    static Result<std::unique_ptr<SecretVault>> open(const QString &keyFilePath);
    /// A vault over a key held in memory (tests, or a key obtained some other way).
    static Result<std::unique_ptr<SecretVault>> fromKey(const QByteArray &key);

    ~SecretVault();
    SecretVault(const SecretVault &) = delete;
    SecretVault &operator=(const SecretVault &) = delete;

    Result<QByteArray> encrypt(const QByteArray &plaintext, const QByteArray &context) const;
    Result<QByteArray> decrypt(const QByteArray &blob, const QByteArray &context) const;
    /// UTF-8 text in, blob as text out (the blob is pure ASCII, safe in a TEXT column).
    Result<QString> encryptString(const QString &plaintext, const QByteArray &context) const;
    Result<QString> decryptString(const QString &blob, const QByteArray &context) const;

    /// A 32-byte key for \a purpose derived from the data key (HMAC-SHA256), e.g. the key of the
    /// audit chain. The data key itself never leaves the vault; distinct purposes give
    /// unrelated keys.
    QByteArray deriveKey(const QByteArray &purpose) const;

    /// True when \a blob looks like a vault blob (has a known version prefix). Does not decrypt.
    static bool isBlob(const QByteArray &blob);

    /// Empty for a vault made with fromKey().
    QString keyFilePath() const { return m_keyFilePath; }

private:
    SecretVault(QByteArray key, QString keyFilePath);
    static Result<std::unique_ptr<SecretVault>> load(const QString &path);
    static Result<std::unique_ptr<SecretVault>> create(const QString &path);

    QByteArray m_key;
    QString m_keyFilePath;
};

} // namespace paydesk
