// The WeChat Pay adapter over real HTTP against a scripted WeChat API (wechatwireserver.h):
// the exact bytes it signs and sends, and that nothing it cannot verify is believed — forged,
// stale, unsigned or mis-serialled answers are Unknown, a bill that fails its SHA1 is refused.
#include "core/providers/wechatpay/wechatpayprovider.h"
#include "core/util/clock.h"
#include "wechatwireserver.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QTimer>
#include <QtTest>

#include <memory>
#include <optional>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

template <typename T, typename Start> std::optional<T> await(Start start, int ms = 10000)
{
    std::optional<T> result;
    QEventLoop loop;
    start([&](const T &value) {
        result = value;
        loop.quit();
    });
    if (!result) {
        QTimer::singleShot(ms, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return result;
}

// Parses `WECHATPAY2-SHA256-RSA2048 k="v",...` in any order.
QMap<QByteArray, QByteArray> authorizationFields(const QByteArray &header)
{
    QMap<QByteArray, QByteArray> out;
    const QByteArray rest = header.mid(header.indexOf(' ') + 1);
    for (const QByteArray &part : rest.split(',')) {
        const qsizetype eq = part.indexOf('=');
        out.insert(part.left(eq).trimmed(), part.mid(eq + 1).trimmed().chopped(1).mid(1));
    }
    return out;
}

} // namespace

class TestWechatPayWire : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void nativeOrderIsSignedOverTheExactTarget();
    void answersThatCannotBeBelievedAreUnknown_data();
    void answersThatCannotBeBelievedAreUnknown();
    void closeWants_aSigned204();
    void queryMapsTradeStates();
    void paymentCodeSpeaksV2();
    void md5AccountsSignAndVerifyWithMd5();
    void reverseRetriesWhileWechatSaysSo();
    void refundAndRefundQuery();
    void billIsCheckedAgainstItsSha1();
    void callbacksAreVerifiedAndDecrypted();

private:
    WechatPayConfig config() const;
    std::unique_ptr<WechatPayProvider> provider(WechatPayConfig c);
    std::unique_ptr<WechatPayProvider> provider() { return provider(config()); }

    std::unique_ptr<WechatWireServer> m_server;
    QNetworkAccessManager m_network;
    SystemClock m_clock;
};

void TestWechatPayWire::init()
{
    m_server = std::make_unique<WechatWireServer>();
    QVERIFY(m_server->port != 0);
}

WechatPayConfig TestWechatPayWire::config() const
{
    WechatPayConfig c;
    c.baseUrl = m_server->baseUrl();
    c.mchid = kMchid;
    c.appid = kAppid;
    c.merchantSerial = kMerchantSerial;
    c.platformSerial = kPlatformSerial;
    c.merchantKey = wechatpayKey(u"merchant_private_key.pem"_s);
    c.platformKey = wechatpayKey(u"platform_public_key.pem"_s);
    c.apiv3Key = kApiv3Key;
    c.apiv2Key = kApiv2Key;
    c.notifyUrl = u"http://127.0.0.1:9/notify/wechatpay"_s;
    c.timeoutMs = 5000;
    return c;
}

std::unique_ptr<WechatPayProvider> TestWechatPayWire::provider(WechatPayConfig c)
{
    return std::make_unique<WechatPayProvider>(std::move(c), &m_network, &m_clock);
}

