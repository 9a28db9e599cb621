// `paydesk analytics rebuild|check` as a POS script would run them: JSON, exit codes, and a
// broken aggregate found by check and corrected by rebuild.
#include "core/storage/database.h"

#include "cliprocess.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestCliAnalytics : public QObject
{
    Q_OBJECT
private slots:
    void rebuildAndCheck();
    void badUsage();
};

void TestCliAnalytics::rebuildAndCheck()
{
    QTemporaryDir dir;
    CliProcess cli(QStringLiteral(PAYDESK_BIN), dir.path());
    CliRun empty = cli.run({u"analytics"_s, u"rebuild"_s, u"--json"_s});
    QVERIFY2(empty.exitCode == 0, qPrintable(empty.describe()));
    QCOMPARE(empty.json.value(u"orders"_s).toInt(), 0);
    QCOMPARE(empty.json.value(u"corrected_rows"_s).toInt(), 0);

    {
        auto db = Database::open(QDir(dir.path()).filePath(u"db/paydesk.sqlite"_s));
        QVERIFY(db.ok());
        const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        QVERIFY(db.value()
                    ->exec(u"INSERT INTO orders(out_trade_no, provider, kind, amount_minor, status,"
                           " sale_id, created_at, updated_at) VALUES('C-1', 'cash', 'cash', 1500,"
                           " 'PAID', 'C-1', ?, ?)"_s,
                           {now, now})
                    .ok());
        CliRun ok = cli.run({u"analytics"_s, u"check"_s, u"--json"_s});
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.describe()));
        QCOMPARE(ok.json.value(u"ok"_s).toBool(), true);
        QCOMPARE(ok.json.value(u"month_orders"_s).toInt(), 1);
        // Someone edits the aggregates by hand: check tells, rebuild repairs.
        QVERIFY(db.value()->exec(u"UPDATE analytics_hourly_total SET gross_minor = 1"_s).ok());
    }
    CliRun broken = cli.run({u"analytics"_s, u"check"_s, u"--json"_s});
    QCOMPARE(broken.exitCode, 1);
    QCOMPARE(broken.json.value(u"ok"_s).toBool(), false);
    CliRun repaired = cli.run({u"analytics"_s, u"rebuild"_s, u"--json"_s});
    QVERIFY2(repaired.exitCode == 0, qPrintable(repaired.describe()));
    QCOMPARE(repaired.json.value(u"orders"_s).toInt(), 1);
    QVERIFY(repaired.json.value(u"corrected_rows"_s).toInt() >= 2);
    QCOMPARE(cli.run({u"analytics"_s, u"check"_s}).exitCode, 0);
}

void TestCliAnalytics::badUsage()
{
    QTemporaryDir dir;
    CliProcess cli(QStringLiteral(PAYDESK_BIN), dir.path());
    CliRun bad = cli.run({u"analytics"_s, u"explode"_s, u"--json"_s});
    QCOMPARE(bad.exitCode, 2);
    QCOMPARE(bad.errorCode(), u"usage"_s);
    QVERIFY(bad.err.contains(u"analytics rebuild|check"));
}

QTEST_GUILESS_MAIN(TestCliAnalytics)
#include "tst_cli_analytics.moc"
