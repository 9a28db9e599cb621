// The statement sync end to end against the real sandbox over loopback: the day's sales and a
// refund through the real checkout, the day's trade statements downloaded and imported for
// every provider the sandbox speaks, fee postings so that clearing:<provider> is what the
// statement says the provider owes; a second sync is a no-op; the scheduler on a manual clock
// runs at the sync time and catches up missed days; `paydeskctl sync` with its exit codes.

#include "core/books/statementimporter.h"
#include "core/books/syncscheduler.h"
#include "core/books/syncservice.h"
#include "core/ledger/ledger.h"
#include "core/providers/providerregistry.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"

#include "app/providersetup.h"

#include "cliprocess.h"
#include "refundtestkit.h"
#include "testappcontext.h"

#include <QFile>
#include <QJsonArray>
#include <QTimeZone>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

QDate beijingToday()
{
    return QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Asia/Shanghai")).date();
}

QDateTime beijing(const QDate &day, int h, int m)
{
    return QDateTime(day, QTime(h, m), QTimeZone("Asia/Shanghai")).toUTC();
}

QList<PaymentProvider *> statementProviders(AppContext &ctx)
{
    QList<PaymentProvider *> list;
    for (PaymentProvider *p : ctx.providers()->providers())
        if (const ProviderDescriptor *d = ctx.providerRegistry().find(p->id());
            d && d->capabilities.statements && d->capabilities.sandbox)
            list << p;
    return list;
}

std::optional<SyncOutcome> waitFor(SyncService &sync, std::optional<SyncOutcome> &outcome)
{
    (void)QTest::qWaitFor([&] { return outcome.has_value(); }, 30000);
    Q_UNUSED(sync)
    return outcome;
}

} // namespace

class TestSyncSandbox : public QObject
{
    Q_OBJECT

    TestSandbox m_sandbox;
    TestAppContext m_ctx;
    std::unique_ptr<StatementImporter> m_importer;

