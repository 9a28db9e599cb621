// bench_hq: head office on one local PostgreSQL (a throw-away cluster, tests/common/pgserver.h,
// default durability: fsync on). TILLS simulated tills (default 50), each its own SQLite data
// file with every real migration, each holding ORDERS paid orders of one business day
// (default 20,000) queued in its outbox, push concurrently, one thread and one PostgreSQL
// session per till, through the real HqPusher as their own till roles (row-level security on).
// Prints `BENCH hq_push <rows/s> rows/s` (outbox entries committed at head office per second of
// wall time, from the first push to the last commit), then `BENCH hq_daily_report_1m <ms> ms`:
// the consolidated daily report (HqReport::daily, every store and till) over the
// TILLS x ORDERS orders of that day, median of 5 runs after ANALYZE/VACUUM (what autovacuum
// does after such a load). The tills' copies run without the dashboard and shift triggers
// of 0011/0016 (their own write path, not head office's). Exits 1 when a push fails or the report's
// total is not the sum. Usage: bench_hq [TILLS=50] [ORDERS=20000].

#include "hqtill.h"
#include "pgserver.h"

#include "core/hq/hqconnection.h"
#include "core/hq/hqreport.h"
#include "core/hq/hqschema.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

using namespace paydesk;
using namespace paydesk::test;

namespace {

const QString kPassword = QStringLiteral("bench-till-password-0001");
const QDateTime kStart(QDate(2026, 12, 2), QTime(1, 0), Qt::UTC); // 09:00 in Shanghai
const QDate kDay(2026, 12, 2);

QString storeOf(int till)
{
    return QStringLiteral("s%1").arg(till / 5 + 1, 2, 10, QLatin1Char('0'));
}
QString tillOf(int till)
{
    return QStringLiteral("t%1").arg(till % 5 + 1);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("paydesk.*.info=false"));
    const QStringList args = app.arguments();
    const int tills = args.size() > 1 ? args.at(1).toInt() : 50;
    const int orders = args.size() > 2 ? args.at(2).toInt() : 20000;
    constexpr qint64 kAmount = 1234;

    PgServer pg;
    const QString error =
        pg.start({QStringLiteral("max_connections=200"), QStringLiteral("shared_buffers=256MB")});
    if (!error.isEmpty()) {
        std::fprintf(stderr, "bench_hq: %s\n", qPrintable(error));
        return 1;
    }
    auto admin = HqConnection::open(HqEndpoint::parse(pg.adminUrl()).value());
    if (!admin.ok()) {
        std::fprintf(stderr, "bench_hq: %s\n", qPrintable(admin.error().message));
        return 1;
    }
    HqSchema schema(*admin.value());
    if (!schema.migrate().ok())
        return 1;
    for (int t = 0; t < tills; ++t)
        if (!schema.addTill(storeOf(t), tillOf(t), kPassword).ok())
            return 1;

    // One migrated empty till, copied for each (closed first: a clean file, no WAL beside it).
    QTemporaryDir templateDir;
    const QString templateFile = templateDir.filePath(QStringLiteral("template.db"));
    {
        auto db = Database::open(templateFile);
        if (!db.ok() || !db.value()->exec(QStringLiteral("PRAGMA journal_mode=DELETE")).ok())
            return 1;
        // The till's own dashboard and shift triggers are its write path (bench_dashboard
        // measures it), not head office's: set aside so fifty tills' orders are quick to make.
        for (const char *trigger :
             {"analytics_orders_insert", "analytics_orders_update", "orders_carry_shift"})
            if (!db.value()->exec(QStringLiteral("DROP TRIGGER ") + QLatin1String(trigger)).ok())
                return 1;
    }

