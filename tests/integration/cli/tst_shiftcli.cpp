// `paydeskctl shift open|payout|close|report` end to end: the real executable on a data folder
// whose owner and cash sale were made in-process through the same AppContext.

#include "app/appcontext.h"

#include "core/checkout/checkoutservice.h"
#include "core/security/operatorservice.h"

#include "cliprocess.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {
const QString kPassword = u"Lantern-Orbit-73!"_s;
}

class TestShiftCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<CliProcess> m_cli;

    CliRun shift(QStringList args)
    {
        return m_cli->run(QStringList{u"shift"_s} + args + QStringList{u"--json"_s});
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        AppOptions options;
        options.dataDir = m_dir.path();
        auto ctx = AppContext::create(options);
        QVERIFY(ctx.ok());
        QVERIFY(ctx.value()->operators().bootstrapOwner(u"olivia"_s, kPassword).ok());
        m_cli = std::make_unique<CliProcess>(QStringLiteral(PAYDESKCTL_BIN), m_dir.path());
        m_cli->environment().insert(u"PAYDESK_PASSWORD"_s, kPassword);
    }

    void aShiftFromOpenToReport()
    {
        CliRun run = shift({u"report"_s});
        QCOMPARE(run.exitCode, 1);                                        // no shift yet
        QCOMPARE(shift({u"open"_s, u"--float"_s, u"200"_s}).exitCode, 2); // no --operator
        run = shift({u"open"_s, u"--operator"_s, u"olivia"_s, u"--float"_s, u"12,00"_s});
        QCOMPARE(run.exitCode, 2); // a malformed amount is bad input
        run = shift({u"open"_s, u"--operator"_s, u"olivia"_s, u"--float"_s, u"200.00"_s});
        QCOMPARE(run.exitCode, 0);
        QJsonObject s = run.json.value(u"shift"_s).toObject();
        QCOMPARE(s.value(u"status"_s).toString(), u"OPEN"_s);
        QCOMPARE(s.value(u"opening_float_minor"_s).toInteger(), 20000);
        QCOMPARE(shift({u"open"_s, u"--operator"_s, u"olivia"_s, u"--float"_s, u"1"_s}).exitCode,
                 1); // one open shift per till

        {
            // A cash sale taken by the till in this shift (another process, same data folder).
            AppOptions options;
            options.dataDir = m_dir.path();
            auto ctx = AppContext::create(options);
            QVERIFY(ctx.ok());
            auto sale =
                ctx.value()->checkout().recordCash(Money::fromMinor(4550), Money::fromMinor(5000));
            QVERIFY(sale.ok());
        }

        run = shift({u"payout"_s, u"--operator"_s, u"olivia"_s, u"--amount"_s, u"10"_s,
                     u"--reason"_s, u"ice"_s});
        QCOMPARE(run.exitCode, 0);
        s = run.json.value(u"shift"_s).toObject();
        QCOMPARE(s.value(u"cash_sales_minor"_s).toInteger(), 4550);
        QCOMPARE(s.value(u"payouts_minor"_s).toInteger(), 1000);
        QCOMPARE(s.value(u"expected_cash_minor"_s).toInteger(), 23550);

        // ¥50 short is over the ¥20 default limit: refused without a manager.
        run = shift({u"close"_s, u"--operator"_s, u"olivia"_s, u"--counted"_s, u"185.50"_s,
                     u"--reason"_s, u"unknown"_s});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.json.value(u"error"_s).toObject().value(u"code"_s).toString(),
                 u"shift.approval_required"_s);
        // Denominations that do not add up are bad input.
        run = shift({u"close"_s, u"--operator"_s, u"olivia"_s, u"--counted"_s, u"235.50"_s,
                     u"--denominations"_s, u"100x2,7x1"_s});
        QCOMPARE(run.exitCode, 2);
        run = shift({u"close"_s, u"--operator"_s, u"olivia"_s, u"--counted"_s, u"233.50"_s,
                     u"--denominations"_s, u"100x2,20x1,10x1,1x3,0.5x1"_s, u"--reason"_s,
                     u"wrong change"_s, u"--escpos"_s, m_dir.filePath(u"shift.bin"_s)});
        QCOMPARE(run.exitCode, 0);
        s = run.json.value(u"shift"_s).toObject();
        QCOMPARE(s.value(u"status"_s).toString(), u"CLOSED"_s);
        QCOMPARE(s.value(u"difference_minor"_s).toInteger(), -200);
        QCOMPARE(s.value(u"denominations"_s).toObject().value(u"10000"_s).toInt(), 2);
        QVERIFY(QFileInfo(m_dir.filePath(u"shift.bin"_s)).size() > 100);

        run = shift({u"report"_s});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.json.value(u"shift"_s).toObject().value(u"counted_cash_minor"_s).toInteger(),
                 23350);
        // A PDF needs the till's window; the command says so instead of crashing.
        run = shift({u"report"_s, u"--pdf"_s, m_dir.filePath(u"r.pdf"_s)});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.json.value(u"error"_s).toObject().value(u"code"_s).toString(),
                 u"shift.pdf_needs_gui"_s);
        QCOMPARE(m_cli->run({u"audit"_s, u"verify"_s, u"--json"_s}).exitCode, 0);
    }
};

QTEST_MAIN(TestShiftCli)
#include "tst_shiftcli.moc"
