// The sandbox's WeChat Pay v2 payment-code API (XML) and the faults on both WeChat APIs, over
// real HTTP on loopback.
#include "sandboxtestkit.h"
#include "wechatpaytestclient.h"

#include "core/util/clock.h"

#include <QElapsedTimer>
#include <QTest>

using namespace paydesk;
using namespace paydesk::sandbox;
using namespace wechattest;
using namespace Qt::StringLiterals;

class TestSandboxWechatV2 : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void micropaySignsWithTheRequestsAlgorithm_data();
    void micropaySignsWithTheRequestsAlgorithm();
    void badSignatureIsReturnCodeFail();
    void codesAreSingleUseAndExpire();
    void notEnoughBalanceIsPayError();
    void userpayingThenThePassword();
    void userpayingThenTheBuyerDeclines();
    void reverseWaitsFifteenSecondsThenRevokes();
    void reverseUnderUserpayingAsksToCallAgain();
    void reverseOfAPaidOrderRefundsIt();
    void droppedAnswerChargesOnce();
    void http5xxAndTimeoutDoNotProcess();
    void dupNotifyAndLateSuccessOnV3();

private:
    QMap<QString, QString> micropay(const QString &outTradeNo, const QString &code,
                                    qint64 fen = 600) const;
    QMap<QString, QString> byOutTradeNo(const QString &outTradeNo) const;
    QJsonObject newBuyer(qint64 balanceMinor = 100000);

    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<SandboxServer> m_server;
    QNetworkAccessManager m_nam;
    QUrl m_base;
    Client m_client;
    Receiver m_receiver;
};

void TestSandboxWechatV2::initTestCase()
{
    m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
    SandboxOptions options;
    options.seed = 12;
    options.clock = m_clock.get();
    m_server = std::make_unique<SandboxServer>(options);
    QVERIFY(m_server->start().ok());
    m_base = m_server->baseUrl();
    m_client = registerMerchant(m_nam, m_base, *m_clock);
    QVERIFY(!m_client.apiV2Key.isEmpty());
}

void TestSandboxWechatV2::init()
{
    QVERIFY(m_server->setFaults(QString()).ok());
}

QMap<QString, QString> TestSandboxWechatV2::micropay(const QString &outTradeNo, const QString &code,
                                                     qint64 fen) const
{
    return {{u"body"_s, u"Paydesk <sale> & more"_s}, {u"out_trade_no"_s, outTradeNo},
            {u"total_fee"_s, QString::number(fen)},  {u"spbill_create_ip"_s, u"127.0.0.1"_s},
            {u"device_info"_s, u"TILL-1"_s},         {u"auth_code"_s, code}};
}

QMap<QString, QString> TestSandboxWechatV2::byOutTradeNo(const QString &outTradeNo) const
{
    return {{u"out_trade_no"_s, outTradeNo}};
}

QJsonObject TestSandboxWechatV2::newBuyer(qint64 balanceMinor)
{
    return sandboxtest::control(m_nam, m_base, u"/sandbox/buyers"_s,
                                {{u"balance_minor"_s, balanceMinor}});
}

void TestSandboxWechatV2::micropaySignsWithTheRequestsAlgorithm_data()
{
    QTest::addColumn<bool>("hmac");
    QTest::newRow("MD5") << false;
    QTest::newRow("HMAC-SHA256") << true;
}

