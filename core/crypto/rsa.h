#pragma once

#include "core/util/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <memory>

namespace paydesk::crypto {

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

/// What Paydesk reads from a provider's X.509 certificate (PEM): its RSA public key and its
/// serial number as upper-case hex, the way providers name a platform certificate.
struct CertificateInfo
{
    RsaKey publicKey;
    QString serialHex;
    QDateTime notAfter; ///< UTC
};
/// Fails unless \a pem is one readable certificate with an RSA key. The certificate's chain is
/// not checked here: the key is believed because the merchant copied it from the console.
Result<CertificateInfo> readCertificate(const QByteArray &pem);
/// True when \a text holds a PEM certificate rather than a bare key.
bool looksLikeCertificate(const QByteArray &text);

/// SHA256withRSA, PKCS#1 v1.5. Returns the raw signature bytes.
Result<QByteArray> rsaSha256Sign(const RsaKey &privateKey, const QByteArray &data);
bool rsaSha256Verify(const RsaKey &publicKey, const QByteArray &data, const QByteArray &signature);

} // namespace paydesk::crypto
