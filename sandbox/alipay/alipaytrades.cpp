// The alipay.trade.* methods of AlipayGateway.
#include "sandbox/alipay/alipaygateway.h"

#include "core/money/money.h"
#include "sandbox/faultplan.h"
#include "sandbox/sandboxlog.h"

#include <QRegularExpression>

namespace paydesk::sandbox {

using namespace alipay;

namespace {

constexpr qint64 maxAmountMinor = 100'000'000'00LL; // Alipay's cap: 100,000,000.00 yuan

// Amounts must be JSON strings ("12.34"): a JSON number would pass through a double.
std::optional<qint64> amountFrom(const QJsonValue &v)
{
    if (!v.isString())
        return std::nullopt;
    const auto money = Money::fromDecimalString(v.toString());
    if (!money.ok() || money.value().minor() <= 0 || money.value().minor() > maxAmountMinor)
        return std::nullopt;
    return money.value().minor();
}

bool aboveMaximum(const QJsonValue &v)
{
    const auto money = Money::fromDecimalString(v.toString());
    return v.isString() && money.ok() && money.value().minor() > maxAmountMinor;
}

bool validOutTradeNo(const QString &no)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9A-Za-z_\\-]{1,64}$"));
    return pattern.match(no).hasMatch();
}

// "90m", "2h", "1d"; "1c" = until the end of the (Beijing) day. Returns minutes.
std::optional<qint64> timeoutMinutes(const QString &spec)
{
    if (spec.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 n = spec.left(spec.size() - 1).toLongLong(&ok);
    if (!ok || n <= 0)
        return std::nullopt;
    switch (spec.back().unicode()) {
    case u'm':
        return n;
    case u'h':
        return n * 60;
    case u'd':
        return n * 24 * 60;
    default:
        return std::nullopt;
    }
}

JsonWriter invalidParameter(const QString &what)
{
    JsonWriter w;
    w.add("code", QStringLiteral("40004"))
        .add("msg", QStringLiteral("Business Failed"))
        .add("sub_code", QStringLiteral("ACQ.INVALID_PARAMETER"))
        .add("sub_msg", what);
    return w;
}

JsonWriter business(const char *subCode, const char *subMsg, const QString &outTradeNo = {})
{
    JsonWriter w;
    w.add("code", QStringLiteral("40004"))
        .add("msg", QStringLiteral("Business Failed"))
        .add("sub_code", QLatin1String(subCode))
        .add("sub_msg", QLatin1String(subMsg));
    if (!outTradeNo.isEmpty())
        w.add("out_trade_no", outTradeNo);
    return w;
}

} // namespace

JsonWriter AlipayGateway::precreate(const App &app, const QJsonObject &biz, const Params &p)
{
    const QString outTradeNo = biz.value(u"out_trade_no").toString();
    if (!validOutTradeNo(outTradeNo))
        return invalidParameter(QStringLiteral("out_trade_no is missing or invalid"));
    if (aboveMaximum(biz.value(u"total_amount")))
        return business("ACQ.TOTAL_FEE_EXCEED", "total_amount is above the maximum of one payment",
                        outTradeNo);
    const auto amount = amountFrom(biz.value(u"total_amount"));
    if (!amount)
        return invalidParameter(QStringLiteral("total_amount must be a string like \"12.34\""));
    const QString subject = biz.value(u"subject").toString();
    if (subject.isEmpty() || subject.size() > 256)
        return invalidParameter(QStringLiteral("subject is missing or too long"));
    const QString timeoutSpec = biz.value(u"timeout_express").toString();
    const auto minutes = timeoutSpec.isEmpty() ? std::optional<qint64>(defaultQrLifetimeMinutes)
                                               : timeoutMinutes(timeoutSpec);
    if (!minutes)
        return invalidParameter(QStringLiteral("timeout_express must look like 90m, 2h or 1d"));

    const QDateTime now = m_clock.nowUtc();
    Trade *trade = m_store.trade(app.appId, outTradeNo);
    if (trade && trade->wasPaid())
        return business("ACQ.TRADE_HAS_SUCCESS", "trade has been paid", outTradeNo);
    if (trade && trade->status == TradeStatus::Closed)
        return business("ACQ.TRADE_HAS_CLOSE", "trade has been closed", outTradeNo);
    if (trade && trade->kind != QLatin1String("qr"))
        return business("ACQ.TRADE_STATUS_ERROR", "trade status is not valid", outTradeNo);
    if (!trade) {
        trade = &m_store.addTrade(QStringLiteral("alipay"), app.appId, outTradeNo,
                                  QStringLiteral("qr"), *amount, now);
        trade->qrToken = QStringLiteral("bax") + m_store.ids().alnum(21);
    }
    // A repeated precreate of an unpaid trade updates it and keeps its QR, as at Alipay.
    trade->amountMinor = *amount;
    trade->subject = subject;
    trade->storeId = biz.value(u"store_id").toString();
    trade->operatorId = biz.value(u"operator_id").toString();
    trade->terminalId = biz.value(u"terminal_id").toString();
    trade->notifyUrl = QString::fromUtf8(p.value("notify_url"));
    trade->expiresUtc = now.addSecs(*minutes * 60);
    JsonWriter w = success();
    w.add("out_trade_no", outTradeNo).add("qr_code", qrCodeUrl(trade->qrToken));
    return w;
}

