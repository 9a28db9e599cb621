// Two tills on two data folders and one PostgreSQL, through the real paydeskctl: head office
// set up (init, add-till), each till joined by its owner, cash sales before and after joining,
// `hq push`, and `hq report --date` equal to the sum of the two tills' own books.

#include "app/appcontext.h"

#include "core/checkout/checkoutservice.h"
#include "core/security/operatorservice.h"

#include "cliprocess.h"
#include "pgserver.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {
const QString kOwnerPassword = u"Lantern-Orbit-73!"_s;
const QString kTillPassword = u"till-password-for-tests-1"_s;
} // namespace

class TestHqCli : public QObject
{
    Q_OBJECT

    PgServer m_pg;
    QTemporaryDir m_dirA;
    QTemporaryDir m_dirB;

    static void sell(const QString &dir, std::initializer_list<qint64> amounts)
    {
        AppOptions options;
        options.dataDir = dir;
        auto ctx = AppContext::create(options);
        QVERIFY(ctx.ok());
        for (qint64 a : amounts)
            QVERIFY(ctx.value()
                        ->checkout()
                        .recordCash(Money::fromMinor(a), Money::fromMinor(a + 50))
                        .ok());
    }
    static void makeOwner(const QString &dir)
    {
        AppOptions options;
        options.dataDir = dir;
        auto ctx = AppContext::create(options);
        QVERIFY(ctx.ok());
        QVERIFY(ctx.value()->operators().bootstrapOwner(u"olivia"_s, kOwnerPassword).ok());
    }
    CliRun hq(const QString &dir, QStringList args) const
    {
        CliProcess cli(QStringLiteral(PAYDESKCTL_BIN), dir);
        cli.environment().insert(u"PAYDESK_PASSWORD"_s, kOwnerPassword);
        cli.environment().insert(u"PAYDESK_HQ_PASSWORD"_s, kTillPassword);
        cli.environment().insert(u"PAYDESK_HQ_TILL_PASSWORD"_s, kTillPassword);
        return cli.run(QStringList{u"hq"_s} + args + QStringList{u"--json"_s});
    }

private slots:
    void initTestCase()
    {
        const QString error = m_pg.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        makeOwner(m_dirA.path());
        makeOwner(m_dirB.path());
    }

    void twoTillsOneReport()
    {
        const QString admin = m_pg.adminUrl();
        CliRun run = hq(m_dirA.path(), {u"init"_s, u"--url"_s, admin});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QCOMPARE(run.json.value(u"schema_version"_s).toInt(), 2);
        QCOMPARE(hq(m_dirA.path(), {u"init"_s, u"--url"_s, admin}).exitCode, 1); // once
        QCOMPARE(hq(m_dirA.path(), {u"migrate"_s, u"--url"_s, admin}).exitCode, 0);
        // Head office's own actions need no till: no data folder appears on that machine.
        const QString noTill = m_dirA.filePath(u"no-till-here"_s);
        QCOMPARE(hq(noTill, {u"migrate"_s, u"--url"_s, admin}).exitCode, 0);
        QVERIFY(!QFileInfo::exists(noTill));
        QCOMPARE(hq(m_dirA.path(), {u"init"_s, u"--url"_s, u"http://x"_s}).exitCode, 2);
        QVERIFY(hq(m_dirA.path(), {u"add-store"_s, u"--url"_s, admin, u"--store"_s, u"north"_s,
                                   u"--name"_s, u"North"_s})
                    .exitCode == 0);
        for (const QString &store : {u"north"_s, u"south"_s}) {
            run = hq(m_dirA.path(),
                     {u"add-till"_s, u"--url"_s, admin, u"--store"_s, store, u"--till"_s, u"1"_s});
            QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
            QCOMPARE(run.json.value(u"role"_s).toString(), u"pd_till_%1_1"_s.arg(store));
        }

        sell(m_dirA.path(), {1200, 3450});                    // before joining: queued by the join
        QCOMPARE(hq(m_dirA.path(), {u"push"_s}).exitCode, 1); // not joined yet
        QCOMPARE(hq(m_dirA.path(), {u"join"_s, u"--url"_s, m_pg.tcpUrl(u"pd_till_north_1"_s),
                                    u"--store"_s, u"north"_s, u"--till"_s, u"1"_s})
                     .exitCode,
                 2); // no --operator
        run = hq(m_dirA.path(), {u"join"_s, u"--operator"_s, u"olivia"_s, u"--url"_s,
                                 m_pg.tcpUrl(u"pd_till_north_1"_s), u"--store"_s, u"north"_s,
                                 u"--till"_s, u"1"_s});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY(run.json.value(u"pending"_s).toInt() >= 2);
        run = hq(m_dirB.path(), {u"join"_s, u"--operator"_s, u"olivia"_s, u"--url"_s,
                                 m_pg.tcpUrl(u"pd_till_south_1"_s), u"--store"_s, u"south"_s,
                                 u"--till"_s, u"1"_s});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        sell(m_dirA.path(), {500}); // after joining: queued by the triggers
        sell(m_dirB.path(), {9999, 1});

        for (const QTemporaryDir *dir : {&m_dirA, &m_dirB}) {
            run = hq(dir->path(), {u"push"_s});
            QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
            QCOMPARE(run.json.value(u"pending"_s).toInt(), 0);
            QVERIFY(run.json.value(u"pushed"_s).toInt() > 0);
        }
        QCOMPARE(hq(m_dirA.path(), {u"status"_s}).json.value(u"pending"_s).toInt(), 0);

        const QString day = QDateTime::currentDateTimeUtc()
                                .toTimeZone(QTimeZone("Asia/Shanghai"))
                                .date()
                                .toString(Qt::ISODate);
        run = hq(m_dirA.path(), {u"report"_s, u"--url"_s, admin, u"--date"_s, day});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        const QJsonObject total = run.json.value(u"total"_s).toObject();
        QCOMPARE(total.value(u"net_minor"_s).toInteger(), 1200 + 3450 + 500 + 9999 + 1);
        QCOMPARE(total.value(u"paid_count"_s).toInt(), 5);
        QCOMPARE(run.json.value(u"tills"_s).toArray().size(), 2);

        run = hq(m_dirA.path(),
                 {u"report"_s, u"--url"_s, admin, u"--date"_s, day, u"--store"_s, u"south"_s});
        QCOMPARE(run.json.value(u"total"_s).toObject().value(u"net_minor"_s).toInteger(), 10000);
        QCOMPARE(hq(m_dirA.path(), {u"report"_s, u"--url"_s, admin}).exitCode, 2); // no date
        // Head office gone: the push says so (exit 3) and keeps the changes.
        sell(m_dirB.path(), {700});
        m_pg.stop();
        run = hq(m_dirB.path(), {u"push"_s});
        QCOMPARE(run.exitCode, 3);
        QCOMPARE(run.errorCode(), u"hq.unreachable"_s);
        QVERIFY(hq(m_dirB.path(), {u"status"_s}).json.value(u"pending"_s).toInt() >= 1);
    }
};

QTEST_GUILESS_MAIN(TestHqCli)
#include "tst_hqcli.moc"
