#include "sandbox/wechatpay/wechatpaygateway.h"

#include "sandbox/faultplan.h"
#include "sandbox/notifier.h"
#include "sandbox/sandboxlog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace paydesk::sandbox {

using namespace wechatpay;
using namespace Qt::StringLiterals;

namespace {

// Hex digits from the id generator, so ids replay under a seed.
QString hexDigits(Prng &ids, int count)
{
    static const char table[] = "0123456789abcdef";
    QString out;
    for (int i = 0; i < count; ++i)
        out.append(QLatin1Char(table[ids.next() % 16]));
    return out;
}

} // namespace

WechatPayGateway::WechatPayGateway(const DialectContext &context, QObject *parent)
    : QObject(parent), m_store(context.store), m_faults(context.faults),
      m_notifier(context.notifier), m_clock(context.clock), m_key(context.sandboxKey),
      m_baseUrl(context.baseUrl)
{
    // A certificate-style serial (40 hex digits), the same for the sandbox's key every start.
    m_platformSerial = QString::fromLatin1(crypto::sha1(m_key.publicKeyPem()).toHex().toUpper());
}

WalletCodes WechatPayGateway::walletCodes() const
{
    // Real WeChat codes start 10–15; the sandbox's always start 13 (18 digits).
    return {provider(), u"wechat_code"_s, u"13"_s};
}

bool WechatPayGateway::serves(const QString &path) const
{
    return path.startsWith(gatewayPath() + QLatin1Char('/'));
}

HttpReply WechatPayGateway::gateway(const GatewayRequest &request)
{
    m_store.expireDue(m_clock.nowUtc());
    if (request.path.startsWith(gatewayPath() + u"/v3/"_s))
        return v3(request);
    return v2(request);
}

void WechatPayGateway::prepareApp(App &app)
{
    // The store's generic ids are not WeChat's shape: a merchant has a 10-digit mchid and an
    // official-account appid. The mchid is the app id the trades are filed under.
    QString mchid;
    do {
        mchid = u"19"_s + m_store.ids().digits(8);
    } while (m_store.app(mchid));
    app.appId = mchid;
    app.merchantName = u"Sandbox Store %1"_s.arg(mchid.right(4));
    app.dialectData = QJsonObject{
        {u"appid"_s, u"wx"_s + hexDigits(m_store.ids(), 16)},
        {u"merchant_serial"_s, hexDigits(m_store.ids(), 40).toUpper()},
        {u"apiv3_key"_s, m_store.ids().alnum(32)},
        {u"apiv2_key"_s, m_store.ids().alnum(32)},
    };
}

QJsonObject WechatPayGateway::appRegistered(const App &app, const QByteArray &sandboxPublicKeyPem)
{
    qCInfo(lcSandbox) << "registered wechatpay merchant" << app.appId;
    return {{u"mchid"_s, app.appId},
            {u"appid"_s, appid(app)},
            {u"merchant_serial"_s, app.dialectData.value(u"merchant_serial").toString()},
            {u"platform_serial"_s, m_platformSerial},
            {u"platform_public_key"_s, QString::fromLatin1(sandboxPublicKeyPem)},
            {u"apiv3_key"_s, apiV3Key(app)},
            {u"apiv2_key"_s, apiV2Key(app)},
            {u"base_url"_s, m_baseUrl().toString() + gatewayPath()},
            {u"merchant_name"_s, app.merchantName}};
}

std::optional<QString> WechatPayGateway::qrToken(const QString &qrContent) const
{
    static const QString prefix = u"weixin://wxpay/bizpayurl?"_s;
    if (!qrContent.startsWith(prefix))
        return std::nullopt;
    const QString token = QUrlQuery(qrContent.mid(prefix.size())).queryItemValue(u"pr"_s);
    return token.isEmpty() ? std::nullopt : std::optional<QString>(token);
}

void WechatPayGateway::paymentDeclined(Trade &trade)
{
    // The buyer gave up at the password: WeChat reports the order as PAYERROR.
    trade.dialectData.insert(u"payerror"_s, true);
}

