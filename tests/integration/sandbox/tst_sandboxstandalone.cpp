// The standalone sandbox (`paydeskctl sandbox`) serves every dialect, and a WeChat Pay merchant
// it registered keeps its ids and keys across a restart on the same --state folder.
#include "sandboxtestkit.h"
#include "wechatpaytestclient.h"

#include "core/util/clock.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace wechattest;
using namespace Qt::StringLiterals;

class TestSandboxStandalone : public QObject
{
    Q_OBJECT

private slots:
    void servesBothDialectsAndKeepsMerchants();

private:
    /// Starts the executable on \a stateDir; returns its base URL (empty on failure).
    QUrl start(QProcess &process, const QString &stateDir);
};

QUrl TestSandboxStandalone::start(QProcess &process, const QString &stateDir)
{
    process.start(QStringLiteral(PAYDESKCTL_BIN),
                  {u"sandbox"_s, u"--port"_s, u"0"_s, u"--state"_s, stateDir});
    if (!process.waitForStarted())
        return {};
    QByteArray out;
    static const QRegularExpression line(u"listening on (http://127\\.0\\.0\\.1:[0-9]+)"_s);
    QRegularExpressionMatch match;
    (void)QTest::qWaitFor(
        [&] {
            out += process.readAllStandardOutput();
            match = line.match(QString::fromUtf8(out));
            return match.hasMatch() || process.state() == QProcess::NotRunning;
        },
        15000);
    return match.hasMatch() ? QUrl(match.captured(1)) : QUrl();
}

void TestSandboxStandalone::servesBothDialectsAndKeepsMerchants()
{
    QTemporaryDir state;
    QNetworkAccessManager nam;
    SystemClock clock;
    QProcess first;
    QUrl base = start(first, state.path());
    QVERIFY2(base.isValid() && !base.isEmpty(), first.readAllStandardError().constData());

    sandboxtest::AlipayClient alipay = sandboxtest::registerApp(nam, base);
    const sandboxtest::Answer pre =
        alipay.call("alipay.trade.precreate", {{u"out_trade_no"_s, u"SA-ALI-1"_s},
                                               {u"total_amount"_s, u"1.00"_s},
                                               {u"subject"_s, u"standalone"_s}});
    QCOMPARE(pre.code(), u"10000"_s);
    QVERIFY(pre.signatureValid);

    Client wechat = registerMerchant(nam, base, clock);
    QVERIFY(!wechat.mchid.isEmpty());
    const QJsonObject order{{u"appid"_s, wechat.appid},
                            {u"mchid"_s, wechat.mchid},
                            {u"description"_s, u"standalone"_s},
                            {u"out_trade_no"_s, u"SA-WX-1"_s},
                            {u"notify_url"_s, u"https://127.0.0.1:1/n"_s},
                            {u"amount"_s, QJsonObject{{u"total"_s, 100}}}};
    const Reply placed = wechat.v3("POST", u"/v3/pay/transactions/native"_s, order);
    QCOMPARE(placed.status, 200);
    QVERIFY(wechat.verifies(placed.headers, placed.body));
    first.terminate();
    QVERIFY(first.waitForFinished(10000));

    // Restarted on the same state: the same merchant, keys and platform serial still work.
    QProcess second;
    base = start(second, state.path());
    QVERIFY(!base.isEmpty());
    wechat.baseUrl = QUrl(base.toString() + u"/wechatpay"_s);
    const Reply query =
        wechat.v3("GET", u"/v3/pay/transactions/out-trade-no/SA-WX-1?mchid="_s + wechat.mchid);
    QCOMPARE(query.status, 200);
    QVERIFY(wechat.verifies(query.headers, query.body));
    QCOMPARE(query.field("trade_state"), u"NOTPAY"_s);
    const QJsonObject buyer = sandboxtest::control(nam, base, u"/sandbox/buyers"_s, {});
    const V2Answer paid =
        wechat.v2(u"/pay/micropay"_s, {{u"body"_s, u"standalone"_s},
                                       {u"out_trade_no"_s, u"SA-WX-2"_s},
                                       {u"total_fee"_s, u"100"_s},
                                       {u"spbill_create_ip"_s, u"127.0.0.1"_s},
                                       {u"auth_code"_s, buyer.value(u"wechat_code").toString()}});
    QCOMPARE(paid["result_code"], u"SUCCESS"_s);
    QVERIFY(paid.signatureValid);
    second.terminate();
    QVERIFY(second.waitForFinished(10000));
    QCOMPARE(second.exitStatus(), QProcess::NormalExit);
}

QTEST_GUILESS_MAIN(TestSandboxStandalone)
#include "tst_sandboxstandalone.moc"
