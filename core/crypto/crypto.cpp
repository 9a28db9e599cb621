#include "core/crypto/crypto.h"

#include "core/crypto/opensslsupport.h"

#include <QCoreApplication>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <limits>

namespace paydesk::crypto {

using namespace detail;

namespace {

QByteArray digest(const EVP_MD *md, const QByteArray &data, const char *what)
{
    QByteArray out(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int length = 0;
    if (EVP_Digest(data.constData(), size_t(data.size()), bytes(out), &length, md, nullptr) != 1) {
        drainErrors(what);
        return {};
    }
    out.resize(int(length));
    return out;
}

QByteArray hmac(const char *digestName, const QByteArray &key, const QByteArray &data)
{
    std::unique_ptr<EVP_MAC, MacFree> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    if (!mac) {
        drainErrors("EVP_MAC_fetch(HMAC)");
        return {};
    }
    std::unique_ptr<EVP_MAC_CTX, MacCtxFree> ctx(EVP_MAC_CTX_new(mac.get()));
    if (!ctx) {
        drainErrors("EVP_MAC_CTX_new");
        return {};
    }
    // OpenSSL 3.0 refuses an empty HMAC key. HMAC pads the key with zero bytes to the block
    // size, so an empty key and a single zero byte produce the same MAC.
    const QByteArray effectiveKey = key.isEmpty() ? QByteArray(1, '\0') : key;
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char *>(digestName), 0),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_MAC_init(ctx.get(), bytes(effectiveKey), size_t(effectiveKey.size()), params) != 1 ||
        EVP_MAC_update(ctx.get(), bytes(data), size_t(data.size())) != 1) {
        drainErrors("HMAC");
        return {};
    }
    QByteArray out(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    size_t length = 0;
    if (EVP_MAC_final(ctx.get(), bytes(out), &length, size_t(out.size())) != 1) {
        drainErrors("EVP_MAC_final");
        return {};
    }
    out.resize(qsizetype(length));
    return out;
}

} // namespace

QByteArray sha256(const QByteArray &data)
{
    return digest(EVP_sha256(), data, "SHA-256");
}

QByteArray sha1(const QByteArray &data)
{
    return digest(EVP_sha1(), data, "SHA-1");
}

QByteArray md5(const QByteArray &data)
{
    return digest(EVP_md5(), data, "MD5");
}

QByteArray hmacSha256(const QByteArray &key, const QByteArray &data)
{
    return hmac("SHA256", key, data);
}

QByteArray hmacSha1(const QByteArray &key, const QByteArray &data)
{
    return hmac("SHA1", key, data);
}

QByteArray randomBytes(int count)
{
    if (count <= 0)
        return {};
    QByteArray out(count, Qt::Uninitialized);
    if (RAND_bytes(bytes(out), count) != 1) {
        drainErrors("RAND_bytes");
        qCCritical(lcCrypto) << "the system random generator failed";
        return {};
    }
    return out;
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    // Only the length may leak, and it is not secret for MACs or codes of fixed size.
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

// ---------------------------------------------------------------------------------------------
// AES-256-GCM

namespace {
constexpr int kGcmTagLength = 16;

Status checkGcmInputs(const QByteArray &key, const QByteArray &iv)
{
    if (key.size() != 32)
        return Status::failure(
            QStringLiteral("crypto.bad_key"),
            QCoreApplication::translate("Crypto", "An AES-256 key must be exactly 32 bytes."));
    if (iv.isEmpty())
        return Status::failure(
            QStringLiteral("crypto.bad_iv"),
            QCoreApplication::translate("Crypto", "An AES-GCM nonce must not be empty."));
    return {};
}
} // namespace

Result<QByteArray> aesGcmEncrypt(const QByteArray &key, const QByteArray &iv,
                                 const QByteArray &plaintext, const QByteArray &aad)
{
    if (const Status s = checkGcmInputs(key, iv); !s)
        return s.error();
    std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
    const QString message =
        QCoreApplication::translate("Crypto", "The data could not be encrypted.");
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, int(iv.size()), nullptr) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(iv)) != 1)
        return fail<QByteArray>("AES-GCM encrypt init", "crypto.encrypt_failed", message);
    int length = 0;
    if (!aad.isEmpty() &&
        EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytes(aad), int(aad.size())) != 1)
        return fail<QByteArray>("AES-GCM AAD", "crypto.encrypt_failed", message);
    QByteArray out(plaintext.size() + kGcmTagLength, Qt::Uninitialized);
    int written = 0;
    if (!plaintext.isEmpty() && EVP_EncryptUpdate(ctx.get(), bytes(out), &written, bytes(plaintext),
                                                  int(plaintext.size())) != 1)
        return fail<QByteArray>("AES-GCM update", "crypto.encrypt_failed", message);
    if (EVP_EncryptFinal_ex(ctx.get(), bytes(out) + written, &length) != 1)
        return fail<QByteArray>("AES-GCM final", "crypto.encrypt_failed", message);
    written += length;
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, kGcmTagLength,
                            bytes(out) + written) != 1)
        return fail<QByteArray>("AES-GCM tag", "crypto.encrypt_failed", message);
    out.resize(written + kGcmTagLength);
    return out;
}

