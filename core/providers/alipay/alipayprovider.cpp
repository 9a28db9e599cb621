#include "core/providers/alipay/alipayprovider.h"

#include "core/crypto/crypto.h"
#include "core/providers/alipay/alipaybillparser.h"
#include "core/providers/alipay/alipayfundbillparser.h"
#include "core/providers/alipay/alipayjson.h"
#include "core/providers/alipay/alipaylog.h"
#include "core/providers/alipay/alipaysigner.h"
#include "core/util/log.h"

#include <QCoreApplication>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace paydesk {

using namespace alipayjson;

namespace {

QString buyerOf(const QJsonObject &o)
{
    for (const QString &k : {u"buyer_user_id"_s, u"buyer_open_id"_s, u"buyer_logon_id"_s}) {
        const QString v = str(o, k);
        if (!v.isEmpty())
            return v;
    }
    return {};
}

TradeReply tradeFrom(const QJsonObject &o, ProviderStatus status, TradeState state)
{
    TradeReply r;
    r.status = std::move(status);
    r.state = state;
    r.outTradeNo = str(o, u"out_trade_no"_s);
    r.transactionId = str(o, u"trade_no"_s);
    r.total = money(o, u"total_amount"_s);
    r.buyerId = buyerOf(o);
    r.refunded = money(o, u"refund_amount"_s); // not sent by every gateway; zero when absent
    r.paidAt = beijingTime(str(o, u"gmt_payment"_s));
    if (!r.paidAt.isValid())
        r.paidAt = beijingTime(str(o, u"send_pay_date"_s));
    return r;
}

bool sameSubCode(const QString &sub, std::initializer_list<const char *> list)
{
    for (const char *c : list) {
        if (sub == QLatin1String(c))
            return true;
    }
    return false;
}

} // namespace

AlipayProvider::AlipayProvider(AlipayConfig config, QNetworkAccessManager *network, Clock *clock,
                               QObject *parent)
    : PaymentProvider(parent), m_config(std::move(config)),
      m_transport(m_config, network, clock, &AlipayProvider::mapResult, this)
{
}

