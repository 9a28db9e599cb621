// Head office on a real PostgreSQL (tests/common/pgserver.h): the schema, the tills' roles and
// row-level security, the push from two tills' own SQLite files, resume after the session is
// killed mid-batch, replay changing nothing, and the consolidated report equal to the sum.

#include "hqtill.h"
#include "pgserver.h"

#include "core/hq/hqbackgroundpush.h"
#include "core/hq/hqconnection.h"
#include "core/hq/hqreport.h"
#include "core/hq/hqschema.h"
#include "core/hq/hqtables.h"

#include <QtTest>

using namespace paydesk;
using namespace paydesk::test;

namespace {
const QString kPassword = QStringLiteral("till-secret-0123456789");
const QDateTime kNoon = QDateTime(QDate(2026, 12, 2), QTime(4, 0), Qt::UTC); // 12:00 CST
const QDate kDay(2026, 12, 2);
} // namespace

class TestHqPush : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void schemaIsNumberedAndIdempotent();
    void tlsIsUsedAndVerified();
    void pushesEveryKindOnce();
    void replayChangesNothing();
    void stateMovesForwardOnly();
    void resumesAfterKilledConnection();
    void rlsRefusesAnotherStoresRows();
    void consolidatedEqualsSumOfTills();
    void backgroundPushNeverBlocksTheTill();

private:
    qint64 hqScalar(const QString &sql, const QVariantList &binds = {})
    {
        auto v = m_admin->scalar(sql, binds);
        if (!v.ok() || !v.value())
            return -1;
        return v.value()->toLongLong();
    }
    std::unique_ptr<HqConnection> connectAs(const QString &role)
    {
        auto e = HqEndpoint::parse(m_pg.tcpUrl(role), kPassword);
        auto c = HqConnection::open(e.value());
        return c.ok() ? std::move(c).value() : nullptr;
    }

    PgServer m_pg;
    std::unique_ptr<HqConnection> m_admin;
    HqTill m_a; // store s1, till t1
    HqTill m_b; // store s2, till t1
};

void TestHqPush::initTestCase()
{
    const QString error = m_pg.start({QStringLiteral("fsync=off")}, true);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto admin = HqConnection::open(HqEndpoint::parse(m_pg.adminUrl()).value());
    QVERIFY2(admin.ok(), qPrintable(admin.ok() ? QString() : admin.error().message));
    m_admin = std::move(admin).value();
    HqSchema schema(*m_admin);
    auto applied = schema.migrate();
    QVERIFY2(applied.ok(), qPrintable(applied.ok() ? QString() : applied.error().message));
    QCOMPARE(applied.value(), (QList<int>{1, 2}));
    QVERIFY(schema
                .addStore(QStringLiteral("s1"), QStringLiteral("North"),
                          QStringLiteral("Asia/Shanghai"))
                .ok());
    QVERIFY(schema
                .addStore(QStringLiteral("s2"), QStringLiteral("South"),
                          QStringLiteral("Asia/Shanghai"))
                .ok());
    QCOMPARE(schema.addTill(QStringLiteral("s1"), QStringLiteral("t1"), kPassword).value(),
             QStringLiteral("pd_till_s1_t1"));
    QVERIFY(schema.addTill(QStringLiteral("s2"), QStringLiteral("t1"), kPassword).ok());
    QCOMPARE(schema.addTill(QStringLiteral("s2"), QStringLiteral("t1"), kPassword).error().code,
             QStringLiteral("hq.till_exists"));
    QVERIFY(
        !schema.addTill(QStringLiteral("s3"), QStringLiteral("t1"), QStringLiteral("short")).ok());

    QVERIFY2(m_a.ok() && m_b.ok(), qPrintable(m_a.error() + m_b.error()));
    QVERIFY(m_a.join(m_pg.tcpUrl(QStringLiteral("pd_till_s1_t1")), kPassword, QStringLiteral("s1"),
                     QStringLiteral("t1"))
                .ok());
    QVERIFY(m_b.join(m_pg.tcpUrl(QStringLiteral("pd_till_s2_t1")), kPassword, QStringLiteral("s2"),
                     QStringLiteral("t1"))
                .ok());
    // The password is sealed in the vault, never stored as typed.
    QVERIFY(!m_a.db()
                 .scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'hq.password'"))
                 .value()
                 ->toString()
                 .contains(kPassword));
    QCOMPARE(m_a.hq().endpoint().value().password(), kPassword);
}

