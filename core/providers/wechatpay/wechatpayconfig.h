#pragma once

#include "core/crypto/crypto.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace paydesk {

/// Everything the WeChat Pay adapter needs to talk to one API host as one merchant.
struct WechatPayConfig
{
    /// Where the API lives: https://api.mch.weixin.qq.com, or a sandbox's `.../wechatpay`. Its
    /// path is part of every signed request target (`/wechatpay/v3/...`).
    QUrl baseUrl;
    QString mchid;
    QString appid;
    QString merchantSerial;     ///< serial of the merchant certificate (Authorization serial_no)
    QString platformSerial;     ///< the only Wechatpay-Serial believed (exact string match)
    crypto::RsaKey merchantKey; ///< signs API v3 requests
    crypto::RsaKey platformKey; ///< verifies answers and callbacks
    QByteArray apiv3Key;        ///< 32 bytes: AES-256-GCM key of callbacks
    QByteArray apiv2Key;        ///< 32 characters: signs v2 (payment-code) requests
    /// Signature of v2 requests; answers are verified with the same algorithm.
    enum class V2Sign { Md5, HmacSha256 } v2Sign = V2Sign::HmacSha256;
    QString notifyUrl;                              ///< where WeChat posts payment callbacks
    QString clientIp = QStringLiteral("127.0.0.1"); ///< spbill_create_ip of payment codes
    int timeoutMs = 15000;         ///< per HTTP exchange; past it the outcome is Unknown
    int maxClockSkewSeconds = 300; ///< an answer's timestamp further away is not believed
    /// Optional public-key pins ("sha256/<base64>" of a certificate's SPKI) on top of TLS
    /// verification, which is never turned off.
    QStringList keyPins;
};

} // namespace paydesk
