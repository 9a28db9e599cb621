// The sandbox's Alipay gateway over real HTTP on loopback: signatures, methods, bills.
#include "sandboxtestkit.h"

#include "core/util/clock.h"

#include <QStringDecoder>
#include <QTest>

#include <zip.h>

using namespace paydesk;
using namespace paydesk::sandbox;
using namespace sandboxtest;

namespace {
QJsonObject obj(std::initializer_list<QPair<QString, QJsonValue>> items)
{
    return QJsonObject(items);
}
QString s(const char *text)
{
    return QString::fromUtf8(text);
}
} // namespace

class TestSandboxGateway : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void health();
    void appsAreAnsweredByTheirDialect();
    void precreateIsSignedOverRawInnerJson();
    void tamperedRequestIsRejectedButSigned();
    void unknownMethodAnswersErrorResponse();
    void paramsSplitAcrossQueryAndBody();
    void precreatedTradeExistsOnlyOnceScanned();
    void qrPagePayButtonPays();
    void payWithBuyerCodeIsSingleUse();
    void insufficientBalance();
    void expiredCodeIsInvalid();
    void refundReplayMovesMoneyOnce();
    void cancelRefundsPaidAndTombstonesUnknown();
    void billForTodayIsGbkZipWithFees();
    void billUrlExpiresAfter30Seconds();

private:
    QJsonObject newBuyer(qint64 balanceMinor);

    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<SandboxServer> m_server;
    QNetworkAccessManager m_nam;
    QUrl m_base;
    AlipayClient m_client;
};

void TestSandboxGateway::initTestCase()
{
    m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
    SandboxOptions options;
    options.seed = 7;
    options.clock = m_clock.get();
    m_server = std::make_unique<SandboxServer>(options);
    const auto port = m_server->start();
    QVERIFY2(port.ok(), qPrintable(port.ok() ? QString() : port.error().message));
    QVERIFY(port.value() > 0);
    m_base = m_server->baseUrl();
    QCOMPARE(m_base.toString(), QStringLiteral("http://127.0.0.1:%1").arg(port.value()));
    m_client = registerApp(m_nam, m_base);
    QVERIFY(!m_client.appId.isEmpty());
    QCOMPARE(m_client.gateway.toString(), m_base.toString() + QStringLiteral("/alipay/gateway.do"));
    QVERIFY(!m_client.providerKey.isNull());
    QCOMPARE(m_client.providerKey.publicKeyPem(), m_server->providerPublicKeyPem());
}

QJsonObject TestSandboxGateway::newBuyer(qint64 balanceMinor)
{
    return control(m_nam, m_base, QStringLiteral("/sandbox/buyers"),
                   obj({{QStringLiteral("balance_minor"), balanceMinor}}));
}

void TestSandboxGateway::health()
{
    const HttpResult r =
        http(m_nam, m_base.resolved(QUrl(QStringLiteral("/sandbox/health"))), "GET");
    QCOMPARE(r.status, 200);
    QCOMPARE(json(r).value(QLatin1String("ok")).toBool(), true);
}

void TestSandboxGateway::appsAreAnsweredByTheirDialect()
{
    const QString pem = QString::fromLatin1(crypto::RsaKey::generate(2048).value().publicKeyPem());
    int status = 0;
    // Each provider's registration is answered by its own dialect, in its own shape.
    QJsonObject out = control(m_nam, m_base, QStringLiteral("/sandbox/apps"),
                              obj({{QStringLiteral("provider"), QStringLiteral("wechatpay")},
                                   {QStringLiteral("public_key"), pem}}),
                              &status);
    QCOMPARE(status, 200);
    QVERIFY(out.contains(QLatin1String("mchid")));
    QVERIFY(!out.contains(QLatin1String("app_id")));
    out = control(m_nam, m_base, QStringLiteral("/sandbox/apps"),
                  obj({{QStringLiteral("provider"), QStringLiteral("nosuchpay")},
                       {QStringLiteral("public_key"), pem}}),
                  &status);
    QCOMPARE(status, 400);
    QCOMPARE(out.value(QLatin1String("code")).toString(), QStringLiteral("bad_provider"));
    QVERIFY(out.value(QLatin1String("error")).toString().contains(QLatin1String("alipay")));
    QVERIFY(out.value(QLatin1String("error")).toString().contains(QLatin1String("wechatpay")));
    // Paths no dialect serves stay 404, GET or POST.
    QCOMPARE(http(m_nam, m_base.resolved(QUrl(QStringLiteral("/unionpay/gateway"))), "POST").status,
             404);
    QCOMPARE(
        http(m_nam, m_base.resolved(QUrl(QStringLiteral("/wechatpay/pay/nosuch"))), "POST").status,
        404);
    QCOMPARE(http(m_nam, m_base.resolved(QUrl(QStringLiteral("/nowhere"))), "GET").status, 404);
}

