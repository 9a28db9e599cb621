// The read model on its own: orders written through OrderRepository (one connection) are
// listed, found and shown with their timeline by an OrderQueries on a second connection,
// with no checkout or ledger behind it.
#include "core/orders/orderqueries.h"

#include "orderbook.h"

#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestOrderQueries : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void listFiltersLikeTheOrdersView();
    void byOutTradeNoAndTransactionId();
    void timelineInOrder();
    void openOrdersOldestFirst();

private:
    void create(const QString &out, qint64 minor)
    {
        QVERIFY(m_repo->create(OrderBook::order(out, minor)).ok());
    }

    QTemporaryDir m_dir;
    // 15:59 UTC on 1 March is 23:59 in Beijing: the business day turns two minutes later.
    ManualClock m_clock{QDateTime(QDate(2026, 3, 1), QTime(15, 59, 0), Qt::UTC)};
    std::unique_ptr<OrderBook> m_writer;
    OrderRepository *m_repo = nullptr;
    std::unique_ptr<Database> m_reader;
    std::unique_ptr<OrderQueries> m_queries;
};

void TestOrderQueries::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(u"orders.db"_s);
    m_writer = std::make_unique<OrderBook>(path, m_clock);
    QVERIFY2(m_writer->ok(), qPrintable(m_writer->error));
    m_repo = m_writer->repo.get();
    m_reader = std::move(Database::open(path)).value();
    m_queries = std::make_unique<OrderQueries>(*m_reader);

    create(u"Q-1"_s, 100);
    m_clock.advance(2 * 60 * 1000);
    create(u"Q-2"_s, 250);
    OrderChange paid;
    paid.transactionId = u"2026030222001"_s;
    QVERIFY(m_repo->transition(u"Q-2"_s, OrderStatus::Pending, {}).ok());
    QVERIFY(m_repo->transition(u"Q-2"_s, OrderStatus::Paid, paid).ok());
    create(u"Q-3"_s, 999);
}

void TestOrderQueries::listFiltersLikeTheOrdersView()
{
    OrderFilter f;
    f.day = QDate(2026, 3, 1);
    const auto day1 = m_queries->list(f);
    QVERIFY(day1.ok());
    QCOMPARE(day1.value().size(), 1);
    QCOMPARE(day1.value().first().outTradeNo, u"Q-1"_s);
    f.day = QDate(2026, 3, 2);
    QCOMPARE(m_queries->list(f).value().size(), 2);
    f = {};
    f.status = OrderStatus::Paid;
    QCOMPARE(m_queries->list(f).value().size(), 1);
    QCOMPARE(m_queries->list(f).value().first().outTradeNo, u"Q-2"_s);
    f = {};
    f.text = u"2.50"_s;
    QCOMPARE(m_queries->list(f).value().size(), 1);
    f.text = u"_"_s; // a literal, not a wildcard
    QCOMPARE(m_queries->list(f).value().size(), 0);
    f = {};
    f.limit = 2;
    const auto newest = m_queries->list(f).value();
    QCOMPARE(newest.size(), 2);
    QCOMPARE(newest.first().outTradeNo, u"Q-3"_s);
    // The same rows the repository itself lists.
    QCOMPARE(m_repo->list().value().size(), m_queries->list().value().size());
}

void TestOrderQueries::byOutTradeNoAndTransactionId()
{
    const auto found = m_queries->byOutTradeNo(u"Q-2"_s);
    QVERIFY(found.ok());
    QVERIFY(found.value().has_value());
    QCOMPARE(found.value()->status, OrderStatus::Paid);
    QCOMPARE(found.value()->amount.minor(), qint64(250));
    QCOMPARE(found.value()->cashier, u"alice"_s);
    QCOMPARE(m_queries->byTransactionId(u"2026030222001"_s).value()->outTradeNo, u"Q-2"_s);
    const auto missing = m_queries->byOutTradeNo(u"Q-404"_s);
    QVERIFY(missing.ok()); // not found is no error
    QVERIFY(!missing.value().has_value());
}

void TestOrderQueries::timelineInOrder()
{
    const auto events = m_queries->timeline(u"Q-2"_s);
    QVERIFY(events.ok());
    QCOMPARE(events.value().size(), 3);
    QVERIFY(!events.value().at(0).from.has_value());
    QCOMPARE(events.value().at(0).to, OrderStatus::Created);
    QCOMPARE(events.value().at(1).to, OrderStatus::Pending);
    QCOMPARE(events.value().at(2).from, std::optional<OrderStatus>(OrderStatus::Pending));
    QCOMPARE(events.value().at(2).to, OrderStatus::Paid);
    QCOMPARE(m_queries->timeline(u"Q-404"_s).value().size(), 0);
}

void TestOrderQueries::openOrdersOldestFirst()
{
    const auto open = m_queries->open();
    QVERIFY(open.ok());
    QCOMPARE(open.value().size(), 2);
    QCOMPARE(open.value().at(0).outTradeNo, u"Q-1"_s);
    QCOMPARE(open.value().at(1).outTradeNo, u"Q-3"_s);
}

QTEST_GUILESS_MAIN(TestOrderQueries)
#include "tst_orderqueries.moc"