void TestSandboxWechatV2::micropaySignsWithTheRequestsAlgorithm()
{
    QFETCH(bool, hmac);
    const QJsonObject buyer = newBuyer(10000);
    const QString outTradeNo = hmac ? u"MICRO-HMAC"_s : u"MICRO-MD5"_s;
    const V2Answer a =
        m_client.v2(u"/pay/micropay"_s,
                    micropay(outTradeNo, buyer.value(u"wechat_code").toString(), 2500), hmac);
    QCOMPARE(a.http.status, 200);
    QCOMPARE(a["return_code"], u"SUCCESS"_s);
    QCOMPARE(a["result_code"], u"SUCCESS"_s);
    QVERIFY(a.signatureValid);
    // Verified with the request's algorithm, not guessed: the other one does not match.
    QVERIFY(v2Sign(a.fields, m_client.apiV2Key, !hmac) != a["sign"]);
    QCOMPARE(a["appid"], m_client.appid);
    QCOMPARE(a["mch_id"], m_client.mchid);
    QCOMPARE(a["out_trade_no"], outTradeNo);
    QCOMPARE(a["total_fee"], u"2500"_s);
    QCOMPARE(a["trade_type"], u"MICROPAY"_s);
    QCOMPARE(a["device_info"], u"TILL-1"_s);
    QCOMPARE(a["transaction_id"].size(), 28);
    QCOMPARE(a["time_end"].size(), 14);
    QCOMPARE(a["openid"].size(), 28);
    QCOMPARE(sandboxtest::balanceOf(m_nam, m_base, buyer.value(u"buyer_id").toString()), 7500);
    const QJsonObject trade = sandboxtest::tradeIn(m_nam, m_base, outTradeNo);
    QCOMPARE(trade.value(u"provider").toString(), u"wechatpay"_s);
    QCOMPARE(trade.value(u"status").toString(), u"SUCCESS"_s);

    const V2Answer q = m_client.v2(u"/pay/orderquery"_s, byOutTradeNo(outTradeNo), hmac);
    QVERIFY(q.signatureValid);
    QCOMPARE(q["trade_state"], u"SUCCESS"_s);
    QCOMPARE(q["transaction_id"], a["transaction_id"]);
    // The same order again: already paid, and that answer is signed too.
    const V2Answer again =
        m_client.v2(u"/pay/micropay"_s,
                    micropay(outTradeNo, newBuyer().value(u"wechat_code").toString()), hmac);
    QCOMPARE(again["result_code"], u"FAIL"_s);
    QCOMPARE(again["err_code"], u"ORDERPAID"_s);
    QVERIFY(again.signatureValid);
}

void TestSandboxWechatV2::badSignatureIsReturnCodeFail()
{
    const QString code = newBuyer().value(u"wechat_code").toString();
    QMap<QString, QString> p = micropay(u"BADSIGN-1"_s, code);
    p.insert(u"appid"_s, m_client.appid);
    p.insert(u"mch_id"_s, m_client.mchid);
    p.insert(u"nonce_str"_s, u"abc123"_s);
    p.insert(u"sign"_s, v2Sign(p, m_client.apiV2Key, false));
    QMap<QString, QString> tampered = p;
    tampered.insert(u"total_fee"_s, u"1"_s);
    V2Answer a = m_client.v2Send(u"/pay/micropay"_s, xmlOf(tampered), false);
    QCOMPARE(a.http.status, 200);
    QCOMPARE(a["return_code"], u"FAIL"_s);
    QCOMPARE(a["return_msg"], u"签名错误"_s);
    QVERIFY(!a.fields.contains(u"sign"_s));
    QVERIFY(!a.fields.contains(u"result_code"_s));
    // Signed with another key; signed with MD5 but declaring HMAC-SHA256.
    QMap<QString, QString> otherKey = p;
    otherKey.insert(u"sign"_s, v2Sign(p, u"0123456789abcdef0123456789abcdef"_s, false));
    QCOMPARE(m_client.v2Send(u"/pay/micropay"_s, xmlOf(otherKey), false)["return_code"], u"FAIL"_s);
    QMap<QString, QString> declared = p;
    declared.insert(u"sign_type"_s, u"HMAC-SHA256"_s);
    declared.insert(u"sign"_s, v2Sign(declared, m_client.apiV2Key, false));
    QCOMPARE(m_client.v2Send(u"/pay/micropay"_s, xmlOf(declared), true)["return_code"], u"FAIL"_s);
    QMap<QString, QString> unknownType = p;
    unknownType.insert(u"sign_type"_s, u"SHA1"_s);
    QCOMPARE(m_client.v2Send(u"/pay/micropay"_s, xmlOf(unknownType), false)["return_code"],
             u"FAIL"_s);
    QCOMPARE(m_client.v2Send(u"/pay/micropay"_s, "not xml", false)["return_code"], u"FAIL"_s);
    QVERIFY(sandboxtest::tradeIn(m_nam, m_base, u"BADSIGN-1"_s).isEmpty());
    // The code was never spent: the honest request still pays.
    a = m_client.v2Send(u"/pay/micropay"_s, xmlOf(p), false);
    QCOMPARE(a["result_code"], u"SUCCESS"_s);
}

