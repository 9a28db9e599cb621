// The API v3 (JSON) methods of WechatPayGateway.
#include "sandbox/wechatpay/wechatpaygateway.h"

#include "sandbox/sandboxlog.h"
#include "sandbox/wechatpay/wechatpaybill.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace paydesk::sandbox {

using namespace wechatpay;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 maxAmountMinor = 100'000'000'00LL;

bool validOutTradeNo(const QString &no)
{
    static const QRegularExpression pattern(u"^[0-9A-Za-z_\\-|*]{6,32}$"_s);
    return pattern.match(no).hasMatch();
}

bool validOutRefundNo(const QString &no)
{
    static const QRegularExpression pattern(u"^[0-9A-Za-z_\\-|*@]{1,64}$"_s);
    return pattern.match(no).hasMatch();
}

// A whole number of fen in a JSON number; nullopt otherwise (a string or 12.5 is refused).
std::optional<qint64> fenFrom(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    const qint64 n = v.toInteger(-1);
    if (n <= 0 || n > maxAmountMinor || double(n) != v.toDouble())
        return std::nullopt;
    return n;
}

bool currencyOk(const QJsonObject &amount)
{
    return !amount.contains(u"currency") || amount.value(u"currency").toString() == u"CNY";
}

} // namespace

HttpReply WechatPayGateway::v3Answer(int status, const QByteArray &body) const
{
    HttpReply reply = HttpReply::json(body, status);
    reply.headers = signedHeaders(body);
    reply.headers.append({"Request-ID", randomNonce(32)});
    return reply;
}

HttpReply WechatPayGateway::v3Error(int status, const char *code, const QString &message) const
{
    qCInfo(lcSandbox) << "wechatpay v3 refused:" << status << code << message;
    return v3Answer(status, QJsonDocument(QJsonObject{{u"code"_s, QLatin1String(code)},
                                                      {u"message"_s, message}})
                                .toJson(QJsonDocument::Compact));
}