ProviderStatus AlipayProvider::mapResult(const QString &code, const QString &subCode,
                                         const QString &message)
{
    if (code == u"10000" || code == u"10003")
        return {ProviderStatus::Kind::Ok, FailureReason::None, code, subCode, message};
    if (code == u"20000" || subCode == u"ACQ.SYSTEM_ERROR" || subCode == u"isp.unknow-error" ||
        subCode == u"aop.ACQ.SYSTEM_ERROR")
        return {ProviderStatus::Kind::Unknown, FailureReason::ProviderBusy, code, subCode, message};
    const auto failed = [&](FailureReason r) {
        return ProviderStatus::failure(r, code, subCode, message);
    };
    if (code == u"20001" || code == u"40006")
        return failed(FailureReason::PermissionDenied);
    if (code == u"40002" || code == u"40001") {
        if (subCode == u"isv.invalid-signature" || subCode == u"isv.missing-signature")
            return failed(FailureReason::InvalidSignature);
        return failed(FailureReason::BadRequest);
    }
    if (code == u"40004") {
        const QString s = subCode;
        if (sameSubCode(s, {"ACQ.BUYER_BALANCE_NOT_ENOUGH", "ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH",
                            "ACQ.NO_PAYMENT_INSTRUMENTS_AVAILABLE",
                            "ACQ.ERROR_BALANCE_PAYMENT_DISABLE"}))
            return failed(FailureReason::InsufficientBalance);
        if (sameSubCode(s, {"ACQ.PAYMENT_AUTH_CODE_INVALID", "ACQ.AUTH_CODE_INVALID",
                            "ACQ.PAYMENT_AUTH_CODE_EXPIRED", "ACQ.AUTH_CODE_EXPIRED"}))
            return failed(FailureReason::CodeExpiredOrInvalid);
        if (sameSubCode(s, {"ACQ.TRADE_HAS_SUCCESS", "ACQ.TRADE_HAS_FINISHED"}))
            return failed(FailureReason::TradeAlreadyPaid);
        if (s == u"ACQ.TRADE_NOT_EXIST")
            return failed(FailureReason::TradeNotExist);
        if (s == u"ACQ.TRADE_HAS_CLOSE")
            return failed(FailureReason::TradeClosed);
        if (sameSubCode(s, {"ACQ.TOTAL_FEE_EXCEED", "ACQ.BEYOND_PER_RECEIPT_RESTRICTION"}))
            return failed(FailureReason::AmountTooLarge);
        if (s.contains(u"_LIMIT") || s == u"ACQ.BEYOND_PAY_RESTRICTION")
            return failed(FailureReason::LimitExceeded);
        if (sameSubCode(s, {"ACQ.BUYER_SELLER_EQUAL", "ACQ.BUYER_ENABLE_STATUS_FORBID",
                            "ACQ.MOBILE_PAYMENT_SWITCH_OFF", "ACQ.CURRENCY_NOT_SUPPORT",
                            "ACQ.TRADE_BUYER_NOT_MATCH", "ACQ.BUYER_NOT_SUPPORT",
                            "ACQ.UNSUPPORTED_WALLET", "ACQ.WALLET_NOT_SUPPORTED",
                            "ACQ.ERROR_BUYER_CERTIFY_LEVEL_LIMIT"}))
            return failed(FailureReason::UnsupportedWallet);
        if (s.contains(u"PASSWORD") || s.contains(u"PWD"))
            return failed(FailureReason::WrongPassword);
        if (sameSubCode(s, {"ACQ.INVALID_PARAMETER", "ACQ.CONTEXT_INCONSISTENT",
                            "ACQ.EXIST_FORBIDDEN_WORD", "ACQ.INVALID_STORE_ID",
                            "ACQ.DISCORDANT_REPEAT_REQUEST"}))
            return failed(FailureReason::BadRequest);
        if (sameSubCode(s, {"ACQ.ACCESS_FORBIDDEN", "ACQ.PARTNER_ERROR", "ACQ.SELLER_BEEN_BLOCKED",
                            "ACQ.MERCHANT_STATUS_NOT_NORMAL"}))
            return failed(FailureReason::PermissionDenied);
        return failed(FailureReason::Other);
    }
    if (code.startsWith(u'4'))
        return failed(FailureReason::Other);
    // A signed answer with a code we do not know: not proof of failure.
    return {ProviderStatus::Kind::Unknown, FailureReason::Other, code, subCode, message};
}

TradeState AlipayProvider::tradeStateFromString(const QString &s)
{
    if (s == u"WAIT_BUYER_PAY")
        return TradeState::WaitBuyerPay;
    if (s == u"TRADE_SUCCESS")
        return TradeState::Success;
    if (s == u"TRADE_FINISHED")
        return TradeState::Finished;
    if (s == u"TRADE_CLOSED")
        return TradeState::Closed;
    return TradeState::PayError;
}

void AlipayProvider::createQrOrder(const QrOrderRequest &request, Reply<QrOrderReply> done)
{
    QJsonObject biz{
        {u"out_trade_no"_s, request.outTradeNo},
        {u"total_amount"_s, request.amount.toDecimalString()},
        {u"subject"_s, request.subject},
    };
    if (!request.storeId.isEmpty())
        biz.insert(u"store_id"_s, request.storeId);
    if (request.timeoutMinutes > 0)
        biz.insert(u"timeout_express"_s, u"%1m"_s.arg(request.timeoutMinutes));
    m_transport.call(u"alipay.trade.precreate"_s, biz, [done](const AlipayTransport::Answer &a) {
        QrOrderReply r;
        r.status = a.status;
        if (r.status.ok()) {
            r.qrCode = str(a.body, u"qr_code"_s);
            if (r.qrCode.isEmpty())
                r.status = ProviderStatus::unknownOutcome(FailureReason::Other, r.status.code,
                                                          tr("The provider sent no QR code."));
        }
        done(r);
    });
}

