// The dashboard's figures on a fixture book whose every number is worked out by hand in the
// comments, in the store's zone (UTC+8) and across local midnight; then a randomized day of
// payments and refunds through the real OrderRepository (and other writers' raw updates),
// after which the trigger-kept aggregates must equal a full recomputation.
#include "core/analytics/salesanalytics.h"

#include "orderbook.h"

#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

struct Row
{
    QString out;
    QString createdUtc;
    qint64 minor;
    QString status = u"PAID"_s;
    QString provider = u"p1"_s;
    QString kind = u"qr"_s;
    QString till = u"T1"_s;
    QString cashier = u"alice"_s;
    QString payer = {};
    qint64 refunded = 0;
    QString reason = {};
};

QVariant orNull(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

// Tuesday 24 November 2026, 11:30 in Beijing.
const QDateTime kNow(QDate(2026, 11, 24), QTime(3, 30), QTimeZone::utc());

} // namespace

class TestSalesAnalytics : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void periodsInTheStoreZone();
    void chartsOverTheRange();
    void filters();
    void returningPayersAndPrivacyPurge();
    void emptyBook();
    void zoneChangeRebuilds();
    void randomizedDayMatchesRecomputation();

private:
    void insert(const Row &r)
    {
        auto q = m_db->exec(
            u"INSERT INTO orders(out_trade_no, provider, kind, amount_minor, status,"
            " refunded_minor, payer_hash, cashier, till, sale_id, failure_reason, created_at,"
            " updated_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
            {r.out, r.provider, r.kind, r.minor, r.status, r.refunded, orNull(r.payer),
             orNull(r.cashier), orNull(r.till), r.out, orNull(r.reason), r.createdUtc,
             r.createdUtc});
        QVERIFY2(q.ok(), qPrintable(q.ok() ? QString() : q.error().message));
    }
    void fixture();
    DashboardFigures figures(int rangeDays = 7, const SalesFilter &filter = {})
    {
        auto f = m_analytics->figures({kNow, filter, rangeDays});
        if (!f.ok())
            qWarning() << f.error().message;
        return f.ok() ? f.value() : DashboardFigures{};
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<SalesAnalytics> m_analytics;
};

void TestSalesAnalytics::init()
{
    // A fresh book per test: on tmpfs where there is one, as the migrations fsync every step.
    m_dir = QFileInfo(u"/dev/shm"_s).isWritable()
                ? std::make_unique<QTemporaryDir>(u"/dev/shm/paydesk-analytics-XXXXXX"_s)
                : std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto db = Database::open(m_dir->filePath(u"book.db"_s));
    QVERIFY(db.ok());
    m_db = std::move(db).value();
    // Every commit fsyncs by default; these tests are about figures, not durability.
    QVERIFY(m_db->exec(u"PRAGMA synchronous=OFF"_s).ok());
    m_analytics = std::make_unique<SalesAnalytics>(*m_db);
    QVERIFY(m_analytics->useZone(QTimeZone("Asia/Shanghai"), kNow).ok());
}