void TestWechatPayWire::nativeOrderIsSignedOverTheExactTarget()
{
    m_server->handler = [](const WireRequest &) {
        return WechatWireServer::signedJson({{u"code_url"_s, u"weixin://wxpay/bizpayurl?pr=X1"_s}});
    };
    auto p = provider();
    QrOrderRequest request;
    request.outTradeNo = u"PD-WIRE-000001"_s;
    request.amount = Money::fromMinor(1234);
    request.subject = u"Tea"_s;
    request.timeoutMinutes = 5;
    auto reply = await<QrOrderReply>([&](auto done) { p->createQrOrder(request, done); });
    QVERIFY(reply);
    QVERIFY2(reply->status.ok(), qPrintable(reply->status.message));
    QCOMPARE(reply->qrCode, u"weixin://wxpay/bizpayurl?pr=X1"_s);

    QCOMPARE(m_server->requests.size(), 1);
    const WireRequest &sent = m_server->requests.first();
    QCOMPARE(sent.method, QByteArray("POST"));
    QCOMPARE(sent.target, QByteArray("/wechatpay/v3/pay/transactions/native"));
    const auto auth = authorizationFields(sent.headers.value("authorization"));
    QVERIFY(sent.headers.value("authorization").startsWith("WECHATPAY2-SHA256-RSA2048 "));
    QCOMPARE(auth.value("mchid"), kMchid.toLatin1());
    QCOMPARE(auth.value("serial_no"), kMerchantSerial.toLatin1());
    QVERIFY(qAbs(auth.value("timestamp").toLongLong() - QDateTime::currentSecsSinceEpoch()) < 5);
    // The signature covers the base path and the body's exact bytes.
    QVERIFY(crypto::rsaSha256Verify(
        wechatpayKey(u"merchant_public_key.pem"_s),
        WechatPayV3Signer::requestMessage("POST", sent.target, auth.value("timestamp").toLongLong(),
                                          QString::fromLatin1(auth.value("nonce_str")), sent.body),
        QByteArray::fromBase64(auth.value("signature"))));
    const QJsonObject body = QJsonDocument::fromJson(sent.body).object();
    QCOMPARE(body.value(u"appid"_s).toString(), kAppid);
    QCOMPARE(body.value(u"mchid"_s).toString(), kMchid);
    QCOMPARE(body.value(u"out_trade_no"_s).toString(), request.outTradeNo);
    QCOMPARE(body.value(u"description"_s).toString(), u"Tea"_s);
    QCOMPARE(body.value(u"notify_url"_s).toString(), u"http://127.0.0.1:9/notify/wechatpay"_s);
    QCOMPARE(body.value(u"amount"_s).toObject().value(u"total"_s).toInteger(), 1234);
    QCOMPARE(body.value(u"amount"_s).toObject().value(u"currency"_s).toString(), u"CNY"_s);
    const QDateTime expires =
        QDateTime::fromString(body.value(u"time_expire"_s).toString(), Qt::ISODate);
    QVERIFY(body.value(u"time_expire"_s).toString().endsWith(u"+08:00"));
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(expires) - 300) < 5);
}

void TestWechatPayWire::answersThatCannotBeBelievedAreUnknown_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("signed by another key") << u"other-key"_s;
    QTest::newRow("301 s old") << u"stale"_s;
    QTest::newRow("wrong serial") << u"serial"_s;
    QTest::newRow("re-cased serial") << u"recased"_s;
    QTest::newRow("unsigned") << u"unsigned"_s;
    QTest::newRow("body altered") << u"altered"_s;
    QTest::newRow("5xx") << u"5xx"_s;
    QTest::newRow("not JSON") << u"garbage"_s;
}