    // Each till prepares its data file in its own thread, then all wait for the start signal.
    std::mutex mutex;
    std::condition_variable cv;
    int ready = 0;
    bool go = false;
    std::atomic<qint64> pushed{0};
    std::atomic<int> failures{0};
    std::vector<qint64> finishedNs(tills, 0);
    QElapsedTimer clock;
    std::vector<std::thread> threads;
    QElapsedTimer setup;
    setup.start();
    for (int t = 0; t < tills; ++t) {
        threads.emplace_back([&, t] {
            HqTill till(templateFile);
            bool ok = till.ok() &&
                      till.join(pg.tcpUrl(HqSchema::tillRoleName(storeOf(t), tillOf(t))), kPassword,
                                storeOf(t), tillOf(t))
                          .ok() &&
                      till.addOrders(orders, kAmount, kStart) > 0;
            auto pusher = till.pusher();
            {
                std::unique_lock lock(mutex);
                ++ready;
                cv.notify_all();
                cv.wait(lock, [&] { return go; });
            }
            if (!ok) {
                ++failures;
                return;
            }
            auto stats = pusher->pushAll();
            finishedNs[t] = clock.nsecsElapsed();
            if (!stats.ok()) {
                std::fprintf(stderr, "bench_hq: till %d: %s\n", t,
                             qPrintable(stats.error().message));
                ++failures;
                return;
            }
            pushed += stats.value().rows;
        });
    }
    {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return ready == tills; });
        std::fprintf(stderr, "bench_hq: %d tills x %d orders prepared in %.1f s\n", tills, orders,
                     setup.elapsed() / 1000.0);
        clock.start();
        go = true;
        cv.notify_all();
    }
    for (std::thread &th : threads)
        th.join();
    if (failures > 0) {
        std::fprintf(stderr, "bench_hq: %d tills failed\n", failures.load());
        return 1;
    }
    const double seconds = *std::max_element(finishedNs.begin(), finishedNs.end()) / 1e9;
    const double rate = pushed / seconds;
    std::printf("BENCH hq_push %.0f rows/s\n", rate);
    std::fprintf(stderr, "bench_hq: %lld outbox rows in %.2f s (target >= 20000 rows/s%s)\n",
                 static_cast<long long>(pushed.load()), seconds, rate >= 20000 ? "" : ": MISSED");

    HqConnection &db = *admin.value();
    if (!db.execScript(QStringLiteral("VACUUM (ANALYZE) hq.orders")).ok())
        return 1;
    HqReport report(db);
    std::vector<double> runs;
    qint64 total = 0;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer t;
        t.start();
        auto lines = report.daily({kDay, {}, {}});
        runs.push_back(t.nsecsElapsed() / 1e6);
        if (!lines.ok()) {
            std::fprintf(stderr, "bench_hq: %s\n", qPrintable(lines.error().message));
            return 1;
        }
        total = HqReport::total(lines.value()).netMinor();
    }
    std::sort(runs.begin(), runs.end());
    const double ms = runs[runs.size() / 2];
    // The same figures aggregated from the orders themselves (what the totals table saves).
    std::vector<double> raw;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer t;
        t.start();
        auto lines = report.dailyFromOrders({kDay, {}, {}});
        raw.push_back(t.nsecsElapsed() / 1e6);
        if (!lines.ok() || HqReport::total(lines.value()).netMinor() != total) {
            std::fprintf(stderr, "bench_hq: the orders disagree with the daily totals\n");
            return 1;
        }
    }
    std::sort(raw.begin(), raw.end());
    std::fprintf(stderr, "bench_hq: the same report aggregated from the orders: %.1f ms\n",
                 raw[raw.size() / 2]);
    std::printf("BENCH hq_daily_report_%s %.1f ms\n",
                tills * orders == 1000000 ? "1m" : qPrintable(QString::number(tills * orders)), ms);
    const qint64 expected = qint64(tills) * orders * kAmount;
    std::fprintf(stderr, "bench_hq: report total %lld, expected %lld (target <= 500 ms%s)\n",
                 static_cast<long long>(total), static_cast<long long>(expected),
                 ms <= 500 ? "" : ": MISSED");
    return total == expected ? 0 : 1;
}