void TestSandboxWechatV2::codesAreSingleUseAndExpire()
{
    const QJsonObject buyer = newBuyer();
    const QString code = buyer.value(u"wechat_code").toString();
    QCOMPARE(m_client.v2(u"/pay/micropay"_s, micropay(u"CODE-1"_s, code))["result_code"],
             u"SUCCESS"_s);
    const V2Answer reuse = m_client.v2(u"/pay/micropay"_s, micropay(u"CODE-2"_s, code));
    QCOMPARE(reuse["err_code"], u"AUTHCODEEXPIRE"_s);
    QVERIFY(reuse.signatureValid);
    const V2Answer alipay = m_client.v2(
        u"/pay/micropay"_s, micropay(u"CODE-3"_s, buyer.value(u"alipay_code").toString()));
    QCOMPARE(alipay["err_code"], u"AUTH_CODE_INVALID"_s);
    const QString fresh = sandboxtest::control(m_nam, m_base, u"/sandbox/codes"_s,
                                               {{u"buyer_id"_s, buyer.value(u"buyer_id")}})
                              .value(u"wechat_code")
                              .toString();
    m_clock->advance(5 * 60 * 1000 + 1000);
    QCOMPARE(m_client.v2(u"/pay/micropay"_s, micropay(u"CODE-4"_s, fresh))["err_code"],
             u"AUTHCODEEXPIRE"_s);
    const V2Answer missing = m_client.v2(u"/pay/orderquery"_s, byOutTradeNo(u"CODE-NONE"_s));
    QCOMPARE(missing["err_code"], u"ORDERNOTEXIST"_s);
    QVERIFY(missing.signatureValid);
}

void TestSandboxWechatV2::notEnoughBalanceIsPayError()
{
    const QString code = newBuyer(100).value(u"wechat_code").toString();
    const V2Answer a = m_client.v2(u"/pay/micropay"_s, micropay(u"POOR-1"_s, code, 500), true);
    QCOMPARE(a["err_code"], u"NOTENOUGH"_s);
    QVERIFY(a.signatureValid);
    QCOMPARE(m_client.v2(u"/pay/orderquery"_s, byOutTradeNo(u"POOR-1"_s))["trade_state"],
             u"PAYERROR"_s);
}

void TestSandboxWechatV2::userpayingThenThePassword()
{
    QVERIFY(m_server->setFaults(u"userpaying:1"_s).ok());
    const QString code = newBuyer().value(u"wechat_code").toString();
    const V2Answer a = m_client.v2(u"/pay/micropay"_s, micropay(u"UP-1"_s, code), true);
    QCOMPARE(a["return_code"], u"SUCCESS"_s);
    QCOMPARE(a["result_code"], u"FAIL"_s);
    QCOMPARE(a["err_code"], u"USERPAYING"_s);
    QVERIFY(a.signatureValid); // HMAC-SHA256 like the request
    V2Answer q = m_client.v2(u"/pay/orderquery"_s, byOutTradeNo(u"UP-1"_s), true);
    QCOMPARE(q["trade_state"], u"USERPAYING"_s);
    QVERIFY(q.signatureValid);
    int status = 0;
    sandboxtest::control(m_nam, m_base, u"/sandbox/pay"_s, {{u"out_trade_no"_s, u"UP-1"_s}},
                         &status);
    QCOMPARE(status, 200);
    q = m_client.v2(u"/pay/orderquery"_s, byOutTradeNo(u"UP-1"_s));
    QCOMPARE(q["trade_state"], u"SUCCESS"_s);
    QCOMPARE(sandboxtest::tradeIn(m_nam, m_base, u"UP-1"_s).value(u"status").toString(),
             u"SUCCESS"_s);
}