void AlipayProvider::payWithCode(const CodePayRequest &request, Reply<TradeReply> done)
{
    QJsonObject biz{
        {u"out_trade_no"_s, request.outTradeNo},
        {u"scene"_s, u"bar_code"_s},
        {u"auth_code"_s, request.authCode},
        {u"total_amount"_s, request.amount.toDecimalString()},
        {u"subject"_s, request.subject},
    };
    if (!request.storeId.isEmpty())
        biz.insert(u"store_id"_s, request.storeId);
    const QString outTradeNo = request.outTradeNo;
    m_transport.call(
        u"alipay.trade.pay"_s, biz, [done, outTradeNo](const AlipayTransport::Answer &a) {
            // ACQ.TRADE_HAS_SUCCESS stays a failure with an unknown trade state: Paydesk never
            // re-sends a pay, so it says some trade owns this out_trade_no, not that it is ours.
            TradeState state = TradeState::NotExist;
            if (a.status.ok())
                state = a.status.code == u"10003" ? TradeState::UserPaying : TradeState::Success;
            else if (a.status.reason == FailureReason::TradeClosed)
                state = TradeState::Closed;
            TradeReply r = tradeFrom(a.body, a.status, state);
            if (r.outTradeNo.isEmpty())
                r.outTradeNo = outTradeNo;
            done(r);
        });
}

void AlipayProvider::query(const QString &outTradeNo, Reply<TradeReply> done)
{
    m_transport.call(u"alipay.trade.query"_s, QJsonObject{{u"out_trade_no"_s, outTradeNo}},
                     [done, outTradeNo](const AlipayTransport::Answer &a) {
                         ProviderStatus status = a.status;
                         TradeState state = TradeState::NotExist;
                         if (status.ok()) {
                             state = tradeStateFromString(str(a.body, u"trade_status"_s));
                         } else if (status.failed() &&
                                    status.reason == FailureReason::TradeNotExist) {
                             // Not scanned / never paid: an answer, not an error.
                             status.kind = ProviderStatus::Kind::Ok;
                             state = TradeState::NotExist;
                         }
                         TradeReply r = tradeFrom(a.body, status, state);
                         if (r.outTradeNo.isEmpty())
                             r.outTradeNo = outTradeNo;
                         done(r);
                     });
}

void AlipayProvider::close(const QString &outTradeNo, Reply<ProviderStatus> done)
{
    m_transport.call(u"alipay.trade.close"_s, QJsonObject{{u"out_trade_no"_s, outTradeNo}},
                     [done](const AlipayTransport::Answer &a) { done(a.status); });
}

void AlipayProvider::cancel(const QString &outTradeNo, Reply<CancelReply> done)
{
    m_transport.call(u"alipay.trade.cancel"_s, QJsonObject{{u"out_trade_no"_s, outTradeNo}},
                     [done](const AlipayTransport::Answer &a) {
                         CancelReply r;
                         r.status = a.status;
                         r.retry = str(a.body, u"retry_flag"_s) == u"Y" || a.status.unknown();
                         const QString action = str(a.body, u"action"_s);
                         r.action = action == u"refund"  ? CancelAction::Refunded
                                    : action == u"close" ? CancelAction::Closed
                                                         : CancelAction::None;
                         done(r);
                     });
}