void TestWechatPayWire::answersThatCannotBeBelievedAreUnknown()
{
    QFETCH(QString, kind);
    // A "paid" answer in every case: believing any of them would book money never received.
    const QByteArray paid = QJsonDocument(QJsonObject{
                                              {u"mchid"_s, kMchid},
                                              {u"appid"_s, kAppid},
                                              {u"out_trade_no"_s, u"PD-WIRE-000002"_s},
                                              {u"transaction_id"_s, u"4200000002"_s},
                                              {u"trade_state"_s, u"SUCCESS"_s},
                                              {u"amount"_s, QJsonObject{{u"total"_s, 880}}},
                                          })
                                .toJson(QJsonDocument::Compact);
    m_server->handler = [&](const WireRequest &) {
        if (kind == u"other-key")
            return WechatWireServer::signedReply(paid, 200, 0, kPlatformSerial,
                                                 u"merchant_private_key.pem"_s);
        if (kind == u"stale")
            return WechatWireServer::signedReply(paid, 200, 301);
        if (kind == u"serial")
            return WechatWireServer::signedReply(paid, 200, 0, kMerchantSerial);
        if (kind == u"recased")
            return WechatWireServer::signedReply(paid, 200, 0, kPlatformSerial.toLower());
        if (kind == u"unsigned")
            return WireReply{200, paid, "application/json", {}};
        if (kind == u"altered") {
            WireReply r = WechatWireServer::signedReply(paid);
            r.body.replace("880", "881");
            return r;
        }
        if (kind == u"5xx")
            return WireReply{
                500, R"({"code":"SYSTEM_ERROR","message":"busy"})", "application/json", {}};
        return WechatWireServer::signedReply("<html>paid</html>");
    };
    auto p = provider();
    auto reply = await<TradeReply>([&](auto done) { p->query(u"PD-WIRE-000002"_s, done); });
    QVERIFY(reply);
    QVERIFY2(reply->status.unknown(), qPrintable(reply->status.code));
    QVERIFY(reply->state != TradeState::Success);

    // The same answer honestly signed is believed: the cases above fail for their reason only.
    if (kind == u"other-key") {
        m_server->handler = [&](const WireRequest &) {
            return WechatWireServer::signedReply(paid);
        };
        auto honest = await<TradeReply>([&](auto done) { p->query(u"PD-WIRE-000002"_s, done); });
        QVERIFY(honest && honest->status.ok());
        QCOMPARE(int(honest->state), int(TradeState::Success));
        QCOMPARE(honest->total, Money::fromMinor(880));
        QCOMPARE(honest->transactionId, u"4200000002"_s);
    }
}

void TestWechatPayWire::closeWants_aSigned204()
{
    bool sign = true;
    m_server->handler = [&](const WireRequest &) {
        return sign ? WechatWireServer::signedReply({}, 204) : WireReply{204, {}, {}, {}};
    };
    auto p = provider();
    auto closed = await<ProviderStatus>([&](auto done) { p->close(u"PD-WIRE-000003"_s, done); });
    QVERIFY(closed && closed->ok());
    const WireRequest &sent = m_server->requests.last();
    QCOMPARE(sent.target,
             QByteArray("/wechatpay/v3/pay/transactions/out-trade-no/PD-WIRE-000003/close"));
    QCOMPARE(QJsonDocument::fromJson(sent.body).object().value(u"mchid"_s).toString(), kMchid);

    sign = false;
    auto forged = await<ProviderStatus>([&](auto done) { p->close(u"PD-WIRE-000003"_s, done); });
    QVERIFY(forged && forged->unknown());
    QCOMPARE(forged->code, u"wechatpay.unsigned"_s);
}

