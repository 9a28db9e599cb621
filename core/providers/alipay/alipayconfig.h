#pragma once

#include "core/crypto/crypto.h"

#include <QString>
#include <QStringList>
#include <QUrl>

namespace paydesk {

/// Everything the Alipay adapter needs to talk to one gateway as one app.
struct AlipayConfig
{
    QUrl gateway; ///< e.g. https://openapi.alipay.com/gateway.do
    QString appId;
    crypto::RsaKey appPrivateKey;   ///< signs our requests (RSA2)
    crypto::RsaKey alipayPublicKey; ///< verifies Alipay's answers and notifications
    QString notifyUrl;              ///< optional; sent as notify_url when set
    int timeoutMs = 15000;          ///< per HTTP exchange; past it the outcome is Unknown
    QString sellerId;               ///< optional; when set, notifications must name it
    /// Optional public-key pins ("sha256/<base64>" of a certificate's SPKI) checked on top of
    /// normal TLS verification, which is never turned off.
    QStringList keyPins;
};

} // namespace paydesk
