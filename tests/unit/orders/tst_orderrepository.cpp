#include "core/ledger/ledger.h"
#include "core/orders/orderrepository.h"
#include "core/storage/database.h"
#include "core/util/clock.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

class TestOrderRepository : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void outTradeNoFormat_data();
    void outTradeNoFormat();
    void sequenceIsDurableAndUnique();
    void createCommitsRowAndEvent();
    void paidPostsBalancedEntry();
    void illegalTransitionChangesNothing();
    void failedPostingRollsBackTransition();
    void lateSuccessFlagsNeedsRefund();
    void cashSaleIsAtomic();
    void listFiltersByBusinessDayStatusAndText();
    void schemaRefusesBadRows();

private:
    NewOrder newOrder(const QString &out, qint64 minor = 1234, OrderKind kind = OrderKind::Qr);
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<OrderRepository> m_repo;
};

void TestOrderRepository::init()
{
    QVERIFY(m_dir.isValid());
    static int n = 0;
    auto db = Database::open(m_dir.filePath(u"t%1.db"_s.arg(++n)));
    QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().message));
    m_db = std::move(db).value();
    m_clock =
        std::make_unique<ManualClock>(QDateTime(QDate(2026, 3, 1), QTime(15, 59, 0), Qt::UTC));
    m_ledger = std::make_unique<Ledger>(*m_db, *m_clock);
    m_repo = std::make_unique<OrderRepository>(*m_db, *m_ledger, *m_clock);
}

void TestOrderRepository::cleanup()
{
    m_repo.reset();
    m_ledger.reset();
    m_db.reset();
}

NewOrder TestOrderRepository::newOrder(const QString &out, qint64 minor, OrderKind kind)
{
    NewOrder n;
    n.outTradeNo = out;
    n.provider = kind == OrderKind::Cash ? u"cash"_s : u"alipay"_s;
    n.kind = kind;
    n.amount = Money::fromMinor(minor);
    n.cashier = u"alice"_s;
    n.till = u"1"_s;
    return n;
}

void TestOrderRepository::outTradeNoFormat_data()
{
    QTest::addColumn<QString>("store");
    QTest::addColumn<QString>("till");
    QTest::addColumn<qint64>("seq");
    QTest::addColumn<QString>("expected");
    // 2026-03-01 15:59:00 UTC is 2026-03-01 23:59:00 in Beijing.
    QTest::newRow("plain") << u"SH01"_s << u"2"_s << qint64(7) << u"SH01-2-260301235900-000007"_s;
    QTest::newRow("long parts truncated") << u"STORE12345"_s << u"TILL99"_s << qint64(123456)
                                          << u"STORE12-TILL-260301235900-123456"_s;
    QTest::newRow("unsafe chars dropped")
        << u"上海 #1"_s << u"t/1"_s << qint64(1) << u"1-t1-260301235900-000001"_s;
    QTest::newRow("empty store") << QString() << QString() << qint64(1000001)
                                 << u"PD-1-260301235900-000001"_s;
}

void TestOrderRepository::outTradeNoFormat()
{
    QFETCH(QString, store);
    QFETCH(QString, till);
    QFETCH(qint64, seq);
    QFETCH(QString, expected);
    const QString out = OrderRepository::formatOutTradeNo(store, till, m_clock->nowUtc(), seq);
    QCOMPARE(out, expected);
    QVERIFY(out.size() <= 32);
    QVERIFY(QRegularExpression(u"^[0-9A-Za-z_-]{1,32}$"_s).match(out).hasMatch());
    QVERIFY(OrderRepository::isValidOutTradeNo(out));
    QVERIFY(!OrderRepository::isValidOutTradeNo(u"a b"));
    QVERIFY(!OrderRepository::isValidOutTradeNo(QString(33, u'1')));
}

void TestOrderRepository::sequenceIsDurableAndUnique()
{
    QSet<QString> seen;
    for (int i = 0; i < 50; ++i) {
        auto out = m_repo->nextOutTradeNo(u"SH01"_s, u"2"_s);
        QVERIFY(out.ok());
        QVERIFY(!seen.contains(out.value()));
        seen.insert(out.value());
    }
    QVERIFY(seen.contains(u"SH01-2-260301235900-000050"_s));
    // A second till has its own sequence.
    QCOMPARE(m_repo->nextOutTradeNo(u"SH01"_s, u"3"_s).value(), u"SH01-3-260301235900-000001"_s);
    // Survives reopening the database.
    const QString path = m_db->path();
    m_repo.reset();
    m_ledger.reset();
    m_db.reset();
    m_db = std::move(Database::open(path)).value();
    m_ledger = std::make_unique<Ledger>(*m_db, *m_clock);
    m_repo = std::make_unique<OrderRepository>(*m_db, *m_ledger, *m_clock);
    QCOMPARE(m_repo->nextOutTradeNo(u"SH01"_s, u"2"_s).value(), u"SH01-2-260301235900-000051"_s);
}

