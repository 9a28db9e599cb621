#pragma once

#include "core/crypto/otp.h"
#include "core/crypto/rsa.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QString>

// Thin, checked wrappers over OpenSSL 3 EVP APIs. Nothing here knows a protocol.
// RSA lives in rsa.h, Base32 and TOTP in otp.h; both are included here for callers that
// want the whole toolbox.
namespace paydesk::crypto {

QByteArray sha256(const QByteArray &data);
QByteArray sha1(const QByteArray &data);
QByteArray md5(const QByteArray &data); // only where a protocol demands it (v2 signatures)
QByteArray hmacSha256(const QByteArray &key, const QByteArray &data);
QByteArray hmacSha1(const QByteArray &key, const QByteArray &data);

/// Cryptographically secure random bytes (RAND_bytes). Empty if the generator fails (logged
/// critical): callers that need exactly \a count bytes must check the size.
QByteArray randomBytes(int count);
/// Comparison whose time does not depend on where the inputs differ.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

/// AES-256-GCM. The output/input ciphertext is ciphertext || 16-byte tag.
Result<QByteArray> aesGcmEncrypt(const QByteArray &key, const QByteArray &iv,
                                 const QByteArray &plaintext, const QByteArray &aad = {});
Result<QByteArray> aesGcmDecrypt(const QByteArray &key, const QByteArray &iv,
                                 const QByteArray &ciphertextAndTag, const QByteArray &aad = {});

/// scrypt key derivation (EVP_KDF "SCRYPT").
Result<QByteArray> scrypt(const QByteArray &password, const QByteArray &salt, quint64 n = 1 << 15,
                          quint32 r = 8, quint32 p = 1, int length = 32);

} // namespace paydesk::crypto
