// Sandbox faults, notifications, persistence, determinism and the command line.
#include "sandboxtestkit.h"

#include "core/util/clock.h"
#include "sandbox/httpfrontend.h"
#include "sandbox/sandboxcommand.h"

#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>

using namespace paydesk;
using namespace paydesk::sandbox;
using namespace sandboxtest;

namespace {
QJsonObject obj(std::initializer_list<QPair<QString, QJsonValue>> items)
{
    return QJsonObject(items);
}
QJsonObject precreateBiz(const QString &outNo, const QString &amount)
{
    return obj({{QStringLiteral("out_trade_no"), outNo},
                {QStringLiteral("total_amount"), amount},
                {QStringLiteral("subject"), QStringLiteral("test")}});
}
QJsonObject payBiz(const QString &outNo, const QString &code, const QString &amount)
{
    return obj({{QStringLiteral("out_trade_no"), outNo},
                {QStringLiteral("scene"), QStringLiteral("bar_code")},
                {QStringLiteral("auth_code"), code},
                {QStringLiteral("total_amount"), amount},
                {QStringLiteral("subject"), QStringLiteral("test")}});
}
QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

/// A notify_url receiver: records every POST and answers with the next queued body.
class NotifyReceiver
{
public:
    NotifyReceiver()
    {
        auto *tcp = new QTcpServer(&http);
        tcp->listen(QHostAddress::LocalHost, 0);
        http.bind(tcp);
        url = QStringLiteral("http://127.0.0.1:%1/notify").arg(tcp->serverPort());
        http.setHandler([this](const QHttpServerRequest &request, QTcpSocket *socket) {
            bodies.append(request.body());
            QHttpServerResponder responder = HttpFrontend::responderFor(request, socket);
            const QByteArray answer =
                answers.isEmpty() ? QByteArray("success") : answers.takeFirst();
            HttpFrontend::send(responder, HttpReply::text(answer, 200));
        });
    }
    HttpFrontend http;
    QString url;
    QList<QByteArray> bodies;
    QList<QByteArray> answers;
};

QMap<QByteArray, QByteArray> parseForm(const QByteArray &body)
{
    QMap<QByteArray, QByteArray> out;
    for (QByteArray pair : body.split('&')) {
        pair.replace('+', ' ');
        const qsizetype eq = pair.indexOf('=');
        out.insert(QByteArray::fromPercentEncoding(pair.left(eq)),
                   QByteArray::fromPercentEncoding(pair.mid(eq + 1)));
    }
    return out;
}
} // namespace

class TestSandboxFaults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void http5xxAnswersWithoutProcessing();
    void dropResponseCommitsButLosesAnswer();
    void timeoutHoldsUnprocessed();
    void latencyDelaysAnswers();
    void shutdownWhileHoldingRequests();
    void userpayingWaitsForBuyer();
    void lateSuccessAfterClose();
    void closeOfUnscannedQrKillsIt();
    void injections();
    void unknownFaultIsRefused();
    void notificationIsSignedAndRetried();
    void dupNotifySendsTwice();
    void statePersistsAcrossRestart();
    void sameSeedSameIds();
    void commandUsageErrors();
    void commandStopsOnSigint();

private:
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<SandboxServer> m_server;
    QNetworkAccessManager m_nam;
    QUrl m_base;
    AlipayClient m_client;
    QJsonObject m_buyer;
};

void TestSandboxFaults::initTestCase()
{
    m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
    SandboxOptions options;
    options.seed = 11;
    options.clock = m_clock.get();
    m_server = std::make_unique<SandboxServer>(options);
    QVERIFY(m_server->start().ok());
    m_base = m_server->baseUrl();
    m_client = registerApp(m_nam, m_base);
    m_buyer = control(m_nam, m_base, QStringLiteral("/sandbox/buyers"), QJsonObject());
    QCOMPARE(m_buyer.value(QLatin1String("balance_minor")).toInteger(), 1000000);
}

void TestSandboxFaults::init()
{
    QVERIFY(m_server->setFaults(QString()).ok());
}

