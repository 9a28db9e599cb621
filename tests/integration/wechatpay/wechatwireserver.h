#pragma once

// A WeChat Pay API of the test's own on a loopback port: real HTTP, real signatures with the
// fixed platform key of tests/data/wechatpay, and whatever answer a test scripts — including
// the forged, stale, unsigned and mis-serialled ones no honest sandbox sends.

#include "core/crypto/crypto.h"
#include "core/providers/wechatpay/wechatpayv2.h"
#include "core/providers/wechatpay/wechatpayv3signer.h"
#include "wechatpaytestkeys.h"

#include <QDateTime>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QMetaEnum>

#include <functional>

namespace paydesk::test {

inline const QString kMchid = QStringLiteral("1900000001");
inline const QString kAppid = QStringLiteral("wx2421b1c4370ec43b");
inline const QString kMerchantSerial = QStringLiteral("3775B6A45ACD588826D15E583A95F5DD");
inline const QString kPlatformSerial = QStringLiteral("5157F09EFDC096DE15EBE81A47057A7232F1B8E1");
inline const QByteArray kApiv3Key = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
inline const QByteArray kApiv2Key = "192006250b4c09247ec02edce69f6a2d";

struct WireRequest
{
    QByteArray method;
    QByteArray target;                    ///< path and query as received
    QMap<QByteArray, QByteArray> headers; ///< names lower-case
    QByteArray body;
};

struct WireReply
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;
};

class WechatWireServer
{
public:
    using Handler = std::function<WireReply(const WireRequest &)>;

    WechatWireServer()
    {
        m_server.setMissingHandler(
            [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                WireRequest r;
                r.method = QByteArray(QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(
                                          int(request.method())))
                               .toUpper();
                r.target = request.url().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
                for (const auto &[name, value] : request.headers())
                    r.headers.insert(name.toLower(), value);
                r.body = request.body();
                requests.append(r);
                const WireReply reply = handler ? handler(r) : WireReply{404, {}, {}, {}};
                responder.writeStatusLine(QHttpServerResponder::StatusCode(reply.status));
                responder.writeHeader("Content-Type", reply.contentType);
                responder.writeHeader("Content-Length", QByteArray::number(reply.body.size()));
                for (const auto &[name, value] : reply.headers)
                    responder.writeHeader(name, value);
                responder.writeBody(reply.body);
            });
        port = m_server.listen(QHostAddress::LocalHost, 0);
    }

    QUrl baseUrl() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/wechatpay").arg(port)); }

    /// A 2xx answer signed as the platform signs (\a age seconds old, with \a serial).
    static WireReply
    signedReply(const QByteArray &body, int status = 200, qint64 age = 0,
                const QString &serial = kPlatformSerial,
                const QString &keyFile = QStringLiteral("platform_private_key.pem"))
    {
        WireReply r;
        r.status = status;
        r.body = body;
        const auto h = platformHeaders(wechatpayKey(keyFile), serial.toUtf8(), body,
                                       QDateTime::currentSecsSinceEpoch() - age);
        for (auto it = h.cbegin(); it != h.cend(); ++it)
            r.headers.append({it.key(), it.value()});
        return r;
    }
    static WireReply signedJson(const QJsonObject &o, int status = 200)
    {
        return signedReply(QJsonDocument(o).toJson(QJsonDocument::Compact), status);
    }
    /// A v2 answer signed with the APIv2 key (return_code SUCCESS unless given).
    static WireReply v2Reply(WechatPayV2::Params p,
                             WechatPayV2::SignType type = WechatPayV2::SignType::HmacSha256,
                             const QByteArray &key = kApiv2Key)
    {
        if (!p.contains(QStringLiteral("return_code")))
            p.insert(QStringLiteral("return_code"), QStringLiteral("SUCCESS"));
        p.insert(QStringLiteral("appid"), kAppid);
        p.insert(QStringLiteral("mch_id"), kMchid);
        p.insert(QStringLiteral("nonce_str"), QStringLiteral("5K8264ILTKCH16CQ2502SI8ZNMTM67VS"));
        p.insert(QStringLiteral("sign"), WechatPayV2::sign(p, key, type));
        return {200, WechatPayV2::toXml(p), "text/xml", {}};
    }

    QList<WireRequest> requests;
    Handler handler;
    quint16 port = 0;

private:
    QHttpServer m_server;
};

} // namespace paydesk::test
