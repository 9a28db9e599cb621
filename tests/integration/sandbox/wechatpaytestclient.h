#pragma once

// A minimal WeChat Pay client for the sandbox tests, written from PROTOCOLS.md independently of
// the sandbox's own code: v3 requests signed WECHATPAY2-SHA256-RSA2048 and answers verified with
// the platform key, v2 XML signed MD5 / HMAC-SHA256, callbacks verified and decrypted.

#include "core/crypto/crypto.h"
#include "core/util/clock.h"
#include "sandbox/httpfrontend.h"

#include <QEventLoop>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QXmlStreamReader>

namespace wechattest {

using Headers = QList<QPair<QByteArray, QByteArray>>;

inline QByteArray headerOf(const Headers &headers, const QByteArray &name)
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

struct Reply
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    Headers headers;
    QByteArray body;
    QByteArray header(const QByteArray &name) const { return headerOf(headers, name); }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString field(const char *key) const { return json().value(QLatin1String(key)).toString(); }
};

inline Reply send(QNetworkAccessManager &nam, const QUrl &url, const QByteArray &verb,
                  const QByteArray &body, const Headers &headers, int timeoutMs = 10000)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    QNetworkReply *reply = verb == "GET" ? nam.get(request) : nam.post(request, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    Reply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.error = reply->error();
    out.headers = reply->rawHeaderPairs();
    if (reply->isOpen())
        out.body = reply->readAll();
    reply->deleteLater();
    return out;
}

/// Upper-case hex of MD5 / HMAC-SHA256 over `k=v&…&key=KEY` (sorted, non-empty, not sign).
inline QString v2Sign(const QMap<QString, QString> &params, const QString &key, bool hmac)
{
    QByteArray text;
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        if (!it.value().isEmpty() && it.key() != QLatin1String("sign"))
            text += it.key().toUtf8() + '=' + it.value().toUtf8() + '&';
    text += "key=" + key.toUtf8();
    return QString::fromLatin1(
        (hmac ? paydesk::crypto::hmacSha256(key.toUtf8(), text) : paydesk::crypto::md5(text))
            .toHex()
            .toUpper());
}

inline QMap<QString, QString> parseXml(const QByteArray &xml)
{
    QMap<QString, QString> out;
    QXmlStreamReader reader(xml);
    if (!reader.readNextStartElement() || reader.name() != QLatin1String("xml"))
        return out;
    while (reader.readNextStartElement())
        out.insert(reader.name().toString(), reader.readElementText());
    return out;
}

inline QByteArray xmlOf(const QMap<QString, QString> &params)
{
    QByteArray out = "<xml>";
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        out += '<' + it.key().toUtf8() + "><![CDATA[" + it.value().toUtf8() + "]]></" +
               it.key().toUtf8() + '>';
    return out + "</xml>";
}

struct V2Answer
{
    Reply http;
    QMap<QString, QString> fields;
    bool signatureValid = false;
    QString operator[](const char *key) const { return fields.value(QLatin1String(key)); }
};

/// One registered merchant and what a client needs to talk to the sandbox as it.
struct Client
{
    QNetworkAccessManager *nam = nullptr;
    const paydesk::Clock *clock = nullptr; ///< the time requests are signed with
    QString mchid, appid, merchantSerial, platformSerial, apiV3Key, apiV2Key;
    QUrl baseUrl; ///< …/wechatpay
    paydesk::crypto::RsaKey merchantKey;
    paydesk::crypto::RsaKey platformKey;

    QUrl url(const QString &pathAndQuery) const
    {
        return QUrl(baseUrl.toString() + pathAndQuery, QUrl::StrictMode);
    }

    QByteArray authorization(const QByteArray &method, const QByteArray &target,
                             const QByteArray &body, qint64 skewSeconds = 0,
                             const QString &serial = {}) const
    {
        const QByteArray timestamp =
            QByteArray::number(clock->nowUtc().toSecsSinceEpoch() + skewSeconds);
        const QByteArray nonce = paydesk::crypto::randomBytes(16).toHex().toUpper();
        const QByteArray message =
            method + '\n' + target + '\n' + timestamp + '\n' + nonce + '\n' + body + '\n';
        const QByteArray signature =
            paydesk::crypto::rsaSha256Sign(merchantKey, message).value().toBase64();
        // Fields deliberately not in the documented order: clients and servers take any order.
        return "WECHATPAY2-SHA256-RSA2048 signature=\"" + signature + "\",timestamp=\"" +
               timestamp + "\",serial_no=\"" +
               (serial.isEmpty() ? merchantSerial : serial).toLatin1() + "\",mchid=\"" +
               mchid.toLatin1() + "\",nonce_str=\"" + nonce + '"';
    }

    /// True when \a headers carry a platform signature over \a body that verifies.
    bool verifies(const Headers &headers, const QByteArray &body) const
    {
        const QByteArray message = headerOf(headers, "Wechatpay-Timestamp") + '\n' +
                                   headerOf(headers, "Wechatpay-Nonce") + '\n' + body + '\n';
        return headerOf(headers, "Wechatpay-Serial") == platformSerial.toLatin1() &&
               paydesk::crypto::rsaSha256Verify(
                   platformKey, message,
                   QByteArray::fromBase64(headerOf(headers, "Wechatpay-Signature")));
    }

    /// A signed v3 call; \a pathAndQuery starts with /v3/.
    Reply v3(const QByteArray &method, const QString &pathAndQuery, const QJsonObject &body = {},
             int timeoutMs = 10000) const
    {
        const QByteArray bytes =
            method == "GET" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
        return v3Raw(method, pathAndQuery, bytes, timeoutMs);
    }