void AlipayProvider::refund(const RefundRequest &request, Reply<RefundReply> done)
{
    QJsonObject biz{
        {u"out_trade_no"_s, request.outTradeNo},
        {u"refund_amount"_s, request.amount.toDecimalString()},
        {u"out_request_no"_s, request.outRequestNo},
    };
    if (!request.reason.isEmpty())
        biz.insert(u"refund_reason"_s, request.reason);
    m_transport.call(
        u"alipay.trade.refund"_s, biz, [done, request](const AlipayTransport::Answer &a) {
            RefundReply r;
            r.status = a.status;
            r.outTradeNo = request.outTradeNo;
            r.outRequestNo = request.outRequestNo;
            r.refundAmount = request.amount;
            r.refundId =
                str(a.body, u"trade_no"_s); // Alipay names a refund by trade_no + out_request_no
            if (a.status.ok()) {
                r.refundedTotal = money(a.body, u"refund_fee"_s);
                // fund_change=Y: money moved now. N: a replay of a done refund, or not final
                // yet — Alipay says to confirm with the refund query in that case.
                r.fundChanged = str(a.body, u"fund_change"_s) == u"Y";
                r.state =
                    r.fundChanged ? RefundReply::State::Success : RefundReply::State::Processing;
            } else if (a.status.failed()) {
                r.fundChanged = false;
                r.state = RefundReply::State::Failed;
            } else {
                r.state = RefundReply::State::Processing;
            }
            done(r);
        });
}

void AlipayProvider::refundQuery(const QString &outTradeNo, const QString &outRequestNo,
                                 Reply<RefundReply> done)
{
    QJsonObject biz{{u"out_trade_no"_s, outTradeNo}, {u"out_request_no"_s, outRequestNo}};
    m_transport.call(u"alipay.trade.fastpay.refund.query"_s, biz,
                     [done, outTradeNo, outRequestNo](const AlipayTransport::Answer &a) {
                         RefundReply r;
                         r.status = a.status;
                         r.outTradeNo = outTradeNo;
                         r.outRequestNo = outRequestNo;
                         r.refundId = str(a.body, u"trade_no"_s);
                         r.fundChanged = false;
                         if (a.status.ok()) {
                             // Alipay: data present and refund_status empty or REFUND_SUCCESS =
                             // refunded; no data = the refund request never arrived.
                             const QString refundStatus = str(a.body, u"refund_status"_s);
                             const bool hasData = !str(a.body, u"refund_amount"_s).isEmpty();
                             r.refundAmount = money(a.body, u"refund_amount"_s);
                             if (hasData &&
                                 (refundStatus.isEmpty() || refundStatus == u"REFUND_SUCCESS"))
                                 r.state = RefundReply::State::Success;
                             else if (!hasData)
                                 r.state = RefundReply::State::Failed;
                             else
                                 r.state = RefundReply::State::Processing;
                         } else if (a.status.failed()) {
                             r.state = RefundReply::State::Failed;
                         }
                         done(r);
                     });
}

void AlipayProvider::downloadBill(
    const QString &billType, const QDate &day,
    std::function<void(const ProviderStatus &, const QByteArray &)> done)
{
    QJsonObject biz{{u"bill_type"_s, billType}, {u"bill_date"_s, day.toString(Qt::ISODate)}};
    QPointer<AlipayProvider> self(this);
    m_transport.call(u"alipay.data.dataservice.bill.downloadurl.query"_s, biz,
                     [self, done](const AlipayTransport::Answer &a) {
                         if (!a.status.ok())
                             return done(a.status, {});
                         const QUrl url(str(a.body, u"bill_download_url"_s));
                         if (!url.isValid() || url.isEmpty())
                             return done(ProviderStatus::unknownOutcome(
                                             FailureReason::Other, a.status.code,
                                             tr("The provider sent no statement address.")),
                                         {});
                         if (!self)
                             return;
                         self->m_transport.fetch(url, [done](const Result<QByteArray> &file) {
                             if (!file.ok())
                                 return done(ProviderStatus::unknownOutcome(
                                                 FailureReason::NetworkTrouble, file.error().code,
                                                 file.error().message),
                                             {});
                             done(ProviderStatus::success(), file.value());
                         });
                     });
}