void TestWechatPayWire::queryMapsTradeStates()
{
    QString state = u"NOTPAY"_s;
    int status = 200;
    QString mchid = kMchid;
    int unsignedNotFound = 0; // 2: signed under a serial the till does not hold
    m_server->handler = [&](const WireRequest &) {
        if (status == 404)
            return WechatWireServer::signedReply(
                R"({"code":"ORDER_NOT_EXIST","message":"no such order"})", 404, 0,
                unsignedNotFound == 2 ? u"FORGED"_s : kPlatformSerial);
        if (status == 4040)
            return WireReply{404,
                             R"({"code":"ORDER_NOT_EXIST","message":"no such order"})",
                             "application/json",
                             {}};
        return WechatWireServer::signedJson({{u"mchid"_s, mchid},
                                             {u"appid"_s, kAppid},
                                             {u"out_trade_no"_s, u"PD-WIRE-000004"_s},
                                             {u"trade_state"_s, state},
                                             {u"success_time"_s, u"2026-12-01T10:00:05+08:00"_s},
                                             {u"payer"_s, QJsonObject{{u"openid"_s, u"oUser"_s}}},
                                             {u"amount"_s, QJsonObject{{u"total"_s, 500}}}});
    };
    auto p = provider();
    const auto ask = [&] {
        return await<TradeReply>([&](auto done) { p->query(u"PD-WIRE-000004"_s, done); });
    };
    auto r = ask();
    QVERIFY(r && r->status.ok());
    QCOMPARE(int(r->state), int(TradeState::WaitBuyerPay));
    QCOMPARE(m_server->requests.last().target,
             QByteArray("/wechatpay/v3/pay/transactions/out-trade-no/PD-WIRE-000004?mchid=") +
                 kMchid.toLatin1());
    QCOMPARE(m_server->requests.last().body, QByteArray());

    state = u"SUCCESS"_s;
    r = ask();
    QVERIFY(r && r->status.ok());
    QCOMPARE(int(r->state), int(TradeState::Success));
    QCOMPARE(r->buyerId, u"oUser"_s);
    QCOMPARE(r->paidAt, QDateTime(QDate(2026, 12, 1), QTime(2, 0, 5), Qt::UTC));

    for (const auto &[word, expected] :
         {std::pair{u"CLOSED"_s, TradeState::Closed}, std::pair{u"REVOKED"_s, TradeState::Closed},
          std::pair{u"USERPAYING"_s, TradeState::UserPaying},
          std::pair{u"PAYERROR"_s, TradeState::PayError}}) {
        state = word;
        r = ask();
        QVERIFY(r && r->status.ok());
        QCOMPARE(int(r->state), int(expected));
    }

    status = 404; // a signed answer: no such trade (yet)
    r = ask();
    QVERIFY(r && r->status.ok());
    QCOMPARE(int(r->state), int(TradeState::NotExist));
    status = 4040; // the same without a signature is not believed
    r = ask();
    QVERIFY(r && r->status.unknown());
    QCOMPARE(int(r->status.reason), int(FailureReason::TradeNotExist));
    status = 404; // nor one signed with a key the till does not hold
    unsignedNotFound = 2;
    r = ask();
    QVERIFY(r && r->status.unknown());
    QCOMPARE(int(r->status.reason), int(FailureReason::InvalidSignature));
    QCOMPARE(r->status.code, u"wechatpay.wrong_serial"_s);

    status = 200; // another merchant's trade, however well signed, is not ours
    state = u"SUCCESS"_s;
    mchid = u"1900000999"_s;
    r = ask();
    QVERIFY(r && r->status.unknown());
}

