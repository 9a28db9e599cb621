// WeChat Pay's fund-flow bill (资金账单) in its documented format: the withdrawals become
// payouts; every broken twin (truncated, wrong encoding, missing column, a summary that does
// not add up, a bad amount) is refused whole.

#include "core/providers/wechatpay/wechatpayfundbillparser.h"

#include <QtTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {

const QString kHeader = u"记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,"
                        u"收支金额(元),账户结余(元),资金变更提交申请人,备注,业务凭证号"_s;
const QString kSummaryHeader = u"资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额"_s;

QString row(const QStringList &cells)
{
    QStringList out;
    for (const QString &c : cells)
        out << u"`"_s + c;
    return out.join(u',');
}

QByteArray bill(const QStringList &rows, const QString &summary, const QString &header = kHeader)
{
    QString text = header + u"\r\n"_s;
    for (const QString &r : rows)
        text += r + u"\r\n"_s;
    text += kSummaryHeader + u"\r\n"_s + summary + u"\r\n"_s;
    return QByteArray("\xEF\xBB\xBF") + text.toUtf8();
}

QStringList goodRows()
{
    return {
        row({u"2026-01-01 10:00:05"_s, u"4200000001"_s, u"F1001"_s, u"交易"_s, u"交易"_s, u"收入"_s,
             u"12.34"_s, u"12.34"_s, u"system"_s, QString(), u"S01T1"_s}),
        row({u"2026-01-01 10:00:05"_s, u"4200000001"_s, u"F1002"_s, u"交易"_s, u"扣除交易手续费"_s,
             u"支出"_s, u"0.07"_s, u"12.27"_s, u"system"_s, QString(), u"S01T1"_s}),
        row({u"2026-01-02 09:00:00"_s, u"W20260102"_s, u"F2001"_s, u"提现"_s, u"提现"_s, u"支出"_s,
             u"12.27"_s, u"0.00"_s, u"system"_s, u"T+1"_s, QString()}),
    };
}

QString goodSummary()
{
    return row({u"3.0"_s, u"1.0"_s, u"12.34"_s, u"2.0"_s, u"12.34"_s});
}

} // namespace

class TestWechatPayFundBillParser : public QObject
{
    Q_OBJECT
private slots:
    void withdrawalsArePayouts()
    {
        auto r = WechatPayFundBillParser::parse(bill(goodRows(), goodSummary()), u"wechatpay"_s);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QCOMPARE(r.value().size(), 1);
        const Payout &p = r.value().first();
        QCOMPARE(p.provider, u"wechatpay"_s);
        QCOMPARE(p.reference, u"F2001"_s);
        QCOMPARE(p.amountMinor, 1227);
        QCOMPARE(p.coversDay, QDate(2026, 1, 1));
        QCOMPARE(p.paidAt, QDateTime(QDate(2026, 1, 2), QTime(1, 0), Qt::UTC)); // 09:00 Beijing
    }

    void aLatePayoutNamesItsDay()
    {
        QStringList rows = goodRows();
        rows[2].replace(u"`T+1"_s, u"`结算 2025-12-30"_s);
        auto r = WechatPayFundBillParser::parse(bill(rows, goodSummary()), u"wechatpay"_s);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QCOMPARE(r.value().size(), 1);
        QCOMPARE(r.value().first().coversDay, QDate(2025, 12, 30));
    }

    void aDayWithoutMovements()
    {
        auto r = WechatPayFundBillParser::parse(
            bill({}, row({u"0"_s, u"0"_s, u"0.00"_s, u"0"_s, u"0.00"_s})), u"wechatpay"_s);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QVERIFY(r.value().isEmpty());
    }

    void brokenTwins_data()
    {
        QTest::addColumn<QByteArray>("file");
        const QByteArray good = bill(goodRows(), goodSummary());
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("truncated mid-line") << good.left(good.size() - 5);
        QStringList rows = goodRows();
        QTest::newRow("summary cut off") << good.left(good.indexOf("资金流水总笔数"));
        QTest::newRow("wrong encoding") << QByteArray("\xbc\xc7\xd5\xcb\xca\xb1\xbc\xe4,\r\n");
        QString noAmount = kHeader;
        noAmount.replace(u"收支金额(元)"_s, u"金额"_s);
        QTest::newRow("missing column") << bill(goodRows(), goodSummary(), noAmount);
        QTest::newRow("count does not match") << bill(rows.mid(0, 2), goodSummary());
        QTest::newRow("totals do not match")
            << bill(goodRows(), row({u"3.0"_s, u"1.0"_s, u"12.34"_s, u"2.0"_s, u"12.00"_s}));
        rows[2].replace(u"`12.27"_s, u"`12,27"_s);
        QTest::newRow("bad amount") << bill(rows, goodSummary());
        QStringList shortRow = goodRows();
        shortRow[0] = shortRow[0].section(u',', 0, 5);
        QTest::newRow("short row") << bill(shortRow, goodSummary());
    }

    void brokenTwins()
    {
        QFETCH(QByteArray, file);
        auto r = WechatPayFundBillParser::parse(file, u"wechatpay"_s);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, u"wechatpay.fundbill.malformed"_s);
        QVERIFY(!r.error().message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWechatPayFundBillParser)
#include "tst_wechatpayfundbillparser.moc"