void TestSandboxGateway::precreateIsSignedOverRawInnerJson()
{
    const Answer a = m_client.call("alipay.trade.precreate",
                                   obj({{QStringLiteral("out_trade_no"), QStringLiteral("PRE-1")},
                                        {QStringLiteral("total_amount"), QStringLiteral("12.34")},
                                        {QStringLiteral("subject"), s("咖啡 x2 / latte")}}));
    QCOMPARE(a.http.status, 200);
    QCOMPARE(a.code(), QStringLiteral("10000"));
    QCOMPARE(a.field("msg"), QStringLiteral("Success"));
    QCOMPARE(a.field("out_trade_no"), QStringLiteral("PRE-1"));
    QVERIFY(a.field("qr_code").startsWith(m_base.toString() + QStringLiteral("/qr/bax")));
    QVERIFY(a.signatureValid);
    QVERIFY(a.innerRaw.startsWith("{\"code\":\"10000\",\"msg\":\"Success\""));
    // One byte more and the signature no longer holds.
    const QByteArray sign = QJsonDocument::fromJson(a.http.body)
                                .object()
                                .value(QLatin1String("sign"))
                                .toString()
                                .toLatin1();
    QVERIFY(!crypto::rsaSha256Verify(m_client.providerKey, a.innerRaw + ' ',
                                     QByteArray::fromBase64(sign)));

    const QJsonObject t = tradeIn(m_nam, m_base, QStringLiteral("PRE-1"));
    QCOMPARE(t.value(QLatin1String("status")).toString(), QStringLiteral("WAIT_BUYER_PAY"));
    QCOMPARE(t.value(QLatin1String("amount_minor")).toInteger(), 1234);
    QCOMPARE(t.value(QLatin1String("provider")).toString(), QStringLiteral("alipay"));
}

void TestSandboxGateway::tamperedRequestIsRejectedButSigned()
{
    auto params = m_client.signedParams(
        "alipay.trade.precreate", obj({{QStringLiteral("out_trade_no"), QStringLiteral("PRE-T")},
                                       {QStringLiteral("total_amount"), QStringLiteral("1.00")},
                                       {QStringLiteral("subject"), QStringLiteral("x")}}));
    params["biz_content"].replace("1.00", "0.01");
    const Answer a = m_client.send("alipay.trade.precreate", params);
    QCOMPARE(a.code(), QStringLiteral("40002"));
    QCOMPARE(a.subCode(), QStringLiteral("isv.invalid-signature"));
    QVERIFY(a.http.body.startsWith("{\"alipay_trade_precreate_response\":"));
    QVERIFY(a.signatureValid);
    QVERIFY(tradeIn(m_nam, m_base, QStringLiteral("PRE-T")).isEmpty());

    // A missing signature is the same refusal.
    params = m_client.signedParams(
        "alipay.trade.query", obj({{QStringLiteral("out_trade_no"), QStringLiteral("PRE-1")}}));
    params.remove("sign");
    const Answer b = m_client.send("alipay.trade.query", params);
    QCOMPARE(b.subCode(), QStringLiteral("isv.invalid-signature"));
    QVERIFY(b.signatureValid);
}

void TestSandboxGateway::unknownMethodAnswersErrorResponse()
{
    const Answer a = m_client.call("alipay.trade.nonsense", QJsonObject());
    QVERIFY(a.http.body.startsWith("{\"error_response\":"));
    QCOMPARE(a.code(), QStringLiteral("40002"));
    QCOMPARE(a.subCode(), QStringLiteral("isv.invalid-method"));
    QVERIFY(a.signatureValid);
}

