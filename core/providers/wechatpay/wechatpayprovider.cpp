#include "core/providers/wechatpay/wechatpayprovider.h"

#include "core/crypto/crypto.h"
#include "core/providers/wechatpay/wechatpaybillparser.h"
#include "core/providers/wechatpay/wechatpayfundbillparser.h"
#include "core/providers/wechatpay/wechatpaylog.h"
#include "core/providers/wechatpay/wechatpaymapping.h"
#include "core/providers/wechatpay/wechatpayv3signer.h"
#include "core/util/log.h"

#include <QJsonDocument>
#include <QPointer>
#include <QTimeZone>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

QTimeZone beijing()
{
    return QTimeZone("Asia/Shanghai");
}

QString str(const QJsonObject &o, const QString &key)
{
    return o.value(key).toString();
}

Money fen(const QJsonObject &o, const QString &key)
{
    return Money::fromMinor(o.value(key).toInteger());
}

Money fenOf(const QString &text)
{
    bool ok = false;
    const qint64 minor = text.toLongLong(&ok);
    return ok ? Money::fromMinor(minor) : Money();
}

QDateTime v2Time(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, u"yyyyMMddHHmmss"_s);
    if (!t.isValid())
        return {};
    t.setTimeZone(beijing());
    return t.toUTC();
}

// The trade is another merchant's or app's: nothing of it may be believed.
bool foreign(const QJsonObject &o, const WechatPayConfig &config)
{
    return (!str(o, u"mchid"_s).isEmpty() && str(o, u"mchid"_s) != config.mchid) ||
           (!str(o, u"appid"_s).isEmpty() && str(o, u"appid"_s) != config.appid);
}

ProviderStatus foreignAnswer()
{
    return ProviderStatus::unknownOutcome(
        FailureReason::InvalidSignature, u"WRONG_MERCHANT"_s,
        WechatPayProvider::tr("The provider's answer is for another merchant."));
}

} // namespace

WechatPayProvider::WechatPayProvider(WechatPayConfig config, QNetworkAccessManager *network,
                                     Clock *clock, QObject *parent)
    : PaymentProvider(parent), m_config(std::move(config)),
      m_transport(m_config, network, clock, this), m_clock(clock)
{
}

NotificationAck WechatPayProvider::notificationAck()
{
    NotificationAck ack;
    ack.httpStatus = 200;
    ack.contentType = QByteArrayLiteral("application/json");
    ack.body = QStringLiteral(R"({"code":"SUCCESS","message":"成功"})").toUtf8();
    ack.failureBody = QStringLiteral(R"({"code":"FAIL","message":"失败"})").toUtf8();
    return ack;
}

TradeReply WechatPayProvider::tradeFromV3(const QJsonObject &o, ProviderStatus status)
{
    TradeReply r;
    r.status = std::move(status);
    r.state = wechatpay::tradeState(str(o, u"trade_state"_s));
    r.outTradeNo = str(o, u"out_trade_no"_s);
    r.transactionId = str(o, u"transaction_id"_s);
    const QJsonObject amount = o.value(u"amount"_s).toObject();
    r.total = fen(amount, u"total"_s);
    r.buyerId = str(o.value(u"payer"_s).toObject(), u"openid"_s);
    r.paidAt = QDateTime::fromString(str(o, u"success_time"_s), Qt::ISODate).toUTC();
    return r;
}

TradeReply WechatPayProvider::tradeFromV2(const QMap<QString, QString> &p, ProviderStatus status,
                                          TradeState state)
{
    TradeReply r;
    r.status = std::move(status);
    r.state = state;
    r.outTradeNo = p.value(u"out_trade_no"_s);
    r.transactionId = p.value(u"transaction_id"_s);
    r.total = fenOf(p.value(u"total_fee"_s));
    r.buyerId = p.value(u"openid"_s);
    r.paidAt = v2Time(p.value(u"time_end"_s));
    return r;
}

