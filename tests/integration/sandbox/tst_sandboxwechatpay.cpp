// The sandbox's WeChat Pay API v3 over real HTTP on loopback: Authorization checks, signed
// answers (the 204 of close too), encrypted callbacks, idempotent refunds, bills.
#include "sandboxtestkit.h"
#include "wechatpaytestclient.h"

#include "core/util/clock.h"

#include <QRegularExpression>
#include <QTest>

using namespace paydesk;
using namespace paydesk::sandbox;
using namespace wechattest;
using namespace Qt::StringLiterals;

class TestSandboxWechatPay : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void registrationAnswersEveryField();
    void nativeOrderAnswersSignedCodeUrl();
    void badAuthorizationIs401SignError_data();
    void badAuthorizationIs401SignError();
    void targetIsSignedExactlyAsSent();
    void queryFollowsTheTrade();
    void qrPagePaysAWechatOrder();
    void callbackIsEncryptedAndSigned();
    void callbackIsRetriedUntilAcknowledged();
    void closeAnswersSigned204();
    void refundsAreIdempotent();
    void billOfTodayMatchesItsHash();
    void billLinkExpiresAndNeedsSignature();

private:
    QJsonObject native(const QString &outTradeNo, qint64 fen, const QString &notifyUrl = {});
    QString paidTrade(const QString &outTradeNo, qint64 fen);
    QJsonObject payQr(const QString &codeUrl);

    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<SandboxServer> m_server;
    QNetworkAccessManager m_nam;
    QUrl m_base;
    Client m_client;
    Client m_other; ///< a second merchant of the same sandbox
    Receiver m_receiver;
};

void TestSandboxWechatPay::initTestCase()
{
    m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
    SandboxOptions options;
    options.seed = 11;
    options.clock = m_clock.get();
    m_server = std::make_unique<SandboxServer>(options);
    const auto port = m_server->start();
    QVERIFY2(port.ok(), qPrintable(port.ok() ? QString() : port.error().message));
    m_base = m_server->baseUrl();
    m_client = registerMerchant(m_nam, m_base, *m_clock);
    QVERIFY(!m_client.mchid.isEmpty());
    m_other = registerMerchant(m_nam, m_base, *m_clock);
}

QJsonObject TestSandboxWechatPay::native(const QString &outTradeNo, qint64 fen,
                                         const QString &notifyUrl)
{
    return {{u"appid"_s, m_client.appid},
            {u"mchid"_s, m_client.mchid},
            {u"description"_s, u"Paydesk sale"_s},
            {u"out_trade_no"_s, outTradeNo},
            {u"notify_url"_s, notifyUrl.isEmpty() ? u"https://127.0.0.1:1/notify"_s : notifyUrl},
            {u"amount"_s, QJsonObject{{u"total"_s, fen}, {u"currency"_s, u"CNY"_s}}}};
}

QJsonObject TestSandboxWechatPay::payQr(const QString &codeUrl)
{
    int status = 0;
    const QJsonObject out =
        sandboxtest::control(m_nam, m_base, u"/sandbox/pay"_s, {{u"qr"_s, codeUrl}}, &status);
    return status == 200 ? out : QJsonObject();
}

QString TestSandboxWechatPay::paidTrade(const QString &outTradeNo, qint64 fen)
{
    const Reply r = m_client.v3("POST", u"/v3/pay/transactions/native"_s, native(outTradeNo, fen));
    if (r.status != 200 || payQr(r.field("code_url")).isEmpty())
        return {};
    return m_client
        .v3("GET",
            u"/v3/pay/transactions/out-trade-no/%1?mchid=%2"_s.arg(outTradeNo, m_client.mchid))
        .field("transaction_id");
}