void TestWechatPayWire::paymentCodeSpeaksV2()
{
    QString next = u"USERPAYING"_s;
    bool badSign = false;
    m_server->handler = [&](const WireRequest &r) {
        auto in = WechatPayV2::parseXml(r.body);
        if (!in.ok() ||
            !WechatPayV2::verify(in.value(), kApiv2Key, WechatPayV2::SignType::HmacSha256))
            return WechatWireServer::v2Reply(
                {{u"return_code"_s, u"FAIL"_s}, {u"return_msg"_s, u"签名错误"_s}});
        WechatPayV2::Params out{{u"out_trade_no"_s, in.value().value(u"out_trade_no"_s)}};
        if (next == u"SUCCESS" || next == u"TRADE") {
            out.insert(u"result_code"_s, u"SUCCESS"_s);
            out.insert(u"transaction_id"_s, u"4200000005"_s);
            out.insert(u"total_fee"_s, u"880"_s);
            out.insert(u"openid"_s, u"oBuyer"_s);
            out.insert(u"time_end"_s, u"20261201100005"_s);
            if (next == u"TRADE")
                out.insert(u"trade_state"_s, u"SUCCESS"_s);
        } else {
            out.insert(u"result_code"_s, u"FAIL"_s);
            out.insert(u"err_code"_s, next);
            out.insert(u"err_code_des"_s, u"需要用户输入支付密码"_s);
        }
        WireReply reply = WechatWireServer::v2Reply(out);
        if (badSign)
            reply.body.replace("<result_code>FAIL", "<result_code>SUCCESS");
        return reply;
    };
    auto p = provider();
    CodePayRequest request;
    request.outTradeNo = u"PD-WIRE-000005"_s;
    request.amount = Money::fromMinor(880);
    request.subject = u"Tea & cake"_s;
    request.authCode = u"134567890123456789"_s;
    auto r = await<TradeReply>([&](auto done) { p->payWithCode(request, done); });
    QVERIFY(r);
    QVERIFY2(r->status.ok(), qPrintable(r->status.code));
    QCOMPARE(int(r->state), int(TradeState::UserPaying));
    const WireRequest &sent = m_server->requests.last();
    QCOMPARE(sent.target, QByteArray("/wechatpay/pay/micropay"));
    auto xml = WechatPayV2::parseXml(sent.body);
    QVERIFY(xml.ok());
    QCOMPARE(xml.value().value(u"auth_code"_s), request.authCode);
    QCOMPARE(xml.value().value(u"total_fee"_s), u"880"_s);
    QCOMPARE(xml.value().value(u"body"_s), u"Tea & cake"_s);
    QCOMPARE(xml.value().value(u"sign_type"_s), u"HMAC-SHA256"_s);
    QCOMPARE(xml.value().value(u"mch_id"_s), kMchid);
    QCOMPARE(xml.value().value(u"nonce_str"_s).size(), 32);

    // The code's trade is then queried through v2 orderquery, like the pay.
    next = u"TRADE"_s;
    r = await<TradeReply>([&](auto done) { p->query(request.outTradeNo, done); });
    QVERIFY(r && r->status.ok());
    QCOMPARE(m_server->requests.last().target, QByteArray("/wechatpay/pay/orderquery"));
    QCOMPARE(int(r->state), int(TradeState::Success));
    QCOMPARE(r->total, Money::fromMinor(880));
    QCOMPARE(r->paidAt, QDateTime(QDate(2026, 12, 1), QTime(2, 0, 5), Qt::UTC));

    next = u"SYSTEMERROR"_s; // wait and query: not a failure
    r = await<TradeReply>([&](auto done) { p->payWithCode(request, done); });
    QVERIFY(r && r->status.unknown());

    next = u"AUTHCODEEXPIRE"_s;
    r = await<TradeReply>([&](auto done) { p->payWithCode(request, done); });
    QVERIFY(r && r->status.failed());
    QCOMPARE(int(r->status.reason), int(FailureReason::CodeExpiredOrInvalid));

    // A USERPAYING answer whose signature does not verify is not even "waiting".
    next = u"USERPAYING"_s;
    badSign = true;
    r = await<TradeReply>([&](auto done) { p->payWithCode(request, done); });
    QVERIFY(r && r->status.unknown());
    QCOMPARE(r->status.code, u"BAD_SIGNATURE"_s);

    // return_code FAIL is unsigned: the outcome is unknown, never a failure.
    WechatPayConfig wrongKey = config();
    wrongKey.apiv2Key = "00000000000000000000000000000000";
    badSign = false;
    auto q = provider(wrongKey);
    r = await<TradeReply>([&](auto done) { q->payWithCode(request, done); });
    QVERIFY(r && r->status.unknown());
}

void TestWechatPayWire::md5AccountsSignAndVerifyWithMd5()
{
    bool answerWithHmac = false;
    m_server->handler = [&](const WireRequest &r) {
        auto in = WechatPayV2::parseXml(r.body);
        const bool md5 = in.ok() && !in.value().contains(u"sign_type"_s) &&
                         WechatPayV2::verify(in.value(), kApiv2Key, WechatPayV2::SignType::Md5);
        if (!md5)
            return WechatWireServer::v2Reply({{u"return_code"_s, u"FAIL"_s}});
        return WechatWireServer::v2Reply({{u"result_code"_s, u"SUCCESS"_s},
                                          {u"trade_state"_s, u"NOTPAY"_s},
                                          {u"out_trade_no"_s, u"PD-WIRE-000006"_s}},
                                         answerWithHmac ? WechatPayV2::SignType::HmacSha256
                                                        : WechatPayV2::SignType::Md5);
    };
    WechatPayConfig c = config();
    c.v2Sign = WechatPayConfig::V2Sign::Md5;
    auto p = provider(c);
    CodePayRequest request{
        u"PD-WIRE-000006"_s, Money::fromMinor(100), u"x"_s, u"101234567890123456"_s, {}};
    auto r = await<TradeReply>([&](auto done) { p->payWithCode(request, done); });
    QVERIFY(r && r->status.ok());
    // An answer signed with the other algorithm is not believed.
    answerWithHmac = true;
    r = await<TradeReply>([&](auto done) { p->query(request.outTradeNo, done); });
    QVERIFY(r && r->status.unknown());
}