RefundReply WechatPayProvider::refundFromV3(const QJsonObject &o, ProviderStatus status)
{
    RefundReply r;
    r.status = std::move(status);
    r.outTradeNo = str(o, u"out_trade_no"_s);
    r.outRequestNo = str(o, u"out_refund_no"_s);
    r.refundId = str(o, u"refund_id"_s);
    r.refundAmount = fen(o.value(u"amount"_s).toObject(), u"refund"_s);
    const QString state = str(o, u"status"_s);
    if (!r.status.ok())
        r.state = r.status.failed() ? RefundReply::State::Failed : RefundReply::State::Processing;
    else if (state == u"SUCCESS")
        r.state = RefundReply::State::Success;
    else if (state == u"CLOSED")
        r.state = RefundReply::State::Failed;
    else // PROCESSING, ABNORMAL (the bank refused the card: the merchant must act)
        r.state = RefundReply::State::Processing;
    // WeChat names no cumulative total and does not mark a replayed out_refund_no: the same
    // number refunds once, and every answer describes that one refund.
    r.fundChanged = r.state != RefundReply::State::Failed && r.status.ok();
    return r;
}

void WechatPayProvider::createQrOrder(const QrOrderRequest &request, Reply<QrOrderReply> done)
{
    if (m_config.notifyUrl.isEmpty()) {
        // WeChat refuses a native order without one; nothing is sent, nothing can be paid.
        QTimer::singleShot(0, this, [done] {
            QrOrderReply r;
            r.status = ProviderStatus::failure(
                FailureReason::BadRequest, u"NO_NOTIFY_URL"_s, {},
                tr("WeChat Pay needs a notification address (notify_url) for QR orders."));
            done(r);
        });
        return;
    }
    QJsonObject body{
        {u"appid"_s, m_config.appid},
        {u"mchid"_s, m_config.mchid},
        {u"description"_s, request.subject},
        {u"out_trade_no"_s, request.outTradeNo},
        {u"amount"_s, QJsonObject{{u"total"_s, request.amount.minor()},
                                  {u"currency"_s, request.amount.currency().code}}},
    };
    body.insert(u"notify_url"_s, m_config.notifyUrl);
    if (request.timeoutMinutes > 0)
        body.insert(u"time_expire"_s, m_clock->nowUtc()
                                          .addSecs(qint64(request.timeoutMinutes) * 60)
                                          .toTimeZone(beijing())
                                          .toString(Qt::ISODate));
    m_transport.v3("POST", u"/v3/pay/transactions/native"_s, body,
                   [done](const WechatPayTransport::V3Answer &a) {
                       QrOrderReply r;
                       r.status = a.status;
                       if (r.status.ok()) {
                           r.qrCode = str(a.body, u"code_url"_s);
                           if (r.qrCode.isEmpty())
                               r.status = ProviderStatus::unknownOutcome(
                                   FailureReason::Other, u"NO_CODE_URL"_s,
                                   tr("The provider sent no QR code."));
                       }
                       done(r);
                   });
}

void WechatPayProvider::payWithCode(const CodePayRequest &request, Reply<TradeReply> done)
{
    const QString out = request.outTradeNo;
    m_codeOrders.insert(out);
    WechatPayV2::Params params{
        {u"body"_s, request.subject},
        {u"out_trade_no"_s, out},
        {u"total_fee"_s, QString::number(request.amount.minor())},
        {u"fee_type"_s, request.amount.currency().code},
        {u"spbill_create_ip"_s, m_config.clientIp},
        {u"auth_code"_s, request.authCode},
    };
    if (!request.storeId.isEmpty())
        params.insert(u"device_info"_s, request.storeId);
    m_transport.v2(u"/pay/micropay"_s, params, [done, out](const WechatPayTransport::V2Answer &a) {
        TradeState state = TradeState::NotExist;
        if (a.status.ok())
            state = a.status.code == u"USERPAYING" ? TradeState::UserPaying : TradeState::Success;
        else if (a.status.failed() && a.status.reason == FailureReason::TradeClosed)
            state = TradeState::Closed;
        TradeReply r = tradeFromV2(a.params, a.status, state);
        if (r.outTradeNo.isEmpty())
            r.outTradeNo = out;
        done(r);
    });
}

void WechatPayProvider::query(const QString &outTradeNo, Reply<TradeReply> done)
{
    if (m_codeOrders.contains(outTradeNo))
        queryV2(outTradeNo, std::move(done));
    else
        queryV3(outTradeNo, std::move(done));
}