const App *WechatPayGateway::appByMchid(const QString &mchid) const
{
    const App *app = m_store.app(mchid);
    return app && app->provider == provider() ? app : nullptr;
}

std::optional<crypto::RsaKey> WechatPayGateway::merchantKey(const App &app)
{
    if (const auto it = m_merchantKeys.constFind(app.publicKeyPem); it != m_merchantKeys.cend())
        return it.value();
    const auto parsed = crypto::RsaKey::fromPem(app.publicKeyPem);
    if (!parsed.ok())
        return std::nullopt;
    m_merchantKeys.insert(app.publicKeyPem, parsed.value());
    return parsed.value();
}

QString WechatPayGateway::appid(const App &app)
{
    return app.dialectData.value(u"appid").toString();
}

QString WechatPayGateway::apiV3Key(const App &app)
{
    return app.dialectData.value(u"apiv3_key").toString();
}

QString WechatPayGateway::apiV2Key(const App &app)
{
    return app.dialectData.value(u"apiv2_key").toString();
}

QList<QPair<QByteArray, QByteArray>> WechatPayGateway::signedHeaders(const QByteArray &body) const
{
    const QByteArray timestamp = QByteArray::number(m_clock.nowUtc().toSecsSinceEpoch());
    const QByteArray nonce = randomNonce(32);
    const auto signature = crypto::rsaSha256Sign(m_key, answerMessage(timestamp, nonce, body));
    if (!signature.ok()) {
        qCWarning(lcSandbox) << "cannot sign the answer:" << signature.error().message;
        return {};
    }
    return {{"Wechatpay-Serial", m_platformSerial.toLatin1()},
            {"Wechatpay-Timestamp", timestamp},
            {"Wechatpay-Nonce", nonce},
            {"Wechatpay-Signature", signature.value().toBase64()},
            {"Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048"}};
}

QString WechatPayGateway::tradeState(const Trade &trade)
{
    const bool revoked = trade.dialectData.value(u"revoked").toBool();
    if (trade.wasPaid()) {
        if (revoked && trade.refundedMinor >= trade.amountMinor)
            return u"REVOKED"_s;
        return trade.refundedMinor > 0 ? u"REFUND"_s : u"SUCCESS"_s;
    }
    if (trade.status == TradeStatus::Closed) {
        if (revoked)
            return u"REVOKED"_s;
        return trade.dialectData.value(u"payerror").toBool() ? u"PAYERROR"_s : u"CLOSED"_s;
    }
    // Waiting: a payment code with a buyer is the buyer typing the password.
    return trade.kind == u"code" && !trade.buyerId.isEmpty() ? u"USERPAYING"_s : u"NOTPAY"_s;
}

QString WechatPayGateway::tradeStateDesc(const QString &state)
{
    // Protocol data: WeChat's descriptions are Chinese on the wire.
    static const QHash<QString, QString> texts = {
        {u"SUCCESS"_s, u"支付成功"_s},  {u"REFUND"_s, u"转入退款"_s},
        {u"NOTPAY"_s, u"未支付"_s},     {u"CLOSED"_s, u"已关闭"_s},
        {u"REVOKED"_s, u"已撤销"_s},    {u"USERPAYING"_s, u"用户支付中"_s},
        {u"PAYERROR"_s, u"支付失败"_s},
    };
    return texts.value(state);
}

QString WechatPayGateway::openid(const App &app, const QString &buyerId) const
{
    if (buyerId.isEmpty())
        return {};
    // One buyer has one openid per appid, 28 characters as at WeChat.
    const QByteArray digest = crypto::sha256((appid(app) + u':' + buyerId).toUtf8());
    return u"o"_s +
           QString::fromLatin1(
               digest.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
                   .left(27));
}

