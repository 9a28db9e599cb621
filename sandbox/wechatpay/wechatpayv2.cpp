// The v2 payment-code API (XML) of WechatPayGateway: micropay, orderquery, reverse.
#include "sandbox/wechatpay/wechatpaygateway.h"

#include "sandbox/faultplan.h"
#include "sandbox/sandboxlog.h"

#include <QRegularExpression>

namespace paydesk::sandbox {

using namespace wechatpay;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 maxAmountMinor = 100'000'000'00LL;

using Fields = QList<QPair<QString, QString>>;

Fields fail(const char *errCode, const QString &description)
{
    return {{u"result_code"_s, u"FAIL"_s},
            {u"err_code"_s, QLatin1String(errCode)},
            {u"err_code_des"_s, description}};
}

Fields reverseFail(const char *errCode, const QString &description, bool recall)
{
    Fields f = fail(errCode, description);
    f.append({u"recall"_s, recall ? u"Y"_s : u"N"_s});
    return f;
}

std::optional<qint64> fenFrom(const QString &text)
{
    static const QRegularExpression digits(u"^[1-9][0-9]{0,11}$"_s);
    if (!digits.match(text).hasMatch())
        return std::nullopt;
    const qint64 n = text.toLongLong();
    return n <= maxAmountMinor ? std::optional<qint64>(n) : std::nullopt;
}

} // namespace

HttpReply WechatPayGateway::v2Refused(const QString &message)
{
    qCInfo(lcSandbox) << "wechatpay v2 refused:" << message;
    return {200,
            "text/xml;charset=utf-8",
            writeXml({{u"return_code"_s, u"FAIL"_s}, {u"return_msg"_s, message}}),
            {}};
}

HttpReply WechatPayGateway::v2Answer(const App &app, SignType type, const Fields &fields) const
{
    Fields all = {{u"return_code"_s, u"SUCCESS"_s},
                  {u"return_msg"_s, u"OK"_s},
                  {u"appid"_s, appid(app)},
                  {u"mch_id"_s, app.appId},
                  {u"nonce_str"_s, QString::fromLatin1(randomNonce(16))}};
    all.append(fields);
    XmlParams params;
    for (const auto &[name, value] : all)
        params.insert(name, value);
    all.append({u"sign"_s, v2Sign(params, apiV2Key(app), type)});
    return {200, "text/xml;charset=utf-8", writeXml(all), {}};
}

HttpReply WechatPayGateway::v2(const GatewayRequest &request)
{
    const QString route = request.path.mid(gatewayPath().size());
    using Method = Fields (WechatPayGateway::*)(const App &, const XmlParams &);
    Method method = nullptr;
    if (route == u"/pay/micropay")
        method = &WechatPayGateway::v2Micropay;
    else if (route == u"/pay/orderquery")
        method = &WechatPayGateway::v2OrderQuery;
    else if (route == u"/secapi/pay/reverse")
        method = &WechatPayGateway::v2Reverse;
    if (!method)
        return HttpReply::text("not found", 404);
    if (request.method != "POST")
        return v2Refused(u"请使用post方法"_s);
    const auto in = parseXml(request.body);
    if (!in)
        return v2Refused(u"XML格式错误"_s);
    const auto type = signTypeFrom(in->value(u"sign_type"_s));
    if (!type)
        return v2Refused(u"sign_type must be MD5 or HMAC-SHA256"_s);
    const App *app = appByMchid(in->value(u"mch_id"_s));
    if (!app)
        return v2Refused(u"mch_id参数格式错误"_s);
    const QString sign = in->value(u"sign"_s);
    if (sign.isEmpty() ||
        !crypto::constantTimeEquals(sign.toLatin1(), v2Sign(*in, apiV2Key(*app), *type).toLatin1()))
        return v2Refused(u"签名错误"_s);
    const QString nonce = in->value(u"nonce_str"_s);
    if (nonce.isEmpty() || nonce.size() > 32)
        return v2Refused(u"nonce_str must be 1-32 characters"_s);
    if (in->value(u"appid"_s) != appid(*app))
        return v2Answer(*app, *type, fail("APPID_MCHID_NOT_MATCH", u"appid和mch_id不匹配"_s));

    const Fields fields = (this->*method)(*app, *in);
    if (const Status saved = m_store.commit(); !saved.ok())
        qCWarning(lcSandbox) << "cannot save the sandbox state:" << saved.error().message;
    return v2Answer(*app, *type, fields);
}

