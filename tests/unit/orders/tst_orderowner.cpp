// Who drives an open order: an identity that survives PID reuse and reboots, and a takeover
// that only one of several racing processes wins.
#include "core/orders/orderowner.h"

#include "orderbook.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <barrier>
#include <thread>
#include <vector>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

/// An unrelated live process (sleep) whose PID a test writes into the owner column.
struct Sleeper
{
    Sleeper()
    {
        process.start(u"sleep"_s, {u"30"_s});
        started = process.waitForStarted();
    }
    ~Sleeper()
    {
        process.kill();
        process.waitForFinished();
    }
    qint64 pid() const { return process.processId(); }
    /// host, pid, start ticks, boot id as OrderOwner records them.
    QStringList parts() const { return OrderOwner::ofProcess(pid()).split(u':'); }
    QString ownerWith(qint64 startTicks, const QString &bootId) const
    {
        return OrderOwner::make(parts().at(0), pid(), startTicks, bootId);
    }

    QProcess process;
    bool started = false;
};

} // namespace

class TestOrderOwner : public QObject
{
    Q_OBJECT
private slots:
    void selfIsNotAnotherProcess();
    void liveProcessIsRecognised();
    void reusedPidIsNotTheOwner();
    void otherBootIsNotTheOwner();
    void legacyAndForeignOwnersAreNotLive();
    void goneProcessIsNotLive();
    void takeoverIsACompareAndSet();
    void racingClaimsHaveOneWinner();
};

void TestOrderOwner::selfIsNotAnotherProcess()
{
    const QString self = OrderOwner::current();
    QCOMPARE(self.split(u':').size(), 4);
    QCOMPARE(self.split(u':').at(1), QString::number(QCoreApplication::applicationPid()));
    QCOMPARE(self, OrderOwner::ofProcess(QCoreApplication::applicationPid()));
    QVERIFY(!OrderOwner::isAnotherLiveProcess(self));
}

void TestOrderOwner::liveProcessIsRecognised()
{
    Sleeper other;
    QVERIFY(other.started);
    QCOMPARE(other.parts().size(), 4);
    QVERIFY(OrderOwner::isAnotherLiveProcess(OrderOwner::ofProcess(other.pid())));
}

void TestOrderOwner::reusedPidIsNotTheOwner()
{
    // The PID is alive, but that run of it started at another time: it is some other
    // process that got the crashed owner's PID (kill(pid, 0) would call it alive).
    Sleeper other;
    QVERIFY(other.started);
    const QStringList real = other.parts();
    QVERIFY(!OrderOwner::isAnotherLiveProcess(
        other.ownerWith(real.at(2).toLongLong() + 1, real.at(3))));
}

void TestOrderOwner::otherBootIsNotTheOwner()
{
    Sleeper other;
    QVERIFY(other.started);
    const QString earlierBoot = other.ownerWith(other.parts().at(2).toLongLong(),
                                                u"00000000-0000-0000-0000-000000000000"_s);
    QVERIFY(!OrderOwner::isAnotherLiveProcess(earlierBoot));
}

void TestOrderOwner::legacyAndForeignOwnersAreNotLive()
{
    Sleeper other;
    QVERIFY(other.started);
    // Migration 0005's "host:pid": unverifiable, and every process that wrote it has ended.
    QVERIFY(!OrderOwner::isAnotherLiveProcess(QSysInfo::machineHostName() + u':' +
                                              QString::number(other.pid())));
    const QStringList real = other.parts();
    QVERIFY(!OrderOwner::isAnotherLiveProcess(
        OrderOwner::make(u"another-till"_s, other.pid(), real.at(2).toLongLong(), real.at(3))));
    QVERIFY(!OrderOwner::isAnotherLiveProcess(QString()));
}

void TestOrderOwner::goneProcessIsNotLive()
{
    QString owner;
    {
        Sleeper other;
        QVERIFY(other.started);
        owner = OrderOwner::ofProcess(other.pid());
    }
    QVERIFY(!owner.isEmpty());
    QVERIFY(!OrderOwner::isAnotherLiveProcess(owner));
}

void TestOrderOwner::takeoverIsACompareAndSet()
{
    QTemporaryDir dir;
    SystemClock clock;
    OrderBook book(dir.filePath(u"o.db"_s), clock);
    QVERIFY2(book.ok(), qPrintable(book.error));
    OrderRepository &repo = *book.repo;
    QVERIFY(repo.create(OrderBook::order(u"T-1"_s)).ok());
    QVERIFY(book.db->exec(u"UPDATE orders SET owner = 'dead' WHERE out_trade_no = 'T-1'"_s).ok());

    // Seen the wrong owner: no takeover.
    QCOMPARE(repo.claim(u"T-1"_s, u"someone-else"_s, u"me"_s).value(), false);
    QCOMPARE(repo.load(u"T-1"_s).value()->owner, u"dead"_s);
    QCOMPARE(repo.claim(u"T-1"_s, u"dead"_s, u"me"_s).value(), true);
    QCOMPARE(repo.load(u"T-1"_s).value()->owner, u"me"_s);
    QVERIFY(repo.events(u"T-1"_s).value().last().note.contains(u"dead"_s));
    // The dead one's identity no longer matches: a second taker loses.
    QCOMPARE(repo.claim(u"T-1"_s, u"dead"_s, u"you"_s).value(), false);
    // A final order is never taken over.
    QVERIFY(repo.transition(u"T-1"_s, OrderStatus::Failed, {}).ok());
    QCOMPARE(repo.claim(u"T-1"_s, u"me"_s, u"you"_s).value(), false);
}

void TestOrderOwner::racingClaimsHaveOneWinner()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"race.db"_s);
    constexpr int kOrders = 10;
    constexpr int kRacers = 4;
    SystemClock clock;
    OrderBook book(path, clock);
    QVERIFY2(book.ok(), qPrintable(book.error));
    for (int i = 0; i < kOrders; ++i)
        QVERIFY(book.repo->create(OrderBook::order(u"R-%1"_s.arg(i), 100 + i)).ok());
    QVERIFY(book.db->exec(u"UPDATE orders SET owner = 'crashed'"_s).ok());

    // Each racer is a process of its own as far as SQLite can tell: its own connection, on
    // its own thread, all released at the same instant for every order.
    std::vector<std::vector<int>> wins(kRacers, std::vector<int>(kOrders, 0));
    std::atomic<int> errors{0};
    std::barrier start(kRacers);
    std::vector<std::thread> racers;
    for (int r = 0; r < kRacers; ++r) {
        racers.emplace_back([&, r] {
            OrderBook mine(path, clock);
            for (int i = 0; i < kOrders; ++i) {
                start.arrive_and_wait();
                if (!mine.ok()) {
                    ++errors;
                    continue;
                }
                auto won = mine.repo->claim(u"R-%1"_s.arg(i), u"crashed"_s, u"racer-%1"_s.arg(r));
                if (!won.ok())
                    ++errors;
                else if (won.value())
                    wins[r][i] = 1;
            }
        });
    }
    for (auto &t : racers)
        t.join();
    QCOMPARE(errors.load(), 0);

    for (int i = 0; i < kOrders; ++i) {
        int winners = 0;
        int winner = -1;
        for (int r = 0; r < kRacers; ++r)
            if (wins[r][i]) {
                ++winners;
                winner = r;
            }
        QCOMPARE(winners, 1);
        QCOMPARE(book.repo->load(u"R-%1"_s.arg(i)).value()->owner, u"racer-%1"_s.arg(winner));
    }
}

QTEST_GUILESS_MAIN(TestOrderOwner)
#include "tst_orderowner.moc"