JsonWriter AlipayGateway::pay(const App &app, const QJsonObject &biz, const Params &p)
{
    const QString outTradeNo = biz.value(u"out_trade_no").toString();
    if (!validOutTradeNo(outTradeNo))
        return invalidParameter(QStringLiteral("out_trade_no is missing or invalid"));
    const QString scene = biz.value(u"scene").toString();
    if (scene != QLatin1String("bar_code") && scene != QLatin1String("wave_code"))
        return invalidParameter(QStringLiteral("scene must be bar_code"));
    if (aboveMaximum(biz.value(u"total_amount")))
        return business("ACQ.TOTAL_FEE_EXCEED", "total_amount is above the maximum of one payment",
                        outTradeNo);
    const auto amount = amountFrom(biz.value(u"total_amount"));
    if (!amount)
        return invalidParameter(QStringLiteral("total_amount must be a string like \"12.34\""));
    const QString subject = biz.value(u"subject").toString();
    if (subject.isEmpty() || subject.size() > 256)
        return invalidParameter(QStringLiteral("subject is missing or too long"));

    const QDateTime now = m_clock.nowUtc();
    Trade *trade = m_store.trade(app.appId, outTradeNo);
    if (trade && trade->wasPaid())
        return business("ACQ.TRADE_HAS_SUCCESS", "trade has been paid", outTradeNo);
    if (trade && trade->status == TradeStatus::Closed)
        return business("ACQ.TRADE_HAS_CLOSE", "trade has been closed", outTradeNo);
    const Buyer *waitingBuyer = trade ? m_store.buyer(trade->buyerId) : nullptr;
    if (trade && trade->kind == QLatin1String("code") && waitingBuyer) {
        // The same payment is still waiting for the buyer's password.
        JsonWriter w = failure(QStringLiteral("10003"), {}, {});
        w.add("trade_no", trade->transactionId)
            .add("out_trade_no", outTradeNo)
            .add("buyer_logon_id", waitingBuyer->logonId)
            .add("total_amount", yuan(trade->amountMinor))
            .add("buyer_user_id", waitingBuyer->buyerId);
        return w;
    }

    PaymentCode *code =
        m_store.liveCode(biz.value(u"auth_code").toString(), QStringLiteral("alipay"), now);
    if (!code)
        return business("ACQ.PAYMENT_AUTH_CODE_INVALID", "payment code is invalid or expired",
                        outTradeNo);
    Buyer *buyer = m_store.buyer(code->buyerId);
    if (!buyer)
        return business("ACQ.PAYMENT_AUTH_CODE_INVALID", "payment code is invalid", outTradeNo);
    code->used = true;

    if (!trade)
        trade = &m_store.addTrade(QStringLiteral("alipay"), app.appId, outTradeNo,
                                  QStringLiteral("code"), *amount, now);
    trade->amountMinor = *amount;
    trade->subject = subject;
    trade->storeId = biz.value(u"store_id").toString();
    trade->operatorId = biz.value(u"operator_id").toString();
    trade->terminalId = biz.value(u"terminal_id").toString();
    trade->notifyUrl = QString::fromUtf8(p.value("notify_url"));
    trade->buyerId = buyer->buyerId;
    trade->existsAtProvider = true;
    trade->expiresUtc = {}; // waits until confirmed or cancelled

    if (m_faults.decide(FaultPlan::Fault::UserPaying)) {
        qCInfo(lcSandbox) << "userpaying: trade" << outTradeNo << "waits for the buyer";
        JsonWriter w = failure(QStringLiteral("10003"), {}, {});
        w.add("trade_no", trade->transactionId)
            .add("out_trade_no", outTradeNo)
            .add("buyer_logon_id", buyer->logonId)
            .add("total_amount", yuan(*amount))
            .add("buyer_user_id", buyer->buyerId);
        return w;
    }
    if (const Status paid = m_store.pay(*trade, *buyer, now); !paid.ok()) {
        // A failed payment leaves a closed trade behind; the out_trade_no is spent.
        m_store.close(*trade, now);
        return business("ACQ.BUYER_BALANCE_NOT_ENOUGH", "buyer balance is not enough", outTradeNo);
    }
    const QString paidAmount = yuan(trade->amountMinor);
    JsonWriter w = success();
    w.add("trade_no", trade->transactionId)
        .add("out_trade_no", outTradeNo)
        .add("buyer_logon_id", buyer->logonId)
        .add("total_amount", paidAmount)
        .add("receipt_amount", paidAmount)
        .add("buyer_pay_amount", paidAmount)
        .add("point_amount", QStringLiteral("0.00"))
        .add("invoice_amount", paidAmount)
        .add("gmt_payment", beijingText(trade->paidUtc))
        .addRaw("fund_bill_list",
                "[{\"fund_channel\":\"ALIPAYACCOUNT\",\"amount\":" + jsonString(paidAmount) + "}]")
        .add("buyer_user_id", buyer->buyerId);
    return w;
}

