// WeChat Pay's trade bill (bill_type=ALL): backticks, BOM, CRLF, summary rows, refund rows, and
// every way a file can be cut short or disagree with itself — an error, never half a day.
#include "core/providers/wechatpay/wechatpaybillparser.h"

#include <QtTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {

const QString kHeader =
    u"交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,"
    "交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,"
    "充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,"
    "费率备注"_s;
const QString kSummaryHeader =
    u"总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"_s;

QString row(const QStringList &fields)
{
    QStringList out;
    for (const QString &f : fields)
        out << u'`' + f;
    return out.join(u',');
}

QString payment(const QString &time, const QString &txn, const QString &out, const QString &yuan,
                const QString &fee)
{
    return row({time,
                u"wx2421b1c4370ec43b"_s,
                u"1900000001"_s,
                u"0"_s,
                u"PD"_s,
                txn,
                out,
                u"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"_s,
                u"NATIVE"_s,
                u"SUCCESS"_s,
                u"OTHERS"_s,
                u"CNY"_s,
                yuan,
                u"0.00"_s,
                u"0"_s,
                u"0"_s,
                u"0.00"_s,
                u"0.00"_s,
                QString(),
                QString(),
                u"Green tea"_s,
                QString(),
                fee,
                u"0.60%"_s,
                yuan,
                u"0.00"_s,
                QString()});
}

QString refund(const QString &time, const QString &txn, const QString &out, const QString &refundNo,
               const QString &yuan, const QString &fee)
{
    return row({time,
                u"wx2421b1c4370ec43b"_s,
                u"1900000001"_s,
                u"0"_s,
                u"PD"_s,
                txn,
                out,
                u"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"_s,
                u"NATIVE"_s,
                u"REFUND"_s,
                u"OTHERS"_s,
                u"CNY"_s,
                u"0.00"_s,
                u"0.00"_s,
                u"50300000001"_s,
                refundNo,
                yuan,
                u"0.00"_s,
                u"ORIGINAL"_s,
                u"SUCCESS"_s,
                u"Green tea"_s,
                QString(),
                fee,
                u"0.60%"_s,
                u"12.34"_s,
                yuan,
                QString()});
}

QByteArray bill(const QStringList &rows, const QString &summary, bool bom = true,
                const QString &eol = u"\r\n"_s)
{
    QString text = kHeader + eol;
    for (const QString &r : rows)
        text += r + eol;
    text += kSummaryHeader + eol + summary + eol;
    QByteArray bytes = text.toUtf8();
    return bom ? "\xEF\xBB\xBF" + bytes : bytes;
}

QByteArray goodBill(bool bom = true, const QString &eol = u"\r\n"_s)
{
    return bill(
        {payment(u"2026-12-01 10:00:00"_s, u"4200000001"_s, u"PD-A-000001"_s, u"12.34"_s,
                 u"0.07"_s),
         payment(u"2026-12-01 23:59:59"_s, u"4200000002"_s, u"PD-A-000002"_s, u"8.80"_s, u"0.05"_s),
         refund(u"2026-12-01 12:00:00"_s, u"4200000001"_s, u"PD-A-000001"_s, u"RF-000001"_s,
                u"5.00"_s, u"-0.03"_s)},
        row({u"3"_s, u"21.14"_s, u"5.00"_s, u"0.00"_s, u"0.09"_s, u"21.14"_s, u"5.00"_s}), bom,
        eol);
}

} // namespace

class TestWechatPayBillParser : public QObject
{
    Q_OBJECT
private slots:
    void parsesPaymentsAndRefunds();
    void bomAndLineEndingsDoNotMatter();
    void refusesBrokenFiles_data();
    void refusesBrokenFiles();
};

void TestWechatPayBillParser::parsesPaymentsAndRefunds()
{
    auto lines = WechatPayBillParser::parse(goodBill());
    QVERIFY2(lines.ok(), qPrintable(lines.ok() ? QString() : lines.error().message));
    QCOMPARE(lines.value().size(), 3);

    const StatementLine &first = lines.value().at(0);
    QCOMPARE(int(first.kind), int(StatementLine::Kind::Payment));
    QCOMPARE(first.transactionId, u"4200000001"_s); // the backtick is gone
    QCOMPARE(first.outTradeNo, u"PD-A-000001"_s);
    QCOMPARE(first.amount, Money::fromMinor(1234));
    QCOMPARE(first.received, Money::fromMinor(1234));
    QCOMPARE(first.fee, Money::fromMinor(7));
    QCOMPARE(first.subject, u"Green tea"_s);
    QCOMPARE(first.storeId, u"PD"_s);
    // Beijing 10:00 is 02:00 UTC.
    QCOMPARE(first.createdAt, QDateTime(QDate(2026, 12, 1), QTime(2, 0), Qt::UTC));
    // 23:59:59 in Beijing is still the same business day, 15:59:59 UTC.
    QCOMPARE(lines.value().at(1).createdAt,
             QDateTime(QDate(2026, 12, 1), QTime(15, 59, 59), Qt::UTC));

    const StatementLine &back = lines.value().at(2);
    QCOMPARE(int(back.kind), int(StatementLine::Kind::Refund));
    QCOMPARE(back.outTradeNo, u"PD-A-000001"_s);
    QCOMPARE(back.outRequestNo, u"RF-000001"_s);
    QCOMPARE(back.amount, Money::fromMinor(-500));
    QCOMPARE(back.received, Money::fromMinor(-500));
    QCOMPARE(back.fee, Money::fromMinor(-3)); // the fee returned
}