HttpReply WechatPayGateway::v3Json(const QJsonObject &body) const
{
    return v3Answer(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpReply WechatPayGateway::v3(const GatewayRequest &request)
{
    // The signature check comes first and answers nothing else: no business data in a 401.
    const auto auth = parseAuthorization(request.header("Authorization"));
    if (!auth)
        return v3Error(401, "SIGN_ERROR",
                       u"Authorization must be WECHATPAY2-SHA256-RSA2048 with mchid, nonce_str, "
                       "timestamp, serial_no and signature"_s);
    const App *app = appByMchid(auth->mchid);
    if (!app)
        return v3Error(401, "SIGN_ERROR", u"mchid %1 is not registered"_s.arg(auth->mchid));
    if (auth->serial != app->dialectData.value(u"merchant_serial").toString())
        return v3Error(401, "SIGN_ERROR", u"serial_no is not a certificate of this merchant"_s);
    bool numeric = false;
    const qint64 timestamp = auth->timestamp.toLongLong(&numeric);
    const qint64 now = m_clock.nowUtc().toSecsSinceEpoch();
    if (!numeric || qAbs(now - timestamp) > maxClockSkewSeconds)
        return v3Error(401, "SIGN_ERROR", u"timestamp is more than 300 s from the server's time"_s);
    const auto key = merchantKey(*app);
    const QByteArray message =
        requestMessage(request.method, request.target, auth->timestamp.toUtf8(),
                       auth->nonce.toUtf8(), request.body);
    if (!key || !crypto::rsaSha256Verify(*key, message, QByteArray::fromBase64(auth->signature)))
        return v3Error(401, "SIGN_ERROR", u"signature does not verify"_s);

    const QStringList parts =
        request.path.mid(gatewayPath().size() + int(qstrlen("/v3/"))).split(u'/');
    const HttpReply reply = v3Route(*app, request, parts);
    if (const Status saved = m_store.commit(); !saved.ok())
        qCWarning(lcSandbox) << "cannot save the sandbox state:" << saved.error().message;
    return reply;
}

HttpReply WechatPayGateway::v3Route(const App &app, const GatewayRequest &request,
                                    const QStringList &parts)
{
    const QUrlQuery query(QString::fromUtf8(request.rawQuery));
    QJsonObject in;
    if (request.method == "POST") {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return v3Error(400, "PARAM_ERROR", u"the body must be a JSON object"_s);
        in = doc.object();
    }
    const auto is = [&](const char *method, std::initializer_list<const char *> shape) {
        if (request.method != method || parts.size() != qsizetype(shape.size()))
            return false;
        qsizetype i = 0;
        for (const char *want : shape) {
            if (qstrcmp(want, "*") != 0 && parts.at(i) != QLatin1String(want))
                return false;
            ++i;
        }
        return true;
    };
    if (is("POST", {"pay", "transactions", "native"}))
        return v3Native(app, in);
    if (is("GET", {"pay", "transactions", "out-trade-no", "*"}))
        return v3Query(app, m_store.trade(app.appId, parts.at(3)), query);
    if (is("GET", {"pay", "transactions", "id", "*"}))
        return v3Query(app, m_store.tradeByTransactionId(app.appId, parts.at(3)), query);
    if (is("POST", {"pay", "transactions", "out-trade-no", "*", "close"}))
        return v3Close(app, parts.at(3), in);
    if (is("POST", {"refund", "domestic", "refunds"}))
        return v3Refund(app, in);
    if (is("GET", {"refund", "domestic", "refunds", "*"}))
        return v3RefundQuery(app, parts.at(3));
    if (is("GET", {"bill", "tradebill"}))
        return v3TradeBill(app, query);
    if (is("GET", {"bill", "fundflowbill"}))
        return v3FundFlowBill(app, query);
    if (is("GET", {"billdownload", "file"}))
        return v3BillDownload(app, query);
    return v3Error(404, "NOT_FOUND",
                   u"no such API: %1 %2"_s.arg(QString::fromLatin1(request.method), request.path));
}

HttpReply WechatPayGateway::v3Native(const App &app, const QJsonObject &in)
{
    if (in.value(u"mchid").toString() != app.appId)
        return v3Error(400, "PARAM_ERROR", u"mchid must be the signing merchant's"_s);
    if (in.value(u"appid").toString() != appid(app))
        return v3Error(400, "APPID_MCHID_NOT_MATCH", u"appid does not belong to mchid"_s);
    const QString outTradeNo = in.value(u"out_trade_no").toString();
    if (!validOutTradeNo(outTradeNo))
        return v3Error(400, "PARAM_ERROR", u"out_trade_no must be 6-32 of [0-9A-Za-z_-|*]"_s);
    const QString description = in.value(u"description").toString();
    if (description.isEmpty() || description.size() > 127)
        return v3Error(400, "PARAM_ERROR", u"description is missing or too long"_s);
    const QString notifyUrl = in.value(u"notify_url").toString();
    if (!acceptedNotifyUrl(notifyUrl))
        return v3Error(400, "PARAM_ERROR",
                       u"notify_url must be https (or http to a loopback host)"_s);
    const QJsonObject amount = in.value(u"amount").toObject();
    const auto total = fenFrom(amount.value(u"total"));
    if (!total || !currencyOk(amount))
        return v3Error(400, "PARAM_ERROR",
                       u"amount.total must be a whole number of fen and currency CNY"_s);
    const QDateTime now = m_clock.nowUtc();
    QDateTime expires = now.addSecs(defaultQrLifetimeMinutes * 60);
    if (in.contains(u"time_expire")) {
        expires = parseRfc3339(in.value(u"time_expire").toString());
        if (!expires.isValid() || expires <= now)
            return v3Error(400, "PARAM_ERROR", u"time_expire must be a future RFC 3339 time"_s);
    }

    Trade *trade = m_store.trade(app.appId, outTradeNo);
    if (trade) {
        if (trade->wasPaid())
            return v3Error(400, "ORDERPAID", u"该订单已支付"_s);
        if (trade->status == TradeStatus::Closed)
            return v3Error(400, "ORDER_CLOSED", u"该订单已关闭"_s);
        // A repeat with the same order is answered with the same code_url, as at WeChat.
        if (trade->kind != u"qr" || trade->amountMinor != *total || trade->subject != description)
            return v3Error(400, "INVALID_REQUEST", u"201 商户订单号重复"_s);
    } else {
        trade = &addTrade(app, outTradeNo, u"qr"_s, *total);
        trade->subject = description;
        trade->dialectData.insert(u"trade_type"_s, u"NATIVE"_s);
        do {
            trade->qrToken = m_store.ids().alnum(12);
        } while (m_store.tradeByQrToken(trade->qrToken) != trade);
    }
    trade->notifyUrl = notifyUrl;
    trade->expiresUtc = expires;
    trade->dialectData.insert(u"attach"_s, in.value(u"attach").toString());
    return v3Json({{u"code_url"_s, u"weixin://wxpay/bizpayurl?pr="_s + trade->qrToken}});
}

HttpReply WechatPayGateway::v3Query(const App &app, const Trade *trade, const QUrlQuery &query)
{
    if (query.queryItemValue(u"mchid"_s) != app.appId)
        return v3Error(400, "PARAM_ERROR", u"mchid must be given and be the signing merchant's"_s);
    if (!trade)
        return v3Error(404, "ORDER_NOT_EXIST", u"订单不存在"_s);
    return v3Json(transactionJson(app, *trade));
}

HttpReply WechatPayGateway::v3Close(const App &app, const QString &outTradeNo,
                                    const QJsonObject &in)
{
    if (in.value(u"mchid").toString() != app.appId)
        return v3Error(400, "PARAM_ERROR", u"mchid must be the signing merchant's"_s);
    Trade *trade = m_store.trade(app.appId, outTradeNo);
    if (!trade)
        return v3Error(404, "ORDER_NOT_EXIST", u"订单不存在"_s);
    if (trade->wasPaid())
        return v3Error(400, "ORDERPAID", u"订单已支付"_s);
    if (trade->kind != u"qr")
        return v3Error(400, "INVALID_REQUEST", u"付款码订单请使用撤销接口"_s);
    if (trade->status == TradeStatus::WaitBuyerPay) {
        m_store.close(*trade, m_clock.nowUtc());
        maybeLateSuccess(*trade);
    }
    return v3Answer(204, {}); // signed too: a client rejects an unsigned 2xx
}

HttpReply WechatPayGateway::v3Refund(const App &app, const QJsonObject &in)
{
    Trade *trade = nullptr;
    if (in.contains(u"transaction_id"))
        trade = m_store.tradeByTransactionId(app.appId, in.value(u"transaction_id").toString());
    else
        trade = m_store.trade(app.appId, in.value(u"out_trade_no").toString());
    if (!trade)
        return v3Error(404, "RESOURCE_NOT_EXISTS", u"订单不存在"_s);
    const QString outRefundNo = in.value(u"out_refund_no").toString();
    if (!validOutRefundNo(outRefundNo))
        return v3Error(400, "PARAM_ERROR", u"out_refund_no must be 1-64 of [0-9A-Za-z_-|*@]"_s);
    const QJsonObject amount = in.value(u"amount").toObject();
    const auto refundFen = fenFrom(amount.value(u"refund"));
    const auto totalFen = fenFrom(amount.value(u"total"));
    if (!refundFen || !totalFen || !currencyOk(amount))
        return v3Error(400, "PARAM_ERROR",
                       u"amount.refund and amount.total must be whole numbers of fen, CNY"_s);
    const QString notifyUrl = in.value(u"notify_url").toString();
    if (!notifyUrl.isEmpty() && !acceptedNotifyUrl(notifyUrl))
        return v3Error(400, "PARAM_ERROR", u"notify_url must be https (or http to loopback)"_s);

    if (const auto earlier = findRefund(app, outRefundNo)) {
        // The same out_refund_no refunds once; a replay is answered with the same refund.
        const auto [owner, done] = *earlier;
        if (owner != trade || done->amountMinor != *refundFen)
            return v3Error(400, "INVALID_REQUEST", u"out_refund_no was used with other values"_s);
        return v3Json(refundJson(*trade, *done));
    }
    if (!trade->wasPaid())
        return v3Error(400, "INVALID_REQUEST", u"订单未支付，不能退款"_s);
    if (*totalFen != trade->amountMinor)
        return v3Error(400, "PARAM_ERROR", u"amount.total is not the order's total"_s);
    if (*refundFen > trade->refundableMinor())
        return v3Error(400, "INVALID_REQUEST", u"申请退款金额超过订单可退金额"_s);
    const auto done = refund(*trade, outRefundNo, *refundFen, in.value(u"reason").toString());
    if (!done.ok())
        return v3Error(400, "INVALID_REQUEST", done.error().message);
    const Refund *stored = trade->refund(outRefundNo);
    const QJsonObject answer = refundJson(*trade, *stored);
    if (!notifyUrl.isEmpty()) {
        QJsonObject event{{u"mchid"_s, app.appId},
                          {u"out_trade_no"_s, trade->outTradeNo},
                          {u"transaction_id"_s, trade->transactionId},
                          {u"out_refund_no"_s, outRefundNo},
                          {u"refund_id"_s, answer.value(u"refund_id")},
                          {u"refund_status"_s, u"SUCCESS"_s},
                          {u"success_time"_s, answer.value(u"success_time")},
                          {u"user_received_account"_s, answer.value(u"user_received_account")},
                          {u"amount"_s, QJsonObject{{u"total"_s, trade->amountMinor},
                                                    {u"refund"_s, *refundFen},
                                                    {u"payer_total"_s, trade->amountMinor},
                                                    {u"payer_refund"_s, *refundFen}}}};
        sendCallback(app, notifyUrl, u"REFUND.SUCCESS"_s, u"退款成功"_s, u"refund"_s, event);
    }
    return v3Json(answer);
}

HttpReply WechatPayGateway::v3RefundQuery(const App &app, const QString &outRefundNo)
{
    const auto found = findRefund(app, outRefundNo);
    if (!found)
        return v3Error(404, "RESOURCE_NOT_EXISTS", u"退款单不存在"_s);
    return v3Json(refundJson(*found->first, *found->second));
}

HttpReply WechatPayGateway::v3TradeBill(const App &app, const QUrlQuery &query)
{
    const QDate day = QDate::fromString(query.queryItemValue(u"bill_date"_s), u"yyyy-MM-dd"_s);
    if (!day.isValid())
        return v3Error(400, "PARAM_ERROR", u"bill_date must be yyyy-MM-dd"_s);
    const QString type = query.queryItemValue(u"bill_type"_s);
    if (!type.isEmpty() && type != u"ALL")
        return v3Error(400, "PARAM_ERROR", u"the sandbox serves bill_type=ALL only"_s);
    if (query.hasQueryItem(u"tar_type"_s))
        return v3Error(400, "PARAM_ERROR", u"the sandbox serves uncompressed bills only"_s);
    const QDateTime now = m_clock.nowUtc();
    if (day > beijing(now).date())
        return v3Error(400, "NO_STATEMENT_EXIST", u"账单日期不能晚于今天"_s);

    QList<WechatPayBill::Line> lines;
    for (const Trade *t : m_store.trades()) {
        if (t->appId != app.appId || t->provider != provider())
            continue;
        WechatPayBill::Line line{t, openid(app, t->buyerId), {}};
        for (const Refund &r : t->refunds)
            line.refundIds.insert(r.outRequestNo, refundId(*t, r.outRequestNo));
        lines.append(line);
    }
    return billLink(app, WechatPayBill::tradeBill(app.appId, appid(app), day, lines,
                                                  m_store.feeRateBasisPoints()));
}

HttpReply WechatPayGateway::v3FundFlowBill(const App &app, const QUrlQuery &query)
{
    const QDate day = QDate::fromString(query.queryItemValue(u"bill_date"_s), u"yyyy-MM-dd"_s);
    if (!day.isValid())
        return v3Error(400, "PARAM_ERROR", u"bill_date must be yyyy-MM-dd"_s);
    const QString account = query.queryItemValue(u"account_type"_s);
    if (!account.isEmpty() && account != u"BASIC")
        return v3Error(400, "PARAM_ERROR", u"the sandbox keeps the BASIC account only"_s);
    if (query.hasQueryItem(u"tar_type"_s))
        return v3Error(400, "PARAM_ERROR", u"the sandbox serves uncompressed bills only"_s);
    // Served for any day: its payouts follow from the trades (Settlement).
    const QByteArray bytes =
        WechatPayBill::fundFlowBill(day, Settlement::movements(app, m_store, day),
                                    Settlement::openingBalance(app, m_store, day));
    HttpReply link = billLink(app, bytes);
    if (m_store.settlement(app.provider, day).brokenBill) {
        // POST /sandbox/settlement broken_bill: the download is cut short; hash_value is the
        // whole file's, so the client sees the mismatch.
        for (Bill &b : m_bills)
            if (b.bytes == bytes)
                b.bytes.truncate(bytes.size() / 2);
    }
    return link;
}

HttpReply WechatPayGateway::billLink(const App &app, const QByteArray &bytes)
{
    const QDateTime now = m_clock.nowUtc();
    for (auto it = m_bills.begin(); it != m_bills.end();)
        it = now > it->expiresUtc ? m_bills.erase(it) : std::next(it);
    const QString token = m_store.ids().alnum(32);
    m_bills.insert(token, Bill{bytes, app.appId, now.addMSecs(billUrlLifetimeMs)});
    return v3Json({{u"hash_type"_s, u"SHA1"_s},
                   {u"hash_value"_s, QString::fromLatin1(crypto::sha1(bytes).toHex())},
                   {u"download_url"_s, m_baseUrl().toString() + gatewayPath() +
                                           u"/v3/billdownload/file?token="_s + token}});
}

HttpReply WechatPayGateway::v3BillDownload(const App &app, const QUrlQuery &query)
{
    const auto it = m_bills.constFind(query.queryItemValue(u"token"_s));
    if (it == m_bills.cend() || it->mchid != app.appId || m_clock.nowUtc() > it->expiresUtc)
        return v3Error(400, "INVALID_REQUEST", u"the download link is unknown or has expired"_s);
    // The file itself is not signed: the client checks its SHA1 against hash_value.
    return HttpReply{200, "application/octet-stream", it->bytes, {}};
}

} // namespace paydesk::sandbox