void TestSalesAnalytics::fixture()
{
    // Local times (UTC+8) in the comments.
    insert({u"A"_s, u"2026-11-23T15:59:59.999Z"_s, 1000, u"PAID"_s, u"p1"_s, u"qr"_s, u"T1"_s,
            u"alice"_s, u"h1"_s}); // Mon 23:59:59
    insert({u"B"_s, u"2026-11-23T16:00:00.000Z"_s, 2550, u"PARTIALLY_REFUNDED"_s, u"p1"_s, u"qr"_s,
            u"T2"_s, u"bob"_s, u"h2"_s, 550}); // Tue 00:00, today
    insert({u"C"_s, u"2026-11-23T01:00:00.000Z"_s, 999, u"PAID"_s, u"p1"_s, u"code"_s, u"T1"_s,
            u"alice"_s, u"h3"_s}); // Mon 09:00
    insert({u"D"_s, u"2026-11-22T10:00:00.000Z"_s, 4000, u"PAID"_s, u"cash"_s, u"cash"_s, u"T1"_s,
            u"alice"_s}); // Sun 18:00, last week
    insert({u"E"_s, u"2026-11-16T16:30:00.000Z"_s, 300, u"PAID"_s, u"p1"_s, u"qr"_s, u"T1"_s,
            u"alice"_s, u"h1"_s});                        // Tue 17 Nov 00:30
    insert({u"F"_s, u"2026-10-24T03:00:00.000Z"_s, 700}); // Sat 24 Oct 11:00
    insert({u"G"_s, u"2026-10-24T04:00:00.000Z"_s, 800}); // 24 Oct 12:00
    insert({u"H"_s, u"2026-10-31T15:00:00.000Z"_s, 900}); // 31 Oct 23:00
    insert({u"I"_s, u"2026-10-31T16:00:00.000Z"_s, 100000, u"PAID"_s, u"p2"_s, u"link"_s, u"T1"_s,
            u"alice"_s, u"h4"_s}); // 1 Nov 00:00
    insert({u"J"_s,
            u"2026-11-24T03:10:00.000Z"_s,
            5000,
            u"FAILED"_s,
            u"p1"_s,
            u"code"_s,
            u"T1"_s,
            u"alice"_s,
            {},
            0,
            u"insufficient_balance"_s});                                 // today 11:10
    insert({u"K"_s, u"2026-11-24T02:00:00.000Z"_s, 1200, u"PENDING"_s}); // not a sale
    insert({u"L"_s, u"2026-11-24T02:30:00.000Z"_s, 600, u"REFUNDED"_s, u"p2"_s, u"qr"_s, u"T1"_s,
            u"alice"_s, u"h1"_s, 600}); // today 10:30
    insert({u"M"_s,
            u"2026-11-20T05:00:00.000Z"_s,
            100,
            u"CLOSED"_s,
            u"p1"_s,
            u"qr"_s,
            u"T1"_s,
            u"alice"_s,
            {},
            0,
            u"network_trouble"_s});                                    // Fri 13:00
    insert({u"N"_s, u"2026-11-23T14:00:00.000Z"_s, 100, u"CLOSED"_s}); // an expired QR
}

void TestSalesAnalytics::periodsInTheStoreZone()
{
    fixture();
    const DashboardFigures f = figures();
    QCOMPARE(f.today, QDate(2026, 11, 24));
    // Today: B and L. Yesterday until 12:00: C only (A at 23:59 is later in the day).
    QCOMPARE(f.todayPeriod.current, (SalesTotals{2, 3150, 1150, 2}));
    QCOMPARE(f.todayPeriod.current.netMinor(), 2000);
    QCOMPARE(f.todayPeriod.current.averageTicketMinor(), std::optional<qint64>(1575));
    QCOMPARE(f.todayPeriod.previous, (SalesTotals{1, 999, 0, 0}));
    QVERIFY(qAbs(*f.todayPeriod.grossChangePercent() - 215.3153153) < 1e-6);
    QCOMPARE(f.todayPeriod.current.feesMinor(), std::nullopt);
    // Week from Monday 23: A, B, C, L. Last week until Tuesday 12:00: E only (D is Sunday).
    QCOMPARE(f.weekPeriod.start, QDate(2026, 11, 23));
    QCOMPARE(f.weekPeriod.current, (SalesTotals{4, 5149, 1150, 2}));
    QCOMPARE(f.weekPeriod.previous, (SalesTotals{1, 300, 0, 0}));
    // November: A B C D E I L. October until the 24th 12:00: F (G is at 12:00, H later).
    QCOMPARE(f.monthPeriod.current, (SalesTotals{7, 109449, 1150, 2}));
    QCOMPARE(f.monthPeriod.previous, (SalesTotals{1, 700, 0, 0}));
}