void TestHqPush::schemaIsNumberedAndIdempotent()
{
    HqSchema schema(*m_admin);
    QCOMPARE(schema.schemaVersion(), 2);
    QVERIFY(schema.isApplied(1));
    QVERIFY(schema.isApplied(2));
    auto again = schema.migrate();
    QVERIFY(again.ok());
    QVERIFY(again.value().isEmpty());
}

void TestHqPush::tlsIsUsedAndVerified()
{
    const QString base =
        QStringLiteral("postgresql://pd_till_s1_t1@127.0.0.1:%1/paydesk?sslmode=").arg(m_pg.port());
    const QString onTls =
        QStringLiteral("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
    // verify-full: the server's certificate checked against the CA and the address.
    auto verified = HqConnection::open(
        HqEndpoint::parse(base + QStringLiteral("verify-full&sslrootcert=") + m_pg.caFile(),
                          kPassword)
            .value());
    QVERIFY2(verified.ok(), qPrintable(verified.ok() ? QString() : verified.error().message));
    QCOMPARE(verified.value()->scalar(onTls).value()->toBool(), true);

    // A certificate from another CA is refused before any password is sent.
    QTemporaryDir other;
    const QString otherCa = other.filePath(QStringLiteral("ca.crt"));
    QVERIFY(PgServer::makeCertificate(otherCa, other.filePath(QStringLiteral("ca.key"))));
    auto forged = HqConnection::open(
        HqEndpoint::parse(base + QStringLiteral("verify-full&sslrootcert=") + otherCa, kPassword)
            .value());
    QVERIFY(!forged.ok());
    QCOMPARE(forged.error().code, QStringLiteral("hq.unreachable"));

    auto plain =
        HqConnection::open(HqEndpoint::parse(base + QStringLiteral("disable"), kPassword).value());
    QVERIFY(plain.ok());
    QCOMPARE(plain.value()->scalar(onTls).value()->toBool(), false);
    // Options libpq would take but Paydesk does not pass on are refused, not ignored.
    QCOMPARE(
        HqEndpoint::parse(base + QStringLiteral("disable&options=-csearch_path%3Dx")).error().code,
        QStringLiteral("hq.url_option"));
}

void TestHqPush::pushesEveryKindOnce()
{
    Database &db = m_a.db();
    QVERIFY(m_a.addOrders(10, 1000, kNoon) > 0);
    QVERIFY(db.exec(QStringLiteral("INSERT INTO journal_entries(created_at, memo, reference)"
                                   " VALUES ('2026-12-02T04:00:00.000Z', 'sale', 'x')"))
                .ok());
    const qint64 entry =
        db.scalar(QStringLiteral("SELECT MAX(id) FROM journal_entries")).value()->toLongLong();
    QVERIFY(db.exec(QStringLiteral("INSERT INTO postings(entry_id, account, amount_minor) VALUES"
                                   " (?, 'clearing:alipay', 1000), (?, 'revenue:sales', -1000)"),
                    {entry, entry})
                .ok());
    QVERIFY(db.exec(QStringLiteral(
                        "INSERT INTO statement_files(provider, business_day, kind, source, sha256,"
                        " raw, line_count, imported_at) VALUES ('alipay', '2026-12-02', 'trade',"
                        " 'file', 'ab', x'00', 1, '2026-12-03T01:00:00.000Z')"))
                .ok());
    QVERIFY(db.exec(QStringLiteral(
                        "INSERT INTO statement_lines(file_id, provider, business_day, line_no,"
                        " kind, out_trade_no, amount_minor, received_minor, fee_minor)"
                        " SELECT MAX(id), 'alipay', '2026-12-02', 1, 'payment', 'unknown-no',"
                        " 500, 497, 3 FROM statement_files"))
                .ok());
    QVERIFY(db.exec(QStringLiteral("INSERT INTO settlements(provider, covers_day, paid_at,"
                                   " amount_minor, reference) VALUES ('alipay', '2026-12-02',"
                                   " '2026-12-03T02:00:00.000Z', 9940, 'payout-1')"))
                .ok());
    QVERIFY(db.exec(QStringLiteral("INSERT INTO audit_log(at, action, operator, details,"
                                   " prev_hash, hash) VALUES ('2026-12-02T04:00:00.000Z',"
                                   " 'test', 'pos:test', '{}', '0', 'h1')"))
                .ok());

    auto pusher = m_a.pusher(7); // small batches: several transactions
    auto stats = pusher->pushAll();
    QVERIFY2(stats.ok(), qPrintable(stats.ok() ? QString() : stats.error().message));
    QVERIFY(stats.value().batches >= 2);
    QCOMPARE(stats.value().remaining, 0);
    QCOMPARE(pusher->pending().value(), 0);

    QCOMPARE(hqScalar(QStringLiteral("SELECT count(*) FROM hq.orders WHERE store_id = 's1'")), 10);
    QCOMPARE(hqScalar(QStringLiteral("SELECT sum(amount_minor) FROM hq.orders")), 10000);
    QCOMPARE(hqScalar(QStringLiteral("SELECT count(*) FROM hq.orders"
                                     " WHERE business_day = '2026-12-02'")),
             10);
    QCOMPARE(hqScalar(QStringLiteral("SELECT count(*) FROM hq.journal_entries")), 1);
    QCOMPARE(hqScalar(QStringLiteral("SELECT sum(amount_minor) FROM hq.postings")), 0);
    QCOMPARE(hqScalar(QStringLiteral("SELECT count(*) FROM hq.postings")), 2);
    QCOMPARE(hqScalar(QStringLiteral("SELECT fee_minor FROM hq.statement_lines")), 3);
    QCOMPARE(hqScalar(QStringLiteral("SELECT amount_minor FROM hq.settlements")), 9940);
    QCOMPARE(hqScalar(QStringLiteral("SELECT count(*) FROM hq.audit_heads WHERE hash = 'h1'")), 1);
    const qint64 outboxTotal = stats.value().rows;
    QCOMPARE(
        hqScalar(QStringLiteral("SELECT last_seq FROM hq.till_progress WHERE store_id = 's1'")),
        m_a.db()
            .scalar(QStringLiteral("SELECT seq FROM sqlite_sequence WHERE name = 'hq_outbox'"))
            .value()
            ->toLongLong());
    QVERIFY(outboxTotal >= 16);
}

void TestHqPush::replayChangesNothing()
{
    const qint64 before = hqScalar(QStringLiteral("SELECT count(*) FROM hq.orders"));
    const qint64 postings = hqScalar(QStringLiteral("SELECT count(*) FROM hq.postings"));
    const qint64 versions = hqScalar(QStringLiteral("SELECT sum(version) FROM hq.orders"));
    // Everything queued again, as if the local delete after a commit had been lost.
    QVERIFY(m_a.db()
                .exec(QStringLiteral("INSERT INTO hq_outbox(kind, local_id) SELECT 'posting', id"
                                     " FROM postings"))
                .ok());
    QVERIFY(m_a.db()
                .exec(QStringLiteral("INSERT INTO hq_outbox(kind, local_id) SELECT 'order', id"
                                     " FROM orders"))
                .ok());
    auto stats = m_a.pusher()->pushAll();
    QVERIFY(stats.ok());
    QCOMPARE(stats.value().rows, 12);
    QCOMPARE(hqScalar(QStringLiteral("SELECT count(*) FROM hq.orders")), before);
    QCOMPARE(hqScalar(QStringLiteral("SELECT count(*) FROM hq.postings")), postings);
    QCOMPARE(hqScalar(QStringLiteral("SELECT sum(amount_minor) FROM hq.orders")), 10000);
    // A re-sent unchanged order gets a newer version number, nothing else changes.
    QVERIFY(hqScalar(QStringLiteral("SELECT sum(version) FROM hq.orders")) > versions);
}

void TestHqPush::stateMovesForwardOnly()
{
    Database &db = m_a.db();
    const qint64 id = db.scalar(QStringLiteral("SELECT MIN(id) FROM orders")).value()->toLongLong();
    QVERIFY(db.exec(QStringLiteral("UPDATE orders SET status = 'PARTIALLY_REFUNDED',"
                                   " refunded_minor = 400 WHERE id = ?"),
                    {id})
                .ok());
    QVERIFY(m_a.pusher()->pushAll().ok());
    QCOMPARE(hqScalar(QStringLiteral("SELECT refunded_minor FROM hq.orders WHERE store_id = 's1'"
                                     " AND local_id = ?"),
                      {id}),
             400);
    // An older version arriving late (a replayed batch from before) does not win.
    auto till = connectAs(QStringLiteral("pd_till_s1_t1"));
    QVERIFY(till);
    const QString stale =
        QStringLiteral("[{\"local_id\":%1,\"version\":1,\"out_trade_no\":\"x\","
                       "\"provider\":\"alipay\",\"kind\":\"qr\",\"amount_minor\":1000,"
                       "\"currency\":\"CNY\",\"status\":\"PAID\",\"refunded_minor\":0,"
                       "\"needs_refund\":0,\"created_at\":\"2026-12-02T04:00:00.000Z\","
                       "\"updated_at\":\"2026-12-02T04:00:00.000Z\"}]")
            .arg(id);
    QVERIFY(till->exec(HqTable::byKind(QStringLiteral("order"))->pgUpsert(),
                       {QStringLiteral("s1"), QStringLiteral("t1"), stale})
                .ok());
    QCOMPARE(hqScalar(QStringLiteral("SELECT refunded_minor FROM hq.orders WHERE store_id = 's1'"
                                     " AND local_id = ?"),
                      {id}),
             400);
    // Nor can a till rewrite what made an order, nor delete one.
    auto rewrite = till->exec(QStringLiteral("UPDATE hq.orders SET amount_minor = 1"
                                             " WHERE store_id = 's1' AND local_id = ?"),
                              {id});
    QVERIFY(!rewrite.ok());
    QVERIFY(rewrite.error().message.contains(QStringLiteral("origin and amount")));
    auto del = till->exec(QStringLiteral("DELETE FROM hq.orders"));
    QVERIFY(!del.ok());
    QVERIFY(del.error().message.contains(QStringLiteral("permission denied")));
    QVERIFY(!till->exec(QStringLiteral("UPDATE hq.postings SET amount_minor = 1")).ok());
}

void TestHqPush::resumesAfterKilledConnection()
{
    const qint64 before = hqScalar(QStringLiteral("SELECT count(*) FROM hq.orders"));
    QVERIFY(m_a.addOrders(500, 100, kNoon.addSecs(600)) > 0);
    const qint64 queued = m_a.pusher()->pending().value();
    QCOMPARE(queued, 500);
    auto pusher = m_a.pusher(100);
    int batch = 0;
    pusher->setBeforeCommit([&] {
        if (++batch == 3) // the third transaction has written its rows, not committed them
            QVERIFY(m_admin
                        ->exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM"
                                              " pg_stat_activity WHERE usename = 'pd_till_s1_t1'"))
                        .ok());
    });
    auto cut = pusher->pushAll();
    QVERIFY(!cut.ok());
    QCOMPARE(hqScalar(QStringLiteral("SELECT count(*) FROM hq.orders")), before + 200);
    QCOMPARE(pusher->pending().value(), 300);

    // The same pusher, a new session: the cut batch goes again, whole, and nothing twice.
    auto resumed = pusher->pushAll();
    QVERIFY2(resumed.ok(), qPrintable(resumed.ok() ? QString() : resumed.error().message));
    QCOMPARE(resumed.value().rows, 300);
    QCOMPARE(hqScalar(QStringLiteral("SELECT count(*) FROM hq.orders")), before + 500);
    QCOMPARE(hqScalar(QStringLiteral("SELECT count(*) FROM hq.orders WHERE store_id = 's1'")),
             m_a.db().scalar(QStringLiteral("SELECT COUNT(*) FROM orders")).value()->toLongLong());

    // Head office down altogether: the till keeps taking orders; they wait in the outbox.
    auto offline = HqEndpoint::parse(
        QStringLiteral("postgresql://pd_till_s1_t1@127.0.0.1:1/paydesk?connect_timeout=2"),
        kPassword);
    HqPusher unreachable(m_a.db(), m_a.identity(), offline.value());
    QVERIFY(m_a.addOrders(3, 100, kNoon.addSecs(1200)) > 0);
    auto down = unreachable.pushAll();
    QVERIFY(!down.ok());
    QCOMPARE(down.error().code, QStringLiteral("hq.unreachable"));
    QCOMPARE(unreachable.pending().value(), 3);
    QVERIFY(m_a.pusher()->pushAll().ok());
}

