// The headless commands end to end: the real executable, a real sandbox on loopback,
// JSON shapes of ARCHITECTURE §7 and its exit codes.
#include "core/orders/orderqueries.h"
#include "core/storage/database.h"

#include "cliprocess.h"
#include "testsandbox.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;

class TestCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void versionAndHelp();
    void ordersOnEmptyBook();
    void badUsageExitsTwo();
    void qrChargeThenPaidBySandbox();
    void paymentCodeCharge();
    void usedCodeIsRefused();
    void auditVerify();
    void recoverWithNothingOpen();
    void malformedCodeExitsTwoBeforeTheProvider();
    void codeStillPayingAfterWaitExitsThree();
    void codeWithoutAnswerExitsThree();
    void chargeRefusesWhileEarlierOrdersAreOpen();
    void twoProcessesTakeOverAnOrderOnce();

private:
    using Run = CliRun;
    Run paydesk(const QStringList &args) { return m_cli->run(args); }
    QJsonObject control(const QString &path, const QJsonObject &body)
    {
        return m_sandbox.control(path, body);
    }
    QJsonObject tradeOf(const QString &outTradeNo) { return m_sandbox.tradeOf(outTradeNo); }
    /// A fresh data folder on the same sandbox, for a test that leaves open orders behind.
    std::unique_ptr<CliProcess> isolated(QTemporaryDir &dir)
    {
        auto cli = std::make_unique<CliProcess>(QStringLiteral(PAYDESK_BIN), dir.path());
        cli->setSandboxUrl(m_sandbox.baseUrl());
        return cli;
    }
    /// `charge --code CODE --json`, with `--wait S` when \a wait is set.
    static Run chargeCode(const CliProcess &cli, const QString &amount, const QString &code,
                          const QString &wait = {})
    {
        QStringList args{QStringLiteral("charge"),
                         QStringLiteral("--amount"),
                         amount,
                         QStringLiteral("--code"),
                         code,
                         QStringLiteral("--json")};
        if (!wait.isEmpty())
            args << QStringLiteral("--wait") << wait;
        return cli.run(args);
    }
    static int orderCount(const CliProcess &cli)
    {
        return int(cli.run({QStringLiteral("orders"), QStringLiteral("--json")})
                       .json.value(QStringLiteral("orders"))
                       .toArray()
                       .size());
    }

    QTemporaryDir m_dir;
    TestSandbox m_sandbox;
    std::unique_ptr<CliProcess> m_cli;
};

void TestCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString failed = m_sandbox.startServer();
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    m_cli = isolated(m_dir);
}

void TestCli::versionAndHelp()
{
    Run v = paydesk({QStringLiteral("--version")});
    QCOMPARE(v.exitCode, 0);
    QVERIFY(v.out.startsWith(QStringLiteral("paydesk ")));
    Run h = paydesk({QStringLiteral("--help")});
    QVERIFY2(h.exitCode == 0,
             qPrintable(QStringLiteral("exit %1: %2 %3").arg(h.exitCode).arg(h.out, h.err)));
    QVERIFY(h.out.contains(QStringLiteral("charge")));
    QVERIFY(h.out.contains(QStringLiteral("sandbox")));
}

