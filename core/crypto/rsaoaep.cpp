#include "core/crypto/rsaoaep.h"

#include "core/crypto/opensslsupport.h"

#include <QCoreApplication>

#include <openssl/rsa.h>

namespace paydesk::crypto {

using namespace detail;

namespace {
struct PkeyCtxFree
{
    void operator()(EVP_PKEY_CTX *ctx) const { EVP_PKEY_CTX_free(ctx); }
};

std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> oaepContext(const RsaKey &key, bool encrypt)
{
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
        EVP_PKEY_CTX_new_from_pkey(nullptr, static_cast<EVP_PKEY *>(key.evpKey()), nullptr));
    if (!ctx ||
        (encrypt ? EVP_PKEY_encrypt_init(ctx.get()) : EVP_PKEY_decrypt_init(ctx.get())) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha1()) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha1()) != 1)
        return nullptr;
    return ctx;
}
} // namespace

Result<QByteArray> rsaOaepSha1Encrypt(const RsaKey &publicKey, const QByteArray &plaintext)
{
    const QString failed =
        QCoreApplication::translate("Crypto", "The field could not be encrypted.");
    if (publicKey.isNull())
        return Result<QByteArray>::failure(QStringLiteral("crypto.no_key"), failed);
    auto ctx = oaepContext(publicKey, true);
    size_t length = 0;
    if (!ctx || EVP_PKEY_encrypt(ctx.get(), nullptr, &length, bytes(plaintext),
                                 size_t(plaintext.size())) != 1)
        return fail<QByteArray>("EVP_PKEY_encrypt", "crypto.encrypt_failed", failed);
    QByteArray out(qsizetype(length), Qt::Uninitialized);
    if (EVP_PKEY_encrypt(ctx.get(), bytes(out), &length, bytes(plaintext),
                         size_t(plaintext.size())) != 1)
        return fail<QByteArray>("EVP_PKEY_encrypt", "crypto.encrypt_failed", failed);
    out.resize(qsizetype(length));
    return out;
}

Result<QByteArray> rsaOaepSha1Decrypt(const RsaKey &privateKey, const QByteArray &ciphertext)
{
    const QString failed =
        QCoreApplication::translate("Crypto", "The field could not be decrypted.");
    if (privateKey.isNull() || !privateKey.hasPrivate())
        return Result<QByteArray>::failure(QStringLiteral("crypto.no_private_key"), failed);
    auto ctx = oaepContext(privateKey, false);
    size_t length = 0;
    if (!ctx || EVP_PKEY_decrypt(ctx.get(), nullptr, &length, bytes(ciphertext),
                                 size_t(ciphertext.size())) != 1)
        return fail<QByteArray>("EVP_PKEY_decrypt", "crypto.decrypt_failed", failed);
    QByteArray out(qsizetype(length), Qt::Uninitialized);
    if (EVP_PKEY_decrypt(ctx.get(), bytes(out), &length, bytes(ciphertext),
                         size_t(ciphertext.size())) != 1)
        return fail<QByteArray>("EVP_PKEY_decrypt", "crypto.decrypt_failed", failed);
    out.resize(qsizetype(length));
    return out;
}

} // namespace paydesk::crypto