JsonWriter AlipayGateway::query(const App &app, const QJsonObject &biz, const Params &)
{
    const Trade *trade = findTrade(app, biz);
    if (!trade || !trade->existsAtProvider)
        return tradeNotExist(biz);
    QString status;
    if (!trade->wasPaid())
        status = trade->status == TradeStatus::Closed ? QStringLiteral("TRADE_CLOSED")
                                                      : QStringLiteral("WAIT_BUYER_PAY");
    else if (trade->refundedMinor >= trade->amountMinor)
        status = QStringLiteral("TRADE_CLOSED"); // fully refunded (or cancelled)
    else if (trade->paidUtc.daysTo(m_clock.nowUtc()) > 90)
        status = QStringLiteral("TRADE_FINISHED"); // past the refund window
    else
        status = QStringLiteral("TRADE_SUCCESS");
    const Buyer *buyer = m_store.buyer(trade->buyerId);
    const QString paid = yuan(trade->wasPaid() ? trade->amountMinor : 0);
    JsonWriter w = success();
    w.add("trade_no", trade->transactionId).add("out_trade_no", trade->outTradeNo);
    if (buyer)
        w.add("buyer_logon_id", buyer->logonId);
    w.add("trade_status", status)
        .add("total_amount", yuan(trade->amountMinor))
        .add("buyer_pay_amount", paid)
        .add("point_amount", QStringLiteral("0.00"))
        .add("invoice_amount", paid)
        .add("receipt_amount", paid);
    if (trade->wasPaid())
        w.add("send_pay_date", beijingText(trade->paidUtc));
    if (!trade->storeId.isEmpty())
        w.add("store_id", trade->storeId);
    if (buyer)
        w.add("buyer_user_id", buyer->buyerId);
    if (trade->refundedMinor > 0)
        w.add("refund_amount", yuan(trade->refundedMinor));
    return w;
}

JsonWriter AlipayGateway::close(const App &app, const QJsonObject &biz, const Params &)
{
    Trade *trade = findTrade(app, biz);
    if (!trade)
        return tradeNotExist(biz);
    if (trade->wasPaid())
        return business("ACQ.TRADE_STATUS_ERROR", "trade status is not valid", trade->outTradeNo);
    if (trade->status == TradeStatus::WaitBuyerPay) {
        m_store.close(*trade, m_clock.nowUtc());
        maybeLateSuccess(*trade);
    }
    // An unscanned precreated trade does not exist at Alipay, but its QR stops working.
    if (!trade->existsAtProvider)
        return tradeNotExist(biz);
    JsonWriter w = success();
    w.add("trade_no", trade->transactionId).add("out_trade_no", trade->outTradeNo);
    return w;
}

