#include "core/providers/wechatpay/wechatpaytransport.h"

#include "core/providers/wechatpay/wechatpaylog.h"
#include "core/providers/wechatpay/wechatpaymapping.h"
#include "core/providers/wechatpay/wechatpayv3signer.h"
#include "core/util/log.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {
constexpr const char *kTimedOutProperty = "paydesk_wechatpay_timed_out";

QMap<QByteArray, QByteArray> headersOf(const QNetworkReply *reply)
{
    QMap<QByteArray, QByteArray> out;
    for (const auto &[name, value] : reply->rawHeaderPairs())
        out.insert(name.toLower(), value);
    return out;
}

// Why nothing could be believed: the common first checks of both API versions. Empty when
// the reply is an HTTP answer worth reading.
std::optional<ProviderStatus> transportTrouble(QNetworkReply *reply, int timeoutMs)
{
    const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->property(kTimedOutProperty).toBool())
        return ProviderStatus::unknownOutcome(
            FailureReason::NetworkTrouble, u"TIMEOUT"_s,
            WechatPayTransport::tr("No answer within %1 ms.").arg(timeoutMs));
    if (http == 0)
        return ProviderStatus::unknownOutcome(FailureReason::NetworkTrouble, u"NETWORK"_s,
                                              reply->errorString());
    if (http >= 300 && http < 400)
        return ProviderStatus::unknownOutcome(
            FailureReason::Other, u"HTTP_%1"_s.arg(http),
            WechatPayTransport::tr("The provider answered HTTP %1.").arg(http));
    return std::nullopt;
}
} // namespace

WechatPayTransport::WechatPayTransport(const WechatPayConfig &config,
                                       QNetworkAccessManager *network, Clock *clock,
                                       QObject *parent)
    : QObject(parent), m_config(config), m_pins(m_config.keyPins), m_network(network),
      m_clock(clock)
{
}

bool WechatPayTransport::configured() const
{
    const QString scheme = m_config.baseUrl.scheme();
    return m_config.baseUrl.isValid() && (scheme == u"https" || scheme == u"http") &&
           !m_config.mchid.isEmpty() && !m_config.appid.isEmpty();
}

QUrl WechatPayTransport::urlFor(const QString &target) const
{
    QUrl url = m_config.baseUrl;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    const qsizetype q = target.indexOf(u'?');
    url.setPath(base + target.left(q), QUrl::StrictMode);
    if (q >= 0)
        url.setQuery(target.mid(q + 1), QUrl::StrictMode);
    else
        url.setQuery(QString());
    return url;
}

QByteArray WechatPayTransport::wireTarget(const QUrl &url)
{
    // What QNetworkAccessManager puts on the request line: no decoding, no re-encoding.
    QByteArray target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority |
                                      QUrl::RemoveFragment | QUrl::RemoveUserInfo);
    return target.isEmpty() ? QByteArrayLiteral("/") : target;
}

void WechatPayTransport::armTimeout(QNetworkReply *reply)
{
    auto *timer = new QTimer(reply);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, reply, [reply] {
        if (reply->isRunning()) {
            reply->setProperty(kTimedOutProperty, true);
            reply->abort();
        }
    });
    timer->start(std::max(1, m_config.timeoutMs));
}

QNetworkReply *WechatPayTransport::send(const QByteArray &method, const QUrl &url,
                                        const QByteArray &body, const QByteArray &contentType,
                                        bool signV3)
{
    QNetworkRequest request(url);
    request.setRawHeader("Content-Type", contentType);
    request.setRawHeader("Accept", signV3 ? "application/json" : "*/*");
    request.setRawHeader("User-Agent", "Paydesk");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    if (signV3) {
        auto authorization = WechatPayV3Signer::authorization(
            m_config.merchantKey, m_config.mchid, m_config.merchantSerial, method, wireTarget(url),
            m_clock->nowUtc().toSecsSinceEpoch(), WechatPayV3Signer::nonce(), body);
        if (!authorization.ok()) {
            qCWarning(lcWechatPay)
                << "request could not be signed:" << authorization.error().message;
            return nullptr;
        }
        request.setRawHeader("Authorization", authorization.value());
    }
    QNetworkReply *reply = m_network->sendCustomRequest(request, method, body);
    m_pins.attach(reply);
    armTimeout(reply);
    return reply;
}