void TestSandboxWechatPay::registrationAnswersEveryField()
{
    QVERIFY(QRegularExpression(u"^[0-9]{10}$"_s).match(m_client.mchid).hasMatch());
    QVERIFY(QRegularExpression(u"^wx[0-9a-f]{16}$"_s).match(m_client.appid).hasMatch());
    const QRegularExpression serial(u"^[0-9A-F]{40}$"_s);
    QVERIFY(serial.match(m_client.merchantSerial).hasMatch());
    QVERIFY(serial.match(m_client.platformSerial).hasMatch());
    QVERIFY(m_client.merchantSerial != m_client.platformSerial);
    QCOMPARE(m_client.apiV3Key.toUtf8().size(), 32);
    QCOMPARE(m_client.apiV2Key.size(), 32);
    QVERIFY(m_client.apiV3Key != m_client.apiV2Key);
    QCOMPARE(m_client.baseUrl.toString(), m_base.toString() + u"/wechatpay"_s);
    // The platform key is the sandbox's own, not the merchant's.
    QCOMPARE(m_client.platformKey.publicKeyPem(), m_server->providerPublicKeyPem());
    QVERIFY(m_client.platformKey.publicKeyPem() != m_client.merchantKey.publicKeyPem());
    // A second merchant gets its own ids and keys.
    QVERIFY(m_other.mchid != m_client.mchid);
    QVERIFY(m_other.apiV3Key != m_client.apiV3Key);
    QVERIFY(m_other.merchantSerial != m_client.merchantSerial);
    QCOMPARE(m_other.platformSerial, m_client.platformSerial);
    // Every buyer carries a WeChat code: 18 digits starting 13.
    const QJsonObject buyer = sandboxtest::control(m_nam, m_base, u"/sandbox/buyers"_s, {});
    QVERIFY(QRegularExpression(u"^13[0-9]{16}$"_s)
                .match(buyer.value(u"wechat_code").toString())
                .hasMatch());
}

void TestSandboxWechatPay::nativeOrderAnswersSignedCodeUrl()
{
    const Reply r =
        m_client.v3("POST", u"/v3/pay/transactions/native"_s, native(u"NATIVE-1"_s, 1234));
    QCOMPARE(r.status, 200);
    QVERIFY(m_client.verifies(r.headers, r.body));
    QVERIFY(!r.header("Request-ID").isEmpty());
    const QString codeUrl = r.field("code_url");
    QVERIFY2(codeUrl.startsWith(u"weixin://wxpay/bizpayurl?pr="_s), qPrintable(codeUrl));
    const QJsonObject trade = sandboxtest::tradeIn(m_nam, m_base, u"NATIVE-1"_s);
    QCOMPARE(trade.value(u"provider").toString(), u"wechatpay"_s);
    QCOMPARE(trade.value(u"status").toString(), u"WAIT_BUYER_PAY"_s);
    QCOMPARE(trade.value(u"amount_minor").toInteger(), 1234);
    // A repeat of the same order answers the same code; other values are refused.
    const Reply again =
        m_client.v3("POST", u"/v3/pay/transactions/native"_s, native(u"NATIVE-1"_s, 1234));
    QCOMPARE(again.field("code_url"), codeUrl);
    const Reply changed =
        m_client.v3("POST", u"/v3/pay/transactions/native"_s, native(u"NATIVE-1"_s, 999));
    QCOMPARE(changed.status, 400);
    QCOMPARE(changed.field("code"), u"INVALID_REQUEST"_s);
    // Bad values are refused with PARAM_ERROR and no order.
    QJsonObject bad = native(u"NATIVE-BAD"_s, 100);
    bad.insert(u"amount"_s, QJsonObject{{u"total"_s, 1.5}});
    QCOMPARE(m_client.v3("POST", u"/v3/pay/transactions/native"_s, bad).field("code"),
             u"PARAM_ERROR"_s);
    bad = native(u"NATIVE-BAD"_s, 100, u"http://merchant.example/notify"_s);
    QCOMPARE(m_client.v3("POST", u"/v3/pay/transactions/native"_s, bad).field("code"),
             u"PARAM_ERROR"_s);
    bad = native(u"NATIVE-BAD"_s, 100);
    bad.insert(u"appid"_s, u"wx0000000000000000"_s);
    QCOMPARE(m_client.v3("POST", u"/v3/pay/transactions/native"_s, bad).field("code"),
             u"APPID_MCHID_NOT_MATCH"_s);
    QVERIFY(sandboxtest::tradeIn(m_nam, m_base, u"NATIVE-BAD"_s).isEmpty());
    // An http notify_url to loopback is accepted (a till's own receiver).
    QCOMPARE(m_client
                 .v3("POST", u"/v3/pay/transactions/native"_s,
                     native(u"NATIVE-LOOP"_s, 100, u"http://127.0.0.1:9/notify"_s))
                 .status,
             200);
}

