// StatementImporter on a real SQLite database with the real Alipay bill fixtures
// (tests/data/alipay): fee postings, idempotent re-import, a different file for the same day
// refused, and every broken kind refused with nothing stored.

#include "core/books/statementimporter.h"
#include "core/books/syncservice.h"
#include "core/crypto/crypto.h"
#include "core/ledger/ledger.h"
#include "core/providers/providerregistry.h"
#include "core/storage/database.h"
#include "core/util/clock.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {

QByteArray readData(const QString &name)
{
    const QString env = qEnvironmentVariable("PAYDESK_TEST_DATA");
    const QString base =
        env.isEmpty() ? QFileInfo(QStringLiteral(__FILE__)).absoluteDir().filePath(u"../../data"_s)
                      : env;
    QFile f(QDir(base).filePath(u"alipay/"_s + name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(f.fileName()));
    return f.readAll();
}

const QDate kDay(2026, 1, 1); // the fixtures' business day (Beijing)

} // namespace

class TestStatementImporter : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_n = 0;
    std::unique_ptr<Database> m_db;
    ManualClock m_clock;
    ProviderRegistry m_registry;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<StatementImporter> m_importer;

    qint64 count(const QString &table)
    {
        auto v = m_db->scalar(u"SELECT COUNT(*) FROM "_s + table);
        return v.ok() && v.value() ? v.value()->toLongLong() : -1;
    }
    qint64 balance(const QString &account)
    {
        auto b = m_ledger->balance(account);
        return b.ok() ? b.value() : -999999;
    }
    void verifyNothingStored()
    {
        QCOMPARE(count(u"statement_files"_s), 0);
        QCOMPARE(count(u"statement_lines"_s), 0);
        QCOMPARE(count(u"journal_entries"_s), 0);
    }