void TestHqPush::rlsRefusesAnotherStoresRows()
{
    // A till that claims to be another store: head office refuses the batch, the outbox keeps it.
    QVERIFY(m_b.addOrders(2, 100, kNoon) > 0);
    HqPusher impostor(m_b.db(), HqIdentity{QStringLiteral("s1"), QStringLiteral("t1")},
                      m_b.hq().endpoint().value());
    auto refused = impostor.pushAll();
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message.contains(QStringLiteral("row-level security")),
             qPrintable(refused.error().message));
    QCOMPARE(impostor.pending().value(), 2);

    auto till = connectAs(QStringLiteral("pd_till_s2_t1"));
    QVERIFY(till);
    // It sees only its own rows, so it cannot touch store s1's either.
    QCOMPARE(till->scalar(QStringLiteral("SELECT count(*) FROM hq.orders WHERE store_id = 's1'"))
                 .value()
                 ->toLongLong(),
             0);
    auto update = till->exec(QStringLiteral("UPDATE hq.orders SET status = 'CLOSED'"
                                            " WHERE store_id = 's1'"));
    QVERIFY(update.ok());
    QCOMPARE(update.value().numRowsAffected(), 0);
    QCOMPARE(hqScalar(QStringLiteral("SELECT count(*) FROM hq.orders WHERE status = 'CLOSED'")), 0);
    QVERIFY(!till->exec(QStringLiteral("INSERT INTO hq.journal_entries(store_id, till_id, local_id,"
                                       " created_at, memo, currency) VALUES ('s1', 't1', 999,"
                                       " now(), 'forged', 'CNY')"))
                 .ok());
    QVERIFY(!till->exec(QStringLiteral("INSERT INTO hq.tills VALUES ('s2', 't9', 'x')")).ok());
    QVERIFY(!till->exec(QStringLiteral("SELECT * FROM hq.tills")).ok());

    // Its own identity pushes fine.
    QVERIFY(m_b.pusher()->pushAll().ok());
    QCOMPARE(hqScalar(QStringLiteral("SELECT count(*) FROM hq.orders WHERE store_id = 's2'")), 2);
}