    qint64 scalar(AppContext &ctx, const QString &sql, const QVariantList &binds = {})
    {
        auto v = ctx.database().scalar(sql, binds);
        return v.ok() && v.value() ? v.value()->toLongLong() : -999999;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_sandbox.startServer().isEmpty(), "sandbox");
        const QString started = m_ctx.createStarted(m_sandbox.baseUrl());
        QVERIFY2(started.isEmpty(), qPrintable(started));
        m_importer = std::make_unique<StatementImporter>(m_ctx->database(), m_ctx->ledger(),
                                                         m_ctx->providerRegistry(), m_ctx->clock());
        QVERIFY(statementProviders(*m_ctx).size() >= 2);
    }

    void cleanupTestCase() { m_importer.reset(); }

    void aDaySyncsWithFeesAndClearing()
    {
        const QStringList providers = sandboxProviders(m_ctx->providerRegistry());
        QVERIFY(providers.size() >= 2);
        QHash<QString, qint64> sold;
        for (const QString &p : providers) {
            const auto first = paidOrder(*m_ctx, m_sandbox, p, 1000);
            QVERIFY2(first, qPrintable(p));
            const auto second = paidOrder(*m_ctx, m_sandbox, p, 2550);
            QVERIFY2(second, qPrintable(p));
            auto refunded = refundNow(m_ctx->refunds(), refundOf(*first, 300));
            QVERIFY2(refunded.ok(), refunded.ok() ? "" : qPrintable(refunded.error().message));
            sold.insert(p, 1000 + 2550 - 300);
        }

        const QDate today = beijingToday();
        SyncService sync(
            *m_importer, [this] { return statementProviders(*m_ctx); }, m_ctx->clock());
        QList<int> progress;
        connect(&sync, &SyncService::progress, this,
                [&](int done, int total, const QString &, const QDate &) {
                    progress << done;
                    QCOMPARE(total, int(providers.size()));
                });
        std::optional<SyncOutcome> outcome;
        connect(&sync, &SyncService::finished, this, [&](const SyncOutcome &o) { outcome = o; });
        QVERIFY(sync.start(today));
        QVERIFY(!sync.start(today)); // one at a time
        QVERIFY(waitFor(sync, outcome));
        QVERIFY(outcome->ok());
        QCOMPARE(outcome->results.size(), providers.size());
        QCOMPARE(progress.size(), providers.size());

        for (const SyncDayResult &r : outcome->results) {
            QVERIFY2(r.import, r.error ? qPrintable(r.error->message) : "no import");
            QCOMPARE(r.day, today);
            QCOMPARE(r.import->lines, 3); // two payments and a refund
            const QString clearing = u"clearing:"_s + r.provider;
            const qint64 amounts = scalar(*m_ctx,
                                          u"SELECT SUM(amount_minor) FROM statement_lines"
                                          " WHERE provider = ? AND business_day = ?"_s,
                                          {r.provider, today.toString(Qt::ISODate)});
            const qint64 fees = scalar(*m_ctx,
                                       u"SELECT SUM(fee_minor) FROM statement_lines"
                                       " WHERE provider = ? AND business_day = ?"_s,
                                       {r.provider, today.toString(Qt::ISODate)});
            QCOMPARE(amounts, sold.value(r.provider)); // the sandbox's day is the till's day
            QCOMPARE(fees, r.import->feesMinor);
            QVERIFY2(fees > 0, qPrintable(r.provider)); // the sandbox charges fees
            // What the provider owes: sales - refunds - fees, to the fen.
            QCOMPARE(m_ctx->ledger().balance(clearing).value(), amounts - fees);
            QCOMPARE(scalar(*m_ctx,
                            u"SELECT COUNT(*) FROM statement_lines WHERE provider = ? AND"
                            " fee_minor <> 0 AND fee_entry_id IS NULL"_s,
                            {r.provider}),
                     0);
        }
        qint64 trial = 0;
        for (const AccountBalance &b : m_ctx->ledger().trialBalance().value())
            trial += b.balanceMinor;
        QCOMPARE(trial, 0);

        // Again: already imported, nothing posted twice.
        const qint64 entries = scalar(*m_ctx, u"SELECT COUNT(*) FROM journal_entries"_s);
        outcome.reset();
        QVERIFY(sync.start(today));
        QVERIFY(waitFor(sync, outcome));
        QVERIFY(outcome->ok());
        for (const SyncDayResult &r : outcome->results)
            QVERIFY(r.import && r.import->alreadyImported);
        QCOMPARE(scalar(*m_ctx, u"SELECT COUNT(*) FROM journal_entries"_s), entries);
    }

    void theSchedulerRunsEachMorningAndCatchesUp()
    {
        TestAppContext other; // a till of its own on the same sandbox
        const QString started = other.createStarted(m_sandbox.baseUrl());
        QVERIFY2(started.isEmpty(), qPrintable(started));
        StatementImporter importer(other->database(), other->ledger(), other->providerRegistry(),
                                   other->clock());
        const QDate today = beijingToday();
        ManualClock clock(beijing(today.addDays(-6), 9, 0));
        SyncService sync(
            importer, [&] { return statementProviders(*other); }, clock);
        const int nProviders = int(statementProviders(*other).size());
        QList<SyncOutcome> outcomes;
        connect(&sync, &SyncService::finished, this, [&](const SyncOutcome &o) { outcomes << o; });
        SettingsStore settings(other->database());
        {
            SyncScheduler scheduler(sync, settings, clock);
            QCOMPARE(scheduler.syncTime(), QTime(10, 30)); // the default
            int runs = 0;
            connect(&scheduler, &SyncScheduler::runStarted, this, [&] { ++runs; });
            scheduler.start();
            QCOMPARE(runs, 0); // 09:00: not yet
            QCOMPARE(scheduler.nextRunUtc(), beijing(today.addDays(-6), 10, 30));
            clock.advance(91 * 60 * 1000); // 10:31
            QCOMPARE(runs, 1);
            QVERIFY(QTest::qWaitFor([&] { return outcomes.size() == 1; }, 30000));
            QVERIFY(outcomes.first().ok());
            QCOMPARE(outcomes.first().results.size(), nProviders); // the previous day only
            for (const SyncDayResult &r : outcomes.first().results)
                QCOMPARE(r.day, today.addDays(-7));
            QCOMPARE(scheduler.nextRunUtc(), beijing(today.addDays(-5), 10, 30));
            {
                const Status bad = scheduler.setSyncTime(u"25:00"_s);
                QVERIFY(!bad.ok());
                QCOMPARE(bad.error().code, u"books.bad_sync_time"_s);
            }
        }
        // The till was off for days: started after the sync time, it catches up at once.
        clock.setNow(beijing(today, 11, 0));
        SyncScheduler scheduler(sync, settings, clock);
        QVERIFY(scheduler.setSyncTime(u"07:15"_s).ok());
        QCOMPARE(scheduler.syncTime(), QTime(7, 15));
        scheduler.start();
        QVERIFY(QTest::qWaitFor([&] { return outcomes.size() == 2; }, 60000));
        QVERIFY(outcomes.last().ok());
        QCOMPARE(outcomes.last().results.size(), 6 * nProviders); // today-6 .. yesterday
        QCOMPARE(scheduler.nextRunUtc(), beijing(today.addDays(1), 7, 15));
        for (PaymentProvider *p : statementProviders(*other)) {
            auto last = importer.lastImportedDay(p->id());
            QVERIFY(last.ok() && last.value());
            QCOMPARE(*last.value(), today.addDays(-1));
            QCOMPARE(scalar(*other, u"SELECT COUNT(*) FROM statement_files WHERE provider = ?"_s,
                            {p->id()}),
                     7);
        }
    }

    void cancelStopsBetweenDays()
    {
        TestAppContext other;
        QVERIFY(other.createStarted(m_sandbox.baseUrl()).isEmpty());
        StatementImporter importer(other->database(), other->ledger(), other->providerRegistry(),
                                   other->clock());
        SyncService sync(
            importer, [&] { return statementProviders(*other); }, other->clock());
        std::optional<SyncOutcome> outcome;
        connect(&sync, &SyncService::finished, this, [&](const SyncOutcome &o) { outcome = o; });
        connect(&sync, &SyncService::progress, &sync, &SyncService::cancel);
        QVERIFY(sync.start(beijingToday().addDays(-2)));
        QVERIFY(waitFor(sync, outcome));
        QVERIFY(outcome->cancelled);
        QVERIFY(!outcome->ok());
        QCOMPARE(outcome->results.size(), 1); // the first provider's day, then stopped
        QCOMPARE(scalar(*other, u"SELECT COUNT(*) FROM statement_files"_s), 1);
    }

    void theSyncCommand()
    {
        CliProcess ctl(QStringLiteral(PAYDESKCTL_BIN), m_ctx.dir.path());
        ctl.setSandboxUrl(m_sandbox.baseUrl());
        const QString today = beijingToday().toString(Qt::ISODate);
        // The day synced above: every provider already imported.
        CliRun run = ctl.run({u"sync"_s, u"--date"_s, today, u"--json"_s});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        const QJsonArray results = run.json.value(u"results"_s).toArray();
        QVERIFY(results.size() >= 2);
        for (const QJsonValue &v : results) {
            const QJsonObject o = v.toObject();
            QCOMPARE(o.value(u"date"_s).toString(), today);
            QCOMPARE(o.value(u"lines"_s).toInt(), 3);
            QVERIFY(o.value(u"already_imported"_s).toBool());
            QCOMPARE(o.value(u"file_sha256"_s).toString().size(), 64);
        }
        // One provider, a day not synced yet.
        const QString before = beijingToday().addDays(-3).toString(Qt::ISODate);
        run = ctl.run({u"sync"_s, u"--date"_s, before, u"--provider"_s, u"alipay"_s, u"--json"_s});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QCOMPARE(run.json.value(u"provider"_s).toString(), u"alipay"_s);
        QCOMPARE(run.json.value(u"date"_s).toString(), before);
        QCOMPARE(run.json.value(u"lines"_s).toInt(), 0);
        QVERIFY(!run.json.value(u"already_imported"_s).toBool());

        // A statement saved by hand from the merchant portal.
        const QString bill = qEnvironmentVariable("PAYDESK_TEST_DATA") + u"/alipay/bill_ok.zip"_s;
        run = ctl.run({u"sync"_s, u"--file"_s, bill, u"--json"_s});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QCOMPARE(run.json.value(u"provider"_s).toString(), u"alipay"_s);
        QCOMPARE(run.json.value(u"date"_s).toString(), u"2026-01-01"_s);
        QCOMPARE(run.json.value(u"lines"_s).toInt(), 3);
        const QString sha = run.json.value(u"file_sha256"_s).toString();
        QCOMPARE(sha.size(), 64);
        run = ctl.run({u"sync"_s, u"--file"_s, bill, u"--provider"_s, u"alipay"_s, u"--json"_s});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY(run.json.value(u"already_imported"_s).toBool());
        QCOMPARE(run.json.value(u"file_sha256"_s).toString(), sha);
        // Another file for that day: refused (1); a broken file: bad input (2).
        const QString other =
            qEnvironmentVariable("PAYDESK_TEST_DATA") + u"/alipay/bill_utf8.zip"_s;
        run = ctl.run({u"sync"_s, u"--file"_s, other, u"--date"_s, u"2026-01-01"_s, u"--json"_s});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.errorCode(), u"statement.day_conflict"_s);
        const QString broken =
            qEnvironmentVariable("PAYDESK_TEST_DATA") + u"/alipay/bill_missing_column.zip"_s;
        run = ctl.run({u"sync"_s, u"--file"_s, broken, u"--provider"_s, u"alipay"_s, u"--json"_s});
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(run.errorCode(), u"alipay.bill.missing_column"_s);
        // Bad usage and an unknown provider.
        QCOMPARE(ctl.run({u"sync"_s, u"--date"_s, u"yesterday"_s}).exitCode, 2);
        QCOMPARE(ctl.run({u"sync"_s, u"--provider"_s, u"nopay"_s}).exitCode, 3);
        // Nothing was half-imported by the refusals.
        QCOMPARE(
            scalar(*m_ctx,
                   u"SELECT COUNT(*) FROM statement_files WHERE business_day = '2026-01-01'"_s),
            1);
    }
};

QTEST_GUILESS_MAIN(TestSyncSandbox)
#include "tst_sync_sandbox.moc"