void TestSandboxFaults::http5xxAnswersWithoutProcessing()
{
    int status = 0;
    const QJsonObject set =
        control(m_nam, m_base, QStringLiteral("/sandbox/faults"),
                obj({{QStringLiteral("spec"), QStringLiteral("http_5xx:1")}}), &status);
    QCOMPARE(status, 200);
    QCOMPARE(str(set, "spec"), QStringLiteral("http_5xx:1"));
    const Answer a = m_client.call("alipay.trade.precreate",
                                   precreateBiz(QStringLiteral("F5-1"), QStringLiteral("1.00")));
    QCOMPARE(a.http.status, 502);
    const Answer b = m_client.call("alipay.trade.precreate",
                                   precreateBiz(QStringLiteral("F5-1"), QStringLiteral("1.00")));
    QCOMPARE(b.http.status, 503);
    // Control calls are never faulted.
    QCOMPARE(getJson(m_nam, m_base, QStringLiteral("/sandbox/health"))
                 .value(QLatin1String("ok"))
                 .toBool(),
             true);
    QVERIFY(tradeIn(m_nam, m_base, QStringLiteral("F5-1")).isEmpty());
}

void TestSandboxFaults::dropResponseCommitsButLosesAnswer()
{
    QVERIFY(m_server->setFaults(QStringLiteral("drop_response:1")).ok());
    const Answer a = m_client.call(
        "alipay.trade.pay",
        payBiz(QStringLiteral("DROP-1"), str(m_buyer, "alipay_code"), QStringLiteral("4.00")));
    QVERIFY(a.http.error != QNetworkReply::NoError);
    QCOMPARE(a.http.status, 0);
    QVERIFY(a.http.body.isEmpty());
    const QJsonObject t = tradeIn(m_nam, m_base, QStringLiteral("DROP-1"));
    QCOMPARE(str(t, "status"), QStringLiteral("SUCCESS"));
    QCOMPARE(t.value(QLatin1String("amount_minor")).toInteger(), 400);
    // Once the network heals, the query tells the truth.
    QVERIFY(m_server->setFaults(QString()).ok());
    const Answer q = m_client.call(
        "alipay.trade.query", obj({{QStringLiteral("out_trade_no"), QStringLiteral("DROP-1")}}));
    QCOMPARE(q.field("trade_status"), QStringLiteral("TRADE_SUCCESS"));
}

void TestSandboxFaults::timeoutHoldsUnprocessed()
{
    QVERIFY(m_server->setFaults(QStringLiteral("timeout:1")).ok());
    QElapsedTimer timer;
    timer.start();
    const Answer a = m_client.send(
        "alipay.trade.precreate",
        m_client.signedParams("alipay.trade.precreate",
                              precreateBiz(QStringLiteral("TO-1"), QStringLiteral("1.00"))),
        AlipayClient::Layout::AllInBody, 400);
    QVERIFY(timer.elapsed() >= 350);
    QVERIFY(a.http.error != QNetworkReply::NoError);
    QCOMPARE(a.http.status, 0);
    QVERIFY(tradeIn(m_nam, m_base, QStringLiteral("TO-1")).isEmpty());
    // The server still serves the next client normally.
    QVERIFY(m_server->setFaults(QString()).ok());
    QCOMPARE(m_client
                 .call("alipay.trade.precreate",
                       precreateBiz(QStringLiteral("TO-1"), QStringLiteral("1.00")))
                 .code(),
             QStringLiteral("10000"));
}

void TestSandboxFaults::latencyDelaysAnswers()
{
    QVERIFY(m_server->setFaults(QStringLiteral("latency_ms:200")).ok());
    QElapsedTimer timer;
    timer.start();
    const Answer a = m_client.call(
        "alipay.trade.query", obj({{QStringLiteral("out_trade_no"), QStringLiteral("DROP-1")}}));
    QVERIFY(timer.elapsed() >= 190);
    QCOMPARE(a.code(), QStringLiteral("10000"));
    QVERIFY(a.signatureValid);
}