void TestSandboxWechatV2::userpayingThenTheBuyerDeclines()
{
    QVERIFY(m_server->setFaults(u"userpaying:1"_s).ok());
    const QJsonObject buyer = newBuyer(5000);
    m_client.v2(u"/pay/micropay"_s, micropay(u"UP-2"_s, buyer.value(u"wechat_code").toString()));
    int status = 0;
    const QJsonObject declined =
        sandboxtest::control(m_nam, m_base, u"/sandbox/pay"_s,
                             {{u"out_trade_no"_s, u"UP-2"_s}, {u"decline"_s, true}}, &status);
    QCOMPARE(status, 200);
    QCOMPARE(declined.value(u"status").toString(), u"DECLINED"_s);
    QCOMPARE(m_client.v2(u"/pay/orderquery"_s, byOutTradeNo(u"UP-2"_s))["trade_state"],
             u"PAYERROR"_s);
    QCOMPARE(sandboxtest::balanceOf(m_nam, m_base, buyer.value(u"buyer_id").toString()), 5000);
    // Only a waiting trade can be declined.
    sandboxtest::control(m_nam, m_base, u"/sandbox/pay"_s,
                         {{u"out_trade_no"_s, u"UP-2"_s}, {u"decline"_s, true}}, &status);
    QCOMPARE(status, 409);
}

void TestSandboxWechatV2::reverseWaitsFifteenSecondsThenRevokes()
{
    QVERIFY(m_server->setFaults(u"userpaying:1"_s).ok());
    const QJsonObject buyer = newBuyer(5000);
    m_client.v2(u"/pay/micropay"_s, micropay(u"REV-1"_s, buyer.value(u"wechat_code").toString()));
    QVERIFY(m_server->setFaults(QString()).ok());
    m_clock->advance(10 * 1000);
    V2Answer r = m_client.v2(u"/secapi/pay/reverse"_s, byOutTradeNo(u"REV-1"_s), true);
    QCOMPARE(r["result_code"], u"FAIL"_s);
    QCOMPARE(r["err_code"], u"USERPAYING"_s);
    QCOMPARE(r["recall"], u"Y"_s);
    QVERIFY(r.signatureValid);
    m_clock->advance(6 * 1000);
    r = m_client.v2(u"/secapi/pay/reverse"_s, byOutTradeNo(u"REV-1"_s), true);
    QCOMPARE(r["result_code"], u"SUCCESS"_s);
    QCOMPARE(r["recall"], u"N"_s);
    QVERIFY(r.signatureValid);
    QCOMPARE(m_client.v2(u"/pay/orderquery"_s, byOutTradeNo(u"REV-1"_s))["trade_state"],
             u"REVOKED"_s);
    QCOMPARE(sandboxtest::tradeIn(m_nam, m_base, u"REV-1"_s).value(u"status").toString(),
             u"CLOSED"_s);
    // Reversing again is final and harmless; the order number is spent; the buyer keeps the money.
    QCOMPARE(m_client.v2(u"/secapi/pay/reverse"_s, byOutTradeNo(u"REV-1"_s))["result_code"],
             u"SUCCESS"_s);
    QCOMPARE(
        m_client.v2(u"/pay/micropay"_s,
                    micropay(u"REV-1"_s, newBuyer().value(u"wechat_code").toString()))["err_code"],
        u"ORDERREVERSED"_s);
    QCOMPARE(sandboxtest::balanceOf(m_nam, m_base, buyer.value(u"buyer_id").toString()), 5000);
    int status = 0;
    sandboxtest::control(m_nam, m_base, u"/sandbox/pay"_s, {{u"out_trade_no"_s, u"REV-1"_s}},
                         &status);
    QCOMPARE(status, 409);
    QCOMPARE(m_client.v2(u"/secapi/pay/reverse"_s, byOutTradeNo(u"REV-NONE"_s))["err_code"],
             u"ORDERNOTEXIST"_s);
}