void TestSandboxWechatPay::badAuthorizationIs401SignError_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("body changed after signing") << u"body"_s;
    QTest::newRow("target without the base path") << u"target"_s;
    QTest::newRow("another serial") << u"serial"_s;
    QTest::newRow("re-cased serial") << u"recased"_s;
    QTest::newRow("301 s old") << u"stale"_s;
    QTest::newRow("301 s ahead") << u"ahead"_s;
    QTest::newRow("no Authorization") << u"none"_s;
    QTest::newRow("another scheme") << u"scheme"_s;
    QTest::newRow("another merchant's key") << u"key"_s;
    QTest::newRow("exactly 300 s old passes") << u"edge"_s;
}

void TestSandboxWechatPay::badAuthorizationIs401SignError()
{
    QFETCH(QString, how);
    static int attempt = 0;
    const QString outTradeNo = u"AUTH-%1"_s.arg(++attempt);
    const QByteArray body = QJsonDocument(native(outTradeNo, 500)).toJson(QJsonDocument::Compact);
    const QByteArray target = "/wechatpay/v3/pay/transactions/native";
    QByteArray auth;
    Client signer = m_client;
    if (how == u"key")
        signer.merchantKey = m_other.merchantKey;
    if (how == u"body")
        auth = signer.authorization("POST", target, body.left(body.size() - 1) + " }");
    else if (how == u"target")
        auth = signer.authorization("POST", "/v3/pay/transactions/native", body);
    else if (how == u"serial")
        auth = signer.authorization("POST", target, body, 0, m_client.platformSerial);
    else if (how == u"recased")
        auth = signer.authorization("POST", target, body, 0, m_client.merchantSerial.toLower());
    else if (how == u"stale")
        auth = signer.authorization("POST", target, body, -301);
    else if (how == u"ahead")
        auth = signer.authorization("POST", target, body, 301);
    else if (how == u"edge")
        auth = signer.authorization("POST", target, body, -300);
    else if (how == u"scheme")
        auth = "WECHATPAY2-SHA256-RSA4096 " + signer.authorization("POST", target, body).mid(26);
    else if (how != u"none")
        auth = signer.authorization("POST", target, body);
    Headers headers = {{"Content-Type", "application/json"}};
    if (!auth.isEmpty())
        headers.append({"Authorization", auth});
    const Reply r =
        send(m_nam, m_client.url(u"/v3/pay/transactions/native"_s), "POST", body, headers);
    if (how == u"edge") {
        QCOMPARE(r.status, 200);
        return;
    }
    QCOMPARE(r.status, 401);
    QCOMPARE(r.field("code"), u"SIGN_ERROR"_s);
    QCOMPARE(r.json().keys(), (QStringList{u"code"_s, u"message"_s})); // no business data
    QVERIFY(sandboxtest::tradeIn(m_nam, m_base, outTradeNo).isEmpty());
}