void TestSandboxFaults::shutdownWhileHoldingRequests()
{
    QNetworkAccessManager nam;
    auto server = std::make_unique<SandboxServer>(SandboxOptions{});
    QVERIFY(server->start().ok());
    AlipayClient client = registerApp(nam, server->baseUrl());
    QVERIFY(server->setFaults(QStringLiteral("timeout:1")).ok());
    QNetworkRequest request(client.gateway);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArray("application/x-www-form-urlencoded"));
    QNetworkReply *held = nam.post(
        request,
        formEncode(client.signedParams(
            "alipay.trade.query", obj({{QStringLiteral("out_trade_no"), QStringLiteral("X")}}))));
    QTest::qWait(300); // the request arrives and is held
    server.reset();    // must not crash, and must release the client
    QTRY_VERIFY_WITH_TIMEOUT(held->isFinished(), 5000);
    QVERIFY(held->error() != QNetworkReply::NoError);
    delete held;
}

void TestSandboxFaults::userpayingWaitsForBuyer()
{
    QVERIFY(m_server->setFaults(QStringLiteral("userpaying:1")).ok());
    const QJsonObject codes =
        control(m_nam, m_base, QStringLiteral("/sandbox/codes"),
                obj({{QStringLiteral("buyer_id"), m_buyer.value(QLatin1String("buyer_id"))}}));
    Answer a =
        m_client.call("alipay.trade.pay", payBiz(QStringLiteral("UP-1"), str(codes, "alipay_code"),
                                                 QStringLiteral("6.00")));
    QCOMPARE(a.code(), QStringLiteral("10003"));
    QVERIFY(a.signatureValid);
    QVERIFY(!a.field("trade_no").isEmpty());
    Answer q = m_client.call("alipay.trade.query",
                             obj({{QStringLiteral("out_trade_no"), QStringLiteral("UP-1")}}));
    QCOMPARE(q.field("trade_status"), QStringLiteral("WAIT_BUYER_PAY"));
    int status = 0;
    const QJsonObject paid =
        control(m_nam, m_base, QStringLiteral("/sandbox/pay"),
                obj({{QStringLiteral("out_trade_no"), QStringLiteral("UP-1")}}), &status);
    QCOMPARE(status, 200);
    QCOMPARE(str(paid, "status"), QStringLiteral("SUCCESS"));
    q = m_client.call("alipay.trade.query",
                      obj({{QStringLiteral("out_trade_no"), QStringLiteral("UP-1")}}));
    QCOMPARE(q.field("trade_status"), QStringLiteral("TRADE_SUCCESS"));

    // Never confirmed: the cashier cancels.
    const QJsonObject codes2 =
        control(m_nam, m_base, QStringLiteral("/sandbox/codes"),
                obj({{QStringLiteral("buyer_id"), m_buyer.value(QLatin1String("buyer_id"))}}));
    a = m_client.call("alipay.trade.pay", payBiz(QStringLiteral("UP-2"), str(codes2, "alipay_code"),
                                                 QStringLiteral("6.00")));
    QCOMPARE(a.code(), QStringLiteral("10003"));
    QVERIFY(m_server->setFaults(QString()).ok());
    const Answer c = m_client.call("alipay.trade.cancel",
                                   obj({{QStringLiteral("out_trade_no"), QStringLiteral("UP-2")}}));
    QCOMPARE(c.field("action"), QStringLiteral("close"));
    QCOMPARE(str(tradeIn(m_nam, m_base, QStringLiteral("UP-2")), "status"),
             QStringLiteral("CLOSED"));
    control(m_nam, m_base, QStringLiteral("/sandbox/pay"),
            obj({{QStringLiteral("out_trade_no"), QStringLiteral("UP-2")}}), &status);
    QCOMPARE(status, 409);
}

void TestSandboxFaults::lateSuccessAfterClose()
{
    QVERIFY(m_server->setFaults(QStringLiteral("late_success:1")).ok());
    const Answer pre = m_client.call(
        "alipay.trade.precreate", precreateBiz(QStringLiteral("LATE-1"), QStringLiteral("8.80")));
    control(m_nam, m_base, QStringLiteral("/sandbox/scan"),
            obj({{QStringLiteral("qr"), pre.field("qr_code")}}));
    const Answer c = m_client.call(
        "alipay.trade.close", obj({{QStringLiteral("out_trade_no"), QStringLiteral("LATE-1")}}));
    QCOMPARE(c.code(), QStringLiteral("10000"));
    QCOMPARE(str(tradeIn(m_nam, m_base, QStringLiteral("LATE-1")), "status"),
             QStringLiteral("CLOSED"));
    m_clock->advance(1000);
    QCOMPARE(str(tradeIn(m_nam, m_base, QStringLiteral("LATE-1")), "status"),
             QStringLiteral("SUCCESS"));
    const Answer q = m_client.call(
        "alipay.trade.query", obj({{QStringLiteral("out_trade_no"), QStringLiteral("LATE-1")}}));
    QCOMPARE(q.field("trade_status"), QStringLiteral("TRADE_SUCCESS"));
}