void WechatPayTransport::v3(const QByteArray &method, const QString &target,
                            const std::optional<QJsonObject> &body,
                            std::function<void(const V3Answer &)> done)
{
    const auto refuse = [this, done](const QString &code, const QString &why) {
        // Nothing was sent: a definite failure of our configuration, not an unknown outcome.
        QTimer::singleShot(0, this, [done, code, why] {
            done({ProviderStatus::failure(FailureReason::BadRequest, code, {}, why), 0, {}, false});
        });
    };
    if (!configured())
        return refuse(u"NOT_CONFIGURED"_s,
                      tr("WeChat Pay is not configured (address, merchant or app id missing)."));
    const QByteArray bytes =
        body ? QJsonDocument(*body).toJson(QJsonDocument::Compact) : QByteArray();
    QNetworkReply *reply =
        send(method, urlFor(target), bytes, QByteArrayLiteral("application/json"), true);
    if (!reply)
        return refuse(u"SIGN_FAILED"_s, tr("The request could not be signed."));
    const QString what = QString::fromLatin1(method) + u' ' + target.section(u'?', 0, 0);
    qCDebug(lcWechatPay) << "->" << what;
    connect(reply, &QNetworkReply::finished, this, [this, reply, what, done] {
        reply->deleteLater();
        handleV3(reply, what, done);
    });
}

void WechatPayTransport::handleV3(QNetworkReply *reply, const QString &what,
                                  const std::function<void(const V3Answer &)> &done)
{
    const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (auto trouble = transportTrouble(reply, m_config.timeoutMs)) {
        qCWarning(lcWechatPay) << what << "outcome unknown:" << trouble->code << trouble->message;
        return done({*trouble, http, {}, false});
    }
    const QByteArray body = reply->readAll();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (http / 100 != 2) {
        // Nothing in an error answer is taken as business data beyond its code. WeChat Pay
        // signs the answer whenever it accepted our request's signature (so not a 401): a
        // signed error is checked like any answer, and a signature that fails is not believed
        // (a wrong platform key shows here). An unsigned one keeps its code, marked unverified.
        const QJsonObject error = doc.object();
        const bool signedAnswer = http != 401 && reply->hasRawHeader("Wechatpay-Signature");
        if (signedAnswer) {
            const Status verified = WechatPayV3Signer::verify(
                headersOf(reply), body, m_config.platformSerial, m_config.platformKey,
                m_clock->nowUtc(), m_config.maxClockSkewSeconds);
            if (!verified.ok()) {
                qCWarning(lcSecurity) << "WeChat Pay error answer to" << what
                                      << "not believed:" << verified.error().code;
                return done({ProviderStatus::unknownOutcome(FailureReason::InvalidSignature,
                                                            verified.error().code,
                                                            verified.error().message),
                             http,
                             {},
                             false});
            }
        }
        const ProviderStatus status = wechatpay::mapV3Error(http, error.value(u"code"_s).toString(),
                                                            error.value(u"message"_s).toString());
        qCInfo(lcWechatPay) << what << "<-" << http << status.code << status.message
                            << (signedAnswer ? "(signed)" : "(unsigned)");
        return done({status, http, error, signedAnswer});
    }
    const Status verified = WechatPayV3Signer::verify(
        headersOf(reply), body, m_config.platformSerial, m_config.platformKey, m_clock->nowUtc(),
        m_config.maxClockSkewSeconds);
    if (!verified.ok()) {
        qCWarning(lcSecurity) << "WeChat Pay answer to" << what
                              << "not believed:" << verified.error().code;
        return done(
            {ProviderStatus::unknownOutcome(FailureReason::InvalidSignature, verified.error().code,
                                            verified.error().message),
             http,
             {},
             false});
    }
    if (!body.isEmpty() && (parseError.error != QJsonParseError::NoError || !doc.isObject()))
        return done({ProviderStatus::unknownOutcome(FailureReason::Other, u"UNPARSEABLE"_s,
                                                    tr("The provider's answer could not be read.")),
                     http,
                     {},
                     false});
    qCInfo(lcWechatPay) << what << "<-" << http;
    done({ProviderStatus::success(), http, doc.object(), true});
}

void WechatPayTransport::v2(const QString &path, WechatPayV2::Params params,
                            std::function<void(const V2Answer &)> done)
{
    if (!configured() || m_config.apiv2Key.isEmpty()) {
        QTimer::singleShot(0, this, [done] {
            done({ProviderStatus::failure(
                      FailureReason::BadRequest, u"NOT_CONFIGURED"_s, {},
                      tr("WeChat Pay is not configured for payment codes (APIv2 key missing).")),
                  {}});
        });
        return;
    }
    params.insert(u"appid"_s, m_config.appid);
    params.insert(u"mch_id"_s, m_config.mchid);
    params.insert(u"nonce_str"_s, WechatPayV3Signer::nonce());
    const QString signType = WechatPayV2::signTypeName(m_config.v2Sign);
    if (!signType.isEmpty())
        params.insert(u"sign_type"_s, signType);
    params.insert(u"sign"_s, WechatPayV2::sign(params, m_config.apiv2Key, m_config.v2Sign));
    QNetworkReply *reply = send("POST", urlFor(path), WechatPayV2::toXml(params),
                                QByteArrayLiteral("text/xml; charset=utf-8"), false);
    const QString what = path + u' ' + params.value(u"out_trade_no"_s);
    qCDebug(lcWechatPay) << "->" << what;
    connect(reply, &QNetworkReply::finished, this, [this, reply, what, done] {
        reply->deleteLater();
        handleV2(reply, what, done);
    });
}