WechatPayGateway::Fields WechatPayGateway::v2Micropay(const App &app, const XmlParams &in)
{
    static const QRegularExpression outTradeNoShape(u"^[0-9A-Za-z_\\-|*@]{1,32}$"_s);
    const QString outTradeNo = in.value(u"out_trade_no"_s);
    const QString body = in.value(u"body"_s);
    const auto total = fenFrom(in.value(u"total_fee"_s));
    if (!outTradeNoShape.match(outTradeNo).hasMatch() || body.isEmpty() || body.size() > 128 ||
        !total || in.value(u"spbill_create_ip"_s).isEmpty() ||
        (in.contains(u"fee_type"_s) && in.value(u"fee_type"_s) != u"CNY"))
        return fail("PARAM_ERROR", u"参数错误: out_trade_no, body, total_fee, spbill_create_ip"_s);

    const QDateTime now = m_clock.nowUtc();
    Trade *trade = m_store.trade(app.appId, outTradeNo);
    if (trade) {
        const QString state = tradeState(*trade);
        if (trade->kind != u"code")
            return fail("OUT_TRADE_NO_USED", u"商户订单号重复"_s);
        if (state == u"USERPAYING")
            return fail("USERPAYING", u"需要用户输入支付密码"_s);
        if (trade->wasPaid())
            return fail("ORDERPAID", u"订单已支付"_s);
        if (state == u"REVOKED")
            return fail("ORDERREVERSED", u"订单已撤销"_s);
        return fail("ORDERCLOSED", u"订单已关闭"_s);
    }
    static const QRegularExpression codeShape(u"^1[0-5][0-9]{16}$"_s);
    const QString authCode = in.value(u"auth_code"_s);
    if (!codeShape.match(authCode).hasMatch())
        return fail("AUTH_CODE_INVALID",
                    u"请扫描微信支付授权码(以10/11/12/13/14/15为前缀的18位数字)"_s);
    PaymentCode *code = m_store.liveCode(authCode, provider(), now);
    Buyer *buyer = code ? m_store.buyer(code->buyerId) : nullptr;
    if (!buyer)
        return fail("AUTHCODEEXPIRE", u"二维码已过期，请用户在微信上刷新后再试"_s);
    code->used = true;

    trade = &addTrade(app, outTradeNo, u"code"_s, *total);
    trade->subject = body;
    trade->buyerId = buyer->buyerId;
    trade->dialectData.insert(u"trade_type"_s, u"MICROPAY"_s);
    trade->dialectData.insert(u"device_info"_s, in.value(u"device_info"_s));
    trade->dialectData.insert(u"attach"_s, in.value(u"attach"_s));
    if (m_faults.decide(FaultPlan::Fault::UserPaying)) {
        qCInfo(lcSandbox) << "userpaying: trade" << outTradeNo << "waits for the buyer";
        return fail("USERPAYING", u"需要用户输入支付密码"_s);
    }
    if (!m_store.pay(*trade, *buyer, now).ok()) {
        m_store.close(*trade, now);
        trade->dialectData.insert(u"payerror"_s, true);
        return fail("NOTENOUGH", u"余额不足"_s);
    }
    Fields ok = {{u"result_code"_s, u"SUCCESS"_s}};
    if (!in.value(u"device_info"_s).isEmpty())
        ok.append({u"device_info"_s, in.value(u"device_info"_s)});
    const QString fen = QString::number(trade->amountMinor);
    ok.append({{u"openid"_s, openid(app, buyer->buyerId)},
               {u"is_subscribe"_s, u"N"_s},
               {u"trade_type"_s, u"MICROPAY"_s},
               {u"bank_type"_s, u"OTHERS"_s},
               {u"fee_type"_s, u"CNY"_s},
               {u"total_fee"_s, fen},
               {u"cash_fee_type"_s, u"CNY"_s},
               {u"cash_fee"_s, fen},
               {u"transaction_id"_s, trade->transactionId},
               {u"out_trade_no"_s, outTradeNo},
               {u"attach"_s, in.value(u"attach"_s)},
               {u"time_end"_s, compactBeijing(trade->paidUtc)}});
    return ok;
}

