#pragma once

#include "core/util/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QStringList>

class QNetworkReply;

namespace paydesk {

/// Optional public-key pinning per provider, on top of normal TLS verification (which stays
/// on). A pin is the SHA-256 of a certificate's SubjectPublicKeyInfo (DER), written
/// "sha256/<base64>" as in HPKP (a bare base64 or hex digest is accepted too). A chain passes
/// when ANY of its certificates matches ANY pin, so pinning an intermediate or a backup key
/// works. With no pins configured everything passes.
class PinnedKeyVerifier
{
    Q_DECLARE_TR_FUNCTIONS(PinnedKeyVerifier)
public:
    PinnedKeyVerifier() = default;
    /// Invalid pins are dropped (and logged); check pinCount().
    explicit PinnedKeyVerifier(const QStringList &pins);

    bool isConfigured() const { return !m_pins.isEmpty(); }
    int pinCount() const { return int(m_pins.size()); }

    static QByteArray spkiSha256(const QSslCertificate &certificate);
    /// "sha256/<base64>" for \a certificate.
    static QString pinFor(const QSslCertificate &certificate);

    /// Code security.pin_mismatch when no certificate of \a chain matches.
    Status verify(const QList<QSslCertificate> &chain) const;
    /// Aborts \a reply as soon as its TLS handshake shows a chain that does not match.
    void attach(QNetworkReply *reply) const;

private:
    QList<QByteArray> m_pins;
};

} // namespace paydesk