Trade &WechatPayGateway::addTrade(const App &app, const QString &outTradeNo, const QString &kind,
                                  qint64 amountMinor)
{
    const QDateTime now = m_clock.nowUtc();
    Trade &t = m_store.addTrade(provider(), app.appId, outTradeNo, kind, amountMinor, now);
    // 4200 + 6 + Beijing date + 10 digits: 28 digits, WeChat's transaction id shape.
    t.transactionId = u"4200"_s + m_store.ids().digits(6) + beijing(now).toString(u"yyyyMMdd"_s) +
                      m_store.ids().digits(10);
    t.existsAtProvider = true; // WeChat orders exist from the moment they are placed
    t.dialectData.insert(u"appid"_s, appid(app));
    return t;
}

std::optional<std::pair<Trade *, const Refund *>>
WechatPayGateway::findRefund(const App &app, const QString &outRefundNo)
{
    for (const Trade *t : m_store.trades()) {
        if (t->appId != app.appId)
            continue;
        if (const Refund *r = t->refund(outRefundNo))
            return std::make_pair(m_store.trade(app.appId, t->outTradeNo), r);
    }
    return std::nullopt;
}

Result<Refund> WechatPayGateway::refund(Trade &trade, const QString &outRefundNo,
                                        qint64 amountMinor, const QString &reason)
{
    auto done = m_store.refund(trade, outRefundNo, amountMinor, reason, m_clock.nowUtc());
    if (done.ok()) {
        QJsonObject ids = trade.dialectData.value(u"refund_ids").toObject();
        ids.insert(outRefundNo, u"50"_s + m_store.ids().digits(27));
        trade.dialectData.insert(u"refund_ids"_s, ids);
    }
    return done;
}

QString WechatPayGateway::refundId(const Trade &trade, const QString &outRefundNo)
{
    return trade.dialectData.value(u"refund_ids").toObject().value(outRefundNo).toString();
}

QJsonObject WechatPayGateway::transactionJson(const App &app, const Trade &trade) const
{
    const QString state = tradeState(trade);
    QJsonObject amount{{u"total"_s, trade.amountMinor}, {u"currency"_s, u"CNY"_s}};
    QJsonObject out{{u"appid"_s, appid(app)},
                    {u"mchid"_s, app.appId},
                    {u"out_trade_no"_s, trade.outTradeNo},
                    {u"trade_type"_s, trade.dialectData.value(u"trade_type").toString()},
                    {u"trade_state"_s, state},
                    {u"trade_state_desc"_s, tradeStateDesc(state)},
                    {u"attach"_s, trade.dialectData.value(u"attach").toString()},
                    {u"promotion_detail"_s, QJsonArray()}};
    if (trade.wasPaid()) {
        out.insert(u"transaction_id"_s, trade.transactionId);
        out.insert(u"bank_type"_s, u"OTHERS"_s);
        out.insert(u"success_time"_s, rfc3339(trade.paidUtc));
        out.insert(u"payer"_s, QJsonObject{{u"openid"_s, openid(app, trade.buyerId)}});
        amount.insert(u"payer_total"_s, trade.amountMinor);
        amount.insert(u"payer_currency"_s, u"CNY"_s);
    }
    out.insert(u"amount"_s, amount);
    return out;
}

QJsonObject WechatPayGateway::refundJson(const Trade &trade, const Refund &refund) const
{
    const QJsonObject amount{{u"total"_s, trade.amountMinor},
                             {u"refund"_s, refund.amountMinor},
                             {u"payer_total"_s, trade.amountMinor},
                             {u"payer_refund"_s, refund.amountMinor},
                             {u"settlement_total"_s, trade.amountMinor},
                             {u"settlement_refund"_s, refund.amountMinor},
                             {u"discount_refund"_s, 0},
                             {u"from"_s, QJsonArray()},
                             {u"currency"_s, u"CNY"_s}};
    return {{u"refund_id"_s, refundId(trade, refund.outRequestNo)},
            {u"out_refund_no"_s, refund.outRequestNo},
            {u"transaction_id"_s, trade.transactionId},
            {u"out_trade_no"_s, trade.outTradeNo},
            {u"channel"_s, u"ORIGINAL"_s},
            {u"user_received_account"_s, u"支付用户零钱"_s},
            {u"create_time"_s, rfc3339(refund.createdUtc)},
            {u"success_time"_s, rfc3339(refund.createdUtc)},
            {u"status"_s, u"SUCCESS"_s},
            {u"funds_account"_s, u"AVAILABLE"_s},
            {u"promotion_detail"_s, QJsonArray()},
            {u"amount"_s, amount}};
}

