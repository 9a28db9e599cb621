// JournalExporter: Beancount account names (data-driven), the store-day range in the store's
// zone, the general-journal CSV's debit/credit columns, and Beancount text for every entry.
#include "core/ledger/ledger.h"
#include "core/reports/journalexporter.h"
#include "core/storage/database.h"
#include "core/util/clock.h"

#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;

class TestJournalExporter : public QObject
{
    Q_OBJECT
private slots:
    void beancountAccount_data();
    void beancountAccount();
    void rangeIsInStoreDays();
    void csvHasDebitAndCredit();
    void beancountOpensAccountsAndBooksEveryEntry();
    void badRangeIsRefused();

private:
    void book();
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    ManualClock m_clock;
    std::unique_ptr<Ledger> m_ledger;
    int m_n = 0;
};

void TestJournalExporter::beancountAccount_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("clearing") << "clearing:alipay"
                              << "asset"
                              << "Assets:Clearing:Alipay";
    QTest::newRow("bank") << "bank"
                          << "asset"
                          << "Assets:Bank";
    QTest::newRow("sales") << "revenue:sales"
                           << "revenue"
                           << "Income:Sales";
    QTest::newRow("refunds") << "revenue:refunds"
                             << "revenue"
                             << "Income:Refunds";
    QTest::newRow("fees") << "expense:fees"
                          << "expense"
                          << "Expenses:Fees";
    QTest::newRow("equity") << "adjustments"
                            << "equity"
                            << "Equity:Adjustments";
    QTest::newRow("odd chars") << "clearing:we chat_pay!"
                               << "asset"
                               << "Assets:Clearing:We-chat-pay";
    QTest::newRow("digit first") << "clearing:1pay"
                                 << "asset"
                                 << "Assets:Clearing:1pay";
    QTest::newRow("unknown kind") << "misc"
                                  << ""
                                  << "Equity:Misc";
}

void TestJournalExporter::beancountAccount()
{
    QFETCH(QString, code);
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    QCOMPARE(JournalExporter::beancountAccount(code, kind), expected);
}

void TestJournalExporter::book()
{
    auto db = Database::open(m_dir.filePath(QStringLiteral("j%1.sqlite").arg(++m_n)));
    QVERIFY(db.ok());
    m_db = std::move(db).value();
    m_ledger = std::make_unique<Ledger>(*m_db, m_clock);
    // 2026-11-23 15:59:59 UTC is 23:59:59 in Shanghai; 16:00:01 UTC is the 24th there.
    m_clock.setNow(QDateTime(QDate(2026, 11, 23), QTime(15, 59, 59), Qt::UTC));
    QVERIFY(m_ledger
                ->post(QStringLiteral("Sale T1"),
                       {{QStringLiteral("clearing:alipay"), 1234},
                        {QStringLiteral("revenue:sales"), -1234}},
                       QStringLiteral("T1"), QStringLiteral("carl"))
                .ok());
    m_clock.setNow(QDateTime(QDate(2026, 11, 23), QTime(16, 0, 1), Qt::UTC));
    QVERIFY(m_ledger
                ->post(QStringLiteral("Refund \"T1\", 顾客退货"),
                       {{QStringLiteral("revenue:refunds"), 250},
                        {QStringLiteral("clearing:alipay"), -250}},
                       QStringLiteral("T1-R1"), QStringLiteral("carl"))
                .ok());
}

void TestJournalExporter::rangeIsInStoreDays()
{
    book();
    const JournalExporter shanghai(*m_ledger, QTimeZone("Asia/Shanghai"));
    auto day23 = shanghai.exportRange(QDate(2026, 11, 23), QDate(2026, 11, 23),
                                      JournalExporter::Format::Csv);
    QVERIFY(day23.ok());
    QCOMPARE(day23.value().entries, 1);
    QCOMPARE(day23.value().postings, 2);
    auto both = shanghai.exportRange(QDate(2026, 11, 23), QDate(2026, 11, 24),
                                     JournalExporter::Format::Csv);
    QCOMPARE(both.value().entries, 2);
    const JournalExporter utc(*m_ledger, QTimeZone::utc());
    QCOMPARE(utc.exportRange(QDate(2026, 11, 23), QDate(2026, 11, 23), JournalExporter::Format::Csv)
                 .value()
                 .entries,
             2);
}

void TestJournalExporter::csvHasDebitAndCredit()
{
    book();
    const JournalExporter exporter(*m_ledger, QTimeZone("Asia/Shanghai"));
    const QString csv = QString::fromUtf8(
        exporter.exportRange(QDate(2026, 11, 23), QDate(2026, 11, 24), JournalExporter::Format::Csv)
            .value()
            .text);
    const QStringList lines = csv.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QCOMPARE(
        lines[0],
        QStringLiteral("date,time,entry,reference,memo,operator,account,debit,credit,currency"));
    QCOMPARE(lines[1], QStringLiteral("2026-11-23,23:59:59,1,T1,Sale T1,carl,clearing:alipay,"
                                      "12.34,,CNY"));
    QCOMPARE(lines[2],
             QStringLiteral("2026-11-23,23:59:59,1,T1,Sale T1,carl,revenue:sales,,12.34,CNY"));
    QCOMPARE(lines[3], QStringLiteral("2026-11-24,00:00:01,2,T1-R1,\"Refund \"\"T1\"\", "
                                      "顾客退货\",carl,revenue:refunds,2.50,,CNY"));
}

void TestJournalExporter::beancountOpensAccountsAndBooksEveryEntry()
{
    book();
    const JournalExporter exporter(*m_ledger, QTimeZone("Asia/Shanghai"));
    auto out = exporter.exportRange(QDate(2026, 11, 23), QDate(2026, 11, 24),
                                    JournalExporter::Format::Beancount);
    QVERIFY(out.ok());
    const QString text = QString::fromUtf8(out.value().text);
    QVERIFY(text.contains(QStringLiteral("option \"operating_currency\" \"CNY\"")));
    QVERIFY(text.contains(QStringLiteral("2026-11-23 open Assets:Clearing:Alipay CNY\n")));
    QVERIFY(text.contains(QStringLiteral("2026-11-23 open Income:Sales CNY\n")));
    QVERIFY(text.contains(QStringLiteral("2026-11-23 open Income:Refunds CNY\n")));
    QVERIFY(!text.contains(QStringLiteral("Assets:Bank"))); // unused accounts are not opened
    QVERIFY(text.contains(QStringLiteral("2026-11-23 * \"Sale T1\"\n")));
    QVERIFY(text.contains(QStringLiteral("  Assets:Clearing:Alipay  12.34 CNY\n")));
    QVERIFY(text.contains(QStringLiteral("  Income:Sales  -12.34 CNY\n")));
    QVERIFY(text.contains(QStringLiteral("2026-11-24 * \"Refund \\\"T1\\\", 顾客退货\"\n")));
    QVERIFY(text.contains(QStringLiteral("  Assets:Clearing:Alipay  -2.50 CNY\n")));
    QCOMPARE(text.count(QStringLiteral(" * \"")), 2);
}

void TestJournalExporter::badRangeIsRefused()
{
    book();
    const JournalExporter exporter(*m_ledger, QTimeZone::utc());
    auto r = exporter.exportRange(QDate(2026, 11, 24), QDate(2026, 11, 23),
                                  JournalExporter::Format::Csv);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("reports.bad_range"));
}

QTEST_GUILESS_MAIN(TestJournalExporter)
#include "tst_journalexporter.moc"