void TestSandboxGateway::paramsSplitAcrossQueryAndBody()
{
    const Answer a =
        m_client.call("alipay.trade.precreate",
                      obj({{QStringLiteral("out_trade_no"), QStringLiteral("PRE-SPLIT")},
                           {QStringLiteral("total_amount"), QStringLiteral("5.00")},
                           {QStringLiteral("subject"), s("a+b & c=d 票")}}),
                      {}, AlipayClient::Layout::SplitQueryAndBody);
    QCOMPARE(a.code(), QStringLiteral("10000"));
    QVERIFY(a.signatureValid);
}

void TestSandboxGateway::precreatedTradeExistsOnlyOnceScanned()
{
    const Answer pre = m_client.call(
        "alipay.trade.precreate", obj({{QStringLiteral("out_trade_no"), QStringLiteral("PRE-SCAN")},
                                       {QStringLiteral("total_amount"), QStringLiteral("3.50")},
                                       {QStringLiteral("subject"), QStringLiteral("tea")}}));
    QCOMPARE(pre.code(), QStringLiteral("10000"));
    const QJsonObject byOutNo = obj({{QStringLiteral("out_trade_no"), QStringLiteral("PRE-SCAN")}});
    Answer q = m_client.call("alipay.trade.query", byOutNo);
    QCOMPARE(q.code(), QStringLiteral("40004"));
    QCOMPARE(q.subCode(), QStringLiteral("ACQ.TRADE_NOT_EXIST"));
    QVERIFY(q.signatureValid);

    // The buyer opens the QR page: the trade now exists, unpaid.
    const HttpResult page = http(m_nam, QUrl(pre.field("qr_code")), "GET");
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("3.50"));
    QVERIFY(page.body.contains("id=\"pay\""));
    q = m_client.call("alipay.trade.query", byOutNo);
    QCOMPARE(q.code(), QStringLiteral("10000"));
    QCOMPARE(q.field("trade_status"), QStringLiteral("WAIT_BUYER_PAY"));

    int status = 0;
    const QJsonObject paid = control(m_nam, m_base, QStringLiteral("/sandbox/pay"),
                                     obj({{QStringLiteral("qr"), pre.field("qr_code")}}), &status);
    QCOMPARE(status, 200);
    QCOMPARE(paid.value(QLatin1String("status")).toString(), QStringLiteral("SUCCESS"));
    q = m_client.call("alipay.trade.query", byOutNo);
    QCOMPARE(q.field("trade_status"), QStringLiteral("TRADE_SUCCESS"));
    QCOMPARE(q.field("total_amount"), QStringLiteral("3.50"));
    QCOMPARE(q.field("trade_no"), paid.value(QLatin1String("transaction_id")).toString());
    QVERIFY(!q.field("buyer_user_id").isEmpty());
    QVERIFY(!q.field("send_pay_date").isEmpty());
    // Paying again is refused.
    control(m_nam, m_base, QStringLiteral("/sandbox/pay"),
            obj({{QStringLiteral("qr"), pre.field("qr_code")}}), &status);
    QCOMPARE(status, 409);
}

void TestSandboxGateway::qrPagePayButtonPays()
{
    const Answer pre = m_client.call(
        "alipay.trade.precreate", obj({{QStringLiteral("out_trade_no"), QStringLiteral("PRE-PAGE")},
                                       {QStringLiteral("total_amount"), QStringLiteral("0.01")},
                                       {QStringLiteral("subject"), QStringLiteral("gum")}}));
    const QUrl page(pre.field("qr_code"));
    const HttpResult shown = http(m_nam, page, "GET");
    QVERIFY(shown.body.contains("action=\"" + page.path().toUtf8() + "/pay\""));
    const HttpResult paid = http(m_nam, QUrl(page.toString() + QStringLiteral("/pay")), "POST", {},
                                 "application/x-www-form-urlencoded");
    QCOMPARE(paid.status, 200);
    QVERIFY(paid.body.contains("id=\"result\""));
    QCOMPARE(tradeIn(m_nam, m_base, QStringLiteral("PRE-PAGE"))
                 .value(QLatin1String("status"))
                 .toString(),
             QStringLiteral("SUCCESS"));
    // A second press does not pay twice.
    QCOMPARE(http(m_nam, QUrl(page.toString() + QStringLiteral("/pay")), "POST", {},
                  "application/x-www-form-urlencoded")
                 .status,
             409);
    QCOMPARE(http(m_nam, m_base.resolved(QUrl(QStringLiteral("/qr/nope"))), "GET").status, 404);
}

