#include "core/crypto/rsa.h"

#include "core/crypto/opensslsupport.h"

#include <QCoreApplication>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace paydesk::crypto {

using namespace detail;

namespace {

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

} // namespace

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

bool looksLikeCertificate(const QByteArray &text)
{
    return text.contains("-----BEGIN CERTIFICATE-----");
}

Result<CertificateInfo> readCertificate(const QByteArray &pem)
{
    const QByteArray trimmed = pem.trimmed();
    std::unique_ptr<BIO, BioFree> in(BIO_new_mem_buf(trimmed.constData(), int(trimmed.size())));
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        in ? PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr) : nullptr, &X509_free);
    if (!cert)
        return fail<CertificateInfo>(
            "PEM_read_bio_X509", "crypto.bad_certificate",
            QCoreApplication::translate("Crypto", "The text is not a readable certificate."));
    std::unique_ptr<EVP_PKEY, PkeyFree> key(X509_get_pubkey(cert.get()));
    std::unique_ptr<BIO, BioFree> out(BIO_new(BIO_s_mem()));
    if (!key || !out || PEM_write_bio_PUBKEY(out.get(), key.get()) != 1)
        return fail<CertificateInfo>(
            "X509_get_pubkey", "crypto.bad_certificate",
            QCoreApplication::translate("Crypto", "The certificate holds no usable key."));
    char *data = nullptr;
    const long length = BIO_get_mem_data(out.get(), &data);
    auto publicKey = RsaKey::fromPem(QByteArray(data, qsizetype(length)));
    if (!publicKey.ok())
        return publicKey.error();
    CertificateInfo info;
    info.publicKey = publicKey.value();
    std::unique_ptr<BIGNUM, decltype(&BN_free)> serial(
        ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr), &BN_free);
    if (serial) {
        char *hex = BN_bn2hex(serial.get());
        info.serialHex = QString::fromLatin1(hex).toUpper();
        OPENSSL_free(hex);
    }
    struct tm notAfter = {};
    if (ASN1_TIME_to_tm(X509_get0_notAfter(cert.get()), &notAfter) == 1)
        info.notAfter =
            QDateTime(QDate(notAfter.tm_year + 1900, notAfter.tm_mon + 1, notAfter.tm_mday),
                      QTime(notAfter.tm_hour, notAfter.tm_min, notAfter.tm_sec), Qt::UTC);
    ERR_clear_error();
    return info;
}

} // namespace paydesk::crypto
