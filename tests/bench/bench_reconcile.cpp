// bench_reconcile: a synthetic Alipay day of 1,000,000 trade-bill lines (GBK CSV zipped as the
// sandbox serves it) against 1,000,000 orders in a real Paydesk database, with a known number
// of every exception class. Times the clerk's path (open the zip, inflate, parse, read the
// books, match, classify, total) and checks the classes and totals against the generator's.
// Then times persisting the lines, and checkout latency while a reconciliation runs.
// Usage: bench_reconcile [--lines N] [--keep DIR] [--checkouts N]
#include "recongenerator.h"
#include "reconpipeline.h"

#include "core/checkout/checkoutservice.h"
#include "core/ledger/ledger.h"
#include "core/providers/alipay/alipaybillreader.h"
#include "core/reconcile/booksloader.h"
#include "core/storage/database.h"
#include "core/util/background.h"

#include "sandboxfixture.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

using namespace paydesk;
using namespace paydesk::bench;
using namespace paydesk::test;

namespace {

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index =
        std::min<qsizetype>(values.size() - 1, qsizetype(p * double(values.size() - 1) + 0.5));
    return values.at(index);
}

bool waitFor(CheckoutService &service, const QString &out, OrderStatus status,
             int timeoutMs = 10000)
{
    auto reached = [&] {
        const auto s = service.snapshot(out);
        return s && (s->status == status || !s->isOpen());
    };
    if (reached())
        return service.snapshot(out)->status == status;
    QEventLoop loop;
    const auto c = QObject::connect(
        &service, &CheckoutService::orderUpdated, &loop, [&](const OrderSnapshot &s) {
            if (s.outTradeNo == out && (s.status == status || !s.isOpen()))
                loop.quit();
        });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    QObject::disconnect(c);
    return service.snapshot(out)->status == status;
}