Result<QByteArray> aesGcmDecrypt(const QByteArray &key, const QByteArray &iv,
                                 const QByteArray &ciphertextAndTag, const QByteArray &aad)
{
    if (const Status s = checkGcmInputs(key, iv); !s)
        return s.error();
    const QString message = QCoreApplication::translate(
        "Crypto",
        "The encrypted data could not be decrypted: it was altered, or the key is wrong.");
    if (ciphertextAndTag.size() < kGcmTagLength)
        return Result<QByteArray>::failure(QStringLiteral("crypto.decrypt_failed"), message);
    const qsizetype cipherLength = ciphertextAndTag.size() - kGcmTagLength;
    QByteArray tag = ciphertextAndTag.right(kGcmTagLength);

    std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, int(iv.size()), nullptr) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(iv)) != 1)
        return fail<QByteArray>("AES-GCM decrypt init", "crypto.decrypt_failed", message);
    int length = 0;
    if (!aad.isEmpty() &&
        EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytes(aad), int(aad.size())) != 1)
        return fail<QByteArray>("AES-GCM AAD", "crypto.decrypt_failed", message);
    QByteArray out(cipherLength + kGcmTagLength, Qt::Uninitialized);
    int written = 0;
    if (cipherLength > 0 && EVP_DecryptUpdate(ctx.get(), bytes(out), &written,
                                              bytes(ciphertextAndTag), int(cipherLength)) != 1)
        return fail<QByteArray>("AES-GCM update", "crypto.decrypt_failed", message);
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, kGcmTagLength, bytes(tag)) != 1)
        return fail<QByteArray>("AES-GCM set tag", "crypto.decrypt_failed", message);
    if (EVP_DecryptFinal_ex(ctx.get(), bytes(out) + written, &length) != 1) {
        // Never hand back unauthenticated plaintext.
        OPENSSL_cleanse(out.data(), size_t(out.size()));
        ERR_clear_error();
        // Tampering or a wrong key is an expected outcome the caller reports; debug only here.
        qCDebug(lcCrypto) << "AES-GCM authentication failed";
        return Result<QByteArray>::failure(QStringLiteral("crypto.decrypt_failed"), message);
    }
    out.resize(written + length);
    return out;
}

// ---------------------------------------------------------------------------------------------
// scrypt

Result<QByteArray> scrypt(const QByteArray &password, const QByteArray &salt, quint64 n, quint32 r,
                          quint32 p, int length)
{
    if (n < 2 || (n & (n - 1)) != 0 || r == 0 || p == 0 || length <= 0)
        return Result<QByteArray>::failure(
            QStringLiteral("crypto.bad_parameters"),
            QCoreApplication::translate("Crypto", "The scrypt parameters are invalid."));
    const QString message =
        QCoreApplication::translate("Crypto", "The password could not be processed.");
    std::unique_ptr<EVP_KDF, KdfFree> kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr));
    if (!kdf)
        return fail<QByteArray>("EVP_KDF_fetch(SCRYPT)", "crypto.kdf_failed", message);
    std::unique_ptr<EVP_KDF_CTX, KdfCtxFree> ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx)
        return fail<QByteArray>("EVP_KDF_CTX_new", "crypto.kdf_failed", message);
    uint64_t nParam = n;
    uint32_t rParam = r;
    uint32_t pParam = p;
    // OSSL_PARAM wants non-const pointers but only reads these buffers.
    QByteArray passwordCopy = password;
    QByteArray saltCopy = salt;
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, passwordCopy.data(),
                                          size_t(passwordCopy.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, saltCopy.data(),
                                          size_t(saltCopy.size())),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &nParam),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &rParam),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &pParam),
        OSSL_PARAM_construct_end(),
    };
    QByteArray out(length, Qt::Uninitialized);
    const bool ok = EVP_KDF_derive(ctx.get(), bytes(out), size_t(length), params) == 1;
    OPENSSL_cleanse(passwordCopy.data(), size_t(passwordCopy.size()));
    if (!ok)
        return fail<QByteArray>("EVP_KDF_derive(SCRYPT)", "crypto.kdf_failed", message);
    return out;
}

} // namespace paydesk::crypto
