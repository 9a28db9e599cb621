#include "core/ledger/ledger.h"
#include "core/storage/database.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"

#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;

class TestLedger : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void balancedEntryIsBooked();
    void unbalancedEntryIsRefused();
    void degenerateEntriesAreRefused();
    void unknownAccountIsRefusedAtomically();
    void triggersRefuseUpdateAndDelete();
    void trialBalanceSumsToZero();
    void entryJoinsCallersTransaction();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    ManualClock m_clock;
    int m_n = 0;
};

void TestLedger::init()
{
    auto db = Database::open(m_dir.filePath(QStringLiteral("l%1.sqlite").arg(++m_n)));
    QVERIFY(db.ok());
    m_db = std::move(db).value();
}

void TestLedger::cleanup()
{
    m_db.reset();
}

void TestLedger::balancedEntryIsBooked()
{
    Ledger ledger(*m_db, m_clock);
    auto id = ledger.post(
        QStringLiteral("sale"),
        {{QStringLiteral("clearing:alipay"), 1234}, {QStringLiteral("revenue:sales"), -1234}},
        QStringLiteral("T1"), QStringLiteral("alice"));
    QVERIFY2(id.ok(), qPrintable(id.ok() ? QString() : id.error().message));
    QCOMPARE(ledger.balance(QStringLiteral("clearing:alipay")).value(), qint64(1234));
    QCOMPARE(ledger.balance(QStringLiteral("revenue:sales")).value(), qint64(-1234));
    const auto entries = ledger.entries(QStringLiteral("T1")).value();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries[0].postings.size(), 2);
    QCOMPARE(entries[0].operatorName, QStringLiteral("alice"));
    QCOMPARE(entries[0].createdAt, m_clock.nowUtc());
}

void TestLedger::unbalancedEntryIsRefused()
{
    Ledger ledger(*m_db, m_clock);
    auto id = ledger.post(QStringLiteral("bad"), {{QStringLiteral("clearing:alipay"), 1000},
                                                  {QStringLiteral("revenue:sales"), -999}});
    QVERIFY(!id.ok());
    QCOMPARE(id.error().code, QStringLiteral("ledger.unbalanced"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM journal_entries")).value()->toInt(),
             0);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM postings")).value()->toInt(), 0);
}

void TestLedger::degenerateEntriesAreRefused()
{
    Ledger ledger(*m_db, m_clock);
    QCOMPARE(ledger.post(QStringLiteral("one"), {{QStringLiteral("cash"), 0}}).error().code,
             QStringLiteral("ledger.too_few_postings"));
    QCOMPARE(ledger
                 .post(QStringLiteral("zero"),
                       {{QStringLiteral("cash"), 0}, {QStringLiteral("bank"), 0}})
                 .error()
                 .code,
             QStringLiteral("ledger.zero_posting"));
}

void TestLedger::unknownAccountIsRefusedAtomically()
{
    Ledger ledger(*m_db, m_clock);
    auto id = ledger.post(QStringLiteral("typo"),
                          {{QStringLiteral("cash"), 500}, {QStringLiteral("revenue:salez"), -500}});
    QVERIFY(!id.ok());
    QCOMPARE(id.error().code, QStringLiteral("ledger.posting_refused"));
    // Nothing of the entry is left behind.
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM journal_entries")).value()->toInt(),
             0);
    QCOMPARE(ledger.balance(QStringLiteral("cash")).value(), qint64(0));
    QVERIFY(ledger
                .ensureAccount(QStringLiteral("clearing:sandbox"), QStringLiteral("asset"),
                               QStringLiteral("Sandbox"))
                .ok());
    QVERIFY(ledger
                .post(QStringLiteral("ok"), {{QStringLiteral("clearing:sandbox"), 1},
                                             {QStringLiteral("revenue:sales"), -1}})
                .ok());
}

void TestLedger::triggersRefuseUpdateAndDelete()
{
    Ledger ledger(*m_db, m_clock);
    QVERIFY(ledger
                .post(QStringLiteral("sale"),
                      {{QStringLiteral("cash"), 700}, {QStringLiteral("revenue:sales"), -700}})
                .ok());
    auto upd = m_db->exec(QStringLiteral("UPDATE postings SET amount_minor = 1"));
    QVERIFY(!upd.ok());
    auto del = m_db->exec(QStringLiteral("DELETE FROM postings"));
    QVERIFY(!del.ok());
    QVERIFY(!m_db->exec(QStringLiteral("UPDATE journal_entries SET memo = 'x'")).ok());
    QVERIFY(!m_db->exec(QStringLiteral("DELETE FROM journal_entries")).ok());
    QCOMPARE(ledger.balance(QStringLiteral("cash")).value(), qint64(700));
}

void TestLedger::trialBalanceSumsToZero()
{
    Ledger ledger(*m_db, m_clock);
    QVERIFY(ledger
                .post(QStringLiteral("sale"), {{QStringLiteral("clearing:alipay"), 10000},
                                               {QStringLiteral("revenue:sales"), -10000}})
                .ok());
    QVERIFY(ledger
                .post(QStringLiteral("fee"), {{QStringLiteral("expense:fees"), 60},
                                              {QStringLiteral("clearing:alipay"), -60}})
                .ok());
    QVERIFY(ledger
                .post(QStringLiteral("refund"), {{QStringLiteral("revenue:refunds"), 2500},
                                                 {QStringLiteral("clearing:alipay"), -2500}})
                .ok());
    const auto rows = ledger.trialBalance();
    QVERIFY(rows.ok());
    qint64 sum = 0;
    for (const auto &row : rows.value()) {
        sum += row.balanceMinor;
        if (row.account == u"clearing:alipay")
            QCOMPARE(row.balanceMinor, qint64(7440));
    }
    QCOMPARE(sum, qint64(0));
}

void TestLedger::entryJoinsCallersTransaction()
{
    Ledger ledger(*m_db, m_clock);
    {
        Transaction tx(*m_db);
        QVERIFY(ledger
                    .post(QStringLiteral("sale"),
                          {{QStringLiteral("cash"), 1}, {QStringLiteral("revenue:sales"), -1}})
                    .ok());
        // The caller gives up: the entry goes with it.
    }
    QCOMPARE(ledger.balance(QStringLiteral("cash")).value(), qint64(0));
}

QTEST_GUILESS_MAIN(TestLedger)
#include "tst_ledger.moc"