JsonWriter AlipayGateway::cancel(const App &app, const QJsonObject &biz, const Params &)
{
    const QDateTime now = m_clock.nowUtc();
    Trade *trade = findTrade(app, biz);
    const QString outTradeNo = biz.value(u"out_trade_no").toString();
    if (!trade && !validOutTradeNo(outTradeNo))
        return tradeNotExist(biz);
    QString action = QStringLiteral("close");
    if (!trade) {
        // The pay request may still be on its way: a closed tombstone makes it fail.
        trade = &m_store.addTrade(QStringLiteral("alipay"), app.appId, outTradeNo,
                                  QStringLiteral("code"), 0, now);
        trade->existsAtProvider = true;
        m_store.close(*trade, now);
    } else if (trade->wasPaid()) {
        if (beijing(trade->paidUtc).date() != beijing(now).date())
            return business("ACQ.TRADE_CANCEL_TIME_OUT", "trade is past the cancel period",
                            trade->outTradeNo);
        action = QStringLiteral("refund");
        if (trade->refundableMinor() > 0) {
            const auto refunded =
                m_store.refund(*trade, QLatin1Char('C') + trade->transactionId,
                               trade->refundableMinor(), QStringLiteral("cancel"), now);
            if (!refunded.ok())
                return business("ACQ.SYSTEM_ERROR", "cancel failed, retry", trade->outTradeNo);
        }
        m_store.close(*trade, trade->closedUtc.isValid() ? trade->closedUtc : now);
    } else if (trade->status == TradeStatus::WaitBuyerPay) {
        trade->existsAtProvider = true;
        m_store.close(*trade, now);
        maybeLateSuccess(*trade);
    }
    JsonWriter w = success();
    w.add("trade_no", trade->transactionId)
        .add("out_trade_no", trade->outTradeNo)
        .add("retry_flag", QStringLiteral("N"))
        .add("action", action);
    if (action == QLatin1String("refund"))
        w.add("gmt_refund_pay",
              beijingText(trade->refunds.isEmpty() ? now : trade->refunds.back().createdUtc));
    return w;
}

JsonWriter AlipayGateway::refund(const App &app, const QJsonObject &biz, const Params &)
{
    Trade *trade = findTrade(app, biz);
    if (!trade || !trade->existsAtProvider)
        return tradeNotExist(biz);
    if (!trade->wasPaid())
        return business("ACQ.TRADE_STATUS_ERROR", "trade is not paid", trade->outTradeNo);
    const auto amount = amountFrom(biz.value(u"refund_amount"));
    if (!amount)
        return invalidParameter(QStringLiteral("refund_amount must be a string like \"1.00\""));
    QString outRequestNo = biz.value(u"out_request_no").toString();
    if (outRequestNo.isEmpty())
        outRequestNo = trade->outTradeNo;
    if (outRequestNo.size() > 64)
        return invalidParameter(QStringLiteral("out_request_no is too long"));

    QString fundChange = QStringLiteral("Y");
    const Refund *done = trade->refund(outRequestNo);
    if (done) {
        if (done->amountMinor != *amount)
            return business("ACQ.DISCORDANT_REPEAT_REQUEST",
                            "out_request_no was used with another amount", trade->outTradeNo);
        fundChange = QStringLiteral("N"); // a replay: same answer, no money moves
    } else {
        if (*amount > trade->refundableMinor())
            return business("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "refund amount exceeds what remains",
                            trade->outTradeNo);
        const auto refunded =
            m_store.refund(*trade, outRequestNo, *amount, biz.value(u"refund_reason").toString(),
                           m_clock.nowUtc());
        if (!refunded.ok())
            return business("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "refund amount exceeds what remains",
                            trade->outTradeNo);
        done = trade->refund(outRequestNo);
    }
    const Buyer *buyer = m_store.buyer(trade->buyerId);
    JsonWriter w = success();
    w.add("trade_no", trade->transactionId).add("out_trade_no", trade->outTradeNo);
    if (buyer)
        w.add("buyer_logon_id", buyer->logonId);
    w.add("fund_change", fundChange)
        .add("refund_fee", yuan(trade->refundedMinor))
        .add("gmt_refund_pay", beijingText(done->createdUtc))
        .add("send_back_fee", yuan(done->amountMinor));
    if (buyer)
        w.add("buyer_user_id", buyer->buyerId);
    return w;
}

JsonWriter AlipayGateway::refundQuery(const App &app, const QJsonObject &biz, const Params &)
{
    const Trade *trade = findTrade(app, biz);
    if (!trade || !trade->existsAtProvider)
        return tradeNotExist(biz);
    QString outRequestNo = biz.value(u"out_request_no").toString();
    if (outRequestNo.isEmpty())
        outRequestNo = trade->outTradeNo;
    const Refund *r = trade->refund(outRequestNo);
    JsonWriter w = success();
    if (!r)
        return w; // Alipay answers an empty success: "no such refund (yet)"
    w.add("trade_no", trade->transactionId)
        .add("out_trade_no", trade->outTradeNo)
        .add("out_request_no", r->outRequestNo)
        .add("total_amount", yuan(trade->amountMinor))
        .add("refund_amount", yuan(r->amountMinor))
        .add("refund_status", QStringLiteral("REFUND_SUCCESS"))
        .add("gmt_refund_pay", beijingText(r->createdUtc));
    if (!r->reason.isEmpty())
        w.add("refund_reason", r->reason);
    return w;
}

} // namespace paydesk::sandbox