void TestSandboxWechatV2::reverseUnderUserpayingAsksToCallAgain()
{
    QVERIFY(m_server->setFaults(u"userpaying:1"_s).ok());
    m_client.v2(u"/pay/micropay"_s,
                micropay(u"REV-2"_s, newBuyer().value(u"wechat_code").toString()));
    m_clock->advance(20 * 1000);
    V2Answer r = m_client.v2(u"/secapi/pay/reverse"_s, byOutTradeNo(u"REV-2"_s));
    QCOMPARE(r["err_code"], u"USERPAYING"_s);
    QCOMPARE(r["recall"], u"Y"_s);
    r = m_client.v2(u"/secapi/pay/reverse"_s, byOutTradeNo(u"REV-2"_s));
    QCOMPARE(r["result_code"], u"SUCCESS"_s);
    QCOMPARE(m_client.v2(u"/pay/orderquery"_s, byOutTradeNo(u"REV-2"_s))["trade_state"],
             u"REVOKED"_s);
}

void TestSandboxWechatV2::reverseOfAPaidOrderRefundsIt()
{
    const QJsonObject buyer = newBuyer(5000);
    QCOMPARE(
        m_client.v2(u"/pay/micropay"_s, micropay(u"REV-3"_s, buyer.value(u"wechat_code").toString(),
                                                 1200))["result_code"],
        u"SUCCESS"_s);
    QCOMPARE(sandboxtest::balanceOf(m_nam, m_base, buyer.value(u"buyer_id").toString()), 3800);
    m_clock->advance(20 * 1000);
    const V2Answer r = m_client.v2(u"/secapi/pay/reverse"_s, byOutTradeNo(u"REV-3"_s));
    QCOMPARE(r["result_code"], u"SUCCESS"_s);
    QCOMPARE(r["recall"], u"N"_s);
    QCOMPARE(sandboxtest::balanceOf(m_nam, m_base, buyer.value(u"buyer_id").toString()), 5000);
    QCOMPARE(m_client.v2(u"/pay/orderquery"_s, byOutTradeNo(u"REV-3"_s))["trade_state"],
             u"REVOKED"_s);
    const QJsonObject trade = sandboxtest::tradeIn(m_nam, m_base, u"REV-3"_s);
    QCOMPARE(trade.value(u"refunded_minor").toInteger(), 1200);
    // A native order is closed, not reversed.
    const QJsonObject native{{u"appid"_s, m_client.appid},
                             {u"mchid"_s, m_client.mchid},
                             {u"description"_s, u"qr"_s},
                             {u"out_trade_no"_s, u"REV-QR-1"_s},
                             {u"notify_url"_s, u"https://127.0.0.1:1/n"_s},
                             {u"amount"_s, QJsonObject{{u"total"_s, 100}}}};
    QCOMPARE(m_client.v3("POST", u"/v3/pay/transactions/native"_s, native).status, 200);
    QCOMPARE(m_client.v2(u"/secapi/pay/reverse"_s, byOutTradeNo(u"REV-QR-1"_s))["err_code"],
             u"TRADE_ERROR"_s);
}

void TestSandboxWechatV2::droppedAnswerChargesOnce()
{
    const QString code = newBuyer().value(u"wechat_code").toString();
    QVERIFY(m_server->setFaults(u"drop_response:1"_s).ok());
    const V2Answer lost = m_client.v2(u"/pay/micropay"_s, micropay(u"DROP-1"_s, code), false, 3000);
    QVERIFY(lost.http.error != QNetworkReply::NoError);
    QVERIFY(lost.fields.isEmpty());
    QVERIFY(m_server->setFaults(QString()).ok());
    QCOMPARE(m_client.v2(u"/pay/orderquery"_s, byOutTradeNo(u"DROP-1"_s))["trade_state"],
             u"SUCCESS"_s);
    int charges = 0;
    for (const QJsonValue &t :
         sandboxtest::getJson(m_nam, m_base, u"/sandbox/trades"_s).value(u"trades").toArray())
        charges += t.toObject().value(u"out_trade_no").toString() == u"DROP-1" ? 1 : 0;
    QCOMPARE(charges, 1);
    // The client's re-sent micropay (same order) was answered as already paid, never charged.
    QCOMPARE(sandboxtest::tradeIn(m_nam, m_base, u"DROP-1"_s).value(u"amount_minor").toInteger(),
             600);
}

