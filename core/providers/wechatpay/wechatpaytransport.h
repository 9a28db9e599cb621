#pragma once

#include "core/providers/paymentprovider.h"
#include "core/providers/wechatpay/wechatpayconfig.h"
#include "core/providers/wechatpay/wechatpayv2.h"
#include "core/security/pinnedkeyverifier.h"
#include "core/util/clock.h"

#include <QJsonObject>
#include <QObject>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace paydesk {

/// One exchange with the WeChat Pay API. API v3: the request is signed over its exact target
/// and body; a 2xx answer is believed only when signed by the platform key of
/// config.platformSerial within the clock skew (an unsigned 204 is forged). v2: XML signed
/// with the APIv2 key, the answer verified with the same algorithm. Anything that cannot be
/// believed (timeout, connection error, 5xx, unsigned or badly signed, unreadable) is
/// ProviderStatus Unknown, never Failed.
class WechatPayTransport : public QObject
{
    Q_OBJECT
public:
    struct V3Answer
    {
        ProviderStatus status;
        int http = 0;
        QJsonObject body; ///< a verified 2xx body, or the {code, message} of an error answer
        /// The answer's signature verified: always for a 2xx; for an error answer only when it
        /// came signed (WeChat Pay signs every answer to a request whose signature it accepted).
        bool verified = false;
    };
    struct V2Answer
    {
        ProviderStatus status;
        WechatPayV2::Params params; ///< the verified answer; empty unless it verified
    };

    /// \a config, \a network and \a clock must outlive the transport.
    WechatPayTransport(const WechatPayConfig &config, QNetworkAccessManager *network, Clock *clock,
                       QObject *parent = nullptr);

    /// \a target is the API path and query after the base path, e.g.
    /// `/v3/pay/transactions/out-trade-no/PD-1?mchid=1900000001`.
    void v3(const QByteArray &method, const QString &target, const std::optional<QJsonObject> &body,
            std::function<void(const V3Answer &)> done);
    /// \a params without appid, mch_id, nonce_str, sign_type and sign (added here).
    void v2(const QString &path, WechatPayV2::Params params,
            std::function<void(const V2Answer &)> done);
    /// The bill file behind a download_url: a signed GET whose answer is not signed (its SHA1
    /// is checked by the caller). Refused unless \a url is on the API's own host.
    void download(const QUrl &url, std::function<void(Result<QByteArray>)> done);

    /// The absolute URL of \a target (base path + target).
    QUrl urlFor(const QString &target) const;
    /// The request target as it goes on the wire (what the v3 signature covers).
    static QByteArray wireTarget(const QUrl &url);

private:
    QNetworkReply *send(const QByteArray &method, const QUrl &url, const QByteArray &body,
                        const QByteArray &contentType, bool signV3);
    void armTimeout(QNetworkReply *reply);
    void handleV3(QNetworkReply *reply, const QString &what,
                  const std::function<void(const V3Answer &)> &done);
    void handleV2(QNetworkReply *reply, const QString &what,
                  const std::function<void(const V2Answer &)> &done);
    bool configured() const;

    const WechatPayConfig &m_config;
    PinnedKeyVerifier m_pins;
    QNetworkAccessManager *m_network;
    Clock *m_clock;
};

} // namespace paydesk
