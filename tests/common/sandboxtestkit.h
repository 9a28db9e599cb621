#pragma once

// Helpers for the sandbox integration tests: real HTTP on loopback, Alipay request signing
// done here independently of the sandbox's own code.

#include "core/crypto/crypto.h"
#include "sandbox/sandboxserver.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimeZone>
#include <QUrlQuery>

namespace sandboxtest {

struct HttpResult
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
};

inline HttpResult http(QNetworkAccessManager &nam, const QUrl &url, const QByteArray &verb,
                       const QByteArray &body = {}, const QByteArray &contentType = {},
                       int timeoutMs = 10000)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    QNetworkReply *reply = verb == "GET" ? nam.get(request) : nam.post(request, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpResult out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.error = reply->error();
    if (reply->isOpen())
        out.body = reply->readAll();
    reply->deleteLater();
    return out;
}

inline QJsonObject json(const HttpResult &r)
{
    return QJsonDocument::fromJson(r.body).object();
}

inline QJsonObject control(QNetworkAccessManager &nam, const QUrl &base, const QString &path,
                           const QJsonObject &in, int *status = nullptr)
{
    const HttpResult r = http(nam, base.resolved(QUrl(path)), "POST",
                              QJsonDocument(in).toJson(QJsonDocument::Compact), "application/json");
    if (status)
        *status = r.status;
    return json(r);
}

inline QJsonObject getJson(QNetworkAccessManager &nam, const QUrl &base, const QString &path)
{
    return json(http(nam, base.resolved(QUrl(path)), "GET"));
}

/// The raw bytes of the object under "key", brace-matched, strings respected.
inline QByteArray rawInner(const QByteArray &text, const QByteArray &key)
{
    const QByteArray marker = "\"" + key + "\":";
    qsizetype start = text.indexOf(marker);
    if (start < 0)
        return {};
    start += marker.size();
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (qsizetype i = start; i < text.size(); ++i) {
        const char c = text.at(i);
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{')
            ++depth;
        else if (c == '}' && --depth == 0)
            return text.mid(start, i - start + 1);
    }
    return {};
}

inline QByteArray formValue(const QByteArray &v)
{
    QByteArray e = v.toPercentEncoding(" ");
    e.replace(' ', '+'); // as browsers and SDKs send it
    return e;
}

inline QByteArray formEncode(const QMap<QByteArray, QByteArray> &params)
{
    QByteArray out;
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        if (!out.isEmpty())
            out += '&';
        out += it.key().toPercentEncoding() + '=' + formValue(it.value());
    }
    return out;
}

/// Alipay's canonical string: sorted, non-empty, all but the excluded keys.
inline QByteArray signContent(const QMap<QByteArray, QByteArray> &params,
                              const QList<QByteArray> &excluded)
{
    QByteArray out;
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        if (it.value().isEmpty() || excluded.contains(it.key()))
            continue;
        if (!out.isEmpty())
            out += '&';
        out += it.key() + '=' + it.value();
    }
    return out;
}

struct Answer
{
    HttpResult http;
    QByteArray innerRaw;
    QJsonObject inner;
    bool signatureValid = false;
    QString code() const { return inner.value(QLatin1String("code")).toString(); }
    QString subCode() const { return inner.value(QLatin1String("sub_code")).toString(); }
    QString field(const char *key) const { return inner.value(QLatin1String(key)).toString(); }
};

/// A minimal Alipay client: what an official SDK does, written independently.
class AlipayClient
{
public:
    enum class Layout { AllInBody, SplitQueryAndBody };

    QNetworkAccessManager *nam = nullptr;
    QUrl gateway;
    QString appId;
    paydesk::crypto::RsaKey merchantKey;
    paydesk::crypto::RsaKey providerKey;