void TestSandboxFaults::closeOfUnscannedQrKillsIt()
{
    const Answer pre = m_client.call("alipay.trade.precreate",
                                     precreateBiz(QStringLiteral("CLS-1"), QStringLiteral("2.00")));
    const Answer c = m_client.call(
        "alipay.trade.close", obj({{QStringLiteral("out_trade_no"), QStringLiteral("CLS-1")}}));
    QCOMPARE(c.subCode(), QStringLiteral("ACQ.TRADE_NOT_EXIST"));
    int status = 0;
    control(m_nam, m_base, QStringLiteral("/sandbox/pay"),
            obj({{QStringLiteral("qr"), pre.field("qr_code")}}), &status);
    QCOMPARE(status, 409);
}

void TestSandboxFaults::injections()
{
    int status = 0;
    const QJsonObject orphan =
        control(m_nam, m_base, QStringLiteral("/sandbox/inject"),
                obj({{QStringLiteral("kind"), QStringLiteral("orphan_payment")},
                     {QStringLiteral("amount_minor"), 1234}}),
                &status);
    QCOMPARE(status, 200);
    QCOMPARE(str(tradeIn(m_nam, m_base, str(orphan, "out_trade_no")), "status"),
             QStringLiteral("SUCCESS"));
    QCOMPARE(tradeIn(m_nam, m_base, str(orphan, "out_trade_no"))
                 .value(QLatin1String("amount_minor"))
                 .toInteger(),
             1234);

    const QJsonObject mismatch =
        control(m_nam, m_base, QStringLiteral("/sandbox/inject"),
                obj({{QStringLiteral("kind"), QStringLiteral("amount_mismatch")},
                     {QStringLiteral("out_trade_no"), QStringLiteral("DROP-1")}}),
                &status);
    QCOMPARE(status, 200);
    QCOMPARE(mismatch.value(QLatin1String("old_amount_minor")).toInteger(), 400);
    QCOMPARE(tradeIn(m_nam, m_base, QStringLiteral("DROP-1"))
                 .value(QLatin1String("amount_minor"))
                 .toInteger(),
             500);

    m_client.call("alipay.trade.precreate",
                  precreateBiz(QStringLiteral("INJ-LATE"), QStringLiteral("3.00")));
    m_client.call("alipay.trade.cancel",
                  obj({{QStringLiteral("out_trade_no"), QStringLiteral("INJ-LATE")}}));
    QCOMPARE(str(tradeIn(m_nam, m_base, QStringLiteral("INJ-LATE")), "status"),
             QStringLiteral("CLOSED"));
    control(m_nam, m_base, QStringLiteral("/sandbox/inject"),
            obj({{QStringLiteral("kind"), QStringLiteral("late_success")},
                 {QStringLiteral("out_trade_no"), QStringLiteral("INJ-LATE")}}),
            &status);
    QCOMPARE(status, 200);
    QCOMPARE(str(tradeIn(m_nam, m_base, QStringLiteral("INJ-LATE")), "status"),
             QStringLiteral("SUCCESS"));

    control(m_nam, m_base, QStringLiteral("/sandbox/inject"),
            obj({{QStringLiteral("kind"), QStringLiteral("bogus")}}), &status);
    QCOMPARE(status, 400);
}

void TestSandboxFaults::unknownFaultIsRefused()
{
    QVERIFY(m_server->setFaults(QStringLiteral("latency_ms:5")).ok());
    QVERIFY(!m_server->setFaults(QStringLiteral("bogus:1")).ok());
    QVERIFY(!m_server->setFaults(QStringLiteral("timeout:1.5")).ok());
    int status = 0;
    control(m_nam, m_base, QStringLiteral("/sandbox/faults"),
            obj({{QStringLiteral("spec"), QStringLiteral("nope:0.1")}}), &status);
    QCOMPARE(status, 400);
    // The previous plan is still in force.
    QCOMPARE(str(getJson(m_nam, m_base, QStringLiteral("/sandbox/faults")), "spec"),
             QStringLiteral("latency_ms:5"));
}