void WechatPayProvider::queryV2(const QString &outTradeNo, Reply<TradeReply> done)
{
    m_transport.v2(u"/pay/orderquery"_s, {{u"out_trade_no"_s, outTradeNo}},
                   [done, outTradeNo](const WechatPayTransport::V2Answer &a) {
                       ProviderStatus status = a.status;
                       TradeState state = TradeState::NotExist;
                       if (status.ok()) {
                           state = wechatpay::tradeState(a.params.value(u"trade_state"_s));
                       } else if (status.failed() &&
                                  status.reason == FailureReason::TradeNotExist) {
                           status.kind = ProviderStatus::Kind::Ok; // an answer: no such trade
                       }
                       TradeReply r = tradeFromV2(a.params, status, state);
                       if (r.outTradeNo.isEmpty())
                           r.outTradeNo = outTradeNo;
                       done(r);
                   });
}

void WechatPayProvider::queryV3(const QString &outTradeNo, Reply<TradeReply> done)
{
    const QString target =
        u"/v3/pay/transactions/out-trade-no/%1?mchid=%2"_s.arg(outTradeNo, m_config.mchid);
    m_transport.v3("GET", target, std::nullopt,
                   [this, done, outTradeNo](const WechatPayTransport::V3Answer &a) {
                       ProviderStatus status = a.status;
                       if (status.ok() && foreign(a.body, m_config))
                           status = foreignAnswer();
                       if (!status.ok()) {
                           TradeReply r;
                           r.status = status;
                           r.outTradeNo = outTradeNo;
                           // "No such trade" is a fact only when WeChat Pay signed it: the
                           // proof of a connected account rests on it (CredentialCheck).
                           if (status.failed() && status.reason == FailureReason::TradeNotExist)
                               r.status.kind = a.verified ? ProviderStatus::Kind::Ok
                                                          : ProviderStatus::Kind::Unknown;
                           return done(r);
                       }
                       TradeReply r = tradeFromV3(a.body, status);
                       if (r.outTradeNo.isEmpty())
                           r.outTradeNo = outTradeNo;
                       done(r);
                   });
}

void WechatPayProvider::close(const QString &outTradeNo, Reply<ProviderStatus> done)
{
    m_transport.v3("POST", u"/v3/pay/transactions/out-trade-no/%1/close"_s.arg(outTradeNo),
                   QJsonObject{{u"mchid"_s, m_config.mchid}},
                   [done](const WechatPayTransport::V3Answer &a) { done(a.status); });
}

void WechatPayProvider::cancel(const QString &outTradeNo, Reply<CancelReply> done)
{
    m_transport.v2(u"/secapi/pay/reverse"_s, {{u"out_trade_no"_s, outTradeNo}},
                   [done](const WechatPayTransport::V2Answer &a) {
                       CancelReply r;
                       r.status = a.status;
                       // The buyer is still typing, or WeChat is busy: reverse again later.
                       const bool again = a.status.code == u"USERPAYING" ||
                                          a.status.subCode == u"USERPAYING" || a.status.unknown();
                       r.retry = a.params.value(u"recall"_s) == u"Y" || again;
                       if (a.status.code == u"USERPAYING")
                           r.status.kind = ProviderStatus::Kind::Unknown;
                       done(r);
                   });
}

void WechatPayProvider::refund(const RefundRequest &request, Reply<RefundReply> done)
{
    if (request.orderTotal.isZero() || request.amount.isZero()) {
        QTimer::singleShot(0, this, [done, request] {
            RefundReply r;
            r.status = ProviderStatus::failure(FailureReason::BadRequest, u"NO_TOTAL"_s, {},
                                               tr("A WeChat Pay refund needs the order total."));
            r.outTradeNo = request.outTradeNo;
            r.outRequestNo = request.outRequestNo;
            r.state = RefundReply::State::Failed;
            r.fundChanged = false;
            done(r);
        });
        return;
    }
    QJsonObject body{
        {u"out_trade_no"_s, request.outTradeNo},
        {u"out_refund_no"_s, request.outRequestNo},
        {u"amount"_s, QJsonObject{{u"refund"_s, request.amount.minor()},
                                  {u"total"_s, request.orderTotal.minor()},
                                  {u"currency"_s, request.amount.currency().code}}},
    };
    if (!request.reason.isEmpty())
        body.insert(u"reason"_s, request.reason);
    m_transport.v3("POST", u"/v3/refund/domestic/refunds"_s, body,
                   [done, request](const WechatPayTransport::V3Answer &a) {
                       RefundReply r = refundFromV3(a.body, a.status);
                       r.outTradeNo = request.outTradeNo;
                       r.outRequestNo = request.outRequestNo;
                       if (!a.status.ok())
                           r.refundAmount = request.amount;
                       done(r);
                   });
}