void TestOrderRepository::createCommitsRowAndEvent()
{
    auto o = m_repo->create(newOrder(u"A-1"_s));
    QVERIFY2(o.ok(), o.ok() ? "" : qPrintable(o.error().message));
    QCOMPARE(o.value().status, OrderStatus::Created);
    QCOMPARE(o.value().saleId, u"A-1"_s); // its own sale
    QCOMPARE(o.value().amount.minor(), 1234);
    QCOMPARE(o.value().createdAt, m_clock->nowUtc());
    // Visible from another connection: committed.
    QSqlDatabase other = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"other"_s);
    other.setDatabaseName(m_db->path());
    QVERIFY(other.open());
    {
        QSqlQuery q(other);
        QVERIFY(q.exec(u"SELECT status FROM orders WHERE out_trade_no = 'A-1'"_s));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), u"CREATED"_s);
    }
    other.close();
    other = {};
    QSqlDatabase::removeDatabase(u"other"_s);
    auto events = m_repo->events(u"A-1"_s);
    QCOMPARE(events.value().size(), 1);
    QVERIFY(!events.value().first().from);
    QCOMPARE(events.value().first().to, OrderStatus::Created);
    // Duplicate out_trade_no refused.
    QVERIFY(!m_repo->create(newOrder(u"A-1"_s)).ok());
}

void TestOrderRepository::paidPostsBalancedEntry()
{
    QVERIFY(m_repo->create(newOrder(u"A-2"_s, 5000)).ok());
    QVERIFY(m_repo->transition(u"A-2"_s, OrderStatus::Pending, {}).ok());
    OrderChange c;
    c.transactionId = u"2026030122001"_s;
    c.message = u"Paid"_s;
    auto paid = m_repo->transition(u"A-2"_s, OrderStatus::Paid, c);
    QVERIFY2(paid.ok(), paid.ok() ? "" : qPrintable(paid.error().message));
    QCOMPARE(paid.value().status, OrderStatus::Paid);
    QCOMPARE(paid.value().transactionId, u"2026030122001"_s);
    QCOMPARE(m_ledger->balance(u"clearing:alipay"_s).value(), 5000);
    QCOMPARE(m_ledger->balance(u"revenue:sales"_s).value(), -5000);
    const auto entries = m_ledger->entries(u"A-2"_s).value();
    QCOMPARE(entries.size(), 1);
    qint64 sum = 0;
    for (const Posting &p : entries.first().postings)
        sum += p.amountMinor;
    QCOMPARE(sum, 0);
    QCOMPARE(entries.first().operatorName, u"alice"_s);
    const auto events = m_repo->events(u"A-2"_s).value();
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.last().from, std::optional<OrderStatus>(OrderStatus::Pending));
    QCOMPARE(events.last().to, OrderStatus::Paid);
    QCOMPARE(events.last().note, u"Paid"_s);
    // An unknown provider gets its clearing account on first use.
    auto n = newOrder(u"A-3"_s, 100);
    n.provider = u"sandboxpay"_s;
    QVERIFY(m_repo->create(n).ok());
    QVERIFY(m_repo->transition(u"A-3"_s, OrderStatus::Paid, {}).ok());
    QCOMPARE(m_ledger->balance(u"clearing:sandboxpay"_s).value(), 100);
}

void TestOrderRepository::illegalTransitionChangesNothing()
{
    QVERIFY(m_repo->create(newOrder(u"B-1"_s)).ok());
    QVERIFY(m_repo->transition(u"B-1"_s, OrderStatus::Failed, {}).ok());
    auto r = m_repo->transition(u"B-1"_s, OrderStatus::Pending, {});
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, u"checkout.illegal_transition"_s);
    QCOMPARE(m_repo->load(u"B-1"_s).value()->status, OrderStatus::Failed);
    QCOMPARE(m_repo->events(u"B-1"_s).value().size(), 2);
    QVERIFY(!m_repo->transition(u"nope"_s, OrderStatus::Paid, {}).ok());
}

void TestOrderRepository::failedPostingRollsBackTransition()
{
    QVERIFY(m_repo->create(newOrder(u"C-1"_s, 700)).ok());
    OrderChange c;
    c.message = u"should not stick"_s;
    c.postings = QList<Posting>{{u"no-such-account"_s, 700}, {u"revenue:sales"_s, -700}};
    auto r = m_repo->transition(u"C-1"_s, OrderStatus::Paid, c);
    QVERIFY(!r.ok());
    const Order o = *m_repo->load(u"C-1"_s).value();
    QCOMPARE(o.status, OrderStatus::Created);
    QVERIFY(o.message.isEmpty());
    QCOMPARE(m_repo->events(u"C-1"_s).value().size(), 1);
    QCOMPARE(m_ledger->entries(u"C-1"_s).value().size(), 0);
    QCOMPARE(m_ledger->balance(u"revenue:sales"_s).value(), 0);
}