// The lines into statement_lines, one transaction, prepared statement (what the import costs
// on top of the reconciliation). Returns lines per second, or < 0 on failure.
double importLines(const QString &dbPath, const StatementColumns &lines, const ReconScenario &s)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open(dbPath.toUtf8().constData(), &db) != SQLITE_OK)
        return -1;
    const QByteArray day = s.day.toString(QStringLiteral("yyyy-MM-dd")).toUtf8();
    // A --reuse run imported this day before: drop that copy first (not timed).
    sqlite3_exec(db,
                 ("DELETE FROM statement_lines WHERE business_day = '" + day +
                  "'; DELETE FROM statement_files WHERE business_day = '" + day + "'")
                     .constData(),
                 nullptr, nullptr, nullptr);
    QElapsedTimer t;
    t.start();
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    const QByteArray prov = s.provider.toUtf8();
    sqlite3_stmt *file = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO statement_files(provider, business_day, kind, source, sha256,"
                       " raw, line_count, imported_at) VALUES(?1, ?2, 'trade', 'file', 'bench',"
                       " x'', ?3, '2026-12-02T02:00:00.000Z')",
                       -1, &file, nullptr);
    sqlite3_bind_text(file, 1, prov.constData(), -1, SQLITE_STATIC);
    sqlite3_bind_text(file, 2, day.constData(), -1, SQLITE_STATIC);
    sqlite3_bind_int64(file, 3, qint64(lines.size()));
    if (sqlite3_step(file) != SQLITE_DONE) {
        std::fprintf(stderr, "bench_reconcile: import: %s\n", sqlite3_errmsg(db));
        sqlite3_close(db);
        return -1;
    }
    sqlite3_finalize(file);
    const qint64 fileId = sqlite3_last_insert_rowid(db);
    sqlite3_stmt *ins = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO statement_lines(file_id, provider, business_day, line_no,"
                       " kind, out_trade_no, out_request_no, amount_minor, received_minor,"
                       " fee_minor) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
                       -1, &ins, nullptr);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const bool refund = lines.kind[i] == LineKind::Refund;
        sqlite3_bind_int64(ins, 1, fileId);
        sqlite3_bind_text(ins, 2, prov.constData(), int(prov.size()), SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, day.constData(), int(day.size()), SQLITE_STATIC);
        sqlite3_bind_int64(ins, 4, qint64(i) + 1);
        sqlite3_bind_text(ins, 5, refund ? "refund" : "payment", -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 6, lines.outTradeNo[i].data(), int(lines.outTradeNo[i].size()),
                          SQLITE_STATIC);
        if (refund)
            sqlite3_bind_text(ins, 7, lines.outRequestNo[i].data(),
                              int(lines.outRequestNo[i].size()), SQLITE_STATIC);
        else
            sqlite3_bind_null(ins, 7);
        sqlite3_bind_int64(ins, 8, lines.amountMinor[i]);
        sqlite3_bind_int64(ins, 9, lines.feeMinor[i]);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            std::fprintf(stderr, "bench_reconcile: import: %s\n", sqlite3_errmsg(db));
            sqlite3_close(db);
            return -1;
        }
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    // Leave the benchmark database as it was: the timed part is the insert and the commit's
    // work up to the rollback point is the same B-tree work; we commit to measure durably.
    const bool ok = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
    const double seconds = double(t.nsecsElapsed()) / 1e9;
    sqlite3_close(db);
    return ok ? double(lines.size()) / seconds : -1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(
        QStringLiteral("*.info=false\n*.debug=false\n*.warning=false"));
    ReconScenario scenario;
    QString keep;
    int checkouts = 200;
    bool reuse = false;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == u"--lines" && i + 1 < args.size())
            scenario.lines = std::max(10000, args[++i].toInt());
        else if (args[i] == u"--keep" && i + 1 < args.size())
            keep = args[++i];
        else if (args[i] == u"--reuse")
            reuse = true;
        else if (args[i] == u"--checkouts" && i + 1 < args.size())
            checkouts = std::max(0, args[++i].toInt());
        else {
            std::fprintf(stderr, "usage: bench_reconcile [--lines N] [--keep DIR [--reuse]] "
                                 "[--checkouts N]\n");
            return 2;
        }
    }
    QTemporaryDir temp;
    const QString dir = keep.isEmpty() ? temp.path() : keep;
    QDir().mkpath(dir);
    const QString zipPath = dir + QStringLiteral("/bill.zip");
    const QString dbPath = dir + QStringLiteral("/paydesk.db");
    // --reuse: the zip and database a previous --keep run left (same --lines) are used as they
    // are; the generator's expectation is recomputed, cheaply, from the scenario.
    reuse = reuse && !keep.isEmpty() && QFile::exists(zipPath) && QFile::exists(dbPath);
    if (!reuse) {
        QFile::remove(dbPath);
        QFile::remove(dbPath + QStringLiteral("-wal"));
        QFile::remove(dbPath + QStringLiteral("-shm"));
    }

    QElapsedTimer gen;
    gen.start();
    const ReconGenerator generator(scenario);
    if (!reuse) {
        auto zip = generator.billZip();
        QFile f(zipPath);
        if (!zip.ok() || !f.open(QIODevice::WriteOnly) || f.write(zip.value()) < 0) {
            std::fprintf(stderr, "bench_reconcile: cannot write %s\n", qPrintable(zipPath));
            return 1;
        }
    }
    if (Status s = reuse ? Status{} : generator.fillDatabase(dbPath); !s.ok()) {
        std::fprintf(stderr, "bench_reconcile: database: %s\n", qPrintable(s.error().message));
        return 1;
    }
    std::fprintf(stderr, "bench_reconcile: generated %d lines and orders in %.1f s (%s)\n",
                 scenario.lines, double(gen.nsecsElapsed()) / 1e9, qPrintable(dir));

    // Where the time goes: each phase alone, one after the other, on a warm page cache.
    for (int round = 0; round < 2; ++round) {
        QElapsedTimer t;
        t.start();
        auto bill = AlipayBillReader::readZipFile(zipPath);
        const double parseMs = double(t.nsecsElapsed()) / 1e6;
        t.restart();
        auto books = BooksLoader::load(dbPath, scenario.provider, scenario.day);
        const double booksMs = double(t.nsecsElapsed()) / 1e6;
        if (!bill.ok() || !books.ok())
            return 1;
        t.restart();
        const Reconciler::BooksIndex index = Reconciler::index(books.value());
        const double indexMs = double(t.nsecsElapsed()) / 1e6;
        t.restart();
        const std::int32_t day =
            civilDay(scenario.day.year(), scenario.day.month(), scenario.day.day());
        const ReconOutcome outcome =
            Reconciler::reconcile(bill.value(), books.value(), index, {day, scenario.feeRateBp});
        const double classifyMs = double(t.nsecsElapsed()) / 1e6;
        std::fprintf(stderr,
                     "bench_reconcile: phases alone: zip+parse %.0f ms, books %.0f ms, "
                     "index %.0f ms, classify %.0f ms (%zu exceptions)\n",
                     parseMs, booksMs, indexMs, classifyMs, outcome.exceptions.size());
    }

    // Warm the page cache once (a clerk's second run; the first read of a cold file is the
    // disk's time, not the engine's), then take the best of three.
    PipelineRun best;
    for (int round = 0; round < 4; ++round) {
        PipelineRun run = runPipeline(zipPath, dbPath, scenario);
        if (const QString diff = compareWithExpectation(run, generator.expectation());
            !diff.isEmpty()) {
            std::fprintf(stderr, "bench_reconcile: WRONG: %s\n", qPrintable(diff));
            return 1;
        }
        std::fprintf(stderr,
                     "bench_reconcile: round %d: %.0f ms (zip+parse %.0f ms ‖ books %.0f ms, "
                     "classify+exceptions %.0f ms; CPU %.0f ms)\n",
                     round, run.totalMs, run.parseMs, run.booksMs, run.classifyMs, run.cpuMs);
        if (round > 0 && (best.totalMs == 0 || run.totalMs < best.totalMs))
            best = std::move(run);
    }
    std::printf("BENCH reconcile_1m %.3f s\n", best.totalMs / 1000.0);
    // The same run's CPU time over all threads: on a shared, overloaded machine the wall time
    // above measures the queue for a core as much as the work.
    std::printf("BENCH reconcile_1m_cpu %.3f s\n", best.cpuMs / 1000.0);
    std::fflush(stdout);

    // Persisting the lines.
    {
        auto bill = AlipayBillReader::readZipFile(zipPath);
        if (!bill.ok())
            return 1;
        const double rate = importLines(dbPath, bill.value(), scenario);
        if (rate < 0)
            return 1;
        std::printf("BENCH statement_import %.0f lines/s\n", rate);
        std::fflush(stdout);
        // What `paydesk reconcile` then runs on the imported day (ReconciliationService's
        // engine path): the lines and the books read back through BooksLoader, classified.
        QElapsedTimer t;
        t.start();
        auto lines = BooksLoader::loadStatement(dbPath, scenario.provider, scenario.day);
        const double linesMs = double(t.nsecsElapsed()) / 1e6;
        auto books = BooksLoader::load(dbPath, scenario.provider, scenario.day);
        if (!lines.ok() || !books.ok() || lines.value().size() != bill.value().size())
            return 1;
        const ReconOutcome outcome = Reconciler::reconcile(
            lines.value(), books.value(),
            {civilDay(scenario.day.year(), scenario.day.month(), scenario.day.day()),
             scenario.feeRateBp});
        std::fprintf(stderr,
                     "bench_reconcile: the imported day as paydesk reconcile reads it: %.0f ms "
                     "(lines %.0f ms), %zu exceptions\n",
                     double(t.nsecsElapsed()) / 1e6, linesMs, outcome.exceptions.size());
    }

    // Checkout while a reconciliation runs on a worker thread.
    if (checkouts > 0) {
        SandboxFixture sandbox;
        if (const QString e = sandbox.start(); !e.isEmpty()) {
            std::fprintf(stderr, "bench_reconcile: sandbox: %s\n", qPrintable(e));
            return 1;
        }
        auto db = Database::open(dir + QStringLiteral("/till.db"));
        if (!db.ok())
            return 1;
        Ledger ledger(*db.value(), sandbox.clock);
        CheckoutConfig config;
        config.defaultProvider = QStringLiteral("alipay");
        config.storeCode = QStringLiteral("BENCH");
        config.storeName = QStringLiteral("Bench store");
        config.cashier = QStringLiteral("bench");
        config.codePollMs = 50;
        AlipayProvider *provider = sandbox.provider.get();
        CheckoutService service(
            *db.value(), ledger, sandbox.clock,
            [provider](const QString &) -> PaymentProvider * { return provider; }, config);
        const QString buyerId =
            sandbox.newBuyer(1'000'000'000).value(QStringLiteral("buyer_id")).toString();
        int failures = 0;
        int charged = 0;
        const auto checkoutTimes = [&](int count) {
            QList<double> ms;
            for (int i = 0; i < count; ++i, ++charged) {
                const QString code =
                    sandbox
                        .control(QStringLiteral("/sandbox/codes"),
                                 QJsonObject{{QStringLiteral("buyer_id"), buyerId}})
                        .value(QStringLiteral("alipay_code"))
                        .toString();
                QElapsedTimer t;
                t.start();
                auto out = service.chargeCode(Money::fromMinor(100 + charged), code);
                if (!out.ok() || !waitFor(service, out.value(), OrderStatus::Paid)) {
                    ++failures;
                    continue;
                }
                ms << double(t.nsecsElapsed()) / 1e6;
            }
            return ms;
        };
        // The same checkouts with nothing beside them: what the reconciliation adds.
        const QList<double> alone = checkoutTimes(checkouts / 2);

        std::atomic<bool> stop{false};
        std::atomic<int> reconciles{0};
        std::thread worker([&] {
            // As the till runs a long job beside a sale (core/util/background.h).
            runAtBackgroundPriority();
            while (!stop.load()) {
                const PipelineRun run = runPipeline(zipPath, dbPath, scenario);
                if (!run.error.isEmpty())
                    break;
                ++reconciles;
            }
        });
        const QList<double> ms = checkoutTimes(checkouts);
        stop = true;
        worker.join();
        std::printf("BENCH checkout_p99_during_reconcile %.2f ms\n", percentile(ms, 0.99));
        std::fprintf(stderr,
                     "bench_reconcile: %d checkouts (p50 %.2f ms) during %d reconciliations; "
                     "%d alone: p50 %.2f ms, p99 %.2f ms; %d failed\n",
                     int(ms.size()), percentile(ms, 0.5), reconciles.load(), int(alone.size()),
                     percentile(alone, 0.5), percentile(alone, 0.99), failures);
        if (failures > 0)
            return 1;
    }
    return 0;
}
