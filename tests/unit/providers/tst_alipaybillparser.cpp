#include "core/providers/alipay/alipaybillparser.h"

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

QDateTime utc(int h, int m, int s)
{
    return QDateTime(QDate(2026, 1, 1), QTime(h, m, s), Qt::UTC);
}

// The column header row of Alipay's detail CSV (protocol data). clang-format is not
// idempotent on this literal.
// clang-format off
const QString kHeader = QString::fromUtf8("\xe6\x94\xaf\xe4\xbb\x98\xe5\xae\x9d\xe4\xba\xa4\xe6\x98\x93\xe5\x8f\xb7"
                          "," // 支付宝交易号
                          "\xe5\x95\x86\xe6\x88\xb7\xe8\xae\xa2\xe5\x8d\x95\xe5\x8f\xb7," // 商户订单号
                          "\xe4\xb8\x9a\xe5\x8a\xa1\xe7\xb1\xbb\xe5\x9e\x8b," // 业务类型
                          "\xe5\x88\x9b\xe5\xbb\xba\xe6\x97\xb6\xe9\x97\xb4," // 创建时间
                          "\xe5\xae\x8c\xe6\x88\x90\xe6\x97\xb6\xe9\x97\xb4," // 完成时间
                          "\xe8\xae\xa2\xe5\x8d\x95\xe9\x87\x91\xe9\xa2\x9d\xef\xbc\x88\xe5\x85\x83"
                          "\xef\xbc\x89," // 订单金额（元）
                          "\xe5\x95\x86\xe5\xae\xb6\xe5\xae\x9e\xe6\x94\xb6\xef\xbc\x88\xe5\x85\x83"
                          "\xef\xbc\x89," // 商家实收（元）
                          "\xe9\x80\x80\xe6\xac\xbe\xe6\x89\xb9\xe6\xac\xa1\xe5\x8f\xb7/"
                          "\xe8\xaf\xb7\xe6\xb1\x82\xe5\x8f\xb7," // 退款批次号/请求号
                          "\xe6\x9c\x8d\xe5\x8a\xa1\xe8\xb4\xb9\xef\xbc\x88\xe5\x85\x83\xef\xbc"
                          "\x89");
// clang-format on                                      // 服务费（元）
const QString kPayment = QString::fromUtf8("\xe4\xba\xa4\xe6\x98\x93"); // 交易
const QString kRefund = QString::fromUtf8("\xe9\x80\x80\xe6\xac\xbe");  // 退款

} // namespace

