#include "core/security/pinnedkeyverifier.h"

#include "core/crypto/crypto.h"
#include "core/util/log.h"

#include <QNetworkReply>
#include <QSslConfiguration>

#include <openssl/x509.h>

namespace paydesk {

PinnedKeyVerifier::PinnedKeyVerifier(const QStringList &pins)
{
    for (QString pin : pins) {
        pin = pin.trimmed();
        if (pin.isEmpty())
            continue;
        if (pin.startsWith(u"sha256/", Qt::CaseInsensitive))
            pin = pin.mid(7);
        QByteArray digest;
        if (pin.size() == 64)
            digest = QByteArray::fromHex(pin.toLatin1());
        else
            digest = QByteArray::fromBase64(pin.toLatin1());
        if (digest.size() != 32) {
            qCWarning(lcSecurity) << "ignoring malformed key pin" << pin;
            continue;
        }
        m_pins << digest;
    }
}

QByteArray PinnedKeyVerifier::spkiSha256(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    const QByteArray der = certificate.toDer();
    const unsigned char *p = reinterpret_cast<const unsigned char *>(der.constData());
    X509 *x509 = d2i_X509(nullptr, &p, der.size());
    if (!x509)
        return {};
    unsigned char *spki = nullptr;
    const int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x509), &spki);
    QByteArray digest;
    if (len > 0)
        digest = crypto::sha256(QByteArray(reinterpret_cast<const char *>(spki), len));
    OPENSSL_free(spki);
    X509_free(x509);
    return digest;
}

QString PinnedKeyVerifier::pinFor(const QSslCertificate &certificate)
{
    return QStringLiteral("sha256/") + QString::fromLatin1(spkiSha256(certificate).toBase64());
}

Status PinnedKeyVerifier::verify(const QList<QSslCertificate> &chain) const
{
    if (m_pins.isEmpty())
        return {};
    for (const QSslCertificate &cert : chain) {
        const QByteArray digest = spkiSha256(cert);
        for (const QByteArray &pin : m_pins) {
            if (!digest.isEmpty() && crypto::constantTimeEquals(digest, pin))
                return {};
        }
    }
    qCWarning(lcSecurity) << "TLS key pin mismatch";
    return Status::failure(
        QStringLiteral("security.pin_mismatch"),
        tr("The server's key does not match the pinned key. The connection was refused."));
}

void PinnedKeyVerifier::attach(QNetworkReply *reply) const
{
    if (!reply || m_pins.isEmpty())
        return;
    const PinnedKeyVerifier copy = *this;
    QObject::connect(reply, &QNetworkReply::encrypted, reply, [reply, copy] {
        if (!copy.verify(reply->sslConfiguration().peerCertificateChain()).ok())
            reply->abort();
    });
}

} // namespace paydesk