void TestSalesAnalytics::chartsOverTheRange()
{
    fixture();
    const DashboardFigures f = figures(7);
    QCOMPARE(f.byDay.size(), 7);
    QCOMPARE(f.byDay.first().day, QDate(2026, 11, 18));
    QCOMPARE(f.byDay[4].totals, (SalesTotals{1, 4000, 0, 0}));    // 22 Nov: D
    QCOMPARE(f.byDay[5].totals, (SalesTotals{2, 1999, 0, 0}));    // 23 Nov: A + C
    QCOMPARE(f.byDay[6].totals, (SalesTotals{2, 3150, 1150, 2})); // 24 Nov: B + L
    QCOMPARE(f.byDay[0].totals, SalesTotals{});
    QCOMPARE(f.byHour[0].grossMinor, 2550);
    QCOMPARE(f.byHour[9].grossMinor, 999);
    QCOMPARE(f.byHour[10].grossMinor, 600);
    QCOMPARE(f.byHour[18].grossMinor, 4000);
    QCOMPARE(f.byHour[23].grossMinor, 1000);
    QCOMPARE(f.bestHours(), (QList<int>{18, 0, 23}));
    QCOMPARE(f.byProvider, (QList<KeyedTotals>{{u"p1"_s, {3, 4549, 550, 1}},
                                               {u"cash"_s, {1, 4000, 0, 0}},
                                               {u"p2"_s, {1, 600, 600, 1}}}));
    QCOMPARE(f.byKind, (QList<KeyedTotals>{{u"qr"_s, {3, 4150, 1150, 2}},
                                           {u"cash"_s, {1, 4000, 0, 0}},
                                           {u"code"_s, {1, 999, 0, 0}}}));
    // 999 and 600 below ¥10, 1000 in ¥10–20, 2550 and 4000 in ¥20–50.
    QCOMPARE(f.tickets, (std::array<qint64, 8>{2, 1, 2, 0, 0, 0, 0, 0}));
    QCOMPARE(f.failures, (QList<FailureCount>{{u"insufficient_balance"_s, 1, 1},
                                              {u"network_trouble"_s, 1, 0}}));
    // 30 days (26 Oct on): H and I come in, I (¥1000) in the top bucket.
    const DashboardFigures month = figures(30);
    QCOMPARE(month.byDay.first().day, QDate(2026, 10, 26));
    qint64 orders = 0;
    for (const DayTotals &d : month.byDay)
        orders += d.totals.orders;
    QCOMPARE(orders, 8);
    QCOMPARE(month.tickets[7], 1);
    QCOMPARE(figures(7), figures(7)); // stable
    auto slow = m_analytics->figuresFromOrders({kNow, {}, 30});
    QVERIFY(slow.ok());
    QCOMPARE(slow.value(), month);
}

void TestSalesAnalytics::filters()
{
    fixture();
    const DashboardFigures t2 = figures(7, {u"T2"_s, {}, {}});
    QCOMPARE(t2.todayPeriod.current, (SalesTotals{1, 2550, 550, 1}));
    QCOMPARE(t2.weekPeriod.previous, SalesTotals{});
    QCOMPARE(figures(7, {{}, u"bob"_s, {}}).todayPeriod.current, t2.todayPeriod.current);
    const DashboardFigures p2 = figures(30, {{}, {}, u"p2"_s});
    QCOMPARE(p2.byProvider, (QList<KeyedTotals>{{u"p2"_s, {2, 100600, 600, 1}}}));
    QCOMPARE(p2.failures, QList<FailureCount>{});
    for (const SalesFilter &filter :
         {SalesFilter{u"T2"_s, {}, {}}, SalesFilter{{}, u"alice"_s, u"p1"_s}}) {
        auto slow = m_analytics->figuresFromOrders({kNow, filter, 30});
        QVERIFY(slow.ok());
        QCOMPARE(slow.value(), figures(30, filter));
    }
    auto dims = m_analytics->dimensions();
    QVERIFY(dims.ok());
    QCOMPARE(dims.value().tills, (QStringList{u"T1"_s, u"T2"_s}));
    QCOMPARE(dims.value().cashiers, (QStringList{u"alice"_s, u"bob"_s}));
    QCOMPARE(dims.value().providers, (QStringList{u"cash"_s, u"p1"_s, u"p2"_s}));
}