void TestOrderRepository::lateSuccessFlagsNeedsRefund()
{
    QVERIFY(m_repo->create(newOrder(u"D-1"_s, 300)).ok());
    QVERIFY(m_repo->transition(u"D-1"_s, OrderStatus::Closed, {}).ok());
    QVERIFY(!m_repo->load(u"D-1"_s).value()->needsRefund);
    auto r = m_repo->transition(u"D-1"_s, OrderStatus::Paid, {});
    QVERIFY(r.ok());
    QVERIFY(r.value().needsRefund);
    QCOMPARE(m_ledger->balance(u"clearing:alipay"_s).value(), 300);
}

void TestOrderRepository::cashSaleIsAtomic()
{
    auto n = newOrder(u"E-1"_s, 1234, OrderKind::Cash);
    n.tenderedMinor = 2000;
    n.changeMinor = 766;
    auto r = m_repo->createPaidCash(n, u"cash"_s);
    QVERIFY(r.ok());
    QCOMPARE(r.value().status, OrderStatus::Paid);
    QCOMPARE(r.value().changeMinor, std::optional<qint64>(766));
    QCOMPARE(m_ledger->balance(u"cash"_s).value(), 1234);
    QCOMPARE(m_repo->events(u"E-1"_s).value().size(), 2);
    // A duplicate number fails as a whole: no second posting.
    QVERIFY(!m_repo->createPaidCash(n, u"cash"_s).ok());
    QCOMPARE(m_ledger->balance(u"cash"_s).value(), 1234);
}

void TestOrderRepository::listFiltersByBusinessDayStatusAndText()
{
    // 15:59 UTC = 23:59 Beijing on 1 March; two minutes later it is 2 March in Beijing.
    QVERIFY(m_repo->create(newOrder(u"F-1"_s, 100)).ok());
    m_clock->advance(2 * 60 * 1000);
    QVERIFY(m_repo->create(newOrder(u"F-2"_s, 250)).ok());
    QVERIFY(m_repo->transition(u"F-2"_s, OrderStatus::Paid, {}).ok());

    OrderFilter f;
    f.day = QDate(2026, 3, 1);
    auto day1 = m_repo->list(f).value();
    QCOMPARE(day1.size(), 1);
    QCOMPARE(day1.first().outTradeNo, u"F-1"_s);
    f.day = QDate(2026, 3, 2);
    QCOMPARE(m_repo->list(f).value().size(), 1);
    f = {};
    f.status = OrderStatus::Paid;
    QCOMPARE(m_repo->list(f).value().first().outTradeNo, u"F-2"_s);
    f = {};
    f.text = u"2.50"_s;
    QCOMPARE(m_repo->list(f).value().size(), 1);
    f.text = u"F-"_s;
    QCOMPARE(m_repo->list(f).value().size(), 2);
    f.text = u"%"_s; // a literal, not a wildcard
    QCOMPARE(m_repo->list(f).value().size(), 0);
    QCOMPARE(m_repo->openOrders().value().size(), 1);
    QCOMPARE(m_repo->list().value().first().outTradeNo, u"F-2"_s); // newest first
}

void TestOrderRepository::schemaRefusesBadRows()
{
    const QString now = m_clock->nowUtc().toString(Qt::ISODateWithMs);
    auto bad = [&](const QString &out, const QString &status, qint64 amount) {
        return !m_db->exec(u"INSERT INTO orders(out_trade_no, provider, kind, amount_minor, "
                           u"status, sale_id,"
                           " created_at, updated_at) VALUES(?, 'alipay', 'qr', ?, ?, 'x', ?, ?)"_s,
                           {out, amount, status, now, now})
                    .ok();
    };
    QVERIFY(bad(u"G 1"_s, u"CREATED"_s, 100));          // space
    QVERIFY(bad(QString(33, u'9'), u"CREATED"_s, 100)); // too long
    QVERIFY(bad(u"G-2"_s, u"PAYED"_s, 100));            // not a status
    QVERIFY(bad(u"G-3"_s, u"CREATED"_s, 0));            // zero amount
    QVERIFY(!bad(u"G-4"_s, u"CREATED"_s, 100));
    QVERIFY(m_repo->create(newOrder(u"G-5"_s)).ok());
    QVERIFY(!m_db->exec(u"DELETE FROM order_events"_s).ok());
    QVERIFY(!m_db->exec(u"UPDATE order_events SET note = 'x'"_s).ok());
}

QTEST_GUILESS_MAIN(TestOrderRepository)
#include "tst_orderrepository.moc"