    Reply v3Raw(const QByteArray &method, const QString &pathAndQuery, const QByteArray &bytes,
                int timeoutMs = 10000) const
    {
        const QUrl target = url(pathAndQuery);
        QByteArray signedTarget = target.path(QUrl::FullyEncoded).toUtf8();
        if (target.hasQuery())
            signedTarget += '?' + target.query(QUrl::FullyEncoded).toUtf8();
        return send(*nam, target, method, bytes,
                    {{"Authorization", authorization(method, signedTarget, bytes)},
                     {"Accept", "application/json"},
                     {"Content-Type", "application/json"}},
                    timeoutMs);
    }

    /// A v2 call with the usual fields added and signed (HMAC-SHA256 when \a hmac).
    V2Answer v2(const QString &path, QMap<QString, QString> params, bool hmac = false,
                int timeoutMs = 10000) const
    {
        params.insert(QStringLiteral("appid"), appid);
        params.insert(QStringLiteral("mch_id"), mchid);
        params.insert(QStringLiteral("nonce_str"),
                      QString::fromLatin1(paydesk::crypto::randomBytes(8).toHex()));
        if (hmac)
            params.insert(QStringLiteral("sign_type"), QStringLiteral("HMAC-SHA256"));
        params.insert(QStringLiteral("sign"), v2Sign(params, apiV2Key, hmac));
        return v2Send(path, xmlOf(params), hmac, timeoutMs);
    }

    V2Answer v2Send(const QString &path, const QByteArray &xml, bool hmac,
                    int timeoutMs = 10000) const
    {
        V2Answer a;
        a.http = send(*nam, url(path), "POST", xml, {{"Content-Type", "text/xml"}}, timeoutMs);
        a.fields = parseXml(a.http.body);
        a.signatureValid =
            !a.fields.value(QStringLiteral("sign")).isEmpty() &&
            a.fields.value(QStringLiteral("sign")) == v2Sign(a.fields, apiV2Key, hmac);
        return a;
    }

    /// Decrypts a callback body's resource with the APIv3 key; empty when it does not open.
    QJsonObject decrypt(const QByteArray &callbackBody) const
    {
        const QJsonObject resource = QJsonDocument::fromJson(callbackBody)
                                         .object()
                                         .value(QLatin1String("resource"))
                                         .toObject();
        const auto plain = paydesk::crypto::aesGcmDecrypt(
            apiV3Key.toUtf8(), resource.value(QLatin1String("nonce")).toString().toUtf8(),
            QByteArray::fromBase64(
                resource.value(QLatin1String("ciphertext")).toString().toLatin1()),
            resource.value(QLatin1String("associated_data")).toString().toUtf8());
        return plain.ok() ? QJsonDocument::fromJson(plain.value()).object() : QJsonObject();
    }
};

inline Client registerMerchant(QNetworkAccessManager &nam, const QUrl &base,
                               const paydesk::Clock &clock)
{
    Client c;
    c.nam = &nam;
    c.clock = &clock;
    c.merchantKey = paydesk::crypto::RsaKey::generate(2048).value();
    const Reply r =
        send(nam, base.resolved(QUrl(QStringLiteral("/sandbox/apps"))), "POST",
             QJsonDocument(QJsonObject{{QStringLiteral("provider"), QStringLiteral("wechatpay")},
                                       {QStringLiteral("public_key"),
                                        QString::fromLatin1(c.merchantKey.publicKeyPem())}})
                 .toJson(QJsonDocument::Compact),
             {{"Content-Type", "application/json"}});
    const QJsonObject app = r.json();
    c.mchid = app.value(QLatin1String("mchid")).toString();
    c.appid = app.value(QLatin1String("appid")).toString();
    c.merchantSerial = app.value(QLatin1String("merchant_serial")).toString();
    c.platformSerial = app.value(QLatin1String("platform_serial")).toString();
    c.apiV3Key = app.value(QLatin1String("apiv3_key")).toString();
    c.apiV2Key = app.value(QLatin1String("apiv2_key")).toString();
    c.baseUrl = QUrl(app.value(QLatin1String("base_url")).toString());
    c.platformKey = paydesk::crypto::RsaKey::fromPem(
                        app.value(QLatin1String("platform_public_key")).toString().toLatin1())
                        .value();
    return c;
}

/// A merchant's callback endpoint on loopback: records every POST and answers \a status.
class Receiver
{
public:
    struct Hit
    {
        Headers headers;
        QByteArray body;
    };

    Receiver()
    {
        m_http.setHandler([this](const QHttpServerRequest &request, QTcpSocket *socket) {
            m_hits.append({request.headers(), request.body()});
            QHttpServerResponder responder =
                paydesk::sandbox::HttpFrontend::responderFor(request, socket);
            paydesk::sandbox::HttpFrontend::send(responder,
                                                 paydesk::sandbox::HttpReply::json("", status));
        });
        auto *tcp = new QTcpServer(&m_http);
        tcp->listen(QHostAddress::LocalHost, 0);
        m_http.bind(tcp);
        m_port = tcp->serverPort();
    }

    QString url(const QString &path = QStringLiteral("/notify/wechatpay")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
    }
    const QList<Hit> &hits() const { return m_hits; }
    void clear() { m_hits.clear(); }

    /// Spins until \a count hits arrived or \a ms passed.
    bool waitFor(int count, int ms = 5000)
    {
        QEventLoop loop;
        QTimer tick;
        QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
            if (m_hits.size() >= count)
                loop.quit();
        });
        tick.start(5);
        QTimer::singleShot(ms, &loop, &QEventLoop::quit);
        if (m_hits.size() < count)
            loop.exec();
        return m_hits.size() >= count;
    }

    int status = 200;

private:
    paydesk::sandbox::HttpFrontend m_http;
    quint16 m_port = 0;
    QList<Hit> m_hits;
};

} // namespace wechattest