void TestWechatPayBillParser::bomAndLineEndingsDoNotMatter()
{
    for (const bool bom : {true, false})
        for (const QString &eol : {u"\r\n"_s, u"\n"_s}) {
            auto lines = WechatPayBillParser::parse(goodBill(bom, eol));
            QVERIFY2(lines.ok(), qPrintable(lines.ok() ? QString() : lines.error().message));
            QCOMPARE(lines.value().size(), 3);
            QCOMPARE(lines.value().at(0).transactionId, u"4200000001"_s);
        }
    // An empty day: header, summary with zero rows.
    auto empty = WechatPayBillParser::parse(
        bill({}, row({u"0"_s, u"0.00"_s, u"0.00"_s, u"0.00"_s, u"0.00"_s, u"0.00"_s, u"0.00"_s})));
    QVERIFY(empty.ok());
    QVERIFY(empty.value().isEmpty());
}

void TestWechatPayBillParser::refusesBrokenFiles_data()
{
    QTest::addColumn<QByteArray>("file");
    const QByteArray good = goodBill();
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("only a BOM") << QByteArray("\xEF\xBB\xBF");
    QTest::newRow("cut mid-line") << good.left(good.size() - 5);
    QTest::newRow("last line break missing") << good.left(good.size() - 2);
    // Cut after a whole detail row: every byte arrived up to a line break, the summary did not.
    const qsizetype secondRow = good.indexOf("\r\n`2026-12-01 23:59:59");
    QTest::newRow("cut before the summary") << good.left(secondRow + 2);
    const qsizetype summaryRow = good.lastIndexOf("`3,");
    QTest::newRow("summary row missing") << good.left(summaryRow);
    QTest::newRow("count disagrees") << bill(
        {payment(u"2026-12-01 10:00:00"_s, u"4200000001"_s, u"PD-1"_s, u"1.00"_s, u"0.01"_s)},
        row({u"2"_s, u"1.00"_s, u"0.00"_s, u"0.00"_s, u"0.01"_s, u"1.00"_s, u"0.00"_s}));
    QTest::newRow("refunds disagree")
        << bill({refund(u"2026-12-01 10:00:00"_s, u"4200000001"_s, u"PD-1"_s, u"RF-1"_s, u"1.00"_s,
                        u"-0.01"_s)},
                row({u"1"_s, u"0.00"_s, u"2.00"_s, u"0.00"_s, u"-0.01"_s, u"0.00"_s, u"1.00"_s}));
    QTest::newRow("unknown state")
        << bill({payment(u"2026-12-01 10:00:00"_s, u"4200000001"_s, u"PD-1"_s, u"1.00"_s, u"0.01"_s)
                     .replace(u"`SUCCESS"_s, u"`WHATEVER"_s)},
                row({u"1"_s, u"1.00"_s, u"0.00"_s, u"0.00"_s, u"0.01"_s, u"1.00"_s, u"0.00"_s}));
    QTest::newRow("bad amount") << bill(
        {payment(u"2026-12-01 10:00:00"_s, u"4200000001"_s, u"PD-1"_s, u"1.0x"_s, u"0.01"_s)},
        row({u"1"_s, u"1.00"_s, u"0.00"_s, u"0.00"_s, u"0.01"_s, u"1.00"_s, u"0.00"_s}));
    QTest::newRow("short row") << bill(
        {u"`2026-12-01 10:00:00,`wx,`1900000001"_s},
        row({u"1"_s, u"1.00"_s, u"0.00"_s, u"0.00"_s, u"0.01"_s, u"1.00"_s, u"0.00"_s}));
    QByteArray noColumn = goodBill();
    noColumn.replace("商户订单号", "商户单号");
    QTest::newRow("column missing") << noColumn;
    QTest::newRow("refund without number")
        << bill({refund(u"2026-12-01 10:00:00"_s, u"4200000001"_s, u"PD-1"_s, QString(), u"1.00"_s,
                        u"-0.01"_s)},
                row({u"1"_s, u"0.00"_s, u"1.00"_s, u"0.00"_s, u"-0.01"_s, u"0.00"_s, u"1.00"_s}));
}

void TestWechatPayBillParser::refusesBrokenFiles()
{
    QFETCH(QByteArray, file);
    auto lines = WechatPayBillParser::parse(file);
    QVERIFY(!lines.ok());
    QCOMPARE(lines.error().code, u"wechatpay.bill.malformed"_s);
    QVERIFY(!lines.error().message.isEmpty());
}

QTEST_GUILESS_MAIN(TestWechatPayBillParser)
#include "tst_wechatpaybillparser.moc"