class TestAlipayBillParser : public QObject
{
    Q_OBJECT
private slots:
    void parsesFixture()
    {
        auto result = AlipayBillParser::parse(readData(u"bill_ok.zip"_s));
        QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().message));
        const QList<StatementLine> lines = result.value();
        QCOMPARE(lines.size(), 3);

        const StatementLine &pay = lines.at(0);
        QCOMPARE(pay.kind, StatementLine::Kind::Payment);
        QCOMPARE(pay.transactionId, u"2026010122001400001000000001"_s); // trailing TAB gone
        QCOMPARE(pay.outTradeNo, u"S01T0120260101100000001"_s);
        QVERIFY(pay.outRequestNo.isEmpty());
        QCOMPARE(pay.amount, Money::fromMinor(1234));
        QCOMPARE(pay.received, Money::fromMinor(1234));
        QCOMPARE(pay.fee, Money::fromMinor(7));
        QCOMPARE(pay.createdAt, utc(2, 0, 0)); // 10:00 Beijing
        QCOMPARE(pay.finishedAt, utc(2, 0, 5));
        QCOMPARE(pay.storeId, u"S01"_s);
        QCOMPARE(pay.subject, QString::fromUtf8("\xe5\x92\x96\xe5\x95\xa1")); // 咖啡 from GBK

        const StatementLine &refund = lines.at(1);
        QCOMPARE(refund.kind, StatementLine::Kind::Refund);
        QCOMPARE(refund.transactionId, u"2026010122001400001000000001"_s);
        QCOMPARE(refund.outTradeNo, u"S01T0120260101100000001"_s);
        QCOMPARE(refund.outRequestNo, u"RF20260101000001"_s);
        QCOMPARE(refund.amount, Money::fromMinor(-200));
        QCOMPARE(refund.received, Money::fromMinor(-200));
        QCOMPARE(refund.fee, Money::fromMinor(-1));
        QCOMPARE(refund.finishedAt, utc(3, 30, 0));
        QCOMPARE(refund.remark,
                 QString::fromUtf8("\xe9\xa1\xbe\xe5\xae\xa2\xe9\x80\x80\xe8\xb4\xa7"));

        const StatementLine &second = lines.at(2);
        QCOMPARE(second.kind, StatementLine::Kind::Payment);
        QCOMPARE(second.outTradeNo, u"S01T0120260101120000002"_s);
        QCOMPARE(second.subject,
                 QString::fromUtf8("\xe8\x9b\x8b\xe7\xb3\x95, \xe5\xa4\xa7")); // quoted comma
        QCOMPARE(second.amount, Money::fromMinor(10000));
        QCOMPARE(second.fee, Money::fromMinor(60));
    }

    void utf8BillWithoutBom()
    {
        auto result = AlipayBillParser::parse(readData(u"bill_utf8.zip"_s));
        QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().message));
        QCOMPARE(result.value().size(), 3);
        QCOMPARE(result.value().at(0).subject, QString::fromUtf8("\xe5\x92\x96\xe5\x95\xa1"));
        QCOMPARE(result.value().at(1).outRequestNo, u"RF20260101000001"_s);
    }

    void emptyDay()
    {
        auto result = AlipayBillParser::parse(readData(u"bill_empty_day.zip"_s));
        QVERIFY(result.ok());
        QVERIFY(result.value().isEmpty());
    }

    void brokenFiles_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not a zip")
            << readData(u"bill_not_a_zip.zip"_s) << u"alipay.bill.not_zip"_s << QString();
        QTest::newRow("empty") << QByteArray() << u"alipay.bill.not_zip"_s << QString();
        QByteArray truncated = readData(u"bill_ok.zip"_s);
        truncated.chop(40);
        QTest::newRow("truncated zip") << truncated << u"alipay.bill.not_zip"_s << QString();
        QTest::newRow("zip without csv")
            << readData(u"bill_no_csv.zip"_s) << u"alipay.bill.no_csv"_s << QString();
        QTest::newRow("missing column")
            << readData(u"bill_missing_column.zip"_s) << u"alipay.bill.missing_column"_s
            << QString::fromUtf8("\xe6\x9c\x8d\xe5\x8a\xa1\xe8\xb4\xb9"); // 服务费
        QTest::newRow("bad amount")
            << readData(u"bill_bad_amount.zip"_s) << u"alipay.bill.bad_row"_s << u"100.0O"_s;
        QTest::newRow("unknown business type")
            << readData(u"bill_bad_type.zip"_s) << u"alipay.bill.bad_row"_s << QString();
        QTest::newRow("short row")
            << readData(u"bill_short_row.zip"_s) << u"alipay.bill.bad_row"_s << u"Line 7"_s;
    }
    void brokenFiles()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, code);
        QFETCH(QString, mentions);
        auto result = AlipayBillParser::parse(bytes);
        QVERIFY(!result.ok()); // and therefore no lines at all: never half a day
        QCOMPARE(result.error().code, code);
        QVERIFY(!result.error().message.isEmpty());
        if (!mentions.isEmpty())
            QVERIFY2(result.error().message.contains(mentions), qPrintable(result.error().message));
    }

    void signsAreNormalised()
    {
        // A file that writes refunds positive and charged fees negative still yields
        // negative refunds and positive fees on payments.
        const QString csv = u"#comment\n"_s + kHeader + u"\n"_s + u"T1\t,O1\t,"_s + kPayment +
                            u",2026-01-01 10:00:00,2026-01-01 10:00:01,1.00,1.00,,-0.01\n"_s +
                            u"T1\t,O1\t,"_s + kRefund +
                            u",2026-01-01 10:00:00,2026-01-01 10:05:00,0.50,0.50,R1\t,0.00\n"_s;
        auto result = AlipayBillParser::parseCsv(csv);
        QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().message));
        QCOMPARE(result.value().size(), 2);
        QCOMPARE(result.value().at(0).fee, Money::fromMinor(1));
        QCOMPARE(result.value().at(1).amount, Money::fromMinor(-50));
        QCOMPARE(result.value().at(1).fee, Money::fromMinor(0));
        QCOMPARE(result.value().at(1).outRequestNo, u"R1"_s);
    }

    void refundWithoutRequestNoIsAnError()
    {
        const QString csv = kHeader + u"\n"_s + u"T1,O1,"_s + kRefund +
                            u",2026-01-01 10:00:00,2026-01-01 10:05:00,-0.50,-0.50,,0.00\n"_s;
        auto result = AlipayBillParser::parseCsv(csv);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, u"alipay.bill.bad_row"_s);
    }

    void noHeaderIsAnError()
    {
        auto result = AlipayBillParser::parseCsv(u"#only comments\n#nothing else\n"_s);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, u"alipay.bill.no_header"_s);
    }
};

QTEST_GUILESS_MAIN(TestAlipayBillParser)
#include "tst_alipaybillparser.moc"