void TestSandboxFaults::notificationIsSignedAndRetried()
{
    NotifyReceiver receiver;
    receiver.answers = {"fail"};
    const Answer pre =
        m_client.call("alipay.trade.precreate",
                      precreateBiz(QStringLiteral("NTF-1"), QStringLiteral("9.99")), receiver.url);
    QCOMPARE(pre.code(), QStringLiteral("10000"));
    const int pendingBefore = m_clock->pendingCount();
    int status = 0;
    control(m_nam, m_base, QStringLiteral("/sandbox/pay"),
            obj({{QStringLiteral("qr"), pre.field("qr_code")}}), &status);
    QCOMPARE(status, 200);
    QTRY_COMPARE(receiver.bodies.size(), 1);
    // The receiver has the body before the sandbox has read its "fail" and armed the retry;
    // advancing the clock earlier would pass the retry's due time before it exists.
    QTRY_VERIFY(m_clock->pendingCount() > pendingBefore);
    const auto form = parseForm(receiver.bodies.first());
    QCOMPARE(form.value("out_trade_no"), QByteArray("NTF-1"));
    QCOMPARE(form.value("total_amount"), QByteArray("9.99"));
    QCOMPARE(form.value("trade_status"), QByteArray("TRADE_SUCCESS"));
    QCOMPARE(form.value("app_id"), m_client.appId.toUtf8());
    QCOMPARE(form.value("sign_type"), QByteArray("RSA2"));
    QVERIFY(form.value("notify_time").contains(' '));
    QVERIFY(crypto::rsaSha256Verify(m_client.providerKey, signContent(form, {"sign", "sign_type"}),
                                    QByteArray::fromBase64(form.value("sign"))));
    // "fail" → the sandbox retries after a second.
    m_clock->advance(1000);
    QTRY_COMPARE(receiver.bodies.size(), 2);
    QCOMPARE(receiver.bodies.at(1), receiver.bodies.at(0));
    m_clock->advance(60000);
    QTest::qWait(50);
    QCOMPARE(receiver.bodies.size(), 2);
}

void TestSandboxFaults::dupNotifySendsTwice()
{
    NotifyReceiver receiver;
    QVERIFY(m_server->setFaults(QStringLiteral("dup_notify:1")).ok());
    const Answer a =
        m_client.call("alipay.trade.pay",
                      payBiz(QStringLiteral("DUP-1"),
                             str(control(m_nam, m_base, QStringLiteral("/sandbox/codes"),
                                         obj({{QStringLiteral("buyer_id"),
                                               m_buyer.value(QLatin1String("buyer_id"))}})),
                                 "alipay_code"),
                             QStringLiteral("1.50")),
                      receiver.url);
    QCOMPARE(a.code(), QStringLiteral("10000"));
    QTRY_COMPARE(receiver.bodies.size(), 1);
    m_clock->advance(200);
    QTRY_COMPARE(receiver.bodies.size(), 2);
    QCOMPARE(parseForm(receiver.bodies.at(1)).value("notify_id"),
             parseForm(receiver.bodies.at(0)).value("notify_id"));
}