WechatPayGateway::Fields WechatPayGateway::v2OrderQuery(const App &app, const XmlParams &in)
{
    const Trade *trade = nullptr;
    if (!in.value(u"transaction_id"_s).isEmpty())
        trade = m_store.tradeByTransactionId(app.appId, in.value(u"transaction_id"_s));
    else if (!in.value(u"out_trade_no"_s).isEmpty())
        trade = m_store.trade(app.appId, in.value(u"out_trade_no"_s));
    else
        return fail("PARAM_ERROR", u"transaction_id或out_trade_no必须填一个"_s);
    if (!trade)
        return fail("ORDERNOTEXIST", u"此交易订单号不存在"_s);
    const QString state = tradeState(*trade);
    Fields out = {{u"result_code"_s, u"SUCCESS"_s}};
    const QString device = trade->dialectData.value(u"device_info").toString();
    if (!device.isEmpty())
        out.append({u"device_info"_s, device});
    if (!trade->buyerId.isEmpty())
        out.append({{u"openid"_s, openid(app, trade->buyerId)}, {u"is_subscribe"_s, u"N"_s}});
    out.append({{u"trade_type"_s, trade->dialectData.value(u"trade_type").toString()},
                {u"trade_state"_s, state},
                {u"total_fee"_s, QString::number(trade->amountMinor)},
                {u"fee_type"_s, u"CNY"_s}});
    if (trade->wasPaid())
        out.append({{u"bank_type"_s, u"OTHERS"_s},
                    {u"cash_fee"_s, QString::number(trade->amountMinor)},
                    {u"transaction_id"_s, trade->transactionId},
                    {u"time_end"_s, compactBeijing(trade->paidUtc)}});
    out.append({{u"out_trade_no"_s, trade->outTradeNo},
                {u"attach"_s, trade->dialectData.value(u"attach").toString()},
                {u"trade_state_desc"_s, tradeStateDesc(state)}});
    return out;
}

WechatPayGateway::Fields WechatPayGateway::v2Reverse(const App &app, const XmlParams &in)
{
    Trade *trade = nullptr;
    if (!in.value(u"transaction_id"_s).isEmpty())
        trade = m_store.tradeByTransactionId(app.appId, in.value(u"transaction_id"_s));
    else if (!in.value(u"out_trade_no"_s).isEmpty())
        trade = m_store.trade(app.appId, in.value(u"out_trade_no"_s));
    else
        return reverseFail("PARAM_ERROR", u"transaction_id或out_trade_no必须填一个"_s, false);
    if (!trade)
        return reverseFail("ORDERNOTEXIST", u"订单不存在"_s, false);
    if (trade->kind != u"code")
        return reverseFail("TRADE_ERROR", u"非付款码订单不能撤销，请关闭订单"_s, false);
    const QDateTime now = m_clock.nowUtc();
    const QString state = tradeState(*trade);
    const Fields done = {{u"result_code"_s, u"SUCCESS"_s}, {u"recall"_s, u"N"_s}};
    if (state == u"USERPAYING") {
        // WeChat will not revoke an order the buyer may be confirming this very moment.
        const int tries = trade->dialectData.value(u"reverse_tries").toInt();
        trade->dialectData.insert(u"reverse_tries"_s, tries + 1);
        if (trade->createdUtc.secsTo(now) < reverseNotBeforeSeconds ||
            (tries == 0 && m_faults.decide(FaultPlan::Fault::UserPaying)))
            return reverseFail("USERPAYING", u"用户正在支付中，请稍后再撤销"_s, true);
        m_store.close(*trade, now);
        trade->dialectData.insert(u"revoked"_s, true);
        maybeLateSuccess(*trade);
        return done;
    }
    if (!trade->wasPaid()) {
        trade->dialectData.insert(u"revoked"_s, true); // closed or failed: nothing to give back
        return done;
    }
    if (trade->paidUtc.daysTo(now) >= reverseWindowDays)
        return reverseFail("REVERSE_EXPIRE", u"订单已超过撤销期限，请使用退款接口"_s, false);
    if (trade->refundableMinor() > 0) {
        const auto back = refund(*trade, u"REVERSE-"_s + trade->transactionId,
                                 trade->refundableMinor(), u"reverse"_s);
        if (!back.ok())
            return reverseFail("SYSTEMERROR", u"系统错误，请重试"_s, true);
    }
    m_store.close(*trade, trade->closedUtc.isValid() ? trade->closedUtc : now);
    trade->dialectData.insert(u"revoked"_s, true);
    return done;
}

} // namespace paydesk::sandbox