void TestSandboxGateway::payWithBuyerCodeIsSingleUse()
{
    const QJsonObject buyer = newBuyer(10000);
    const QString code = buyer.value(QLatin1String("alipay_code")).toString();
    QCOMPARE(code.size(), 18);
    QVERIFY(code.startsWith(QLatin1String("28")));
    const QString wechat = buyer.value(QLatin1String("wechat_code")).toString();
    QCOMPARE(wechat.size(), 18);
    QVERIFY(wechat.startsWith(QLatin1String("13")));

    const auto payBiz = [](const QString &outNo, const QString &authCode) {
        return obj({{QStringLiteral("out_trade_no"), outNo},
                    {QStringLiteral("scene"), QStringLiteral("bar_code")},
                    {QStringLiteral("auth_code"), authCode},
                    {QStringLiteral("total_amount"), QStringLiteral("25.00")},
                    {QStringLiteral("subject"), QStringLiteral("lunch")}});
    };
    const Answer a = m_client.call("alipay.trade.pay", payBiz(QStringLiteral("PAY-1"), code));
    QCOMPARE(a.code(), QStringLiteral("10000"));
    QVERIFY(a.signatureValid);
    QCOMPARE(a.field("total_amount"), QStringLiteral("25.00"));
    QCOMPARE(a.field("buyer_user_id"), buyer.value(QLatin1String("buyer_id")).toString());
    QVERIFY(a.field("trade_no").size() == 28);
    QCOMPARE(balanceOf(m_nam, m_base, buyer.value(QLatin1String("buyer_id")).toString()), 7500);

    const Answer reuse = m_client.call("alipay.trade.pay", payBiz(QStringLiteral("PAY-2"), code));
    QCOMPARE(reuse.code(), QStringLiteral("40004"));
    QCOMPARE(reuse.subCode(), QStringLiteral("ACQ.PAYMENT_AUTH_CODE_INVALID"));
    // A WeChat code is not an Alipay code.
    const Answer foreign =
        m_client.call("alipay.trade.pay", payBiz(QStringLiteral("PAY-3"), wechat));
    QCOMPARE(foreign.subCode(), QStringLiteral("ACQ.PAYMENT_AUTH_CODE_INVALID"));

    // Same out_trade_no with a fresh code: already paid.
    const QJsonObject fresh =
        control(m_nam, m_base, QStringLiteral("/sandbox/codes"),
                obj({{QStringLiteral("buyer_id"), buyer.value(QLatin1String("buyer_id"))}}));
    const Answer again = m_client.call(
        "alipay.trade.pay",
        payBiz(QStringLiteral("PAY-1"), fresh.value(QLatin1String("alipay_code")).toString()));
    QCOMPARE(again.subCode(), QStringLiteral("ACQ.TRADE_HAS_SUCCESS"));
    QCOMPARE(balanceOf(m_nam, m_base, buyer.value(QLatin1String("buyer_id")).toString()), 7500);
}

void TestSandboxGateway::insufficientBalance()
{
    const QJsonObject buyer = newBuyer(100);
    const Answer a =
        m_client.call("alipay.trade.pay",
                      obj({{QStringLiteral("out_trade_no"), QStringLiteral("PAY-POOR")},
                           {QStringLiteral("scene"), QStringLiteral("bar_code")},
                           {QStringLiteral("auth_code"), buyer.value(QLatin1String("alipay_code"))},
                           {QStringLiteral("total_amount"), QStringLiteral("2.00")},
                           {QStringLiteral("subject"), QStringLiteral("x")}}));
    QCOMPARE(a.code(), QStringLiteral("40004"));
    QCOMPARE(a.subCode(), QStringLiteral("ACQ.BUYER_BALANCE_NOT_ENOUGH"));
    QCOMPARE(balanceOf(m_nam, m_base, buyer.value(QLatin1String("buyer_id")).toString()), 100);
    QCOMPARE(tradeIn(m_nam, m_base, QStringLiteral("PAY-POOR"))
                 .value(QLatin1String("status"))
                 .toString(),
             QStringLiteral("CLOSED"));
}

