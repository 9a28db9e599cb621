// `paydesk charge --provider wechatpay` on fresh data folders: a QR (paid by the sandbox's
// buyer, then found by Recovery) and a payment code, against a standalone sandbox; and the
// embedded sandbox setting up WeChat Pay beside Alipay.
#include "cliprocess.h"
#include "testsandbox.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestWechatPayCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void qrChargeThenRecoveryFindsItPaid();
    void paymentCodeCharge();
    void embeddedSandboxSetsUpBothProviders();

private:
    std::unique_ptr<CliProcess> freshCli(bool standalone = true)
    {
        auto dir = std::make_unique<QTemporaryDir>();
        auto cli = std::make_unique<CliProcess>(QStringLiteral(PAYDESK_BIN), dir->path());
        if (standalone)
            cli->setSandboxUrl(m_sandbox.baseUrl());
        m_dirs.push_back(std::move(dir));
        return cli;
    }

    TestSandbox m_sandbox;
    std::vector<std::unique_ptr<QTemporaryDir>> m_dirs;
};

void TestWechatPayCli::initTestCase()
{
    QVERIFY(m_sandbox.startServer().isEmpty());
}

void TestWechatPayCli::qrChargeThenRecoveryFindsItPaid()
{
    auto cli = freshCli();
    const CliRun r = cli->run(
        {u"charge"_s, u"--amount"_s, u"12.34"_s, u"--provider"_s, u"wechatpay"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.json.value(u"status").toString(), u"PENDING"_s);
    QCOMPARE(r.json.value(u"provider").toString(), u"wechatpay"_s);
    QCOMPARE(r.json.value(u"amount_minor").toInteger(), 1234);
    const QString qr = r.json.value(u"qr_code").toString();
    QVERIFY2(qr.startsWith(u"weixin://wxpay/bizpayurl?pr="), qPrintable(qr));
    const QString out = r.json.value(u"out_trade_no").toString();

    int http = 0;
    m_sandbox.control(u"/sandbox/pay"_s, QJsonObject{{u"qr"_s, qr}}, &http);
    QCOMPARE(http, 200);
    const CliRun recovered = cli->run({u"recover"_s, u"--json"_s});
    QVERIFY2(recovered.exitCode == 0, qPrintable(recovered.describe()));
    const QJsonArray resolved = recovered.json.value(u"resolved").toArray();
    QCOMPARE(resolved.size(), 1);
    QCOMPARE(resolved.first().toObject().value(u"out_trade_no").toString(), out);
    QCOMPARE(resolved.first().toObject().value(u"status").toString(), u"PAID"_s);
    QCOMPARE(m_sandbox.chargesFor(out), 1);
}

void TestWechatPayCli::paymentCodeCharge()
{
    auto cli = freshCli();
    const QString code = m_sandbox.newBuyer().value(u"wechat_code").toString();
    QCOMPARE(code.size(), 18);
    const CliRun r = cli->run({u"charge"_s, u"--amount"_s, u"8.80"_s, u"--code"_s, code,
                               u"--provider"_s, u"wechatpay"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.json.value(u"status").toString(), u"PAID"_s);
    QCOMPARE(r.json.value(u"provider").toString(), u"wechatpay"_s);
    QVERIFY(!r.json.value(u"transaction_id").toString().isEmpty());
    QCOMPARE(m_sandbox.chargesFor(r.json.value(u"out_trade_no").toString()), 1);
    // The code routes by its prefix; without --provider the same happens.
    const QString second = m_sandbox.newBuyer().value(u"wechat_code").toString();
    const CliRun routed =
        cli->run({u"charge"_s, u"--amount"_s, u"1.00"_s, u"--code"_s, second, u"--json"_s});
    QVERIFY2(routed.exitCode == 0, qPrintable(routed.describe()));
    QCOMPARE(routed.json.value(u"provider").toString(), u"wechatpay"_s);
}

void TestWechatPayCli::embeddedSandboxSetsUpBothProviders()
{
    auto cli = freshCli(false);
    const CliRun wechat = cli->run(
        {u"charge"_s, u"--amount"_s, u"2.00"_s, u"--provider"_s, u"wechatpay"_s, u"--json"_s});
    QVERIFY2(wechat.exitCode == 0, qPrintable(wechat.describe()));
    QVERIFY(wechat.json.value(u"qr_code").toString().startsWith(u"weixin://"));
    // A second process on the same folder: the accounts are kept, Alipay is there too (the
    // earlier WeChat QR is closed by Recovery first: nobody paid it).
    const CliRun alipay = cli->run({u"charge"_s, u"--amount"_s, u"3.00"_s, u"--json"_s});
    QVERIFY2(alipay.exitCode == 0, qPrintable(alipay.describe()));
    QCOMPARE(alipay.json.value(u"provider").toString(), u"alipay"_s);
    QVERIFY(alipay.json.value(u"qr_code").toString().startsWith(u"http://127.0.0.1:"));
    const CliRun orders = cli->run({u"orders"_s, u"--json"_s});
    QVERIFY2(orders.exitCode == 0, qPrintable(orders.describe()));
    QStringList seen;
    for (const QJsonValue &o : orders.json.value(u"orders").toArray())
        seen << o.toObject().value(u"provider").toString() + u':' +
                    o.toObject().value(u"status").toString();
    seen.sort();
    QCOMPARE(seen, (QStringList{u"alipay:PENDING"_s, u"wechatpay:CLOSED"_s}));
}

QTEST_GUILESS_MAIN(TestWechatPayCli)
#include "tst_wechatpaycli.moc"
