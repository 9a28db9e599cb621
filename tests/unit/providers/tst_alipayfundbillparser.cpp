// Alipay's fund bill (bill_type=signcustomer, 账务明细) from fixtures written by hand from the
// documented layout (tests/data/alipay/make_fund_fixtures.py): the withdrawals become payouts,
// the day each covers taken from its remark or T+1; every broken twin is refused whole.

#include "core/providers/alipay/alipayfundbillparser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
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

} // namespace

class TestAlipayFundBillParser : public QObject
{
    Q_OBJECT
private slots:
    void withdrawalsArePayouts()
    {
        auto r = AlipayFundBillParser::parse(readData(u"fundbill_ok.zip"_s), u"alipay"_s);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QCOMPARE(r.value().size(), 2);
        const Payout &onTime = r.value().at(0);
        QCOMPARE(onTime.provider, u"alipay"_s);
        QCOMPARE(onTime.reference, u"20260102555500000001"_s); // the TAB is gone
        QCOMPARE(onTime.amountMinor, 9407);
        QCOMPARE(onTime.coversDay, QDate(2026, 1, 1));
        QCOMPARE(onTime.paidAt, QDateTime(QDate(2026, 1, 1), QTime(22, 0), Qt::UTC));
        const Payout &late = r.value().at(1);
        QCOMPARE(late.amountMinor, 5000);
        QCOMPARE(late.coversDay, QDate(2025, 12, 30)); // named in its remark
    }

    void withoutARemarkItIsTPlusOne()
    {
        const QString text =
            u"#支付宝账务明细查询\r\n账务流水号,发生时间,收入金额（+元）,支出金额（-元）,业务类型,"
            u"备注\r\nP9\t,2026-03-05 06:00:00,0.00,-1.00,提现,\r\n"
            u"#支出合计：1笔，共-1.00元\r\n#收入合计：0笔，共0.00元\r\n"_s;
        auto r = AlipayFundBillParser::parseCsv(text, u"alipay"_s);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QCOMPARE(r.value().size(), 1);
        QCOMPARE(r.value().first().coversDay, QDate(2026, 3, 4));
        QCOMPARE(r.value().first().amountMinor, 100);
    }

    void brokenTwins_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("code");
        QTest::newRow("truncated zip") << u"fundbill_truncated.zip"_s << u"alipay.bill.not_zip"_s;
        QTest::newRow("no csv") << u"fundbill_no_csv.zip"_s << u"alipay.bill.no_csv"_s;
        QTest::newRow("not a zip") << u"bill_not_a_zip.zip"_s << u"alipay.bill.not_zip"_s;
        QTest::newRow("missing column")
            << u"fundbill_missing_column.zip"_s << u"alipay.fundbill.missing_column"_s;
        QTest::newRow("totals") << u"fundbill_bad_total.zip"_s << u"alipay.fundbill.totals"_s;
        QTest::newRow("bad amount")
            << u"fundbill_bad_amount.zip"_s << u"alipay.fundbill.bad_amount"_s;
        QTest::newRow("totals cut off")
            << u"fundbill_no_totals.zip"_s << u"alipay.fundbill.truncated"_s;
        QTest::newRow("both sides")
            << u"fundbill_both_sides.zip"_s << u"alipay.fundbill.bad_amount"_s;
        QTest::newRow("a trade bill") << u"bill_ok.zip"_s << u"alipay.fundbill.no_detail"_s;
    }

    void brokenTwins()
    {
        QFETCH(QString, file);
        QFETCH(QString, code);
        auto r = AlipayFundBillParser::parse(readData(file), u"alipay"_s);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QVERIFY(!r.error().message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAlipayFundBillParser)
#include "tst_alipayfundbillparser.moc"