void TestSandboxFaults::statePersistsAcrossRestart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QNetworkAccessManager nam;
    SandboxOptions options;
    options.seed = 3;
    options.stateDir = dir.path();
    AlipayClient client;
    QByteArray providerKey;
    QString buyerId;
    {
        SandboxServer first(options);
        QVERIFY(first.start().ok());
        client = registerApp(nam, first.baseUrl());
        providerKey = first.providerPublicKeyPem();
        const QJsonObject buyer =
            control(nam, first.baseUrl(), QStringLiteral("/sandbox/buyers"), QJsonObject());
        buyerId = str(buyer, "buyer_id");
        QCOMPARE(
            client
                .call("alipay.trade.pay", payBiz(QStringLiteral("KEEP-1"),
                                                 str(buyer, "alipay_code"), QStringLiteral("5.00")))
                .code(),
            QStringLiteral("10000"));
        QCOMPARE(client
                     .call("alipay.trade.refund",
                           obj({{QStringLiteral("out_trade_no"), QStringLiteral("KEEP-1")},
                                {QStringLiteral("refund_amount"), QStringLiteral("1.00")},
                                {QStringLiteral("out_request_no"), QStringLiteral("K1")}}))
                     .code(),
                 QStringLiteral("10000"));
    }
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("sandbox-state.json"))));
    SandboxServer second(options);
    QVERIFY(second.start().ok());
    QCOMPARE(second.providerPublicKeyPem(), providerKey);
    client.gateway = second.baseUrl().resolved(QUrl(QStringLiteral("/alipay/gateway.do")));
    const QJsonObject t = tradeIn(nam, second.baseUrl(), QStringLiteral("KEEP-1"));
    QCOMPARE(str(t, "status"), QStringLiteral("SUCCESS"));
    QCOMPARE(t.value(QLatin1String("refunded_minor")).toInteger(), 100);
    QCOMPARE(balanceOf(nam, second.baseUrl(), buyerId), 1000000 - 400);
    // The registered app and keys still work; the replayed refund does not pay twice.
    const Answer replay = client.call(
        "alipay.trade.refund", obj({{QStringLiteral("out_trade_no"), QStringLiteral("KEEP-1")},
                                    {QStringLiteral("refund_amount"), QStringLiteral("1.00")},
                                    {QStringLiteral("out_request_no"), QStringLiteral("K1")}}));
    QVERIFY(replay.signatureValid);
    QCOMPARE(replay.field("fund_change"), QStringLiteral("N"));
    // New ids continue the persisted sequence instead of repeating it.
    const QJsonObject another =
        control(nam, second.baseUrl(), QStringLiteral("/sandbox/buyers"), QJsonObject());
    QVERIFY(str(another, "buyer_id") != buyerId);
}

void TestSandboxFaults::sameSeedSameIds()
{
    QNetworkAccessManager nam;
    const auto ids = [&nam](quint64 seed) {
        SandboxOptions options;
        options.seed = seed;
        SandboxServer server(options);
        if (!server.start().ok())
            return QStringList();
        AlipayClient c = registerApp(nam, server.baseUrl());
        const QJsonObject buyer =
            control(nam, server.baseUrl(), QStringLiteral("/sandbox/buyers"), QJsonObject());
        const Answer pre = c.call("alipay.trade.precreate",
                                  precreateBiz(QStringLiteral("SEED-1"), QStringLiteral("1.00")));
        return QStringList{c.appId, str(buyer, "buyer_id"), str(buyer, "alipay_code"),
                           str(buyer, "wechat_code"),
                           pre.field("qr_code").section(QLatin1Char('/'), -1)};
    };
    const QStringList a = ids(42);
    const QStringList b = ids(42);
    const QStringList c = ids(43);
    QCOMPARE(a.size(), 5);
    QCOMPARE(a, b);
    QVERIFY(a.at(0) != c.at(0));
    QVERIFY(a.at(2) != c.at(2));
}

void TestSandboxFaults::commandUsageErrors()
{
    QCOMPARE(runSandboxCommand({QStringLiteral("--port"), QStringLiteral("http")}), 2);
    QCOMPARE(runSandboxCommand({QStringLiteral("--bogus"), QStringLiteral("1")}), 2);
    QCOMPARE(runSandboxCommand({QStringLiteral("--faults"), QStringLiteral("nope:1")}), 2);
    QCOMPARE(runSandboxCommand({QStringLiteral("--seed")}), 2);
}

void TestSandboxFaults::commandStopsOnSigint()
{
    QTimer::singleShot(300, [] { ::raise(SIGINT); });
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(runSandboxCommand({QStringLiteral("--seed"), QStringLiteral("5"),
                                QStringLiteral("--faults=latency_ms:10")}),
             0);
    QVERIFY(timer.elapsed() < 5000);
}

QTEST_GUILESS_MAIN(TestSandboxFaults)
#include "tst_sandboxfaults.moc"