void TestSandboxWechatPay::targetIsSignedExactlyAsSent()
{
    // Raw HTTP, so that nothing re-encodes the target: '+' and "%2B" stay as sent.
    const auto rawGet = [this](const QByteArray &target, const QByteArray &signedTarget) {
        // The sandbox lives on this thread: wait with an event loop, never block.
        QTcpSocket socket;
        QByteArray answer;
        QEventLoop loop;
        QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
            answer += socket.readAll();
            const qsizetype end = answer.indexOf("\r\n\r\n");
            const qsizetype length = answer.indexOf("Content-Length: ");
            if (end > 0 && length > 0 &&
                answer.size() >= end + 4 + answer.mid(length + 16).split('\r').first().toInt())
                loop.quit();
        });
        QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        socket.connectToHost(QHostAddress::LocalHost, quint16(m_base.port()));
        socket.write("GET " + target +
                     " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
                     "Content-Type: application/json\r\nAuthorization: " +
                     m_client.authorization("GET", signedTarget, {}) +
                     "\r\nConnection: close\r\n\r\n");
        loop.exec();
        const QList<QByteArray> statusLine = answer.left(answer.indexOf("\r\n")).split(' ');
        return statusLine.size() > 1 ? statusLine.at(1).toInt() : 0;
    };
    const QByteArray target =
        "/wechatpay/v3/pay/transactions/out-trade-no/NATIVE-1?mchid=" + m_client.mchid.toLatin1() +
        "&note=a+b%2Bc";
    QCOMPARE(rawGet(target, target), 200);
    // A client that signs a decoded or re-encoded form of the target is refused.
    QCOMPARE(rawGet(target, QByteArray(target).replace("%2B", "+")), 401);
    QCOMPARE(rawGet(target, QByteArray(target).replace("a+b", "a%20b")), 401);
}

void TestSandboxWechatPay::queryFollowsTheTrade()
{
    const Reply placed =
        m_client.v3("POST", u"/v3/pay/transactions/native"_s, native(u"QUERY-1"_s, 2500));
    const QString path = u"/v3/pay/transactions/out-trade-no/QUERY-1?mchid="_s + m_client.mchid;
    Reply q = m_client.v3("GET", path);
    QCOMPARE(q.status, 200);
    QVERIFY(m_client.verifies(q.headers, q.body));
    QCOMPARE(q.field("trade_state"), u"NOTPAY"_s);
    QVERIFY(!q.json().contains(u"transaction_id"));

    const QJsonObject paid = payQr(placed.field("code_url"));
    QCOMPARE(paid.value(u"status").toString(), u"SUCCESS"_s);
    q = m_client.v3("GET", path);
    QVERIFY(m_client.verifies(q.headers, q.body));
    const QJsonObject t = q.json();
    QCOMPARE(t.value(u"trade_state").toString(), u"SUCCESS"_s);
    QCOMPARE(t.value(u"out_trade_no").toString(), u"QUERY-1"_s);
    QCOMPARE(t.value(u"mchid").toString(), m_client.mchid);
    QCOMPARE(t.value(u"appid").toString(), m_client.appid);
    QCOMPARE(t.value(u"trade_type").toString(), u"NATIVE"_s);
    QCOMPARE(t.value(u"amount").toObject().value(u"total").toInteger(), 2500);
    QCOMPARE(t.value(u"amount").toObject().value(u"payer_total").toInteger(), 2500);
    QCOMPARE(t.value(u"payer").toObject().value(u"openid").toString().size(), 28);
    QVERIFY(t.value(u"success_time").toString().endsWith(u"+08:00"_s));
    const QString transactionId = t.value(u"transaction_id").toString();
    QVERIFY(QRegularExpression(u"^4200[0-9]{24}$"_s).match(transactionId).hasMatch());
    QCOMPARE(paid.value(u"transaction_id").toString(), transactionId);

    const Reply byId = m_client.v3(
        "GET", u"/v3/pay/transactions/id/%1?mchid=%2"_s.arg(transactionId, m_client.mchid));
    QCOMPARE(byId.field("out_trade_no"), u"QUERY-1"_s);
    const Reply noMchid = m_client.v3("GET", u"/v3/pay/transactions/out-trade-no/QUERY-1"_s);
    QCOMPARE(noMchid.status, 400);
    const Reply unknown = m_client.v3(
        "GET", u"/v3/pay/transactions/out-trade-no/NO-SUCH-1?mchid="_s + m_client.mchid);
    QCOMPARE(unknown.status, 404);
    QCOMPARE(unknown.field("code"), u"ORDER_NOT_EXIST"_s);
    // Another merchant cannot see this merchant's orders.
    QCOMPARE(
        m_other.v3("GET", u"/v3/pay/transactions/out-trade-no/QUERY-1?mchid="_s + m_other.mchid)
            .status,
        404);
}