void TestSandboxGateway::expiredCodeIsInvalid()
{
    const QJsonObject buyer = newBuyer(10000);
    m_clock->advance(5 * 60 * 1000 + 1000);
    const Answer a =
        m_client.call("alipay.trade.pay",
                      obj({{QStringLiteral("out_trade_no"), QStringLiteral("PAY-OLD")},
                           {QStringLiteral("scene"), QStringLiteral("bar_code")},
                           {QStringLiteral("auth_code"), buyer.value(QLatin1String("alipay_code"))},
                           {QStringLiteral("total_amount"), QStringLiteral("1.00")},
                           {QStringLiteral("subject"), QStringLiteral("x")}}));
    QCOMPARE(a.subCode(), QStringLiteral("ACQ.PAYMENT_AUTH_CODE_INVALID"));
}

void TestSandboxGateway::refundReplayMovesMoneyOnce()
{
    const QJsonObject buyer = newBuyer(100000);
    const QString buyerId = buyer.value(QLatin1String("buyer_id")).toString();
    QCOMPARE(
        m_client
            .call("alipay.trade.pay",
                  obj({{QStringLiteral("out_trade_no"), QStringLiteral("REF-1")},
                       {QStringLiteral("scene"), QStringLiteral("bar_code")},
                       {QStringLiteral("auth_code"), buyer.value(QLatin1String("alipay_code"))},
                       {QStringLiteral("total_amount"), QStringLiteral("10.00")},
                       {QStringLiteral("subject"), QStringLiteral("book")}}))
            .code(),
        QStringLiteral("10000"));
    const auto refund = [this](const char *amount, const char *requestNo) {
        return m_client.call(
            "alipay.trade.refund",
            obj({{QStringLiteral("out_trade_no"), QStringLiteral("REF-1")},
                 {QStringLiteral("refund_amount"), QString::fromLatin1(amount)},
                 {QStringLiteral("out_request_no"), QString::fromLatin1(requestNo)},
                 {QStringLiteral("refund_reason"), QStringLiteral("damaged")}}));
    };
    Answer r = refund("3.00", "R1");
    QCOMPARE(r.code(), QStringLiteral("10000"));
    QCOMPARE(r.field("fund_change"), QStringLiteral("Y"));
    QCOMPARE(r.field("refund_fee"), QStringLiteral("3.00"));
    QVERIFY(r.signatureValid);
    r = refund("3.00", "R1");
    QCOMPARE(r.code(), QStringLiteral("10000"));
    QCOMPARE(r.field("fund_change"), QStringLiteral("N"));
    QCOMPARE(r.field("refund_fee"), QStringLiteral("3.00"));
    QCOMPARE(tradeIn(m_nam, m_base, QStringLiteral("REF-1"))
                 .value(QLatin1String("refunded_minor"))
                 .toInteger(),
             300);
    QCOMPARE(balanceOf(m_nam, m_base, buyerId), 100000 - 1000 + 300);

    QCOMPARE(refund("3.50", "R1").subCode(), QStringLiteral("ACQ.DISCORDANT_REPEAT_REQUEST"));
    QCOMPARE(refund("8.00", "R2").subCode(), QStringLiteral("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL"));
    r = refund("7.00", "R2");
    QCOMPARE(r.field("fund_change"), QStringLiteral("Y"));
    QCOMPARE(r.field("refund_fee"), QStringLiteral("10.00"));
    QCOMPARE(balanceOf(m_nam, m_base, buyerId), 100000);

    const Answer q = m_client.call(
        "alipay.trade.query", obj({{QStringLiteral("out_trade_no"), QStringLiteral("REF-1")}}));
    QCOMPARE(q.field("trade_status"), QStringLiteral("TRADE_CLOSED"));
    const Answer rq =
        m_client.call("alipay.trade.fastpay.refund.query",
                      obj({{QStringLiteral("out_trade_no"), QStringLiteral("REF-1")},
                           {QStringLiteral("out_request_no"), QStringLiteral("R1")}}));
    QCOMPARE(rq.code(), QStringLiteral("10000"));
    QCOMPARE(rq.field("refund_amount"), QStringLiteral("3.00"));
    QCOMPARE(rq.field("refund_status"), QStringLiteral("REFUND_SUCCESS"));
    const Answer none =
        m_client.call("alipay.trade.fastpay.refund.query",
                      obj({{QStringLiteral("out_trade_no"), QStringLiteral("REF-1")},
                           {QStringLiteral("out_request_no"), QStringLiteral("R9")}}));
    QCOMPARE(none.code(), QStringLiteral("10000"));
    QVERIFY(!none.inner.contains(QLatin1String("refund_amount")));
}