void WechatPayTransport::handleV2(QNetworkReply *reply, const QString &what,
                                  const std::function<void(const V2Answer &)> &done)
{
    const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const auto unknown = [&](FailureReason reason, const QString &code, const QString &why) {
        qCWarning(lcWechatPay) << what << "outcome unknown:" << code << why;
        done({ProviderStatus::unknownOutcome(reason, code, why), {}});
    };
    if (auto trouble = transportTrouble(reply, m_config.timeoutMs))
        return unknown(trouble->reason, trouble->code, trouble->message);
    if (http != 200)
        return unknown(http >= 500 ? FailureReason::ProviderBusy : FailureReason::Other,
                       u"HTTP_%1"_s.arg(http), tr("The provider answered HTTP %1.").arg(http));
    auto parsed = WechatPayV2::parseXml(reply->readAll());
    if (!parsed.ok())
        return unknown(FailureReason::Other, u"UNPARSEABLE"_s, parsed.error().message);
    const WechatPayV2::Params &answer = parsed.value();
    // return_code FAIL answers are not signed: the request may or may not have been processed.
    if (answer.value(u"return_code"_s) != u"SUCCESS")
        return unknown(FailureReason::Other, answer.value(u"return_code"_s, u"NO_RETURN_CODE"_s),
                       answer.value(u"return_msg"_s));
    if (!WechatPayV2::verify(answer, m_config.apiv2Key, m_config.v2Sign)) {
        qCWarning(lcSecurity) << "WeChat Pay v2 answer to" << what
                              << (answer.value(u"sign"_s).isEmpty() ? "is unsigned"
                                                                    : "has a bad signature")
                              << "- not believed";
        return unknown(FailureReason::InvalidSignature,
                       answer.value(u"sign"_s).isEmpty() ? u"UNSIGNED"_s : u"BAD_SIGNATURE"_s,
                       tr("The provider's answer failed its signature check."));
    }
    if ((!answer.value(u"mch_id"_s).isEmpty() && answer.value(u"mch_id"_s) != m_config.mchid) ||
        (!answer.value(u"appid"_s).isEmpty() && answer.value(u"appid"_s) != m_config.appid))
        return unknown(FailureReason::InvalidSignature, u"WRONG_MERCHANT"_s,
                       tr("The provider's answer is for another merchant."));
    const ProviderStatus status =
        wechatpay::mapV2(answer.value(u"result_code"_s), answer.value(u"err_code"_s),
                         answer.value(u"err_code_des"_s));
    qCInfo(lcWechatPay) << what << "<-" << answer.value(u"result_code"_s)
                        << answer.value(u"err_code"_s);
    done({status, answer});
}

void WechatPayTransport::download(const QUrl &url, std::function<void(Result<QByteArray>)> done)
{
    const QUrl base = m_config.baseUrl;
    if (url.scheme() != base.scheme() || url.host() != base.host() ||
        url.port(url.scheme() == u"https" ? 443 : 80) !=
            base.port(base.scheme() == u"https" ? 443 : 80)) {
        qCWarning(lcSecurity) << "bill download address on another host refused:" << url.host();
        QTimer::singleShot(0, this, [done] {
            done(Result<QByteArray>::failure(
                u"wechatpay.bill_host"_s,
                tr("The statement address is not on the provider's own host.")));
        });
        return;
    }
    QNetworkReply *reply = send("GET", url, {}, QByteArrayLiteral("application/json"), true);
    if (!reply) {
        QTimer::singleShot(0, this, [done] {
            done(Result<QByteArray>::failure(u"SIGN_FAILED"_s,
                                             tr("The request could not be signed.")));
        });
        return;
    }
    connect(reply, &QNetworkReply::finished, this, [this, reply, done] {
        reply->deleteLater();
        const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (auto trouble = transportTrouble(reply, m_config.timeoutMs))
            return done(Result<QByteArray>::failure(
                u"DOWNLOAD"_s, tr("The statement download failed: %1").arg(trouble->message)));
        if (http != 200)
            return done(Result<QByteArray>::failure(
                u"DOWNLOAD"_s, tr("The statement download failed: HTTP %1").arg(http)));
        done(reply->readAll());
    });
}

} // namespace paydesk