void WechatPayProvider::refundQuery(const QString &outTradeNo, const QString &outRequestNo,
                                    Reply<RefundReply> done)
{
    m_transport.v3("GET", u"/v3/refund/domestic/refunds/%1"_s.arg(outRequestNo), std::nullopt,
                   [done, outTradeNo, outRequestNo](const WechatPayTransport::V3Answer &a) {
                       ProviderStatus status = a.status;
                       // No such refund: the request never arrived. An answer, not an error.
                       const bool missing =
                           status.failed() && status.reason == FailureReason::TradeNotExist;
                       if (missing)
                           status.kind = ProviderStatus::Kind::Ok;
                       RefundReply r = refundFromV3(a.body, status);
                       if (missing) {
                           r.state = RefundReply::State::Failed;
                           r.fundChanged = false;
                       }
                       r.outTradeNo = outTradeNo;
                       r.outRequestNo = outRequestNo;
                       done(r);
                   });
}

void WechatPayProvider::downloadBill(
    const QString &target,
    std::function<void(const ProviderStatus &, const QByteArray &, const QByteArray &)> done)
{
    QPointer<WechatPayProvider> self(this);
    m_transport.v3(
        "GET", target, std::nullopt, [self, done, target](const WechatPayTransport::V3Answer &a) {
            if (!a.status.ok() || !self)
                return done(a.status, {}, {});
            const QUrl url(str(a.body, u"download_url"_s));
            const QString hashType = str(a.body, u"hash_type"_s);
            const QByteArray hash = str(a.body, u"hash_value"_s).toLower().toLatin1();
            if (!url.isValid() || url.isEmpty() || hashType != u"SHA1" || hash.isEmpty())
                return done(
                    ProviderStatus::unknownOutcome(FailureReason::Other, u"NO_BILL"_s,
                                                   tr("The provider sent no statement address or "
                                                      "checksum.")),
                    {}, {});
            self->m_transport.download(url, [done, hash, target](const Result<QByteArray> &file) {
                if (!file.ok())
                    return done(ProviderStatus::unknownOutcome(FailureReason::NetworkTrouble,
                                                               file.error().code,
                                                               file.error().message),
                                {}, {});
                if (!crypto::constantTimeEquals(crypto::sha1(file.value()).toHex(), hash)) {
                    qCWarning(lcSecurity)
                        << "WeChat Pay bill" << target << "does not match its SHA1: refused";
                    return done(ProviderStatus::failure(
                                    FailureReason::InvalidSignature, u"wechatpay.bill.hash"_s, {},
                                    tr("The downloaded statement does not match its "
                                       "checksum.")),
                                {}, {});
                }
                done(ProviderStatus::success(), file.value(), hash);
            });
        });
}

void WechatPayProvider::downloadStatement(const QDate &day, Reply<StatementReply> done)
{
    downloadBill(
        u"/v3/bill/tradebill?bill_date=%1&bill_type=ALL"_s.arg(day.toString(Qt::ISODate)),
        [done, day](const ProviderStatus &status, const QByteArray &file, const QByteArray &) {
            StatementReply r;
            r.day = day;
            r.status = status;
            if (!status.ok())
                return done(r);
            auto lines = WechatPayBillParser::parse(file);
            if (!lines.ok()) {
                r.status = ProviderStatus::failure(FailureReason::Other, lines.error().code, {},
                                                   lines.error().message);
                return done(r);
            }
            r.rawFile = file;
            r.sha256 = crypto::sha256(r.rawFile);
            r.lines = lines.value();
            qCInfo(lcWechatPay) << "statement of" << r.day << ":" << r.lines.size() << "lines";
            done(r);
        });
}