private slots:
    void initTestCase() { registerBuiltinProviders(m_registry); }

    void init()
    {
        auto db = Database::open(m_dir.filePath(u"s%1.sqlite"_s.arg(++m_n)));
        QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().message));
        m_db = std::move(db).value();
        m_ledger = std::make_unique<Ledger>(*m_db, m_clock);
        m_importer = std::make_unique<StatementImporter>(*m_db, *m_ledger, m_registry, m_clock);
    }

    void cleanup()
    {
        m_importer.reset();
        m_ledger.reset();
        m_db.reset();
    }

    void importsLinesRawFileAndFees()
    {
        const QByteArray raw = readData(u"bill_ok.zip"_s);
        auto r = m_importer->importFile(u"alipay"_s, raw);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QCOMPARE(r.value().provider, u"alipay"_s);
        QCOMPARE(r.value().businessDay, kDay); // told by the lines' Beijing day
        QCOMPARE(r.value().lines, 3);
        QCOMPARE(r.value().fileSha256, QString::fromLatin1(crypto::sha256(raw).toHex()));
        QVERIFY(!r.value().alreadyImported);
        QCOMPARE(r.value().feesMinor, 7 - 1 + 60);
        QCOMPARE(r.value().feeEntries, 3);

        // The raw file byte for byte, its lines, each fee posting referenced to its line.
        auto stored =
            m_db->scalar(u"SELECT raw FROM statement_files WHERE id = ?"_s, {r.value().fileId});
        QVERIFY(stored.ok() && stored.value());
        QCOMPARE(stored.value()->toByteArray(), raw);
        QCOMPARE(count(u"statement_lines"_s), 3);
        auto q = m_db->exec(u"SELECT line_no, kind, out_trade_no, out_request_no, amount_minor,"
                            " fee_minor, fee_entry_id, business_day FROM statement_lines"
                            " ORDER BY line_no"_s);
        QVERIFY(q.ok());
        QSqlQuery &rows = q.value();
        QVERIFY(rows.next());
        QCOMPARE(rows.value(1).toString(), u"payment"_s);
        QCOMPARE(rows.value(4).toLongLong(), 1234);
        QCOMPARE(rows.value(5).toLongLong(), 7);
        QCOMPARE(rows.value(7).toString(), u"2026-01-01"_s);
        const qint64 firstFee = rows.value(6).toLongLong();
        QVERIFY(rows.next());
        QCOMPARE(rows.value(1).toString(), u"refund"_s);
        QCOMPARE(rows.value(3).toString(), u"RF20260101000001"_s);
        QCOMPARE(rows.value(4).toLongLong(), -200);
        QCOMPARE(rows.value(5).toLongLong(), -1);
        const qint64 returnedFee = rows.value(6).toLongLong();

        auto entries = m_ledger->entries(u"fee:alipay:2026-01-01:1"_s);
        QVERIFY(entries.ok());
        QCOMPARE(entries.value().size(), 1);
        QCOMPARE(entries.value().first().id, firstFee);
        QCOMPARE(entries.value().first().postings.size(), 2);
        QCOMPARE(entries.value().first().postings.at(0).account, u"expense:fees"_s);
        QCOMPARE(entries.value().first().postings.at(0).amountMinor, 7);
        QCOMPARE(entries.value().first().postings.at(1).account, u"clearing:alipay"_s);
        QCOMPARE(entries.value().first().postings.at(1).amountMinor, -7);
        // The fee returned on the refund goes the other way.
        entries = m_ledger->entries(u"fee:alipay:2026-01-01:2"_s);
        QVERIFY(entries.ok());
        QCOMPARE(entries.value().size(), 1);
        QCOMPARE(entries.value().first().id, returnedFee);
        QCOMPARE(entries.value().first().postings.at(0).amountMinor, -1);
        QCOMPARE(entries.value().first().postings.at(1).amountMinor, 1);

        QCOMPARE(balance(u"expense:fees"_s), 66);
        QCOMPARE(balance(u"clearing:alipay"_s), -66);
        auto last = m_importer->lastImportedDay(u"alipay"_s);
        QVERIFY(last.ok() && last.value());
        QCOMPARE(*last.value(), kDay);
    }

    void findsTheProviderOfAFile()
    {
        auto r = m_importer->importFile(QString(), readData(u"bill_utf8.zip"_s));
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QCOMPARE(r.value().provider, u"alipay"_s);
        QCOMPARE(r.value().lines, 3);
    }

    void sameFileTwiceIsANoOp()
    {
        const QByteArray raw = readData(u"bill_ok.zip"_s);
        QVERIFY(m_importer->importFile(u"alipay"_s, raw).ok());
        const qint64 entries = count(u"journal_entries"_s);
        auto again = m_importer->importFile(u"alipay"_s, raw);
        QVERIFY2(again.ok(), again.ok() ? "" : qPrintable(again.error().message));
        QVERIFY(again.value().alreadyImported);
        QCOMPARE(again.value().lines, 3);
        QCOMPARE(again.value().feeEntries, 0);
        QCOMPARE(count(u"statement_files"_s), 1);
        QCOMPARE(count(u"statement_lines"_s), 3);
        QCOMPARE(count(u"journal_entries"_s), entries);
        QCOMPARE(balance(u"expense:fees"_s), 66);
    }

    void aDifferentFileForTheSameDayIsRefused()
    {
        QVERIFY(m_importer->importFile(u"alipay"_s, readData(u"bill_ok.zip"_s)).ok());
        auto other = m_importer->importFile(u"alipay"_s, readData(u"bill_utf8.zip"_s), kDay);
        QVERIFY(!other.ok());
        QCOMPARE(other.error().code, u"statement.day_conflict"_s);
        QVERIFY(other.error().message.contains(u"2026-01-01"_s));
        QCOMPARE(count(u"statement_files"_s), 1);
        QCOMPARE(count(u"statement_lines"_s), 3);
        QCOMPARE(balance(u"expense:fees"_s), 66);
    }

    void brokenFilesLeaveNothing_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("code");
        QByteArray truncated = readData(u"bill_ok.zip"_s);
        truncated.chop(40);
        QTest::newRow("truncated") << u"alipay"_s << truncated << u"alipay.bill.not_zip"_s;
        QTest::newRow("not a zip")
            << u"alipay"_s << readData(u"bill_not_a_zip.zip"_s) << u"alipay.bill.not_zip"_s;
        QTest::newRow("no csv inside")
            << u"alipay"_s << readData(u"bill_no_csv.zip"_s) << u"alipay.bill.no_csv"_s;
        QTest::newRow("missing column") << u"alipay"_s << readData(u"bill_missing_column.zip"_s)
                                        << u"alipay.bill.missing_column"_s;
        QTest::newRow("bad amount")
            << u"alipay"_s << readData(u"bill_bad_amount.zip"_s) << QString();
        QTest::newRow("short row") << u"alipay"_s << readData(u"bill_short_row.zip"_s) << QString();
        QTest::newRow("bad type") << u"alipay"_s << readData(u"bill_bad_type.zip"_s) << QString();
        QTest::newRow("wrong provider's parser")
            << u"wechatpay"_s << readData(u"bill_ok.zip"_s) << QString();
        QTest::newRow("wrong encoding for WeChat Pay")
            << u"wechatpay"_s << QByteArray("\xd6\xa7\xb8\xb6\xb1\xa6,\xc9\xcc\xbb\xa7\r\n")
            << QString();
        QTest::newRow("empty") << u"alipay"_s << QByteArray() << u"statement.empty_file"_s;
        QTest::newRow("unknown provider")
            << u"nopay"_s << readData(u"bill_ok.zip"_s) << u"statement.unknown_provider"_s;
        QTest::newRow("nobody's statement")
            << QString() << QByteArray("hello, world\n") << u"statement.unrecognised"_s;
    }

    void brokenFilesLeaveNothing()
    {
        QFETCH(QString, provider);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, code);
        auto r = m_importer->importFile(provider, bytes);
        QVERIFY(!r.ok());
        if (!code.isEmpty())
            QCOMPARE(r.error().code, code);
        QVERIFY(!r.error().message.isEmpty());
        verifyNothingStored();
    }

    void aDownloadThatDoesNotMatchItsHashIsRefused()
    {
        const QByteArray raw = readData(u"bill_ok.zip"_s);
        auto lines = alipayParse(raw);
        QVERIFY(lines.ok());
        StatementReply reply;
        reply.status = ProviderStatus::success();
        reply.day = kDay;
        reply.rawFile = raw;
        reply.sha256 = crypto::sha256(raw + "x");
        reply.lines = lines.value();
        auto r = m_importer->importDownloaded(u"alipay"_s, reply);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, u"statement.hash_mismatch"_s);
        verifyNothingStored();

        reply.sha256 = crypto::sha256(raw);
        r = m_importer->importDownloaded(u"alipay"_s, reply);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        auto source = m_db->scalar(u"SELECT source FROM statement_files"_s);
        QVERIFY(source.ok() && source.value());
        QCOMPARE(source.value()->toString(), u"download"_s);
    }

    void aFailedDownloadStoresNothing()
    {
        StatementReply reply;
        reply.status = ProviderStatus::unknownOutcome(FailureReason::NetworkTrouble, u"timeout"_s,
                                                      u"no answer"_s);
        reply.day = kDay;
        auto r = m_importer->importDownloaded(u"alipay"_s, reply);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, u"statement.download_failed"_s);
        verifyNothingStored();
    }

    void catchUpStartsAfterTheLastDayAndIsBounded()
    {
        ManualClock clock(QDateTime(QDate(2026, 1, 5), QTime(3, 0), Qt::UTC)); // 11:00 Beijing
        SyncService sync(
            *m_importer, [] { return QList<PaymentProvider *>(); }, clock);
        QCOMPARE(sync.yesterday(), QDate(2026, 1, 4));
        // Nothing synced yet: yesterday only. A given day: that day only.
        QCOMPARE(sync.daysToSync(u"alipay"_s, std::nullopt), QList<QDate>{QDate(2026, 1, 4)});
        QCOMPARE(sync.daysToSync(u"alipay"_s, QDate(2025, 12, 1)),
                 QList<QDate>{QDate(2025, 12, 1)});
        QVERIFY(m_importer->importFile(u"alipay"_s, readData(u"bill_ok.zip"_s)).ok());
        const QList<QDate> missed = sync.daysToSync(u"alipay"_s, std::nullopt);
        QCOMPARE(missed, (QList<QDate>{QDate(2026, 1, 2), QDate(2026, 1, 3), QDate(2026, 1, 4)}));
        clock.setNow(QDateTime(QDate(2026, 3, 1), QTime(3, 0), Qt::UTC));
        const QList<QDate> bounded = sync.daysToSync(u"alipay"_s, std::nullopt);
        QCOMPARE(bounded.size(), SyncService::kMaxCatchUpDays);
        QCOMPARE(bounded.last(), QDate(2026, 2, 28));
        QCOMPARE(bounded.first(), QDate(2026, 1, 29));
        // Just before midnight UTC is already the next day in Beijing.
        clock.setNow(QDateTime(QDate(2026, 1, 5), QTime(16, 30), Qt::UTC));
        QCOMPARE(sync.yesterday(), QDate(2026, 1, 5));
    }

private:
    Result<QList<StatementLine>> alipayParse(const QByteArray &raw)
    {
        return m_registry.find(u"alipay"_s)->parseTradeStatement(raw);
    }
};

QTEST_GUILESS_MAIN(TestStatementImporter)
#include "tst_statementimporter.moc"