void TestSalesAnalytics::returningPayersAndPrivacyPurge()
{
    fixture();
    // Last 7 days: h1 (A, L), h2, h3. Only h1 paid before (E on 17 Nov).
    QCOMPARE(figures(7).payers, (ReturningPayers{3, 1}));
    QVERIFY(qAbs(*figures(7).payers.sharePercent() - 100.0 / 3) < 1e-9);
    // 30 days: h1..h4 all paid first inside the range.
    QCOMPARE(figures(30).payers, (ReturningPayers{4, 0}));
    // Retention clears E's payer hash: h1's first payment is now A, inside the 7 days.
    QVERIFY(m_db->exec(u"UPDATE orders SET payer_hash = NULL WHERE out_trade_no = 'E'"_s).ok());
    QCOMPARE(figures(7).payers, (ReturningPayers{3, 0}));
    auto left =
        m_db->scalar(u"SELECT COUNT(*) FROM analytics_payer_days WHERE day = '2026-11-17'"_s);
    QVERIFY(left.ok());
    QCOMPARE(left.value()->toInt(), 0);
    auto report = m_analytics->rebuild();
    QVERIFY(report.ok());
    QCOMPARE(report.value().correctedRows, 0);
}

void TestSalesAnalytics::emptyBook()
{
    const DashboardFigures f = figures(30);
    QCOMPARE(f.byDay.size(), 30);
    QCOMPARE(f.todayPeriod.current, SalesTotals{});
    QCOMPARE(f.todayPeriod.current.averageTicketMinor(), std::nullopt);
    QCOMPARE(f.monthPeriod.grossChangePercent(), std::nullopt);
    QCOMPARE(f.payers.sharePercent(), std::nullopt);
    QVERIFY(f.bestHours().isEmpty());
    QVERIFY(f.byProvider.isEmpty());
    QVERIFY(f.failures.isEmpty());
    auto report = m_analytics->rebuild();
    QVERIFY(report.ok());
    QCOMPARE(report.value().rows, 0);
}

void TestSalesAnalytics::zoneChangeRebuilds()
{
    fixture();
    QCOMPARE(figures(7).byDay[6].totals.orders, 2); // B and L on the 24th in Beijing
    QVERIFY(m_analytics->useZone(QTimeZone::utc(), kNow).ok());
    // In UTC B (16:00 on the 23rd) moves to the 23rd; A and C stay there.
    const DashboardFigures utc = figures(7);
    QCOMPARE(utc.byDay[6].totals, (SalesTotals{1, 600, 600, 1}));
    QCOMPARE(utc.byDay[5].totals.orders, 3);
    auto slot =
        m_db->scalar(u"SELECT COUNT(*) FROM analytics_hourly WHERE slot = '2026-11-23T16'"_s);
    QCOMPARE(slot.value()->toInt(), 1);
    QVERIFY(m_analytics->useZone(QTimeZone("Asia/Shanghai"), kNow).ok());
    QCOMPARE(figures(7).byDay[6].totals.orders, 2);
}