void TestSandboxWechatPay::qrPagePaysAWechatOrder()
{
    const Reply placed =
        m_client.v3("POST", u"/v3/pay/transactions/native"_s, native(u"PAGE-1"_s, 4321));
    const QString token = QUrlQuery(QUrl(placed.field("code_url")).query()).queryItemValue(u"pr"_s);
    QVERIFY(!token.isEmpty());
    // The page a buyer's phone shows for weixin://wxpay/bizpayurl?pr=TOKEN is /qr/TOKEN.
    const Reply page = send(m_nam, m_base.resolved(QUrl(u"/qr/"_s + token)), "GET", {}, {});
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("43.21"));
    QVERIFY(page.body.contains("id=\"pay\""));
    const Reply paid =
        send(m_nam, m_base.resolved(QUrl(u"/qr/%1/pay"_s.arg(token))), "POST", {}, {});
    QCOMPARE(paid.status, 200);
    QCOMPARE(
        m_client.v3("GET", u"/v3/pay/transactions/out-trade-no/PAGE-1?mchid="_s + m_client.mchid)
            .field("trade_state"),
        u"SUCCESS"_s);
    // Neither the page nor /sandbox/pay takes the code twice.
    int status = 0;
    sandboxtest::control(m_nam, m_base, u"/sandbox/pay"_s, {{u"qr"_s, placed.field("code_url")}},
                         &status);
    QCOMPARE(status, 409);
}

void TestSandboxWechatPay::callbackIsEncryptedAndSigned()
{
    m_receiver.clear();
    m_receiver.status = 200;
    const Reply placed = m_client.v3("POST", u"/v3/pay/transactions/native"_s,
                                     native(u"NOTIFY-1"_s, 880, m_receiver.url()));
    QCOMPARE(placed.status, 200);
    QVERIFY(!payQr(placed.field("code_url")).isEmpty());
    QVERIFY(m_receiver.waitFor(1));
    const Receiver::Hit hit = m_receiver.hits().first();
    QVERIFY(m_client.verifies(hit.headers, hit.body));
    const QJsonObject envelope = QJsonDocument::fromJson(hit.body).object();
    QCOMPARE(envelope.value(u"event_type").toString(), u"TRANSACTION.SUCCESS"_s);
    QCOMPARE(envelope.value(u"resource_type").toString(), u"encrypt-resource"_s);
    const QJsonObject resource = envelope.value(u"resource").toObject();
    QCOMPARE(resource.value(u"algorithm").toString(), u"AEAD_AES_256_GCM"_s);
    QCOMPARE(resource.value(u"nonce").toString().size(), 12);
    const QJsonObject plain = m_client.decrypt(hit.body);
    QCOMPARE(plain.value(u"out_trade_no").toString(), u"NOTIFY-1"_s);
    QCOMPARE(plain.value(u"trade_state").toString(), u"SUCCESS"_s);
    QCOMPARE(plain.value(u"amount").toObject().value(u"total").toInteger(), 880);
    // One flipped bit of the ciphertext and the tag check fails.
    QByteArray sealed = QByteArray::fromBase64(resource.value(u"ciphertext").toString().toLatin1());
    sealed[0] = char(sealed.at(0) ^ 1);
    QVERIFY(!crypto::aesGcmDecrypt(m_client.apiV3Key.toUtf8(),
                                   resource.value(u"nonce").toString().toUtf8(), sealed,
                                   resource.value(u"associated_data").toString().toUtf8())
                 .ok());
    // Another merchant's APIv3 key does not open it.
    Client stranger = m_client;
    stranger.apiV3Key = m_other.apiV3Key;
    QVERIFY(stranger.decrypt(hit.body).isEmpty());
}

