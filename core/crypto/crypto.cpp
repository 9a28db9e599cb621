#include "core/crypto/crypto.h"

#include "core/util/log.h"

#include <QCoreApplication>
#include <QtEndian>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <array>
#include <limits>

namespace paydesk::crypto {

namespace {

// Empties OpenSSL's per-thread error queue into one log line, so a failure here never
// leaks stale errors into an unrelated later call (TLS in QtNetwork reads the same queue).
void drainErrors(const char *what)
{
    QStringList reasons;
    while (const unsigned long code = ERR_get_error()) {
        std::array<char, 256> buffer{};
        ERR_error_string_n(code, buffer.data(), buffer.size());
        reasons << QString::fromLatin1(buffer.data());
    }
    if (reasons.isEmpty())
        qCWarning(lcCrypto) << what << "failed";
    else
        qCWarning(lcCrypto) << what << "failed:" << reasons.join(u"; ");
}

template <typename T> Result<T> fail(const char *what, const char *code, const QString &message)
{
    drainErrors(what);
    return Result<T>::failure(QString::fromLatin1(code), message);
}

const unsigned char *bytes(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

unsigned char *bytes(QByteArray &data)
{
    return reinterpret_cast<unsigned char *>(data.data());
}

struct CipherCtxFree
{
    void operator()(EVP_CIPHER_CTX *ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
struct MdCtxFree
{
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};
struct MacFree
{
    void operator()(EVP_MAC *mac) const { EVP_MAC_free(mac); }
};
struct MacCtxFree
{
    void operator()(EVP_MAC_CTX *ctx) const { EVP_MAC_CTX_free(ctx); }
};
struct KdfFree
{
    void operator()(EVP_KDF *kdf) const { EVP_KDF_free(kdf); }
};
struct KdfCtxFree
{
    void operator()(EVP_KDF_CTX *ctx) const { EVP_KDF_CTX_free(ctx); }
};
struct PkeyFree
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
struct BioFree
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};
struct DecoderCtxFree
{
    void operator()(OSSL_DECODER_CTX *ctx) const { OSSL_DECODER_CTX_free(ctx); }
};
struct EncoderCtxFree
{
    void operator()(OSSL_ENCODER_CTX *ctx) const { OSSL_ENCODER_CTX_free(ctx); }
};

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

Result<RsaKey> badKey(const char *what, const QString &message)
{
    return fail<RsaKey>(what, "crypto.bad_key", message);
}

// Tries OpenSSL's decoders for an RSA key in \a format ("PEM" or "DER"), first as a key pair
// and then as a public key, leaving the structure (PKCS#8, PKCS#1, SPKI) to the decoder.
EVP_PKEY *decodeRsa(const QByteArray &input, const char *format, const char *structure)
{
    for (const int selection : {EVP_PKEY_KEYPAIR, EVP_PKEY_PUBLIC_KEY}) {
        EVP_PKEY *pkey = nullptr;
        std::unique_ptr<OSSL_DECODER_CTX, DecoderCtxFree> ctx(OSSL_DECODER_CTX_new_for_pkey(
            &pkey, format, structure, "RSA", selection, nullptr, nullptr));
        if (!ctx)
            continue;
        const unsigned char *data = bytes(input);
        size_t length = size_t(input.size());
        if (OSSL_DECODER_from_data(ctx.get(), &data, &length) == 1 && pkey)
            return pkey;
        EVP_PKEY_free(pkey);
    }
    return nullptr;
}

bool hasPrivateComponent(EVP_PKEY *pkey)
{
    BIGNUM *d = nullptr;
    const bool present = EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_D, &d) == 1 && d;
    BN_clear_free(d);
    ERR_clear_error(); // a public key legitimately has no "d"
    return present;
}

QByteArray encodePem(EVP_PKEY *pkey, int selection, const char *structure)
{
    std::unique_ptr<OSSL_ENCODER_CTX, EncoderCtxFree> ctx(
        OSSL_ENCODER_CTX_new_for_pkey(pkey, selection, "PEM", structure, nullptr));
    if (!ctx || OSSL_ENCODER_CTX_get_num_encoders(ctx.get()) == 0) {
        drainErrors("OSSL_ENCODER_CTX_new_for_pkey");
        return {};
    }
    unsigned char *data = nullptr;
    size_t length = 0;
    if (OSSL_ENCODER_to_data(ctx.get(), &data, &length) != 1) {
        drainErrors("OSSL_ENCODER_to_data");
        return {};
    }
    QByteArray pem(reinterpret_cast<const char *>(data), qsizetype(length));
    OPENSSL_clear_free(data, length);
    return pem;
}

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
// RsaKey

Result<RsaKey> RsaKey::fromPem(const QByteArray &pem)
{
    const QByteArray trimmed = pem.trimmed();
    if (trimmed.isEmpty())
        return badKey("RsaKey::fromPem",
                      QCoreApplication::translate("Crypto", "The key is empty."));

    EVP_PKEY *pkey = nullptr;
    if (trimmed.contains("-----BEGIN")) {
        if (trimmed.contains("ENCRYPTED PRIVATE KEY-----") ||
            trimmed.contains("Proc-Type: 4,ENCRYPTED"))
            return badKey(
                "RsaKey::fromPem",
                QCoreApplication::translate(
                    "Crypto", "The key is protected by a passphrase. Export it without one."));
        pkey = decodeRsa(trimmed, "PEM", nullptr);
    } else {
        // A bare Base64 body, as providers' consoles show keys: PKCS#8 first, then SPKI, then
        // whatever structure OpenSSL recognises (PKCS#1).
        QByteArray body = trimmed;
        body.replace('\r', QByteArray()).replace('\n', QByteArray());
        body.replace(' ', QByteArray()).replace('\t', QByteArray());
        const auto decoded =
            QByteArray::fromBase64Encoding(body, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.isEmpty())
            return badKey(
                "RsaKey::fromPem",
                QCoreApplication::translate(
                    "Crypto", "The key is neither PEM nor Base64. Paste the whole key text."));
        for (const char *structure : std::initializer_list<const char *>{
                 "PrivateKeyInfo", "SubjectPublicKeyInfo", nullptr}) {
            pkey = decodeRsa(decoded.decoded, "DER", structure);
            if (pkey)
                break;
        }
    }
    if (!pkey)
        return badKey("RsaKey::fromPem",
                      QCoreApplication::translate(
                          "Crypto",
                          "The text is not a readable RSA key (PKCS#8, PKCS#1 or X.509 public "
                          "key)."));
    std::unique_ptr<EVP_PKEY, PkeyFree> owned(pkey);
    if (!EVP_PKEY_is_a(pkey, "RSA"))
        return badKey("RsaKey::fromPem",
                      QCoreApplication::translate("Crypto", "The key is not an RSA key."));
    ERR_clear_error(); // decoders that were tried and did not match leave errors behind

    RsaKey key;
    key.m_private = hasPrivateComponent(pkey);
    key.m_key = std::shared_ptr<void>(owned.release(),
                                      [](void *p) { EVP_PKEY_free(static_cast<EVP_PKEY *>(p)); });
    return key;
}

Result<RsaKey> RsaKey::generate(int bits)
{
    if (bits < 2048 || bits > 16384)
        return Result<RsaKey>::failure(
            QStringLiteral("crypto.bad_key_size"),
            QCoreApplication::translate("Crypto",
                                        "An RSA key must have between 2048 and 16384 bits."));
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(bits));
    if (!pkey)
        return fail<RsaKey>(
            "EVP_PKEY_Q_keygen", "crypto.keygen_failed",
            QCoreApplication::translate("Crypto", "The RSA key could not be generated."));
    RsaKey key;
    key.m_private = true;
    key.m_key =
        std::shared_ptr<void>(pkey, [](void *p) { EVP_PKEY_free(static_cast<EVP_PKEY *>(p)); });
    return key;
}

QByteArray RsaKey::privateKeyPem() const
{
    if (!m_key || !m_private)
        return {};
    return encodePem(static_cast<EVP_PKEY *>(m_key.get()), EVP_PKEY_KEYPAIR, "PrivateKeyInfo");
}

QByteArray RsaKey::publicKeyPem() const
{
    if (!m_key)
        return {};
    return encodePem(static_cast<EVP_PKEY *>(m_key.get()), EVP_PKEY_PUBLIC_KEY,
                     "SubjectPublicKeyInfo");
}

int RsaKey::bits() const
{
    return m_key ? EVP_PKEY_get_bits(static_cast<EVP_PKEY *>(m_key.get())) : 0;
}

Result<QByteArray> rsaSha256Sign(const RsaKey &privateKey, const QByteArray &data)
{
    if (privateKey.isNull() || !privateKey.hasPrivate())
        return Result<QByteArray>::failure(
            QStringLiteral("crypto.no_private_key"),
            QCoreApplication::translate("Crypto", "Signing needs a private key."));
    auto *pkey = static_cast<EVP_PKEY *>(privateKey.evpKey());
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    // RSA's default padding for EVP_DigestSign is PKCS#1 v1.5, which SHA256withRSA means.
    if (!ctx ||
        EVP_DigestSignInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, pkey, nullptr) != 1)
        return fail<QByteArray>(
            "EVP_DigestSignInit_ex", "crypto.sign_failed",
            QCoreApplication::translate("Crypto", "The data could not be signed."));
    size_t length = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &length, bytes(data), size_t(data.size())) != 1)
        return fail<QByteArray>(
            "EVP_DigestSign", "crypto.sign_failed",
            QCoreApplication::translate("Crypto", "The data could not be signed."));
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), bytes(signature), &length, bytes(data), size_t(data.size())) != 1)
        return fail<QByteArray>(
            "EVP_DigestSign", "crypto.sign_failed",
            QCoreApplication::translate("Crypto", "The data could not be signed."));
    signature.resize(qsizetype(length));
    return signature;
}

bool rsaSha256Verify(const RsaKey &publicKey, const QByteArray &data, const QByteArray &signature)
{
    if (publicKey.isNull() || signature.isEmpty())
        return false;
    auto *pkey = static_cast<EVP_PKEY *>(publicKey.evpKey());
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, pkey,
                                        nullptr) != 1) {
        drainErrors("EVP_DigestVerifyInit_ex");
        return false;
    }
    const int rc = EVP_DigestVerify(ctx.get(), bytes(signature), size_t(signature.size()),
                                    bytes(data), size_t(data.size()));
    if (rc != 1) {
        // A bad signature is an expected outcome (tampering, wrong key): log at debug only.
        ERR_clear_error();
        qCDebug(lcCrypto) << "RSA-SHA256 signature did not verify";
        return false;
    }
    return true;
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