void AlipayProvider::downloadStatement(const QDate &day, Reply<StatementReply> done)
{
    downloadBill(
        u"trade"_s, day, [done, day](const ProviderStatus &status, const QByteArray &file) {
            StatementReply r;
            r.day = day;
            r.status = status;
            if (!status.ok())
                return done(r);
            r.rawFile = file;
            r.sha256 = crypto::sha256(r.rawFile);
            auto lines = AlipayBillParser::parse(r.rawFile);
            if (!lines.ok()) {
                qCWarning(lcAlipay)
                    << "statement of" << r.day << "unreadable:" << lines.error().message;
                r.status = ProviderStatus::failure(FailureReason::Other, lines.error().code, {},
                                                   lines.error().message);
                return done(r);
            }
            r.lines = lines.value();
            qCInfo(lcAlipay) << "statement of" << r.day << ":" << r.lines.size() << "lines";
            done(r);
        });
}

void AlipayProvider::downloadFundStatement(const QDate &day, Reply<FundStatementReply> done)
{
    downloadBill(
        u"signcustomer"_s, day, [done, day](const ProviderStatus &status, const QByteArray &file) {
            FundStatementReply r;
            r.day = day;
            r.status = status;
            if (!status.ok())
                return done(r);
            r.rawFile = file;
            r.sha256 = crypto::sha256(r.rawFile);
            auto payouts = AlipayFundBillParser::parse(r.rawFile, providerId());
            if (!payouts.ok()) {
                qCWarning(lcAlipay)
                    << "fund statement of" << r.day << "unreadable:" << payouts.error().message;
                r.status = ProviderStatus::failure(FailureReason::Other, payouts.error().code, {},
                                                   payouts.error().message);
                return done(r);
            }
            r.payouts = payouts.value();
            qCInfo(lcAlipay) << "fund statement of" << r.day << ":" << r.payouts.size()
                             << "payouts";
            done(r);
        });
}

Result<Notification> AlipayProvider::verifyNotification(const QByteArray &body,
                                                        const QMap<QByteArray, QByteArray> &headers)
{
    Q_UNUSED(headers) // Alipay signs the form body only
    using R = Result<Notification>;
    const AlipaySigner::Params params = AlipaySigner::parseForm(body);
    if (params.value(u"sign"_s).isEmpty()) {
        qCWarning(lcSecurity) << "unsigned Alipay notification rejected";
        return R::failure(u"alipay.notify.unsigned"_s, tr("The notification is not signed."));
    }
    if (!AlipaySigner::verifyNotification(params, m_config.alipayPublicKey)) {
        qCWarning(lcSecurity) << "Alipay notification with a bad signature rejected";
        return R::failure(u"alipay.notify.bad_signature"_s,
                          tr("The notification failed its signature check."));
    }
    if (params.value(u"app_id"_s) != m_config.appId) {
        qCWarning(lcSecurity) << "Alipay notification for another app rejected:"
                              << params.value(u"app_id"_s);
        return R::failure(u"alipay.notify.wrong_app"_s,
                          tr("The notification is for another Alipay app."));
    }
    if (!m_config.sellerId.isEmpty() && !params.value(u"seller_id"_s).isEmpty() &&
        params.value(u"seller_id"_s) != m_config.sellerId)
        return R::failure(u"alipay.notify.wrong_seller"_s,
                          tr("The notification is for another merchant."));

    Notification n;
    n.outTradeNo = params.value(u"out_trade_no"_s);
    n.transactionId = params.value(u"trade_no"_s);
    n.buyerId = params.value(u"buyer_id"_s);
    n.eventType = params.value(u"trade_status"_s);
    n.state = tradeStateFromString(n.eventType);
    n.notifyId = params.value(u"notify_id"_s);
    n.sentAt = beijingTime(params.value(u"notify_time"_s));
    n.ackBody = notificationAck().body;
    auto amount = Money::fromDecimalString(params.value(u"total_amount"_s));
    if (n.outTradeNo.isEmpty() || n.notifyId.isEmpty() || n.eventType.isEmpty() || !amount.ok())
        return R::failure(u"alipay.notify.malformed"_s,
                          tr("The notification lacks required fields."));
    n.amount = amount.value();
    qCInfo(lcAlipay) << "notification" << n.notifyId << n.outTradeNo << n.eventType;
    return n;
}

} // namespace paydesk