void TestHqPush::consolidatedEqualsSumOfTills()
{
    QVERIFY(m_b.addOrders(25, 388, kNoon.addSecs(3600), QStringLiteral("PAID"),
                          QStringLiteral("wechatpay")) > 0);
    QVERIFY(m_b.addOrders(4, 999, kNoon.addSecs(7200), QStringLiteral("FAILED")) > 0);
    QVERIFY(m_b.addOrders(1, 123, kNoon.addDays(1)) > 0); // another day
    QVERIFY(m_b.pusher()->pushAll().ok());
    QVERIFY(m_a.pusher()->pushAll().ok());

    // A head-office reader role sees every store.
    HqSchema schema(*m_admin);
    QVERIFY(schema.addReader(QStringLiteral("owner_reader"), kPassword).ok());
    auto reader = connectAs(QStringLiteral("owner_reader"));
    QVERIFY(reader);
    HqReport report(*reader);
    auto lines = report.daily({kDay, {}, {}});
    QVERIFY2(lines.ok(), qPrintable(lines.ok() ? QString() : lines.error().message));
    const HqReportLine all = HqReport::total(lines.value());
    const qint64 localA = m_a.localNet();
    const qint64 localBToday = 2 * 100 + 25 * 388;
    QCOMPARE(m_b.localNet(), localBToday + 123);
    QCOMPARE(all.netMinor(), localA + localBToday);
    QCOMPARE(all.failedCount, 4);
    QCOMPARE(all.paidCount, 10 + 503 + 2 + 25);

    // The trigger-kept totals equal the orders aggregated, after inserts, updates and replays.
    for (const QDate &d : {kDay, kDay.addDays(1)}) {
        auto fromOrders = report.dailyFromOrders({d, {}, {}});
        QVERIFY(fromOrders.ok());
        QCOMPARE(report.daily({d, {}, {}}).value(), fromOrders.value());
    }

    auto s2 = report.daily({kDay, QStringLiteral("s2"), {}});
    QVERIFY(s2.ok());
    QCOMPARE(s2.value().size(), 2); // alipay and wechatpay
    QCOMPARE(HqReport::total(s2.value()).netMinor(), localBToday);
    QCOMPARE(
        HqReport::total(report.daily({kDay, QStringLiteral("s1"), QStringLiteral("t1")}).value())
            .netMinor(),
        localA);
    QCOMPARE(HqReport::total(report.daily({kDay.addDays(1), {}, {}}).value()).netMinor(), 123);

    auto tills = report.tills({kDay, {}, {}});
    QVERIFY(tills.ok());
    QCOMPARE(tills.value().size(), 2);
    QCOMPARE(tills.value().at(0).netMinor + tills.value().at(1).netMinor, localA + localBToday);
    QVERIFY(tills.value().at(0).pushedAt.isValid());

    auto hours = report.hourly({kDay, {}, {}});
    QVERIFY(hours.ok());
    qint64 hourly = 0;
    for (const HqHour &h : hours.value())
        hourly += h.netMinor;
    QCOMPARE(hourly, localA + localBToday);
    QCOMPARE(hours.value().first().hour, 12); // 04:00 UTC is noon in Shanghai

    auto recon = report.reconciliation({kDay, QStringLiteral("s1"), {}});
    QVERIFY(recon.ok());
    QCOMPARE(recon.value().size(), 1);
    const HqReconLine &r = recon.value().first();
    QCOMPARE(r.booksMinor, localA);
    QCOMPARE(r.statementMinor, 500);
    QCOMPARE(r.feeMinor, 3);
    QCOMPARE(r.settledMinor, 9940);
    QCOMPARE(r.unmatchedLines, 1);
    QCOMPARE(r.differenceMinor(), localA - 500);
}

