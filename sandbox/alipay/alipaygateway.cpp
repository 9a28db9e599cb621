#include "sandbox/alipay/alipaygateway.h"

#include "sandbox/alipay/billwriter.h"
#include "sandbox/faultplan.h"
#include "sandbox/notifier.h"
#include "sandbox/sandboxlog.h"

#include <QJsonDocument>

namespace paydesk::sandbox {

using namespace alipay;

namespace {

QString msgFor(const QString &code)
{
    if (code == QLatin1String("10000"))
        return QStringLiteral("Success");
    if (code == QLatin1String("10003"))
        return QStringLiteral("order success pay inprocess");
    if (code == QLatin1String("20000"))
        return QStringLiteral("Service Currently Unavailable");
    if (code == QLatin1String("20001"))
        return QStringLiteral("Insufficient Token Permissions");
    if (code == QLatin1String("40001"))
        return QStringLiteral("Missing Required Arguments");
    if (code == QLatin1String("40002"))
        return QStringLiteral("Invalid Arguments");
    if (code == QLatin1String("40006"))
        return QStringLiteral("Insufficient Permissions");
    return QStringLiteral("Business Failed");
}

QByteArray responseKeyFor(const QByteArray &method)
{
    QByteArray key = method;
    key.replace('.', '_');
    return key + "_response";
}

} // namespace

AlipayGateway::AlipayGateway(TradeStore &store, FaultPlan &faults, Notifier &notifier, Clock &clock,
                             crypto::RsaKey sandboxKey, std::function<QUrl()> baseUrl,
                             QObject *parent)
    : QObject(parent), m_store(store), m_faults(faults), m_notifier(notifier), m_clock(clock),
      m_key(std::move(sandboxKey)), m_baseUrl(std::move(baseUrl))
{
    m_methods.insert("alipay.trade.precreate", &AlipayGateway::precreate);
    m_methods.insert("alipay.trade.pay", &AlipayGateway::pay);
    m_methods.insert("alipay.trade.query", &AlipayGateway::query);
    m_methods.insert("alipay.trade.close", &AlipayGateway::close);
    m_methods.insert("alipay.trade.cancel", &AlipayGateway::cancel);
    m_methods.insert("alipay.trade.refund", &AlipayGateway::refund);
    m_methods.insert("alipay.trade.fastpay.refund.query", &AlipayGateway::refundQuery);
    m_methods.insert("alipay.data.dataservice.bill.downloadurl.query", &AlipayGateway::billUrl);
}

WalletCodes AlipayGateway::walletCodes() const
{
    // Real Alipay codes start 25–30; the sandbox's always start 28 (18 digits).
    return {provider(), QStringLiteral("alipay_code"), QStringLiteral("28")};
}

HttpReply AlipayGateway::gateway(const GatewayRequest &request)
{
    return HttpReply::json(handle(request.rawQuery, request.body));
}

std::optional<HttpReply> AlipayGateway::get(const QString &path, const QUrlQuery &query)
{
    if (path != QLatin1String("/bill/download"))
        return std::nullopt;
    const auto zip = billDownload(query.queryItemValue(QStringLiteral("token")));
    return zip ? HttpReply{200, "application/zip", *zip, {}}
               : HttpReply::text("the download link is unknown or has expired", 404);
}

QJsonObject AlipayGateway::appRegistered(const App &app, const QByteArray &sandboxPublicKeyPem)
{
    qCInfo(lcSandbox) << "registered alipay app" << app.appId;
    return {{QStringLiteral("app_id"), app.appId},
            {QStringLiteral("provider_public_key"), QString::fromLatin1(sandboxPublicKeyPem)},
            {QStringLiteral("gateway"), m_baseUrl().toString() + gatewayPath()},
            {QStringLiteral("merchant_pid"), app.merchantPid},
            {QStringLiteral("merchant_name"), app.merchantName}};
}

JsonWriter AlipayGateway::success()
{
    JsonWriter w;
    w.add("code", QStringLiteral("10000")).add("msg", msgFor(QStringLiteral("10000")));
    return w;
}

JsonWriter AlipayGateway::failure(const QString &code, const QString &subCode,
                                  const QString &subMsg)
{
    JsonWriter w;
    w.add("code", code).add("msg", msgFor(code));
    if (!subCode.isEmpty())
        w.add("sub_code", subCode).add("sub_msg", subMsg);
    return w;
}

QByteArray AlipayGateway::signedAnswer(const QByteArray &responseKey, const JsonWriter &inner) const
{
    // The signature covers exactly the inner bytes that are sent.
    const QByteArray innerJson = inner.finish();
    const auto sign = signBase64(m_key, innerJson);
    QByteArray out = "{\"" + responseKey + "\":" + innerJson;
    if (sign.ok())
        out += ",\"sign\":\"" + sign.value() + "\"";
    else
        qCWarning(lcSandbox) << "cannot sign the answer:" << sign.error().message;
    return out + "}";
}

QByteArray AlipayGateway::handle(const QByteArray &rawQuery, const QByteArray &rawBody)
{
    Params params;
    parseForm(rawQuery, params);
    parseForm(rawBody, params); // the body wins where both carry a key
    m_store.expireDue(m_clock.nowUtc());

    const QByteArray method = params.value("method");
    if (method.isEmpty())
        return signedAnswer("error_response",
                            failure(QStringLiteral("40001"), QStringLiteral("isv.missing-method"),
                                    QStringLiteral("missing method")));
    const auto handler = m_methods.constFind(method);
    if (handler == m_methods.cend())
        return signedAnswer("error_response",
                            failure(QStringLiteral("40002"), QStringLiteral("isv.invalid-method"),
                                    QStringLiteral("method does not exist")));
    const QByteArray key = responseKeyFor(method);
    const auto refuse = [&](const char *code, const char *subCode, const char *subMsg) {
        qCInfo(lcSandbox) << "refused" << method << subCode;
        return signedAnswer(
            key, failure(QLatin1String(code), QLatin1String(subCode), QLatin1String(subMsg)));
    };

    const QString appId = QString::fromUtf8(params.value("app_id"));
    if (appId.isEmpty())
        return refuse("40001", "isv.missing-app-id", "missing app_id");
    const App *app = m_store.app(appId);
    if (!app || app->provider != provider())
        return refuse("40002", "isv.invalid-app-id", "app_id is not registered");
    if (params.value("sign").isEmpty())
        return refuse("40002", "isv.invalid-signature", "missing sign");
    if (params.value("sign_type") != "RSA2")
        return refuse("40002", "isv.invalid-signature-type", "sign_type must be RSA2");
    const auto merchantKey = appKey(*app);
    if (!merchantKey ||
        !verifyBase64(*merchantKey, signContent(params, {"sign"}), params.value("sign")))
        return refuse("40002", "isv.invalid-signature", "invalid signature");

    const QByteArray charset = params.value("charset").toLower();
    if (!charset.isEmpty() && charset != "utf-8" && charset != "utf8")
        return refuse("40002", "isv.invalid-charset", "charset must be utf-8");
    const QByteArray format = params.value("format").toUpper();
    if (!format.isEmpty() && format != "JSON")
        return refuse("40002", "isv.invalid-format", "format must be JSON");
    if (params.contains("version") && params.value("version") != "1.0")
        return refuse("40002", "isv.invalid-version", "version must be 1.0");
    const QDateTime timestamp = QDateTime::fromString(QString::fromUtf8(params.value("timestamp")),
                                                      QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (!timestamp.isValid())
        return refuse("40002", "isv.invalid-timestamp", "timestamp must be yyyy-MM-dd HH:mm:ss");

    QJsonParseError error;
    const QJsonDocument bizDoc = QJsonDocument::fromJson(params.value("biz_content"), &error);
    if (error.error != QJsonParseError::NoError || !bizDoc.isObject())
        return refuse("40002", "isv.invalid-parameter", "biz_content must be a JSON object");

    JsonWriter inner = (this->*handler.value())(*app, bizDoc.object(), params);
    if (const Status saved = m_store.commit(); !saved.ok())
        qCWarning(lcSandbox) << "cannot save the sandbox state:" << saved.error().message;
    return signedAnswer(key, inner);
}

std::optional<crypto::RsaKey> AlipayGateway::appKey(const App &app)
{
    if (const auto it = m_appKeys.constFind(app.publicKeyPem); it != m_appKeys.cend())
        return it.value();
    const auto parsed = crypto::RsaKey::fromPem(app.publicKeyPem);
    if (!parsed.ok())
        return std::nullopt; // not cached: a broken key is refused on every request
    m_appKeys.insert(app.publicKeyPem, parsed.value());
    return parsed.value();
}

Trade *AlipayGateway::findTrade(const App &app, const QJsonObject &biz)
{
    // trade_no wins when both are given, as at Alipay.
    const QString tradeNo = biz.value(u"trade_no").toString();
    if (!tradeNo.isEmpty())
        return m_store.tradeByTransactionId(app.appId, tradeNo);
    const QString outTradeNo = biz.value(u"out_trade_no").toString();
    return outTradeNo.isEmpty() ? nullptr : m_store.trade(app.appId, outTradeNo);
}

JsonWriter AlipayGateway::tradeNotExist(const QJsonObject &biz) const
{
    JsonWriter w = failure(QStringLiteral("40004"), QStringLiteral("ACQ.TRADE_NOT_EXIST"),
                           QStringLiteral("trade does not exist"));
    if (biz.contains(u"out_trade_no"))
        w.add("out_trade_no", biz.value(u"out_trade_no").toString());
    return w;
}

void AlipayGateway::maybeLateSuccess(const Trade &trade)
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

void AlipayGateway::notifyPaid(const Trade &trade)
{
    if (trade.provider != provider() || trade.notifyUrl.isEmpty())
        return;
    const App *app = m_store.app(trade.appId);
    if (!app)
        return;
    const Buyer *buyer = m_store.buyer(trade.buyerId);
    const QDateTime now = m_clock.nowUtc();
    const QString amount = yuan(trade.amountMinor);
    Params p;
    const auto put = [&p](const char *key, const QString &value) {
        p.insert(QByteArray(key), value.toUtf8());
    };
    put("notify_time", beijingText(now));
    put("notify_type", QStringLiteral("trade_status_sync"));
    put("notify_id", m_store.ids().alnum(32));
    put("app_id", app->appId);
    put("auth_app_id", app->appId);
    put("charset", QStringLiteral("utf-8"));
    put("version", QStringLiteral("1.0"));
    put("sign_type", QStringLiteral("RSA2"));
    put("trade_no", trade.transactionId);
    put("out_trade_no", trade.outTradeNo);
    put("buyer_id", trade.buyerId);
    put("buyer_logon_id", buyer ? buyer->logonId : QString());
    put("seller_id", app->merchantPid);
    put("trade_status", QStringLiteral("TRADE_SUCCESS"));
    put("total_amount", amount);
    put("receipt_amount", amount);
    put("invoice_amount", amount);
    put("buyer_pay_amount", amount);
    put("point_amount", QStringLiteral("0.00"));
    put("subject", trade.subject);
    put("gmt_create", beijingText(trade.createdUtc));
    put("gmt_payment", beijingText(trade.paidUtc));
    put("fund_bill_list",
        QStringLiteral("[{\"amount\":\"%1\",\"fundChannel\":\"ALIPAYACCOUNT\"}]").arg(amount));
    const auto sign = signBase64(m_key, signContent(p, {"sign", "sign_type"}));
    if (!sign.ok())
        return;
    p.insert("sign", sign.value());
    QList<QPair<QByteArray, QByteArray>> fields;
    for (auto it = p.cbegin(); it != p.cend(); ++it)
        fields.append({it.key(), it.value()});
    const QByteArray body = encodeForm(fields);
    const QUrl url(trade.notifyUrl);
    const auto acknowledged = [](int status, const QByteArray &answer) {
        return status == 200 && answer.trimmed() == "success";
    };
    m_notifier.deliver(url, body, "application/x-www-form-urlencoded;charset=utf-8", acknowledged);
    if (m_faults.decide(FaultPlan::Fault::DupNotify)) {
        qCInfo(lcSandbox) << "dup_notify: notifying" << trade.outTradeNo << "twice";
        m_clock.callAfter(200, this, [this, url, body, acknowledged] {
            m_notifier.deliver(url, body, "application/x-www-form-urlencoded;charset=utf-8",
                               acknowledged);
        });
    }
}

QString AlipayGateway::qrCodeUrl(const QString &token) const
{
    return m_baseUrl().toString() + QStringLiteral("/qr/") + token;
}

std::optional<QByteArray> AlipayGateway::billDownload(const QString &token)
{
    const auto it = m_bills.constFind(token);
    if (it == m_bills.cend() || m_clock.nowUtc() > it->expiresUtc)
        return std::nullopt;
    return it->zip;
}

JsonWriter AlipayGateway::billUrl(const App &app, const QJsonObject &biz, const Params &)
{
    const QString type = biz.value(u"bill_type").toString();
    const bool fund = type == QLatin1String("signcustomer");
    if (type != QLatin1String("trade") && !fund)
        return failure(QStringLiteral("40004"), QStringLiteral("isv.invalid-bill-type"),
                       QStringLiteral("bill_type must be trade or signcustomer"));
    const QDate day =
        QDate::fromString(biz.value(u"bill_date").toString(), QStringLiteral("yyyy-MM-dd"));
    const QDateTime now = m_clock.nowUtc();
    if (!day.isValid())
        return failure(QStringLiteral("40004"), QStringLiteral("isv.invalid-bill-date"),
                       QStringLiteral("bill_date must be yyyy-MM-dd"));
    // A fund bill is served for any day: its payouts follow from the trades (Settlement).
    if (!fund && day > beijing(now).date())
        return failure(QStringLiteral("40004"), QStringLiteral("isp.bill_not_exist"),
                       QStringLiteral("the bill does not exist yet"));
    QHash<QString, QString> accounts;
    for (const Buyer *b : m_store.buyers())
        accounts.insert(b->buyerId, b->logonId);
    auto zip = fund ? BillWriter::alipayFundZip(app, day, m_store, now)
                    : BillWriter::alipayTradeZip(app, day, m_store.trades(), accounts, now);
    if (!zip.ok())
        return failure(QStringLiteral("20000"), QStringLiteral("isp.unknow-error"),
                       zip.error().message);
    if (fund && m_store.settlement(app.provider, day).brokenBill)
        zip.value().truncate(zip.value().size() / 2); // POST /sandbox/settlement broken_bill
    // Forget expired links so memory stays flat in a long-running sandbox.
    for (auto it = m_bills.begin(); it != m_bills.end();)
        it = now > it->expiresUtc ? m_bills.erase(it) : std::next(it);
    const QString token = m_store.ids().alnum(32);
    m_bills.insert(token, Bill{zip.value(), now.addMSecs(billUrlLifetimeMs)});
    const QString url = m_baseUrl().toString() +
                        QStringLiteral("/bill/download?token=%1&fileType=csv.zip&bizDates=%2")
                            .arg(token, day.toString(QStringLiteral("yyyyMMdd")));
    JsonWriter w = success();
    w.add("bill_download_url", url);
    return w;
}

} // namespace paydesk::sandbox