void TestSandboxWechatV2::http5xxAndTimeoutDoNotProcess()
{
    const QString code = newBuyer().value(u"wechat_code").toString();
    QVERIFY(m_server->setFaults(u"http_5xx:1"_s).ok());
    const V2Answer a = m_client.v2(u"/pay/micropay"_s, micropay(u"5XX-1"_s, code));
    QVERIFY(a.http.status == 502 || a.http.status == 503);
    const Reply v3 =
        m_client.v3("GET", u"/v3/pay/transactions/out-trade-no/5XX-1?mchid="_s + m_client.mchid);
    QVERIFY(v3.status == 502 || v3.status == 503);
    QVERIFY(v3.header("Wechatpay-Signature").isEmpty()); // an error page, not an answer
    QVERIFY(sandboxtest::tradeIn(m_nam, m_base, u"5XX-1"_s).isEmpty());
    QVERIFY(m_server->setFaults(u"timeout:1"_s).ok());
    QElapsedTimer timer;
    timer.start();
    const V2Answer held = m_client.v2(u"/pay/micropay"_s, micropay(u"TO-1"_s, code), false, 400);
    QVERIFY(timer.elapsed() >= 350);
    QCOMPARE(held.http.status, 0);
    QVERIFY(m_server->setFaults(QString()).ok());
    QVERIFY(sandboxtest::tradeIn(m_nam, m_base, u"TO-1"_s).isEmpty());
    // The code was not spent by the unprocessed requests.
    QCOMPARE(m_client.v2(u"/pay/micropay"_s, micropay(u"TO-1"_s, code))["result_code"],
             u"SUCCESS"_s);
}

void TestSandboxWechatV2::dupNotifyAndLateSuccessOnV3()
{
    m_receiver.clear();
    QVERIFY(m_server->setFaults(u"dup_notify:1"_s).ok());
    QJsonObject order{
        {u"appid"_s, m_client.appid},        {u"mchid"_s, m_client.mchid},
        {u"description"_s, u"dup"_s},        {u"out_trade_no"_s, u"DUP-01"_s},
        {u"notify_url"_s, m_receiver.url()}, {u"amount"_s, QJsonObject{{u"total"_s, 100}}}};
    const Reply placed = m_client.v3("POST", u"/v3/pay/transactions/native"_s, order);
    QCOMPARE(placed.status, 200);
    sandboxtest::control(m_nam, m_base, u"/sandbox/pay"_s, {{u"qr"_s, placed.field("code_url")}});
    QVERIFY(m_receiver.waitFor(1));
    QTest::qWait(50);
    m_clock->advance(200);
    QVERIFY(m_receiver.waitFor(2));
    QCOMPARE(m_receiver.hits().at(0).body, m_receiver.hits().at(1).body); // the same event id

    m_receiver.clear();
    QVERIFY(m_server->setFaults(u"late_success:1"_s).ok());
    order.insert(u"out_trade_no"_s, u"LATE-01"_s);
    QCOMPARE(m_client.v3("POST", u"/v3/pay/transactions/native"_s, order).status, 200);
    QCOMPARE(m_client
                 .v3("POST", u"/v3/pay/transactions/out-trade-no/LATE-01/close"_s,
                     {{u"mchid"_s, m_client.mchid}})
                 .status,
             204);
    const QString path = u"/v3/pay/transactions/out-trade-no/LATE-01?mchid="_s + m_client.mchid;
    QCOMPARE(m_client.v3("GET", path).field("trade_state"), u"CLOSED"_s);
    m_clock->advance(1000);
    QCOMPARE(m_client.v3("GET", path).field("trade_state"), u"SUCCESS"_s);
    QVERIFY(m_receiver.waitFor(1));
    QCOMPARE(m_client.decrypt(m_receiver.hits().first().body).value(u"out_trade_no").toString(),
             u"LATE-01"_s);
}

QTEST_GUILESS_MAIN(TestSandboxWechatV2)
#include "tst_sandboxwechatv2.moc"