void TestHqPush::backgroundPushNeverBlocksTheTill()
{
    // Head office unreachable: the push thread reports it, the till's own writes go on.
    auto offline = HqEndpoint::parse(
        QStringLiteral("postgresql://pd_till_s1_t1@127.0.0.1:1/paydesk?connect_timeout=2"),
        kPassword);
    {
        HqBackgroundPush down(m_a.db().path(), m_a.identity(), offline.value(),
                              std::chrono::seconds(60));
        QSignalSpy failed(&down, &HqBackgroundPush::failed);
        QVERIFY(m_a.addOrders(3, 100, kNoon.addSecs(9000)) > 0);
        down.start();
        QVERIFY(m_a.addOrders(1, 100, kNoon.addSecs(9010)) > 0); // not waiting on the thread
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() > 0, 10000);
    }
    QCOMPARE(m_a.pusher()->pending().value(), 4);

    const qint64 before = hqScalar(QStringLiteral("SELECT count(*) FROM hq.orders"));
    HqBackgroundPush push(m_a.db().path(), m_a.identity(), m_a.hq().endpoint().value(),
                          std::chrono::seconds(1));
    QSignalSpy pushed(&push, &HqBackgroundPush::pushed);
    push.start();
    QTRY_VERIFY_WITH_TIMEOUT(pushed.count() > 0, 10000);
    QCOMPARE(pushed.first().at(0).toLongLong(), 4);
    QCOMPARE(hqScalar(QStringLiteral("SELECT count(*) FROM hq.orders")), before + 4);
    // A sale after the first push goes with the next tick.
    QVERIFY(m_a.addOrders(1, 100, kNoon.addSecs(9100)) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(hqScalar(QStringLiteral("SELECT count(*) FROM hq.orders")),
                              before + 5, 10000);
}

QTEST_GUILESS_MAIN(TestHqPush)
#include "tst_hqpush.moc"