void TestSalesAnalytics::randomizedDayMatchesRecomputation()
{
    // From 20:00 local on Monday 23 Nov into Tuesday morning: across local midnight.
    ManualClock clock(QDateTime(QDate(2026, 11, 23), QTime(12, 0), QTimeZone::utc()));
    Ledger ledger(*m_db, clock);
    OrderRepository repo(*m_db, ledger, clock);
    QRandomGenerator rng(20261123);
    const QStringList providers{u"p1"_s, u"p2"_s};
    const QStringList tills{u"T1"_s, u"T2"_s, {}};
    const QStringList cashiers{u"alice"_s, u"bob"_s, u"carol"_s};
    const QList<FailureReason> reasons{
        FailureReason::InsufficientBalance, FailureReason::WrongPassword,
        FailureReason::CodeExpiredOrInvalid, FailureReason::NetworkTrouble};
    QStringList paid;
    for (int i = 0; i < 400; ++i) {
        clock.advance(qint64(rng.bounded(1, 240)) * 1000);
        NewOrder n;
        n.outTradeNo = u"R-%1"_s.arg(i);
        n.amount = Money::fromMinor(rng.bounded(1, 200000));
        n.cashier = cashiers[rng.bounded(cashiers.size())];
        n.till = tills[rng.bounded(tills.size())];
        const int what = rng.bounded(10);
        if (what == 0) {
            n.provider = u"cash"_s;
            n.kind = OrderKind::Cash;
            QVERIFY(repo.createPaidCash(n, u"cash"_s).ok());
            paid << n.outTradeNo;
            continue;
        }
        n.provider = providers[rng.bounded(providers.size())];
        n.kind = QList<OrderKind>{OrderKind::Qr, OrderKind::Code, OrderKind::Link}[rng.bounded(3)];
        QVERIFY(repo.create(n).ok());
        if (what == 1)
            continue; // left CREATED
        QVERIFY(repo.transition(n.outTradeNo, OrderStatus::Pending).ok());
        OrderChange change;
        if (what <= 3) {
            change.failureReason = reasons[rng.bounded(reasons.size())];
            QVERIFY(repo.transition(n.outTradeNo,
                                    what == 2 ? OrderStatus::Failed : OrderStatus::Closed, change)
                        .ok());
            continue;
        }
        change.payerHash = u"payer-%1"_s.arg(rng.bounded(60));
        QVERIFY(repo.transition(n.outTradeNo, OrderStatus::Paid, change).ok());
        paid << n.outTradeNo;
    }
    // Refunds through the repository, and other writers' raw updates (a refund service, the
    // retention purge clearing payer hashes, a correction of the cashier).
    for (int i = 0; i < 60; ++i) {
        const QString out = paid[rng.bounded(paid.size())];
        auto order = repo.load(out);
        QVERIFY(order.ok() && order.value());
        const Order o = *order.value();
        const qint64 left = o.amount.minor() - o.refundedMinor;
        if (left <= 0)
            continue;
        const qint64 refund = rng.bounded(2) ? left : qMax<qint64>(1, left / 2);
        OrderChange c;
        c.refundedMinor = o.refundedMinor + refund;
        c.postings = QList<Posting>{};
        QVERIFY(
            repo.transition(
                    out, refund == left ? OrderStatus::Refunded : OrderStatus::PartiallyRefunded, c)
                .ok());
    }
    QVERIFY(m_db->exec(u"UPDATE orders SET payer_hash = NULL WHERE id % 7 = 0"_s).ok());
    QVERIFY(m_db->exec(u"UPDATE orders SET cashier = 'dave' WHERE id % 11 = 0"_s).ok());
    // A row written and removed again by someone else (orders with a timeline cannot go).
    insert({u"X-1"_s, u"2026-11-23T17:00:00.000Z"_s, 4321, u"PAID"_s, u"p1"_s, u"qr"_s, u"T1"_s,
            u"dave"_s, u"payer-1"_s});
    QVERIFY(m_db->exec(u"DELETE FROM orders WHERE out_trade_no = 'X-1'"_s).ok());

    const QDateTime end = clock.nowUtc();
    for (int days : {1, 7, 30}) {
        for (const SalesFilter &filter :
             {SalesFilter{}, SalesFilter{u"T1"_s, {}, {}}, SalesFilter{{}, u"dave"_s, {}},
              SalesFilter{{}, {}, u"cash"_s}, SalesFilter{u"T2"_s, u"bob"_s, u"p1"_s}}) {
            auto fast = m_analytics->figures({end, filter, days});
            auto slow = m_analytics->figuresFromOrders({end, filter, days});
            QVERIFY(fast.ok() && slow.ok());
            QCOMPARE(fast.value(), slow.value());
        }
    }
    auto all = m_analytics->figures({end, {}, 7});
    QVERIFY(all.value().weekPeriod.current.orders > 100); // the day really was busy
    QVERIFY(all.value().weekPeriod.current.refundedOrders > 10);
    QVERIFY(!all.value().failures.isEmpty());
    auto report = m_analytics->rebuild();
    QVERIFY(report.ok());
    QCOMPARE(report.value().correctedRows, 0);
    QVERIFY(report.value().rows > 100);
    // And a rebuild does find a row someone broke.
    QVERIFY(m_db->exec(u"UPDATE analytics_hourly SET gross_minor = gross_minor + 1"
                       " WHERE slot = (SELECT MIN(slot) FROM analytics_hourly)"_s)
                .ok());
    auto again = m_analytics->rebuild();
    QVERIFY(again.ok());
    QVERIFY(again.value().correctedRows >= 2); // the wrong row out, the right one in
}

QTEST_GUILESS_MAIN(TestSalesAnalytics)
#include "tst_salesanalytics.moc"
