#pragma once

#include "core/crypto/rsa.h"
#include "core/util/result.h"

#include <QByteArray>

namespace paydesk::crypto {

/// RSAES-OAEP with SHA-1 and MGF1-SHA1 (Java's RSA/ECB/OAEPWithSHA-1AndMGF1Padding), as
/// one provider wants sensitive fields encrypted (docs/ONBOARDING.md). Raw ciphertext bytes; at
/// most 214 plaintext bytes for an RSA-2048 key.
Result<QByteArray> rsaOaepSha1Encrypt(const RsaKey &publicKey, const QByteArray &plaintext);
Result<QByteArray> rsaOaepSha1Decrypt(const RsaKey &privateKey, const QByteArray &ciphertext);

} // namespace paydesk::crypto