void TestWechatPayWire::reverseRetriesWhileWechatSaysSo()
{
    QList<WechatPayV2::Params> answers = {
        {{u"result_code"_s, u"FAIL"_s}, {u"err_code"_s, u"USERPAYING"_s}, {u"recall"_s, u"Y"_s}},
        {{u"result_code"_s, u"FAIL"_s}, {u"err_code"_s, u"SYSTEMERROR"_s}, {u"recall"_s, u"Y"_s}},
        {{u"result_code"_s, u"SUCCESS"_s}, {u"recall"_s, u"Y"_s}},
        {{u"result_code"_s, u"SUCCESS"_s}, {u"recall"_s, u"N"_s}},
    };
    m_server->handler = [&](const WireRequest &) {
        return WechatWireServer::v2Reply(answers.takeFirst());
    };
    auto p = provider();
    for (const bool expectRetry : {true, true, true, false}) {
        auto r = await<CancelReply>([&](auto done) { p->cancel(u"PD-WIRE-000007"_s, done); });
        QVERIFY(r);
        QCOMPARE(r->retry, expectRetry);
        QCOMPARE(m_server->requests.last().target, QByteArray("/wechatpay/secapi/pay/reverse"));
        if (!expectRetry)
            QVERIFY(r->status.ok());
    }
}

void TestWechatPayWire::refundAndRefundQuery()
{
    m_server->handler = [](const WireRequest &r) {
        if (r.method == "GET" && r.target.endsWith("/RF-MISSING"))
            return WireReply{
                404, R"({"code":"RESOURCE_NOT_EXISTS","message":"none"})", "application/json", {}};
        const QJsonObject in = QJsonDocument::fromJson(r.body).object();
        return WechatWireServer::signedJson(
            {{u"refund_id"_s, u"50300000001"_s},
             {u"out_refund_no"_s,
              r.method == "GET" ? u"RF-1"_s : in.value(u"out_refund_no"_s).toString()},
             {u"out_trade_no"_s, u"PD-WIRE-000008"_s},
             {u"status"_s, r.method == "GET" ? u"SUCCESS"_s : u"PROCESSING"_s},
             {u"amount"_s, QJsonObject{{u"refund"_s, 300}, {u"total"_s, 880}}}});
    };
    auto p = provider();
    RefundRequest request{u"PD-WIRE-000008"_s, u"RF-1"_s, Money::fromMinor(300),
                          Money::fromMinor(880), u"broken cup"_s};
    auto r = await<RefundReply>([&](auto done) { p->refund(request, done); });
    QVERIFY(r && r->status.ok());
    QCOMPARE(int(r->state), int(RefundReply::State::Processing));
    QCOMPARE(r->refundId, u"50300000001"_s);
    QCOMPARE(r->refundAmount, Money::fromMinor(300));
    const QJsonObject sent = QJsonDocument::fromJson(m_server->requests.last().body).object();
    QCOMPARE(m_server->requests.last().target, QByteArray("/wechatpay/v3/refund/domestic/refunds"));
    QCOMPARE(sent.value(u"out_refund_no"_s).toString(), u"RF-1"_s);
    QCOMPARE(sent.value(u"amount"_s).toObject().value(u"refund"_s).toInteger(), 300);
    QCOMPARE(sent.value(u"amount"_s).toObject().value(u"total"_s).toInteger(), 880);

    r = await<RefundReply>(
        [&](auto done) { p->refundQuery(u"PD-WIRE-000008"_s, u"RF-1"_s, done); });
    QVERIFY(r && r->status.ok());
    QCOMPARE(int(r->state), int(RefundReply::State::Success));
    QCOMPARE(m_server->requests.last().target,
             QByteArray("/wechatpay/v3/refund/domestic/refunds/RF-1"));

    r = await<RefundReply>(
        [&](auto done) { p->refundQuery(u"PD-WIRE-000008"_s, u"RF-MISSING"_s, done); });
    QVERIFY(r && r->status.ok());
    QCOMPARE(int(r->state), int(RefundReply::State::Failed)); // it never arrived

    // Without the order total nothing is sent.
    const qsizetype before = m_server->requests.size();
    request.orderTotal = Money();
    r = await<RefundReply>([&](auto done) { p->refund(request, done); });
    QVERIFY(r && r->status.failed());
    QCOMPARE(m_server->requests.size(), before);
}

