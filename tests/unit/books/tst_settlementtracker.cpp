// SettlementTracker on a real SQLite database: a day's expected payout is the net of its
// imported statement (tests/data/alipay/bill_ok.zip); pending, late (nothing by T+1), short
// (less) with the provider's hotline, on time; each payout posted once (bank / clearing).

#include "core/books/settlementtracker.h"
#include "core/books/statementimporter.h"
#include "core/ledger/ledger.h"
#include "core/providers/providerregistry.h"
#include "core/storage/database.h"
#include "core/util/clock.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

class TestSettlementTracker : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    ManualClock m_clock{QDateTime(QDate(2026, 1, 2), QTime(3, 0), Qt::UTC)}; // 11:00 Beijing
    ProviderRegistry m_registry;
    std::unique_ptr<Ledger> m_ledger;

private slots:
    void initTestCase()
    {
        registerBuiltinProviders(m_registry);
        auto db = Database::open(m_dir.filePath(u"s.sqlite"_s));
        QVERIFY(db.ok());
        m_db = std::move(db).value();
        m_ledger = std::make_unique<Ledger>(*m_db, m_clock);
        QFile bill(qEnvironmentVariable("PAYDESK_TEST_DATA") + u"/alipay/bill_ok.zip"_s);
        QVERIFY(bill.open(QIODevice::ReadOnly));
        StatementImporter importer(*m_db, *m_ledger, m_registry, m_clock);
        QVERIFY(importer.importFile(u"alipay"_s, bill.readAll()).ok());
    }

    void cleanupTestCase()
    {
        m_ledger.reset();
        m_db.reset();
    }

    void pendingLateShortOnTime()
    {
        SettlementTracker tracker(*m_db, *m_ledger, m_registry, m_clock);
        const QDate day(2026, 1, 1);
        const qint64 net = (1234 - 7) + (-200 + 1) + (10000 - 60);
        auto s = tracker.status(u"alipay"_s, day);
        QVERIFY(s.ok());
        QCOMPARE(s.value().expectedMinor, net);
        QCOMPARE(s.value().expectedBy, QDate(2026, 1, 2));
        QCOMPARE(s.value().state, SettlementStatus::State::Pending); // T+1 is today
        QVERIFY(!s.value().flagged());

        m_clock.setNow(QDateTime(QDate(2026, 1, 3), QTime(3, 0), Qt::UTC));
        s = tracker.status(u"alipay"_s, day);
        QCOMPARE(s.value().state, SettlementStatus::State::Late);
        QVERIFY(s.value().flagged());
        QVERIFY2(s.value().message.contains(u"95188"_s), qPrintable(s.value().message));

        Payout p{u"alipay"_s, u"P1"_s, day, QDateTime(QDate(2026, 1, 3), QTime(1, 0), Qt::UTC),
                 10000};
        auto recorded = tracker.recordPayout(p);
        QVERIFY2(recorded.ok(), recorded.ok() ? "" : qPrintable(recorded.error().message));
        QVERIFY(recorded.value());
        s = tracker.status(u"alipay"_s, day);
        QCOMPARE(s.value().state, SettlementStatus::State::Short);
        QCOMPARE(s.value().settledMinor, 10000);
        QVERIFY(s.value().message.contains(u"95188"_s));
        QVERIFY(s.value().message.contains(u"short"_s));

        // The same payout again: nothing posted twice.
        recorded = tracker.recordPayout(p);
        QVERIFY(recorded.ok());
        QVERIFY(!recorded.value());
        QCOMPARE(m_ledger->balance(u"bank"_s).value(), 10000);

        p.reference = u"P2"_s;
        p.amountMinor = net - 10000;
        QVERIFY(tracker.recordPayout(p).value());
        s = tracker.status(u"alipay"_s, day);
        QCOMPARE(s.value().state, SettlementStatus::State::OnTime);
        QVERIFY(s.value().message.isEmpty());
        QCOMPARE(m_ledger->balance(u"bank"_s).value(), net);
        // clearing: -fees (no sales booked in this database) - payouts.
        QCOMPARE(m_ledger->balance(u"clearing:alipay"_s).value(), -66 - net);
        auto entries = m_ledger->entries(u"payout:alipay:P1"_s);
        QCOMPARE(entries.value().size(), 1);

        QVERIFY(!tracker.recordPayout({u"alipay"_s, u"P3"_s, day, {}, 0}).ok());
        s = tracker.status(u"alipay"_s, QDate(2026, 1, 9));
        QCOMPARE(s.value().state, SettlementStatus::State::Nothing);
    }
};

QTEST_GUILESS_MAIN(TestSettlementTracker)
#include "tst_settlementtracker.moc"