void TestSandboxWechatPay::callbackIsRetriedUntilAcknowledged()
{
    m_receiver.clear();
    m_receiver.status = 500;
    const Reply placed = m_client.v3("POST", u"/v3/pay/transactions/native"_s,
                                     native(u"NOTIFY-2"_s, 100, m_receiver.url()));
    const int pendingBefore = m_clock->pendingCount();
    QVERIFY(!payQr(placed.field("code_url")).isEmpty());
    QVERIFY(m_receiver.waitFor(1));
    QTRY_VERIFY(m_clock->pendingCount() > pendingBefore); // the retry is armed
    m_receiver.status = 204;
    m_clock->advance(1000);
    QVERIFY(m_receiver.waitFor(2));
    QCOMPARE(m_receiver.hits().at(1).body, m_receiver.hits().at(0).body);
    QVERIFY(m_client.verifies(m_receiver.hits().at(1).headers, m_receiver.hits().at(1).body));
    // 204 acknowledged it: nothing more comes.
    QTest::qWait(100);
    m_clock->advance(60000);
    QTest::qWait(200);
    QCOMPARE(m_receiver.hits().size(), 2);
}

void TestSandboxWechatPay::closeAnswersSigned204()
{
    QCOMPARE(
        m_client.v3("POST", u"/v3/pay/transactions/native"_s, native(u"CLOSE-1"_s, 300)).status,
        200);
    const QJsonObject mchid{{u"mchid"_s, m_client.mchid}};
    const Reply closed =
        m_client.v3("POST", u"/v3/pay/transactions/out-trade-no/CLOSE-1/close"_s, mchid);
    QCOMPARE(closed.status, 204);
    QVERIFY(closed.body.isEmpty());
    QVERIFY(m_client.verifies(closed.headers, {}));
    QCOMPARE(
        m_client.v3("GET", u"/v3/pay/transactions/out-trade-no/CLOSE-1?mchid="_s + m_client.mchid)
            .field("trade_state"),
        u"CLOSED"_s);
    // Closing again is fine; paying a closed order is not.
    QCOMPARE(
        m_client.v3("POST", u"/v3/pay/transactions/out-trade-no/CLOSE-1/close"_s, mchid).status,
        204);
    int status = 0;
    sandboxtest::control(m_nam, m_base, u"/sandbox/pay"_s, {{u"out_trade_no"_s, u"CLOSE-1"_s}},
                         &status);
    QCOMPARE(status, 409);
    QVERIFY(!paidTrade(u"CLOSE-2"_s, 300).isEmpty());
    const Reply paid =
        m_client.v3("POST", u"/v3/pay/transactions/out-trade-no/CLOSE-2/close"_s, mchid);
    QCOMPARE(paid.status, 400);
    QCOMPARE(paid.field("code"), u"ORDERPAID"_s);
    QCOMPARE(
        m_client.v3("POST", u"/v3/pay/transactions/out-trade-no/CLOSE-NONE/close"_s, mchid).status,
        404);
}