void TestWechatPayWire::billIsCheckedAgainstItsSha1()
{
    const QByteArray file =
        "\xEF\xBB\xBF" +
        QStringLiteral(
            "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,"
            "交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,"
            "商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,"
            "手续费,费率,订单金额,申请退款金额,费率备注\r\n"
            "`2026-12-01 10:00:00,`wx2421b1c4370ec43b,`1900000001,`0,`PD,`4200000009,"
            "`PD-WIRE-000009,`oUser,`NATIVE,`SUCCESS,`OTHERS,`CNY,`8.80,`0.00,`0,`0,"
            "`0.00,`0.00,`,`,`Tea,`,`0.05,`0.60%,`8.80,`0.00,`\r\n"
            "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,"
            "申请退款总金额\r\n`1,`8.80,`0.00,`0.00,`0.05,`8.80,`0.00\r\n")
            .toUtf8();
    QByteArray served = file;
    QString host = u"127.0.0.1"_s;
    m_server->handler = [&](const WireRequest &r) {
        if (r.target.startsWith("/wechatpay/v3/billdownload/file"))
            return WireReply{200, served, "text/plain", {}}; // not signed, as WeChat serves it
        return WechatWireServer::signedJson(
            {{u"hash_type"_s, u"SHA1"_s},
             {u"hash_value"_s, QString::fromLatin1(crypto::sha1(file).toHex())},
             {u"download_url"_s,
              u"http://%1:%2/wechatpay/v3/billdownload/file?token=T1"_s.arg(host).arg(
                  m_server->port)}});
    };
    auto p = provider();
    const QDate day(2026, 12, 1);
    auto r = await<StatementReply>([&](auto done) { p->downloadStatement(day, done); });
    QVERIFY(r);
    QVERIFY2(r->status.ok(), qPrintable(r->status.message));
    QCOMPARE(r->lines.size(), 1);
    QCOMPARE(r->lines.first().outTradeNo, u"PD-WIRE-000009"_s);
    QCOMPARE(r->rawFile, file);
    QCOMPARE(m_server->requests.at(m_server->requests.size() - 2).target,
             QByteArray("/wechatpay/v3/bill/tradebill?bill_date=2026-12-01&bill_type=ALL"));
    // The download is a signed request too (WeChat checks it), over its own target.
    const WireRequest &download = m_server->requests.last();
    const auto auth = authorizationFields(download.headers.value("authorization"));
    QVERIFY(crypto::rsaSha256Verify(
        wechatpayKey(u"merchant_public_key.pem"_s),
        WechatPayV3Signer::requestMessage("GET", download.target,
                                          auth.value("timestamp").toLongLong(),
                                          QString::fromLatin1(auth.value("nonce_str")), {}),
        QByteArray::fromBase64(auth.value("signature"))));

    served.replace("8.80,`0.00,`0,`0", "8.81,`0.00,`0,`0"); // one byte changed on the way
    r = await<StatementReply>([&](auto done) { p->downloadStatement(day, done); });
    QVERIFY(r && !r->status.ok());
    QCOMPARE(r->status.code, u"wechatpay.bill.hash"_s);
    QVERIFY(r->lines.isEmpty());
    QVERIFY(r->rawFile.isEmpty());

    served = file.left(file.size() - 10); // cut short: the SHA1 already says so
    r = await<StatementReply>([&](auto done) { p->downloadStatement(day, done); });
    QVERIFY(r && !r->status.ok() && r->lines.isEmpty());

    served = file;
    host = u"localhost"_s; // the signed request must not go to another host
    const qsizetype before = m_server->requests.size();
    r = await<StatementReply>([&](auto done) { p->downloadStatement(day, done); });
    QVERIFY(r && !r->status.ok() && r->lines.isEmpty());
    QCOMPARE(m_server->requests.size(), before + 1); // the tradebill call only
}

