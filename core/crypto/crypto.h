#pragma once

#include "core/util/result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

// Thin, checked wrappers over OpenSSL 3 EVP APIs. Nothing here knows a protocol.
namespace paydesk::crypto {

QByteArray sha256(const QByteArray &data);
QByteArray sha1(const QByteArray &data);
QByteArray md5(const QByteArray &data); // only where a protocol demands it (WeChat v2)
QByteArray hmacSha256(const QByteArray &key, const QByteArray &data);
QByteArray hmacSha1(const QByteArray &key, const QByteArray &data);

/// Cryptographically secure random bytes (RAND_bytes). Empty if the generator fails (logged
/// critical): callers that need exactly \a count bytes must check the size.
QByteArray randomBytes(int count);
/// Comparison whose time does not depend on where the inputs differ.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

/// An RSA key (private or public only), shared and immutable.
class RsaKey
{
public:
    RsaKey() = default;
    /// Accepts PKCS#8 ("BEGIN PRIVATE KEY"), PKCS#1 ("BEGIN RSA PRIVATE KEY"), SPKI
    /// ("BEGIN PUBLIC KEY") and PKCS#1 public ("BEGIN RSA PUBLIC KEY"). A bare Base64 body
    /// without PEM armour (as providers' consoles show keys) is tried as PKCS#8, then SPKI.
    static Result<RsaKey> fromPem(const QByteArray &pem);
    static Result<RsaKey> generate(int bits = 2048);

    bool isNull() const { return !m_key; }
    bool hasPrivate() const { return m_private; }
    QByteArray privateKeyPem() const; ///< PKCS#8 PEM; empty for a public-only key
    QByteArray publicKeyPem() const;  ///< SPKI PEM
    int bits() const;                 ///< modulus size, 0 for a null key

    void *evpKey() const { return m_key.get(); } ///< EVP_PKEY*, for this module's own use

private:
    std::shared_ptr<void> m_key;
    bool m_private = false;
};

/// SHA256withRSA, PKCS#1 v1.5. Returns the raw signature bytes.
Result<QByteArray> rsaSha256Sign(const RsaKey &privateKey, const QByteArray &data);
bool rsaSha256Verify(const RsaKey &publicKey, const QByteArray &data, const QByteArray &signature);

/// AES-256-GCM. The output/input ciphertext is ciphertext || 16-byte tag.
Result<QByteArray> aesGcmEncrypt(const QByteArray &key, const QByteArray &iv,
                                 const QByteArray &plaintext, const QByteArray &aad = {});
Result<QByteArray> aesGcmDecrypt(const QByteArray &key, const QByteArray &iv,
                                 const QByteArray &ciphertextAndTag, const QByteArray &aad = {});

/// scrypt key derivation (EVP_KDF "SCRYPT").
Result<QByteArray> scrypt(const QByteArray &password, const QByteArray &salt, quint64 n = 1 << 15,
                          quint32 r = 8, quint32 p = 1, int length = 32);

/// RFC 4648 Base32 (upper-case, no padding on output; padding, lower case, spaces and dashes
/// accepted on input, as authenticator apps display secrets).
QString base32Encode(const QByteArray &data);
Result<QByteArray> base32Decode(const QString &text);

/// RFC 6238 TOTP with HMAC-SHA1: the code for the time step containing \a unixSeconds.
QString totp(const QByteArray &secret, qint64 unixSeconds, int digits = 6, int stepSeconds = 30);
/// True when \a code matches the step of \a unixSeconds or one step either side.
bool totpVerify(const QByteArray &secret, const QString &code, qint64 unixSeconds, int digits = 6,
                int stepSeconds = 30);
/// Like totpVerify(), but returns the matched time-step counter (unixSeconds / stepSeconds of
/// the matching step). Store the last accepted counter per operator and refuse a code whose
/// counter is not greater, so a shoulder-surfed code cannot be replayed within its window.
std::optional<qint64> totpMatchCounter(const QByteArray &secret, const QString &code,
                                       qint64 unixSeconds, int digits = 6, int stepSeconds = 30);

} // namespace paydesk::crypto