void TestSandboxWechatPay::refundsAreIdempotent()
{
    const QString transactionId = paidTrade(u"REFUND-1"_s, 1000);
    QVERIFY(!transactionId.isEmpty());
    const QString buyerId =
        sandboxtest::tradeIn(m_nam, m_base, u"REFUND-1"_s).value(u"buyer_id").toString();
    const qint64 before = sandboxtest::balanceOf(m_nam, m_base, buyerId);
    m_receiver.clear();
    m_receiver.status = 200;
    const QJsonObject request{
        {u"out_trade_no"_s, u"REFUND-1"_s},
        {u"out_refund_no"_s, u"RF-1"_s},
        {u"reason"_s, u"damaged"_s},
        {u"notify_url"_s, m_receiver.url()},
        {u"amount"_s,
         QJsonObject{{u"refund"_s, 300}, {u"total"_s, 1000}, {u"currency"_s, u"CNY"_s}}}};
    const Reply first = m_client.v3("POST", u"/v3/refund/domestic/refunds"_s, request);
    QCOMPARE(first.status, 200);
    QVERIFY(m_client.verifies(first.headers, first.body));
    QCOMPARE(first.field("status"), u"SUCCESS"_s);
    QCOMPARE(first.field("transaction_id"), transactionId);
    const QString refundId = first.field("refund_id");
    QVERIFY(QRegularExpression(u"^50[0-9]{27}$"_s).match(refundId).hasMatch());
    const Reply replay = m_client.v3("POST", u"/v3/refund/domestic/refunds"_s, request);
    QCOMPARE(replay.status, 200);
    QCOMPARE(replay.field("refund_id"), refundId);
    QCOMPARE(sandboxtest::balanceOf(m_nam, m_base, buyerId), before + 300); // once
    QCOMPARE(
        sandboxtest::tradeIn(m_nam, m_base, u"REFUND-1"_s).value(u"refunded_minor").toInteger(),
        300);

    QJsonObject other = request;
    other.insert(u"amount"_s, QJsonObject{{u"refund"_s, 200}, {u"total"_s, 1000}});
    QCOMPARE(m_client.v3("POST", u"/v3/refund/domestic/refunds"_s, other).field("code"),
             u"INVALID_REQUEST"_s);
    other.insert(u"out_refund_no"_s, u"RF-2"_s);
    other.insert(u"amount"_s, QJsonObject{{u"refund"_s, 800}, {u"total"_s, 1000}});
    QCOMPARE(m_client.v3("POST", u"/v3/refund/domestic/refunds"_s, other).status, 400);
    other.insert(u"amount"_s, QJsonObject{{u"refund"_s, 100}, {u"total"_s, 999}});
    QCOMPARE(m_client.v3("POST", u"/v3/refund/domestic/refunds"_s, other).field("code"),
             u"PARAM_ERROR"_s);

    const Reply query = m_client.v3("GET", u"/v3/refund/domestic/refunds/RF-1"_s);
    QCOMPARE(query.status, 200);
    QVERIFY(m_client.verifies(query.headers, query.body));
    QCOMPARE(query.field("refund_id"), refundId);
    QCOMPARE(query.json().value(u"amount").toObject().value(u"refund").toInteger(), 300);
    QCOMPARE(m_client.v3("GET", u"/v3/refund/domestic/refunds/RF-NONE"_s).status, 404);
    QCOMPARE(
        m_client.v3("GET", u"/v3/pay/transactions/out-trade-no/REFUND-1?mchid="_s + m_client.mchid)
            .field("trade_state"),
        u"REFUND"_s);
    // The REFUND.SUCCESS callback, once.
    QVERIFY(m_receiver.waitFor(1));
    const QJsonObject event = m_client.decrypt(m_receiver.hits().first().body);
    QCOMPARE(event.value(u"refund_id").toString(), refundId);
    QCOMPARE(event.value(u"refund_status").toString(), u"SUCCESS"_s);
    QTest::qWait(100);
    QCOMPARE(m_receiver.hits().size(), 1);
}