void WechatPayProvider::downloadFundStatement(const QDate &day, Reply<FundStatementReply> done)
{
    downloadBill(
        u"/v3/bill/fundflowbill?bill_date=%1&account_type=BASIC"_s.arg(day.toString(Qt::ISODate)),
        [done, day](const ProviderStatus &status, const QByteArray &file, const QByteArray &hash) {
            FundStatementReply r;
            r.day = day;
            r.status = status;
            if (!status.ok())
                return done(r);
            auto payouts = WechatPayFundBillParser::parse(file, providerId());
            if (!payouts.ok()) {
                r.status = ProviderStatus::failure(FailureReason::Other, payouts.error().code, {},
                                                   payouts.error().message);
                return done(r);
            }
            r.rawFile = file;
            r.sha256 = crypto::sha256(r.rawFile);
            r.providerHash = hash;
            r.payouts = payouts.value();
            qCInfo(lcWechatPay) << "fund statement of" << r.day << ":" << r.payouts.size()
                                << "payouts";
            done(r);
        });
}

Result<Notification>
WechatPayProvider::verifyNotification(const QByteArray &body,
                                      const QMap<QByteArray, QByteArray> &headers)
{
    using R = Result<Notification>;
    QMap<QByteArray, QByteArray> lower;
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        lower.insert(it.key().toLower(), it.value());
    const Status signedOk =
        WechatPayV3Signer::verify(lower, body, m_config.platformSerial, m_config.platformKey,
                                  m_clock->nowUtc(), m_config.maxClockSkewSeconds);
    if (!signedOk.ok()) {
        qCWarning(lcSecurity) << "WeChat Pay callback rejected:" << signedOk.error().code;
        return signedOk.error();
    }
    const QJsonObject envelope = QJsonDocument::fromJson(body).object();
    const QJsonObject resource = envelope.value(u"resource"_s).toObject();
    if (str(resource, u"algorithm"_s) != u"AEAD_AES_256_GCM")
        return R::failure(u"wechatpay.notify.malformed"_s,
                          tr("The notification is not encrypted the way WeChat Pay encrypts."));
    auto plain = WechatPayV3Signer::decryptResource(
        m_config.apiv3Key, str(resource, u"nonce"_s).toUtf8(),
        str(resource, u"associated_data"_s).toUtf8(), str(resource, u"ciphertext"_s).toUtf8());
    if (!plain.ok()) {
        qCWarning(lcSecurity) << "WeChat Pay callback does not decrypt:" << plain.error().code;
        return R::failure(u"wechatpay.notify.decrypt"_s,
                          tr("The notification could not be decrypted."));
    }
    const QJsonObject o = QJsonDocument::fromJson(plain.value()).object();
    if (foreign(o, m_config))
        return R::failure(u"wechatpay.notify.wrong_merchant"_s,
                          tr("The notification is for another merchant."));
    Notification n;
    n.notifyId = str(envelope, u"id"_s);
    n.eventType = str(envelope, u"event_type"_s);
    n.outTradeNo = str(o, u"out_trade_no"_s);
    n.transactionId = str(o, u"transaction_id"_s);
    n.buyerId = str(o.value(u"payer"_s).toObject(), u"openid"_s);
    const QJsonObject amount = o.value(u"amount"_s).toObject();
    if (n.eventType.startsWith(u"TRANSACTION.")) {
        n.state = wechatpay::tradeState(str(o, u"trade_state"_s));
        n.amount = fen(amount, u"total"_s);
    } else {
        // A refund's news is no payment: the checkout only acknowledges it.
        n.state = TradeState::NotExist;
        n.amount = fen(amount, u"refund"_s);
    }
    // The signed header time of this delivery (a retry is signed anew), for the replay window.
    n.sentAt =
        QDateTime::fromSecsSinceEpoch(lower.value("wechatpay-timestamp").toLongLong(), Qt::UTC);
    n.ackBody = notificationAck().body;
    if (n.outTradeNo.isEmpty() || n.notifyId.isEmpty() || n.eventType.isEmpty())
        return R::failure(u"wechatpay.notify.malformed"_s,
                          tr("The notification lacks required fields."));
    qCInfo(lcWechatPay) << "notification" << n.notifyId << n.outTradeNo << n.eventType;
    return n;
}

} // namespace paydesk
