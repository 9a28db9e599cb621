#include "core/providers/alipay/alipaytransport.h"

#include "core/providers/alipay/alipayjson.h"
#include "core/providers/alipay/alipaylog.h"
#include "core/providers/alipay/alipaysigner.h"
#include "core/util/log.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {
constexpr const char *kTimedOutProperty = "paydesk_alipay_timed_out";
} // namespace

AlipayTransport::AlipayTransport(const AlipayConfig &config, QNetworkAccessManager *network,
                                 Clock *clock, ResultMapping mapping, QObject *parent)
    : QObject(parent), m_config(config), m_pins(m_config.keyPins), m_network(network),
      m_clock(clock), m_mapping(mapping)
{
}

QString AlipayTransport::beijingTimestamp() const
{
    return m_clock->nowUtc().toTimeZone(alipayjson::beijing()).toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

void AlipayTransport::armTimeout(QNetworkReply *reply)
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

void AlipayTransport::call(const QString &method, const QJsonObject &bizContent, AnswerFn done)
{
    const QString scheme = m_config.gateway.scheme();
    if (!m_config.gateway.isValid() || (scheme != u"https" && scheme != u"http") ||
        m_config.appId.isEmpty()) {
        // Nothing can be sent: a definite failure of our configuration, not an unknown outcome.
        qCWarning(lcAlipay) << method << "not sent: Alipay is not configured";
        QTimer::singleShot(0, this, [done] {
            done({ProviderStatus::failure(
                      FailureReason::BadRequest, u"NOT_CONFIGURED"_s, {},
                      tr("Alipay is not configured (gateway or app id missing).")),
                  {}});
        });
        return;
    }
    const QString biz = QString::fromUtf8(QJsonDocument(bizContent).toJson(QJsonDocument::Compact));
    AlipaySigner::Params common{
        {u"app_id"_s, m_config.appId}, {u"method"_s, method},
        {u"format"_s, u"JSON"_s},      {u"charset"_s, u"utf-8"_s},
        {u"sign_type"_s, u"RSA2"_s},   {u"timestamp"_s, beijingTimestamp()},
        {u"version"_s, u"1.0"_s},
    };
    if (!m_config.notifyUrl.isEmpty())
        common.insert(u"notify_url"_s, m_config.notifyUrl);
    AlipaySigner::Params all = common;
    all.insert(u"biz_content"_s, biz);
    auto signature = AlipaySigner::sign(all, m_config.appPrivateKey);
    if (!signature.ok()) {
        // Nothing was sent, so this is a definite failure of ours, not an unknown outcome.
        qCWarning(lcAlipay) << method << "could not be signed:" << signature.error().message;
        QTimer::singleShot(0, this, [done, signature] {
            done({ProviderStatus::failure(FailureReason::BadRequest, u"SIGN_FAILED"_s, {},
                                          signature.error().message),
                  {}});
        });
        return;
    }
    common.insert(u"sign"_s, signature.value());

    QUrl url = m_config.gateway;
    const QByteArray query = AlipaySigner::encodeForm(common);
    url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      u"application/x-www-form-urlencoded;charset=utf-8"_s);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    const QByteArray body = AlipaySigner::encodeForm({{u"biz_content"_s, biz}});

    qCDebug(lcAlipay) << "->" << method << bizContent.value(u"out_trade_no"_s).toString();
    QNetworkReply *reply = m_network->post(request, body);
    m_pins.attach(reply);
    armTimeout(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, method, done] {
        reply->deleteLater();
        handleReply(reply, method, reply->property(kTimedOutProperty).toBool(), done);
    });
}

void AlipayTransport::handleReply(QNetworkReply *reply, const QString &method, bool timedOut,
                                  AnswerFn done)
{
    const auto unknown = [&](FailureReason reason, const QString &code, const QString &why) {
        qCWarning(lcAlipay) << method << "outcome unknown:" << code << why;
        done({ProviderStatus::unknownOutcome(reason, code, why), {}});
    };
    const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (timedOut)
        return unknown(FailureReason::NetworkTrouble, u"TIMEOUT"_s,
                       tr("No answer within %1 ms.").arg(m_config.timeoutMs));
    if (http >= 500)
        return unknown(FailureReason::ProviderBusy, u"HTTP_%1"_s.arg(http),
                       tr("The provider answered HTTP %1.").arg(http));
    if (reply->error() != QNetworkReply::NoError && http == 0)
        return unknown(FailureReason::NetworkTrouble, u"NETWORK"_s, reply->errorString());
    if (http != 200)
        return unknown(FailureReason::Other, u"HTTP_%1"_s.arg(http),
                       tr("The provider answered HTTP %1.").arg(http));

    const QByteArray body = reply->readAll();
    if (body.trimmed().isEmpty())
        return unknown(FailureReason::NetworkTrouble, u"EMPTY"_s,
                       tr("The provider sent an empty answer."));
    std::optional<QByteArray> raw =
        AlipaySigner::extractRawObject(body, AlipaySigner::responseKey(method));
    if (!raw)
        raw = AlipaySigner::extractRawObject(body, u"error_response"_s);
    QJsonParseError parseError;
    const QJsonDocument whole = QJsonDocument::fromJson(body, &parseError);
    if (!raw || parseError.error != QJsonParseError::NoError || !whole.isObject())
        return unknown(FailureReason::Other, u"UNPARSEABLE"_s,
                       tr("The provider's answer could not be read."));

    const QString sign = whole.object().value(u"sign"_s).toString();
    const bool verified =
        !sign.isEmpty() && AlipaySigner::verifyResponse(*raw, sign, m_config.alipayPublicKey);
    if (!verified) {
        qCWarning(lcSecurity) << "Alipay answer to" << method
                              << (sign.isEmpty() ? "is unsigned" : "has a bad signature")
                              << "- not believed";
        return unknown(FailureReason::InvalidSignature,
                       sign.isEmpty() ? u"UNSIGNED"_s : u"BAD_SIGNATURE"_s,
                       tr("The provider's answer failed its signature check."));
    }
    const QJsonObject inner = QJsonDocument::fromJson(*raw).object();
    const QString code = alipayjson::str(inner, u"code"_s);
    const QString subCode = alipayjson::str(inner, u"sub_code"_s);
    QString message = alipayjson::str(inner, u"sub_msg"_s);
    if (message.isEmpty())
        message = alipayjson::str(inner, u"msg"_s);
    ProviderStatus status = m_mapping(code, subCode, message);
    qCInfo(lcAlipay) << method << "<-" << code << subCode << message;
    done({status, inner});
}

void AlipayTransport::fetch(const QUrl &url, std::function<void(Result<QByteArray>)> done)
{
    QNetworkRequest request(url);
    QNetworkReply *reply = m_network->get(request);
    m_pins.attach(reply);
    armTimeout(reply);
    connect(reply, &QNetworkReply::finished, this, [reply, done] {
        reply->deleteLater();
        const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->property(kTimedOutProperty).toBool())
            return done(
                Result<QByteArray>::failure(u"TIMEOUT"_s, tr("The statement download timed out.")));
        if (reply->error() != QNetworkReply::NoError || http != 200)
            return done(Result<QByteArray>::failure(
                u"DOWNLOAD"_s, tr("The statement download failed: %1").arg(reply->errorString())));
        done(reply->readAll());
    });
}

} // namespace paydesk