void TestSandboxGateway::cancelRefundsPaidAndTombstonesUnknown()
{
    const QJsonObject buyer = newBuyer(5000);
    QCOMPARE(
        m_client
            .call("alipay.trade.pay",
                  obj({{QStringLiteral("out_trade_no"), QStringLiteral("CAN-1")},
                       {QStringLiteral("scene"), QStringLiteral("bar_code")},
                       {QStringLiteral("auth_code"), buyer.value(QLatin1String("alipay_code"))},
                       {QStringLiteral("total_amount"), QStringLiteral("20.00")},
                       {QStringLiteral("subject"), QStringLiteral("x")}}))
            .code(),
        QStringLiteral("10000"));
    Answer c = m_client.call("alipay.trade.cancel",
                             obj({{QStringLiteral("out_trade_no"), QStringLiteral("CAN-1")}}));
    QCOMPARE(c.code(), QStringLiteral("10000"));
    QCOMPARE(c.field("action"), QStringLiteral("refund"));
    QCOMPARE(c.field("retry_flag"), QStringLiteral("N"));
    const QJsonObject t = tradeIn(m_nam, m_base, QStringLiteral("CAN-1"));
    QCOMPARE(t.value(QLatin1String("status")).toString(), QStringLiteral("CLOSED"));
    QCOMPARE(t.value(QLatin1String("refunded_minor")).toInteger(), 2000);
    QCOMPARE(balanceOf(m_nam, m_base, buyer.value(QLatin1String("buyer_id")).toString()), 5000);

    // Cancelling a pay that never arrived closes the out_trade_no for good.
    c = m_client.call("alipay.trade.cancel",
                      obj({{QStringLiteral("out_trade_no"), QStringLiteral("CAN-LOST")}}));
    QCOMPARE(c.code(), QStringLiteral("10000"));
    QCOMPARE(c.field("action"), QStringLiteral("close"));
    const QJsonObject fresh =
        control(m_nam, m_base, QStringLiteral("/sandbox/codes"),
                obj({{QStringLiteral("buyer_id"), buyer.value(QLatin1String("buyer_id"))}}));
    const Answer late =
        m_client.call("alipay.trade.pay",
                      obj({{QStringLiteral("out_trade_no"), QStringLiteral("CAN-LOST")},
                           {QStringLiteral("scene"), QStringLiteral("bar_code")},
                           {QStringLiteral("auth_code"), fresh.value(QLatin1String("alipay_code"))},
                           {QStringLiteral("total_amount"), QStringLiteral("1.00")},
                           {QStringLiteral("subject"), QStringLiteral("x")}}));
    QCOMPARE(late.subCode(), QStringLiteral("ACQ.TRADE_HAS_CLOSE"));
}