void TestSandboxWechatPay::billOfTodayMatchesItsHash()
{
    QVERIFY(!paidTrade(u"BILL-1"_s, 12345).isEmpty());
    const QString today =
        m_clock->nowUtc().toTimeZone(QTimeZone(8 * 3600)).date().toString(u"yyyy-MM-dd"_s);
    const Reply bill =
        m_client.v3("GET", u"/v3/bill/tradebill?bill_date=%1&bill_type=ALL"_s.arg(today));
    QCOMPARE(bill.status, 200);
    QVERIFY(m_client.verifies(bill.headers, bill.body));
    QCOMPARE(bill.field("hash_type"), u"SHA1"_s);
    const QUrl download(bill.field("download_url"));
    QCOMPARE(download.path(), u"/wechatpay/v3/billdownload/file"_s);
    const Reply file =
        m_client.v3("GET", download.toString().mid(m_client.baseUrl.toString().size()));
    QCOMPARE(file.status, 200);
    QVERIFY(file.header("Wechatpay-Signature").isEmpty()); // the file is not signed
    QCOMPARE(QString::fromLatin1(crypto::sha1(file.body).toHex()), bill.field("hash_value"));

    QVERIFY(file.body.startsWith("\xEF\xBB\xBF"));
    QVERIFY(file.body.endsWith("\r\n"));
    const QStringList lines = QString::fromUtf8(file.body.mid(3).chopped(2)).split(u"\r\n"_s);
    const QStringList header = lines.first().split(u',');
    QCOMPARE(header.size(), 27);
    QCOMPARE(header.first(), u"交易时间"_s);
    QCOMPARE(header.last(), u"费率备注"_s);
    const qsizetype summaryAt =
        lines.indexOf(u"总交易单数,应结订单总金额,退款总金额,充值券退款总金额,"
                      "手续费总金额,订单总金额,申请退款总金额"_s);
    QVERIFY(summaryAt > 1);
    QCOMPARE(summaryAt, lines.size() - 2); // one summary row, last
    int successRows = 0, refundRows = 0;
    qint64 settled = 0, refunded = 0;
    for (qsizetype i = 1; i < summaryAt; ++i) {
        const QStringList cells = lines.at(i).split(u',');
        QCOMPARE(cells.size(), 27);
        for (const QString &c : cells)
            QVERIFY2(c.startsWith(u'`'), qPrintable(lines.at(i)));
        QCOMPARE(cells.at(2), u'`' + m_client.mchid);
        const auto fen = [&](int column) {
            return qRound64(cells.at(column).mid(1).toDouble() * 100);
        };
        if (cells.at(9) == u"`SUCCESS") {
            ++successRows;
            settled += fen(12);
        } else {
            QCOMPARE(cells.at(9), u"`REFUND"_s);
            ++refundRows;
            refunded += fen(16);
        }
        if (cells.at(6) == u"`BILL-1") {
            QCOMPARE(cells.at(12), u"`123.45"_s);
            QCOMPARE(cells.at(22), u"`0.74"_s); // 0.6 % of 123.45, half up
            QCOMPARE(cells.at(23), u"`0.60%"_s);
        }
    }
    QVERIFY(successRows >= 1);
    QVERIFY(refundRows >= 1); // REFUND-1 was refunded today (test order)
    const QStringList summary = lines.last().split(u',');
    QCOMPARE(summary.size(), 7);
    QCOMPARE(summary.at(0), u'`' + QString::number(successRows + refundRows));
    QCOMPARE(summary.at(1),
             u"`%1.%2"_s.arg(settled / 100).arg(settled % 100, 2, 10, QLatin1Char('0')));
    QCOMPARE(summary.at(2),
             u"`%1.%2"_s.arg(refunded / 100).arg(refunded % 100, 2, 10, QLatin1Char('0')));

    // Tomorrow has no bill yet; a malformed date is refused.
    const QString tomorrow =
        QDate::fromString(today, u"yyyy-MM-dd"_s).addDays(1).toString(u"yyyy-MM-dd"_s);
    QCOMPARE(m_client.v3("GET", u"/v3/bill/tradebill?bill_date="_s + tomorrow).field("code"),
             u"NO_STATEMENT_EXIST"_s);
    QCOMPARE(m_client.v3("GET", u"/v3/bill/tradebill?bill_date=20261202"_s).status, 400);
    // An empty day still has both headers and a zero summary.
    const Reply empty = m_client.v3("GET", u"/v3/bill/tradebill?bill_date=2020-01-01"_s);
    const Reply emptyFile = m_client.v3(
        "GET",
        QUrl(empty.field("download_url")).toString().mid(m_client.baseUrl.toString().size()));
    QCOMPARE(emptyFile.body.count("\r\n"), 3);
    QVERIFY(emptyFile.body.endsWith("`0,`0.00,`0.00,`0.00,`0.00,`0.00,`0.00\r\n"));
}

void TestSandboxWechatPay::billLinkExpiresAndNeedsSignature()
{
    const Reply bill = m_client.v3("GET", u"/v3/bill/tradebill?bill_date=2020-01-02"_s);
    const QString relative =
        QUrl(bill.field("download_url")).toString().mid(m_client.baseUrl.toString().size());
    // The download is an API call like any other: it must be signed by the same merchant.
    QCOMPARE(send(m_nam, m_client.url(relative), "GET", {}, {}).status, 401);
    QCOMPARE(m_other.v3("GET", relative).status, 400);
    m_clock->advance(31 * 1000);
    const Reply late = m_client.v3("GET", relative);
    QCOMPARE(late.status, 400);
    QCOMPARE(late.field("code"), u"INVALID_REQUEST"_s);
}

QTEST_GUILESS_MAIN(TestSandboxWechatPay)
#include "tst_sandboxwechatpay.moc"
