// Who drives an open order: an identity that survives PID reuse and reboots, and a takeover
// that only one of several racing processes wins.
#include "core/ledger/ledger.h"
#include "core/orders/orderowner.h"
#include "core/orders/orderrepository.h"
#include "core/storage/database.h"
#include "core/util/clock.h"

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
using namespace Qt::StringLiterals;

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

private:
    static QStringList partsOf(const QString &owner) { return owner.split(u':'); }
};

void TestOrderOwner::selfIsNotAnotherProcess()
{
    const QString self = OrderOwner::current();
    QCOMPARE(partsOf(self).size(), 4);
    QCOMPARE(partsOf(self).at(1), QString::number(QCoreApplication::applicationPid()));
    QCOMPARE(self, OrderOwner::ofProcess(QCoreApplication::applicationPid()));
    QVERIFY(!OrderOwner::isAnotherLiveProcess(self));
}

void TestOrderOwner::liveProcessIsRecognised()
{
    QProcess other;
    other.start(u"sleep"_s, {u"30"_s});
    QVERIFY(other.waitForStarted());
    const QString owner = OrderOwner::ofProcess(other.processId());
    QVERIFY(!owner.isEmpty());
    QVERIFY(OrderOwner::isAnotherLiveProcess(owner));
    other.kill();
    QVERIFY(other.waitForFinished());
}

void TestOrderOwner::reusedPidIsNotTheOwner()
{
    // The PID is alive, but that run of it started at another time: it is some other
    // process that got the crashed owner's PID (kill(pid, 0) would call it alive).
    QProcess other;
    other.start(u"sleep"_s, {u"30"_s});
    QVERIFY(other.waitForStarted());
    const QStringList real = partsOf(OrderOwner::ofProcess(other.processId()));
    QCOMPARE(real.size(), 4);
    const QString reused =
        OrderOwner::make(real.at(0), other.processId(), real.at(2).toLongLong() + 1, real.at(3));
    QVERIFY(!OrderOwner::isAnotherLiveProcess(reused));
    other.kill();
    QVERIFY(other.waitForFinished());
}

void TestOrderOwner::otherBootIsNotTheOwner()
{
    QProcess other;
    other.start(u"sleep"_s, {u"30"_s});
    QVERIFY(other.waitForStarted());
    const QStringList real = partsOf(OrderOwner::ofProcess(other.processId()));
    const QString earlierBoot =
        OrderOwner::make(real.at(0), other.processId(), real.at(2).toLongLong(),
                         u"00000000-0000-0000-0000-000000000000"_s);
    QVERIFY(!OrderOwner::isAnotherLiveProcess(earlierBoot));
    other.kill();
    QVERIFY(other.waitForFinished());
}

void TestOrderOwner::legacyAndForeignOwnersAreNotLive()
{
    QProcess other;
    other.start(u"sleep"_s, {u"30"_s});
    QVERIFY(other.waitForStarted());
    // Migration 0005's "host:pid": unverifiable, and every process that wrote it has ended.
    QVERIFY(!OrderOwner::isAnotherLiveProcess(QSysInfo::machineHostName() + u':' +
                                              QString::number(other.processId())));
    const QStringList real = partsOf(OrderOwner::ofProcess(other.processId()));
    QVERIFY(!OrderOwner::isAnotherLiveProcess(OrderOwner::make(
        u"another-till"_s, other.processId(), real.at(2).toLongLong(), real.at(3))));
    QVERIFY(!OrderOwner::isAnotherLiveProcess(QString()));
    other.kill();
    QVERIFY(other.waitForFinished());
}

void TestOrderOwner::goneProcessIsNotLive()
{
    QProcess other;
    other.start(u"sleep"_s, {u"30"_s});
    QVERIFY(other.waitForStarted());
    const QString owner = OrderOwner::ofProcess(other.processId());
    other.kill();
    QVERIFY(other.waitForFinished());
    QVERIFY(!OrderOwner::isAnotherLiveProcess(owner));
}

void TestOrderOwner::takeoverIsACompareAndSet()
{
    QTemporaryDir dir;
    auto db = std::move(Database::open(dir.filePath(u"o.db"_s))).value();
    SystemClock clock;
    Ledger ledger(*db, clock);
    OrderRepository repo(*db, ledger, clock);
    NewOrder n;
    n.outTradeNo = u"T-1"_s;
    n.provider = u"alipay"_s;
    n.amount = Money::fromMinor(100);
    QVERIFY(repo.create(n).ok());
    QVERIFY(db->exec(u"UPDATE orders SET owner = 'dead' WHERE out_trade_no = 'T-1'"_s).ok());

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
    {
        auto db = std::move(Database::open(path)).value();
        SystemClock clock;
        Ledger ledger(*db, clock);
        OrderRepository repo(*db, ledger, clock);
        for (int i = 0; i < kOrders; ++i) {
            NewOrder n;
            n.outTradeNo = u"R-%1"_s.arg(i);
            n.provider = u"alipay"_s;
            n.amount = Money::fromMinor(100 + i);
            QVERIFY(repo.create(n).ok());
        }
        QVERIFY(db->exec(u"UPDATE orders SET owner = 'crashed'"_s).ok());
    }

    // Each racer is a process of its own as far as SQLite can tell: its own connection, on
    // its own thread, all released at the same instant for every order.
    std::vector<std::vector<int>> wins(kRacers, std::vector<int>(kOrders, 0));
    std::atomic<int> errors{0};
    std::barrier start(kRacers);
    std::vector<std::thread> racers;
    for (int r = 0; r < kRacers; ++r) {
        racers.emplace_back([&, r] {
            auto opened = Database::open(path);
            if (!opened.ok()) {
                ++errors;
                for (int i = 0; i < kOrders; ++i)
                    start.arrive_and_wait();
                return;
            }
            auto db = std::move(opened).value();
            SystemClock clock;
            Ledger ledger(*db, clock);
            OrderRepository repo(*db, ledger, clock);
            for (int i = 0; i < kOrders; ++i) {
                start.arrive_and_wait();
                auto won = repo.claim(u"R-%1"_s.arg(i), u"crashed"_s, u"racer-%1"_s.arg(r));
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

    auto db = std::move(Database::open(path)).value();
    SystemClock clock;
    Ledger ledger(*db, clock);
    OrderRepository repo(*db, ledger, clock);
    for (int i = 0; i < kOrders; ++i) {
        int winners = 0;
        int winner = -1;
        for (int r = 0; r < kRacers; ++r)
            if (wins[r][i]) {
                ++winners;
                winner = r;
            }
        QCOMPARE(winners, 1);
        QCOMPARE(repo.load(u"R-%1"_s.arg(i)).value()->owner, u"racer-%1"_s.arg(winner));
    }
}

QTEST_GUILESS_MAIN(TestOrderOwner)
#include "tst_orderowner.moc"
