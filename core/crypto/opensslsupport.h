#pragma once

// Private to core/crypto: the OpenSSL plumbing shared by crypto.cpp, rsa.cpp and otp.cpp.

#include "core/util/log.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QStringList>

#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <array>
#include <memory>

namespace paydesk::crypto::detail {

// Empties OpenSSL's per-thread error queue into one log line, so a failure here never
// leaks stale errors into an unrelated later call (TLS in QtNetwork reads the same queue).
inline void drainErrors(const char *what)
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

inline const unsigned char *bytes(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

inline unsigned char *bytes(QByteArray &data)
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

} // namespace paydesk::crypto::detail