void WechatPayGateway::maybeLateSuccess(const Trade &trade)
{
    if (trade.wasPaid() || !m_faults.decide(FaultPlan::Fault::LateSuccess))
        return;
    const QString appId = trade.appId;
    const QString outTradeNo = trade.outTradeNo;
    qCInfo(lcSandbox) << "late_success: trade" << outTradeNo << "will be paid after closing";
    m_clock.callAfter(lateSuccessDelayMs, this, [this, appId, outTradeNo] {
        Trade *t = m_store.trade(appId, outTradeNo);
        if (!t || t->wasPaid())
            return;
        Buyer *buyer = m_store.buyer(t->buyerId);
        if (!buyer || buyer->balanceMinor < t->amountMinor)
            buyer = &m_store.defaultBuyer();
        if (m_store.pay(*t, *buyer, m_clock.nowUtc()).ok()) {
            t->lateSuccess = true;
            (void)m_store.commit();
        }
    });
}

void WechatPayGateway::notifyPaid(const Trade &trade)
{
    if (trade.provider != provider() || trade.notifyUrl.isEmpty())
        return;
    if (const App *app = appByMchid(trade.appId))
        sendCallback(*app, trade.notifyUrl, u"TRANSACTION.SUCCESS"_s, u"支付成功"_s,
                     u"transaction"_s, transactionJson(*app, trade));
}

void WechatPayGateway::sendCallback(const App &app, const QString &url, const QString &eventType,
                                    const QString &summary, const QString &originalType,
                                    const QJsonObject &plaintext)
{
    const QByteArray nonce = randomNonce(12);
    const QByteArray aad = originalType.toUtf8();
    const auto sealed =
        crypto::aesGcmEncrypt(apiV3Key(app).toUtf8(), nonce,
                              QJsonDocument(plaintext).toJson(QJsonDocument::Compact), aad);
    if (!sealed.ok()) {
        qCWarning(lcSandbox) << "cannot encrypt the callback:" << sealed.error().message;
        return;
    }
    const QJsonObject resource{{u"algorithm"_s, u"AEAD_AES_256_GCM"_s},
                               {u"ciphertext"_s, QString::fromLatin1(sealed.value().toBase64())},
                               {u"associated_data"_s, originalType},
                               {u"original_type"_s, originalType},
                               {u"nonce"_s, QString::fromLatin1(nonce)}};
    const QJsonObject envelope{{u"id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)},
                               {u"create_time"_s, rfc3339(m_clock.nowUtc())},
                               {u"resource_type"_s, u"encrypt-resource"_s},
                               {u"event_type"_s, eventType},
                               {u"summary"_s, summary},
                               {u"resource"_s, resource}};
    const QByteArray body = QJsonDocument(envelope).toJson(QJsonDocument::Compact);
    const auto headers = signedHeaders(body);
    const auto acknowledged = [](int status, const QByteArray &) {
        return status == 200 || status == 204;
    };
    const QUrl target(url);
    m_notifier.deliver(target, body, "application/json", acknowledged, headers);
    if (m_faults.decide(FaultPlan::Fault::DupNotify)) {
        qCInfo(lcSandbox) << "dup_notify: sending" << eventType << "twice";
        m_clock.callAfter(200, this, [this, target, body, acknowledged, headers] {
            m_notifier.deliver(target, body, "application/json", acknowledged, headers);
        });
    }
}

bool WechatPayGateway::acceptedNotifyUrl(const QString &url)
{
    // WeChat wants https; the sandbox also takes http to a loopback host (a till's receiver).
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid() || u.host().isEmpty())
        return false;
    if (u.scheme() == u"https")
        return true;
    const QString host = u.host();
    return u.scheme() == u"http" &&
           (host == u"127.0.0.1" || host == u"localhost" || host == u"::1");
}

} // namespace paydesk::sandbox