void TestSandboxGateway::billForTodayIsGbkZipWithFees()
{
    const QString today =
        m_clock->nowUtc().toTimeZone(QTimeZone(8 * 3600)).toString(QStringLiteral("yyyy-MM-dd"));
    const Answer a = m_client.call("alipay.data.dataservice.bill.downloadurl.query",
                                   obj({{QStringLiteral("bill_type"), QStringLiteral("trade")},
                                        {QStringLiteral("bill_date"), today}}));
    QCOMPARE(a.code(), QStringLiteral("10000"));
    QVERIFY(a.signatureValid);
    const HttpResult file = http(m_nam, QUrl(a.field("bill_download_url")), "GET");
    QCOMPARE(file.status, 200);
    QVERIFY(file.body.startsWith("PK"));

    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *src =
        zip_source_buffer_create(file.body.constData(), zip_uint64_t(file.body.size()), 0, &error);
    zip_t *archive = zip_open_from_source(src, ZIP_RDONLY, &error);
    QVERIFY(archive);
    QCOMPARE(zip_get_num_entries(archive, 0), zip_int64_t(1));
    const QString name = QString::fromUtf8(zip_get_name(archive, 0, 0));
    QVERIFY2(name.endsWith(s("_业务明细.csv")), qPrintable(name));
    zip_stat_t st;
    QCOMPARE(zip_stat_index(archive, 0, 0, &st), 0);
    QByteArray raw(qsizetype(st.size), '\0');
    zip_file_t *f = zip_fopen_index(archive, 0, 0);
    QCOMPARE(zip_fread(f, raw.data(), st.size), zip_int64_t(st.size));
    zip_fclose(f);
    zip_close(archive);

    QVERIFY(!raw.contains(s("支付宝").toUtf8())); // not UTF-8
    QStringDecoder gbk("GBK");
    const QString csv = gbk.decode(raw);
    QVERIFY(!gbk.hasError());
    const QStringList lines = csv.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QVERIFY(lines.first().startsWith(QLatin1Char('#')));
    qsizetype headerAt = -1;
    for (qsizetype i = 0; i < lines.size(); ++i)
        if (!lines.at(i).startsWith(QLatin1Char('#'))) {
            headerAt = i;
            break;
        }
    QVERIFY(headerAt > 0);
    const QStringList header = lines.at(headerAt).split(QLatin1Char(','));
    QCOMPARE(header.size(), 25);
    QCOMPARE(header.first(), s("支付宝交易号"));
    QCOMPARE(header.at(11), s("订单金额（元）"));
    QCOMPARE(header.at(21), s("退款批次号/请求号"));
    QCOMPARE(header.at(22), s("服务费（元）"));
    QCOMPARE(header.last(), s("备注"));
    QVERIFY(lines.last().startsWith(QLatin1Char('#')));
    QVERIFY(csv.contains(s("#账号：[2088")));

    // REF-1: paid 10.00 (fee 0.06), refunded 3.00 (fee back 0.02) and 7.00 (the rest, 0.04).
    QStringList ref1;
    for (const QString &line : lines)
        if (line.contains(QStringLiteral("REF-1\t")))
            ref1 << line;
    QCOMPARE(ref1.size(), 3);
    const QStringList pay = ref1.at(0).split(QLatin1Char(','));
    QCOMPARE(pay.size(), 25);
    QVERIFY(pay.at(0).endsWith(QLatin1Char('\t')));
    QCOMPARE(pay.at(1), QStringLiteral("REF-1\t"));
    QCOMPARE(pay.at(2), s("交易"));
    QCOMPARE(pay.at(11), QStringLiteral("10.00"));
    QCOMPARE(pay.at(12), QStringLiteral("10.00"));
    QCOMPARE(pay.at(22), QStringLiteral("0.06"));
    const QStringList r1 = ref1.at(1).split(QLatin1Char(','));
    QCOMPARE(r1.at(2), s("退款"));
    QCOMPARE(r1.at(11), QStringLiteral("-3.00"));
    QCOMPARE(r1.at(21), QStringLiteral("R1\t"));
    QCOMPARE(r1.at(22), QStringLiteral("-0.02"));
    const QStringList r2 = ref1.at(2).split(QLatin1Char(','));
    QCOMPARE(r2.at(11), QStringLiteral("-7.00"));
    QCOMPARE(r2.at(21), QStringLiteral("R2\t"));
    QCOMPARE(r2.at(22), QStringLiteral("-0.04"));
    // An unpaid QR trade is not in the bill; PAY-1 (25.00, fee 0.15) is.
    QVERIFY(!csv.contains(QStringLiteral("PRE-1\t")));
    bool sawPay1 = false;
    for (const QString &line : lines)
        if (line.contains(QStringLiteral("PAY-1\t"))) {
            sawPay1 = true;
            QCOMPARE(line.split(QLatin1Char(',')).at(22), QStringLiteral("0.15"));
        }
    QVERIFY(sawPay1);
}

void TestSandboxGateway::billUrlExpiresAfter30Seconds()
{
    const QString today =
        m_clock->nowUtc().toTimeZone(QTimeZone(8 * 3600)).toString(QStringLiteral("yyyy-MM-dd"));
    const Answer a = m_client.call("alipay.data.dataservice.bill.downloadurl.query",
                                   obj({{QStringLiteral("bill_type"), QStringLiteral("trade")},
                                        {QStringLiteral("bill_date"), today}}));
    QCOMPARE(a.code(), QStringLiteral("10000"));
    m_clock->advance(31 * 1000);
    QCOMPARE(http(m_nam, QUrl(a.field("bill_download_url")), "GET").status, 404);
    const Answer future =
        m_client.call("alipay.data.dataservice.bill.downloadurl.query",
                      obj({{QStringLiteral("bill_type"), QStringLiteral("trade")},
                           {QStringLiteral("bill_date"), QStringLiteral("2999-01-01")}}));
    QCOMPARE(future.code(), QStringLiteral("40004"));
}

QTEST_GUILESS_MAIN(TestSandboxGateway)
#include "tst_sandboxgateway.moc"