void TestWechatPayWire::callbacksAreVerifiedAndDecrypted()
{
    auto p = provider();
    const QJsonObject transaction{{u"mchid"_s, kMchid},
                                  {u"appid"_s, kAppid},
                                  {u"out_trade_no"_s, u"PD-WIRE-000010"_s},
                                  {u"transaction_id"_s, u"4200000010"_s},
                                  {u"trade_state"_s, u"SUCCESS"_s},
                                  {u"amount"_s, QJsonObject{{u"total"_s, 1234}}}};
    const auto envelope = [&](const QJsonObject &plain, const QByteArray &key) {
        const QByteArray nonce = "fdasflkja484";
        auto sealed =
            crypto::aesGcmEncrypt(key, nonce, QJsonDocument(plain).toJson(), "transaction");
        return QJsonDocument(
                   QJsonObject{
                       {u"id"_s, u"EV-2018-000001"_s},
                       {u"create_time"_s, u"2026-12-01T10:00:06+08:00"_s},
                       {u"event_type"_s, u"TRANSACTION.SUCCESS"_s},
                       {u"resource_type"_s, u"encrypt-resource"_s},
                       {u"resource"_s, QJsonObject{{u"algorithm"_s, u"AEAD_AES_256_GCM"_s},
                                                   {u"ciphertext"_s,
                                                    QString::fromLatin1(sealed.value().toBase64())},
                                                   {u"associated_data"_s, u"transaction"_s},
                                                   {u"nonce"_s, QString::fromLatin1(nonce)},
                                                   {u"original_type"_s, u"transaction"_s}}}})
            .toJson(QJsonDocument::Compact);
    };
    const auto headers = [](const QByteArray &body, qint64 age = 0) {
        QMap<QByteArray, QByteArray> h =
            platformHeaders(wechatpayKey(u"platform_private_key.pem"_s), kPlatformSerial.toUtf8(),
                            body, QDateTime::currentSecsSinceEpoch() - age);
        // As a receiver passes them on: any case.
        QMap<QByteArray, QByteArray> mixed;
        for (auto it = h.cbegin(); it != h.cend(); ++it)
            mixed.insert("Wechatpay-" + it.key().mid(10), it.value());
        return mixed;
    };

    const QByteArray body = envelope(transaction, kApiv3Key);
    auto n = p->verifyNotification(body, headers(body));
    QVERIFY2(n.ok(), qPrintable(n.ok() ? QString() : n.error().code));
    QCOMPARE(n.value().outTradeNo, u"PD-WIRE-000010"_s);
    QCOMPARE(n.value().transactionId, u"4200000010"_s);
    QCOMPARE(int(n.value().state), int(TradeState::Success));
    QCOMPARE(n.value().amount, Money::fromMinor(1234));
    QCOMPARE(n.value().notifyId, u"EV-2018-000001"_s);
    QCOMPARE(n.value().ackBody, WechatPayProvider::notificationAck().body);

    QVERIFY(!p->verifyNotification(body, {}).ok()); // unsigned
    QVERIFY(!p->verifyNotification(body, headers(body, 301)).ok());
    QByteArray altered = body;
    altered.replace("EV-2018-000001", "EV-2018-000002");
    QVERIFY(!p->verifyNotification(altered, headers(body)).ok());
    // Signed, but sealed with another APIv3 key: not decryptable, not believed.
    const QByteArray otherKey = envelope(transaction, "b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb");
    QCOMPARE(p->verifyNotification(otherKey, headers(otherKey)).error().code,
             u"wechatpay.notify.decrypt"_s);
    QJsonObject foreign = transaction;
    foreign.insert(u"mchid"_s, u"1900000999"_s);
    const QByteArray foreignBody = envelope(foreign, kApiv3Key);
    QCOMPARE(p->verifyNotification(foreignBody, headers(foreignBody)).error().code,
             u"wechatpay.notify.wrong_merchant"_s);
}

QTEST_GUILESS_MAIN(TestWechatPayWire)
#include "tst_wechatpaywire.moc"
