// SettlementTracker on a real SQLite database: a day's expected payout is the net of its
// imported statement (tests/data/alipay/bill_ok.zip); pending, late (nothing by T+1), short
// (less) with the provider's hotline, on time; each payout posted once (bank / clearing); a fund
// statement imported whole or not at all, once.

#include "core/books/settlementtracker.h"
#include "core/books/statementimporter.h"
#include "core/crypto/crypto.h"
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

private:
    qint64 count(const QString &sql, const QVariantList &binds = {})
    {
        auto v = m_db->scalar(sql, binds);
        return v.ok() && v.value() ? v.value()->toLongLong() : -1;
    }

    static FundStatementReply fundReply(const QDate &day, const QByteArray &raw,
                                        const QList<Payout> &payouts)
    {
        FundStatementReply r;
        r.status = ProviderStatus::success();
        r.day = day;
        r.rawFile = raw;
        r.sha256 = crypto::sha256(raw);
        r.providerHash = crypto::sha1(raw).toHex();
        r.payouts = payouts;
        return r;
    }

private slots:
    void fundStatementsImportOnceAndWhole()
    {
        SettlementTracker tracker(*m_db, *m_ledger, m_registry, m_clock);
        const QString p = u"wechatpay"_s;
        QVERIFY(tracker.hasFundStatements(p));
        QVERIFY(!tracker.lastFundDay(p).value());
        const qint64 bank = m_ledger->balance(u"bank"_s).value();
        const QDate day(2026, 1, 5);
        const QDateTime at(day, QTime(0, 0), Qt::UTC);
        const QList<Payout> payouts{{p, u"W1"_s, day.addDays(-1), at, 500},
                                    {p, u"W2"_s, day.addDays(-2), at, 300}};
        auto first = tracker.importFundStatement(p, fundReply(day, "fund file one", payouts));
        QVERIFY2(first.ok(), first.ok() ? "" : qPrintable(first.error().message));
        QCOMPARE(first.value().payouts, 2);
        QCOMPARE(first.value().recorded, 2);
        QCOMPARE(first.value().recordedMinor, 800);
        QVERIFY(!first.value().alreadyImported);
        QCOMPARE(*tracker.lastFundDay(p).value(), day);
        QCOMPARE(m_ledger->balance(u"bank"_s).value(), bank + 800);
        QCOMPARE(m_ledger->balance(u"clearing:wechatpay"_s).value(), -800);
        QCOMPARE(
            count(u"SELECT COUNT(*) FROM settlements WHERE file_id = ?"_s, {first.value().fileId}),
            2);
        QCOMPARE(count(u"SELECT COUNT(*) FROM statement_files WHERE kind = 'fund' AND"
                       " provider_hash IS NOT NULL"_s),
                 1);

        // The same file, or the same payouts in another wrapper: nothing done.
        const qint64 entries = count(u"SELECT COUNT(*) FROM journal_entries"_s);
        auto again = tracker.importFundStatement(p, fundReply(day, "fund file one", payouts));
        QVERIFY(again.ok() && again.value().alreadyImported);
        again = tracker.importFundStatement(p, fundReply(day, "fund file re-zipped", payouts));
        QVERIFY(again.ok() && again.value().alreadyImported);
        QCOMPARE(count(u"SELECT COUNT(*) FROM journal_entries"_s), entries);

        // Other payouts for a day already imported: refused, nothing booked.
        auto other = tracker.importFundStatement(
            p, fundReply(day, "fund file two", {{p, u"W9"_s, day.addDays(-1), at, 1}}));
        QVERIFY(!other.ok());
        QCOMPARE(other.error().code, u"statement.day_conflict"_s);

        // A file that does not match its checksum, a payout that cannot be booked half-way
        // through, a failed download: refused whole.
        const QDate next = day.addDays(1);
        FundStatementReply bad = fundReply(next, "fund file three", {{p, u"W3"_s, day, at, 100}});
        bad.rawFile += "x";
        auto mismatch = tracker.importFundStatement(p, bad);
        QVERIFY(!mismatch.ok());
        QCOMPARE(mismatch.error().code, u"statement.hash_mismatch"_s);
        auto half = tracker.importFundStatement(
            p, fundReply(next, "fund file four",
                         {{p, u"W3"_s, day, at, 100}, {p, u"W4"_s, day, at, 0}}));
        QVERIFY(!half.ok());
        QCOMPARE(half.error().code, u"settlement.invalid"_s);
        FundStatementReply failed;
        failed.day = next;
        failed.status = ProviderStatus::failure(FailureReason::Other, u"x"_s, {}, u"no"_s);
        auto down = tracker.importFundStatement(p, failed);
        QVERIFY(!down.ok());
        QCOMPARE(down.error().code, u"settlement.download_failed"_s);
        QCOMPARE(count(u"SELECT COUNT(*) FROM statement_files WHERE kind = 'fund' AND"
                       " business_day = ?"_s,
                       {next.toString(Qt::ISODate)}),
                 0);
        QCOMPARE(count(u"SELECT COUNT(*) FROM settlements WHERE reference IN ('W3', 'W4', 'W9')"_s),
                 0);
        QCOMPARE(m_ledger->balance(u"bank"_s).value(), bank + 800);
        QCOMPARE(*tracker.lastFundDay(p).value(), day);
    }

    void describesEachState()
    {
        SettlementStatus s;
        s.provider = u"alipay"_s;
        s.day = QDate(2026, 1, 1);
        s.expectedBy = QDate(2026, 1, 2);
        s.state = SettlementStatus::State::Late;
        s.message = u"call 95188"_s;
        QVERIFY(SettlementTracker::describe(s, u"A"_s).contains(u"95188"_s));
        QCOMPARE(SettlementTracker::stateName(s.state), u"late"_s);
        QCOMPARE(SettlementTracker::stateName(SettlementStatus::State::Short), u"short"_s);
        QCOMPARE(SettlementTracker::stateName(SettlementStatus::State::OnTime), u"on_time"_s);
        QCOMPARE(SettlementTracker::stateName(SettlementStatus::State::Pending), u"pending"_s);
    }
};

QTEST_GUILESS_MAIN(TestSettlementTracker)
#include "tst_settlementtracker.moc"