    QMap<QByteArray, QByteArray> signedParams(const QByteArray &method, const QJsonObject &biz,
                                              const QString &notifyUrl = {}) const
    {
        QMap<QByteArray, QByteArray> p;
        p.insert("app_id", appId.toUtf8());
        p.insert("method", method);
        p.insert("format", "JSON");
        p.insert("charset", "utf-8");
        p.insert("sign_type", "RSA2");
        p.insert("timestamp", QDateTime::currentDateTimeUtc()
                                  .toTimeZone(QTimeZone(8 * 3600))
                                  .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                  .toUtf8());
        p.insert("version", "1.0");
        if (!notifyUrl.isEmpty())
            p.insert("notify_url", notifyUrl.toUtf8());
        p.insert("biz_content", QJsonDocument(biz).toJson(QJsonDocument::Compact));
        const auto sig = paydesk::crypto::rsaSha256Sign(merchantKey, signContent(p, {"sign"}));
        p.insert("sign", sig.value().toBase64());
        return p;
    }

    Answer send(const QByteArray &method, const QMap<QByteArray, QByteArray> &params,
                Layout layout = Layout::AllInBody, int timeoutMs = 10000) const
    {
        QUrl url = gateway;
        QByteArray body;
        if (layout == Layout::AllInBody) {
            body = formEncode(params);
        } else {
            QMap<QByteArray, QByteArray> common = params;
            common.remove("biz_content");
            url.setQuery(QString::fromLatin1(formEncode(common)), QUrl::StrictMode);
            body = "biz_content=" + formValue(params.value("biz_content"));
        }
        Answer a;
        a.http = http(*nam, url, "POST", body, "application/x-www-form-urlencoded;charset=utf-8",
                      timeoutMs);
        QByteArray key = method;
        key.replace('.', '_');
        key += "_response";
        a.innerRaw = rawInner(a.http.body, key);
        if (a.innerRaw.isEmpty())
            a.innerRaw = rawInner(a.http.body, "error_response");
        a.inner = QJsonDocument::fromJson(a.innerRaw).object();
        const QByteArray sign = QJsonDocument::fromJson(a.http.body)
                                    .object()
                                    .value(QLatin1String("sign"))
                                    .toString()
                                    .toLatin1();
        a.signatureValid =
            !a.innerRaw.isEmpty() && !sign.isEmpty() &&
            paydesk::crypto::rsaSha256Verify(providerKey, a.innerRaw, QByteArray::fromBase64(sign));
        return a;
    }

    Answer call(const QByteArray &method, const QJsonObject &biz, const QString &notifyUrl = {},
                Layout layout = Layout::AllInBody, int timeoutMs = 10000) const
    {
        return send(method, signedParams(method, biz, notifyUrl), layout, timeoutMs);
    }
};

/// Registers a fresh merchant key with \a base and returns a ready client.
inline AlipayClient registerApp(QNetworkAccessManager &nam, const QUrl &base)
{
    AlipayClient c;
    c.nam = &nam;
    c.merchantKey = paydesk::crypto::RsaKey::generate(2048).value();
    const QJsonObject app = control(
        nam, base, QStringLiteral("/sandbox/apps"),
        {{QStringLiteral("provider"), QStringLiteral("alipay")},
         {QStringLiteral("public_key"), QString::fromLatin1(c.merchantKey.publicKeyPem())}});
    c.appId = app.value(QLatin1String("app_id")).toString();
    c.gateway = QUrl(app.value(QLatin1String("gateway")).toString());
    c.providerKey = paydesk::crypto::RsaKey::fromPem(
                        app.value(QLatin1String("provider_public_key")).toString().toLatin1())
                        .value();
    return c;
}

inline QJsonObject tradeIn(QNetworkAccessManager &nam, const QUrl &base, const QString &outTradeNo)
{
    const QJsonArray trades = getJson(nam, base, QStringLiteral("/sandbox/trades"))
                                  .value(QLatin1String("trades"))
                                  .toArray();
    for (const QJsonValue &t : trades)
        if (t.toObject().value(QLatin1String("out_trade_no")).toString() == outTradeNo)
            return t.toObject();
    return {};
}

inline qint64 balanceOf(QNetworkAccessManager &nam, const QUrl &base, const QString &buyerId)
{
    const QJsonArray buyers = getJson(nam, base, QStringLiteral("/sandbox/buyers"))
                                  .value(QLatin1String("buyers"))
                                  .toArray();
    for (const QJsonValue &b : buyers)
        if (b.toObject().value(QLatin1String("buyer_id")).toString() == buyerId)
            return b.toObject().value(QLatin1String("balance_minor")).toInteger();
    return -1;
}

} // namespace sandboxtest