void TestCli::ordersOnEmptyBook()
{
    Run r = paydesk({QStringLiteral("orders"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.json.contains(QStringLiteral("orders")));
    QCOMPARE(r.json.value(QStringLiteral("orders")).toArray().size(), 0);
}

void TestCli::badUsageExitsTwo()
{
    Run unknown = paydesk({QStringLiteral("frobnicate")});
    QCOMPARE(unknown.exitCode, 2);
    Run badAmount = paydesk({QStringLiteral("charge"), QStringLiteral("--amount"),
                             QStringLiteral("12.345"), QStringLiteral("--json")});
    QCOMPARE(badAmount.exitCode, 2);
    QCOMPARE(badAmount.json.value(QStringLiteral("error"))
                 .toObject()
                 .value(QStringLiteral("code"))
                 .toString(),
             QStringLiteral("money.too_many_decimals"));
    Run letters =
        paydesk({QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("abc")});
    QCOMPARE(letters.exitCode, 2);
    QVERIFY(letters.err.contains(QStringLiteral("not an amount")));
    Run badCode =
        paydesk({QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("1"),
                 QStringLiteral("--code"), QStringLiteral("12345"), QStringLiteral("--json")});
    QCOMPARE(badCode.exitCode, 2);
    Run badDate =
        paydesk({QStringLiteral("orders"), QStringLiteral("--date"), QStringLiteral("yesterday")});
    QCOMPARE(badDate.exitCode, 2);
    // Nothing was charged by any of these.
    QCOMPARE(paydesk({QStringLiteral("orders"), QStringLiteral("--json")})
                 .json.value(QStringLiteral("orders"))
                 .toArray()
                 .size(),
             0);
}

void TestCli::qrChargeThenPaidBySandbox()
{
    Run r = paydesk({QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("12.34"),
                     QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QString out = r.json.value(QStringLiteral("out_trade_no")).toString();
    QVERIFY2(!out.isEmpty(), qPrintable(r.out + r.err));
    QCOMPARE(r.json.value(QStringLiteral("status")).toString(), QStringLiteral("PENDING"));
    QCOMPARE(r.json.value(QStringLiteral("amount_minor")).toInteger(), 1234);
    QCOMPARE(r.json.value(QStringLiteral("provider")).toString(), QStringLiteral("alipay"));
    const QString qr = r.json.value(QStringLiteral("qr_code")).toString();
    QVERIFY(qr.startsWith(m_sandbox.baseUrl().toString()));

    const QJsonObject paid = control(QStringLiteral("/sandbox/pay"), {{QStringLiteral("qr"), qr}});
    QVERIFY2(!paid.isEmpty(), "sandbox did not answer the pay call");
    QCOMPARE(tradeOf(out).value(QStringLiteral("status")).toString(), QStringLiteral("SUCCESS"));

    // The next start recovers the open order: it learns that it was paid.
    Run rec = paydesk({QStringLiteral("recover"), QStringLiteral("--json")});
    QCOMPARE(rec.exitCode, 0);
    QCOMPARE(rec.json.value(QStringLiteral("still_open")).toInt(), 0);
    Run list = paydesk({QStringLiteral("orders"), QStringLiteral("--status"),
                        QStringLiteral("PAID"), QStringLiteral("--json")});
    const QJsonArray orders = list.json.value(QStringLiteral("orders")).toArray();
    QCOMPARE(orders.size(), 1);
    const QJsonObject o = orders.first().toObject();
    QCOMPARE(o.value(QStringLiteral("out_trade_no")).toString(), out);
    QCOMPARE(o.value(QStringLiteral("amount_minor")).toInteger(), 1234);
    QVERIFY(!o.value(QStringLiteral("transaction_id")).toString().isEmpty());
    for (const char *key : {"status", "refunded_minor", "provider", "created_at"})
        QVERIFY2(o.contains(QString::fromLatin1(key)), key);
}

void TestCli::paymentCodeCharge()
{
    const QJsonObject buyer =
        control(QStringLiteral("/sandbox/buyers"), {{QStringLiteral("balance_minor"), 100000}});
    const QString code = buyer.value(QStringLiteral("alipay_code")).toString();
    QVERIFY(!code.isEmpty());
    Run r = paydesk({QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("8.80"),
                     QStringLiteral("--code"), code, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json.value(QStringLiteral("status")).toString(), QStringLiteral("PAID"));
    QVERIFY(!r.json.value(QStringLiteral("transaction_id")).toString().isEmpty());
    const QJsonObject trade = tradeOf(r.json.value(QStringLiteral("out_trade_no")).toString());
    QCOMPARE(trade.value(QStringLiteral("status")).toString(), QStringLiteral("SUCCESS"));
    QCOMPARE(trade.value(QStringLiteral("amount_minor")).toInteger(), 880);
}

void TestCli::usedCodeIsRefused()
{
    const QJsonObject buyer =
        control(QStringLiteral("/sandbox/buyers"), {{QStringLiteral("balance_minor"), 100000}});
    const QString code = buyer.value(QStringLiteral("alipay_code")).toString();
    QCOMPARE(paydesk({QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("1"),
                      QStringLiteral("--code"), code})
                 .exitCode,
             0);
    Run again = paydesk({QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("1"),
                         QStringLiteral("--code"), code, QStringLiteral("--json")});
    QCOMPARE(again.exitCode, 1);
    QCOMPARE(again.json.value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));
    QVERIFY(!again.json.value(QStringLiteral("message")).toString().isEmpty());
}

void TestCli::auditVerify()
{
    Run r = paydesk({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json.value(QStringLiteral("ok")).toBool(), true);
    QVERIFY(r.json.contains(QStringLiteral("entries")));
    QVERIFY(r.json.value(QStringLiteral("first_bad")).isNull());
    // A data dir made by this version has no entries from before the chain was keyed.
    QCOMPARE(r.json.value(QStringLiteral("legacy_entries")).toInt(-1), 0);
}

void TestCli::recoverWithNothingOpen()
{
    Run r = paydesk({QStringLiteral("recover"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json.value(QStringLiteral("still_open")).toInt(), 0);
    QVERIFY(r.json.value(QStringLiteral("resolved")).isArray());
}

void TestCli::malformedCodeExitsTwoBeforeTheProvider()
{
    // The provider cannot even be reached: a bad code must still be bad input (2), answered
    // before any provider start or Recovery, not "unreachable" (3) after a wait.
    QTemporaryDir dir;
    CliProcess cli(QStringLiteral(PAYDESK_BIN), dir.path());
    cli.setSandboxUrl(QUrl(QStringLiteral("http://127.0.0.1:9")));
    for (const QString &code : {QStringLiteral("12345"), QStringLiteral("abcdefabcdefabcdef"),
                                QStringLiteral("2812345678901234567890123")}) {
        Run r = chargeCode(cli, QStringLiteral("1"), code);
        QVERIFY2(r.exitCode == 2, qPrintable(r.describe()));
        QCOMPARE(r.errorCode(), QStringLiteral("checkout.code_invalid"));
        QVERIFY2(r.elapsedMs < 10000, qPrintable(r.describe()));
    }
    QCOMPARE(orderCount(cli), 0);
}

void TestCli::codeStillPayingAfterWaitExitsThree()
{
    // USERPAYING beyond --wait: the customer may still confirm; an integrator reading 0 as
    // "paid" would hand over the goods.
    QTemporaryDir dir;
    auto cli = isolated(dir);
    const QString code = m_sandbox.newAlipayCode();
    QVERIFY(m_sandbox.setFaults(QStringLiteral("userpaying:1")));
    Run r = chargeCode(*cli, QStringLiteral("6.60"), code, QStringLiteral("2"));
    QVERIFY(m_sandbox.setFaults(QString()));
    QVERIFY2(r.exitCode == 3, qPrintable(r.describe()));
    QCOMPARE(r.json.value(QStringLiteral("status")).toString(), QStringLiteral("PENDING"));
    QVERIFY(!r.json.value(QStringLiteral("out_trade_no")).toString().isEmpty());
    // The next run finishes it (the customer never confirmed): nothing stays open.
    Run rec = cli->run({QStringLiteral("recover"), QStringLiteral("--json")});
    QVERIFY2(rec.exitCode == 0, qPrintable(rec.describe()));
}

void TestCli::codeWithoutAnswerExitsThree()
{
    QTemporaryDir dir;
    auto cli = isolated(dir);
    QCOMPARE(cli->run({QStringLiteral("recover")}).exitCode, 0); // provisions the account
    const QString code = m_sandbox.newAlipayCode();
    QVERIFY(m_sandbox.setFaults(QStringLiteral("timeout:1")));
    Run r = chargeCode(*cli, QStringLiteral("4.40"), code, QStringLiteral("2"));
    QVERIFY(m_sandbox.setFaults(QString()));
    QVERIFY2(r.exitCode == 3, qPrintable(r.describe()));
    const QString status = r.json.value(QStringLiteral("status")).toString();
    QVERIFY2(status == u"CREATED" || status == u"UNKNOWN", qPrintable(status));
}

void TestCli::chargeRefusesWhileEarlierOrdersAreOpen()
{
    QTemporaryDir dir;
    auto cli = isolated(dir);
    QCOMPARE(cli->run({QStringLiteral("recover")}).exitCode, 0); // provisions the account
    QVERIFY(m_sandbox.setFaults(QStringLiteral("timeout:1")));
    Run first =
        chargeCode(*cli, QStringLiteral("3.30"), m_sandbox.newAlipayCode(), QStringLiteral("1"));
    QVERIFY2(first.exitCode == 3, qPrintable(first.describe()));
    const QString open = first.json.value(QStringLiteral("out_trade_no")).toString();
    QVERIFY(!open.isEmpty());

    // The provider still does not answer, so Recovery cannot finish the first order: rule 6
    // forbids a new payment, and the refusal names what is in the way.
    Run second = chargeCode(*cli, QStringLiteral("3.30"), m_sandbox.newAlipayCode());
    QVERIFY(m_sandbox.setFaults(QString()));
    QVERIFY2(second.exitCode == 3, qPrintable(second.describe()));
    QCOMPARE(second.errorCode(), QStringLiteral("checkout.unresolved_orders"));
    QVERIFY2(second.err.contains(open), qPrintable(second.describe()));
    QCOMPARE(orderCount(*cli), 1); // no second order was even created

    Run rec = cli->run({QStringLiteral("recover"), QStringLiteral("--json")});
    QVERIFY2(rec.exitCode == 0, qPrintable(rec.describe()));
    QCOMPARE(rec.json.value(QStringLiteral("still_open")).toInt(), 0);
}

void TestCli::twoProcessesTakeOverAnOrderOnce()
{
    // A QR charge leaves its order PENDING, and the process that created it has exited: two
    // Paydesk processes starting at once (a restarted GUI, a POS's `recover`) both find it.
    QTemporaryDir dir;
    auto cli = isolated(dir);
    Run qr = cli->run({QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("2.20"),
                       QStringLiteral("--json")});
    QVERIFY2(qr.exitCode == 0, qPrintable(qr.describe()));
    const QString out = qr.json.value(QStringLiteral("out_trade_no")).toString();
    const QStringList recover{QStringLiteral("recover"), QStringLiteral("--json")};
    const QList<Run> both = cli->runTogether({recover, recover});
    int resolvedBy = 0;
    for (const Run &r : both) {
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        for (const QJsonValue &v : r.json.value(QStringLiteral("resolved")).toArray())
            resolvedBy += v.toObject().value(QStringLiteral("out_trade_no")).toString() == out;
    }
    QCOMPARE(resolvedBy, 1);

    auto db = Database::open(dir.filePath(QStringLiteral("db/paydesk.sqlite")));
    QVERIFY(db.ok());
    const OrderQueries orders(*db.value());
    QVERIFY(!isOpenStatus(orders.byOutTradeNo(out).value()->status));
    const QList<OrderEvent> timeline = orders.timeline(out).value();
    int takeovers = 0;
    for (const OrderEvent &e : timeline)
        takeovers += e.note.startsWith(QStringLiteral("Taken over")) ? 1 : 0;
    QCOMPARE(takeovers, 1);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
