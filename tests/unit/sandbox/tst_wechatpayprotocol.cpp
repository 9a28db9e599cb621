// The WeChat Pay dialect's wire pieces on their own: the public v2 signature vector, the
// Authorization header, XML with CDATA, yuan text, and the trade bill's shape.
#include "sandbox/wechatpay/wechatpaybill.h"
#include "sandbox/wechatpay/wechatpayprotocol.h"

#include <QTest>

using namespace paydesk::sandbox;
using namespace paydesk::sandbox::wechatpay;
using namespace Qt::StringLiterals;

class TestWechatPayProtocol : public QObject
{
    Q_OBJECT

private slots:
    void v2SignMatchesThePublicVector();
    void authorizationFields_data();
    void authorizationFields();
    void xmlRoundTripsWithCdata();
    void yuanText_data();
    void yuanText();
    void rfc3339IsBeijing();
    void billHasDetailAndSummaryRows();
};

void TestWechatPayProtocol::v2SignMatchesThePublicVector()
{
    // PROTOCOLS.md "Public test vectors" (WeChat Pay's own documentation example).
    const XmlParams p = {{u"appid"_s, u"wxd930ea5d5a258f4f"_s},
                         {u"mch_id"_s, u"10000100"_s},
                         {u"device_info"_s, u"1000"_s},
                         {u"body"_s, u"test"_s},
                         {u"nonce_str"_s, u"ibuaiVcKdpRxkhJA"_s},
                         {u"empty"_s, QString()},
                         {u"sign"_s, u"ignored"_s}};
    const QString key = u"192006250b4c09247ec02edce69f6a2d"_s;
    QCOMPARE(v2Sign(p, key, SignType::Md5), u"9A0A8659F005D6984697E2CA0A9CF3B7"_s);
    QCOMPARE(v2Sign(p, key, SignType::HmacSha256),
             u"6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6"_s);
    QCOMPARE(signTypeFrom(QString()), std::optional<SignType>(SignType::Md5));
    QCOMPARE(signTypeFrom(u"HMAC-SHA256"_s), std::optional<SignType>(SignType::HmacSha256));
    QVERIFY(!signTypeFrom(u"hmac-sha256"_s));
}

void TestWechatPayProtocol::authorizationFields_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("ok");
    const QByteArray s = "WECHATPAY2-SHA256-RSA2048 ";
    QTest::newRow("documented order")
        << s + R"(mchid="1900000001",nonce_str="N",timestamp="1554208460",serial_no="AB",signature="c2ln")"
        << true;
    QTest::newRow("any order, spaces")
        << s + R"(signature="c2ln", serial_no="AB" ,timestamp="1554208460",nonce_str="N",mchid="1900000001")"
        << true;
    QTest::newRow("missing serial")
        << s + R"(mchid="1900000001",nonce_str="N",timestamp="1554208460",signature="c2ln")"
        << false;
    QTest::newRow("repeated field")
        << s + R"(mchid="1",mchid="1900000001",nonce_str="N",timestamp="1",serial_no="AB",signature="c2ln")"
        << false;
    QTest::newRow("unquoted")
        << s + R"(mchid=1900000001,nonce_str="N",timestamp="1",serial_no="AB",signature="c2ln")"
        << false;
    QTest::newRow("other scheme")
        << QByteArray(
               R"(Bearer mchid="1",nonce_str="N",timestamp="1",serial_no="AB",signature="c2ln")")
        << false;
}

void TestWechatPayProtocol::authorizationFields()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, ok);
    const auto a = parseAuthorization(header);
    QCOMPARE(a.has_value(), ok);
    if (ok) {
        QCOMPARE(a->mchid, u"1900000001"_s);
        QCOMPARE(a->nonce, u"N"_s);
        QCOMPARE(a->timestamp, u"1554208460"_s);
        QCOMPARE(a->serial, u"AB"_s);
        QCOMPARE(a->signature, QByteArray("c2ln"));
    }
    QCOMPARE(requestMessage("GET", "/wechatpay/v3/x?a=1", "1", "N", {}),
             QByteArray("GET\n/wechatpay/v3/x?a=1\n1\nN\n\n"));
    QCOMPARE(answerMessage("1", "N", {}), QByteArray("1\nN\n\n"));
}

void TestWechatPayProtocol::xmlRoundTripsWithCdata()
{
    const QByteArray xml = writeXml({{u"return_code"_s, u"SUCCESS"_s},
                                     {u"body"_s, u"<b> & ]]> 中文"_s},
                                     {u"total_fee"_s, u"1"_s}});
    QVERIFY(xml.startsWith("<xml><return_code>SUCCESS</return_code><body><![CDATA["));
    const auto back = parseXml(xml);
    QVERIFY(back);
    QCOMPARE(back->value(u"body"_s), u"<b> & ]]> 中文"_s);
    QCOMPARE(back->value(u"total_fee"_s), u"1"_s);
    QVERIFY(!parseXml("<root><a>1</a></root>"));
    QVERIFY(!parseXml("<xml><a><b>1</b></a></xml>"));
    QVERIFY(!parseXml("not xml"));
}

void TestWechatPayProtocol::yuanText_data()
{
    QTest::addColumn<qint64>("minor");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << u"0.00"_s;
    QTest::newRow("fen") << qint64(7) << u"0.07"_s;
    QTest::newRow("negative") << qint64(-7) << u"-0.07"_s;
    QTest::newRow("large") << qint64(1234567890) << u"12345678.90"_s;
}

void TestWechatPayProtocol::yuanText()
{
    QFETCH(qint64, minor);
    QFETCH(QString, text);
    QCOMPARE(yuan(minor), text);
}

void TestWechatPayProtocol::rfc3339IsBeijing()
{
    const QDateTime utc(QDate(2026, 12, 1), QTime(20, 30, 5), Qt::UTC);
    QCOMPARE(rfc3339(utc), u"2026-12-02T04:30:05+08:00"_s);
    QCOMPARE(compactBeijing(utc), u"20261202043005"_s);
    QCOMPARE(parseRfc3339(u"2026-12-02T04:30:05+08:00"_s), utc);
    QVERIFY(!parseRfc3339(u"2026-12-02 04:30:05"_s).isValid());
}

void TestWechatPayProtocol::billHasDetailAndSummaryRows()
{
    const QDate day(2026, 12, 2);
    const QDateTime paid(day, QTime(2, 0), Qt::UTC); // 10:00 in Beijing
    Trade sale;
    sale.outTradeNo = u"PD-1"_s;
    sale.transactionId = u"4200000000202612020000000001"_s;
    sale.subject = u"tea, cake"_s;
    sale.amountMinor = 1000;
    sale.feeMinor = 6;
    sale.paidUtc = paid;
    sale.status = TradeStatus::Success;
    sale.dialectData = {{u"trade_type"_s, u"MICROPAY"_s}, {u"device_info"_s, u"T1"_s}};
    sale.refunds.append(Refund{u"RF-1"_s, 400, 2, paid.addSecs(60), u"x"_s});
    sale.refundedMinor = 400;
    Trade yesterday = sale;
    yesterday.outTradeNo = u"PD-0"_s;
    yesterday.paidUtc = paid.addDays(-1);
    yesterday.refunds.clear();
    Trade unpaid;
    unpaid.outTradeNo = u"PD-2"_s;
    unpaid.amountMinor = 500;

    const QByteArray bill = WechatPayBill::tradeBill(
        u"1900000001"_s, u"wx0123456789abcdef"_s, day,
        {{&sale, u"oBuyer"_s, {{u"RF-1"_s, u"50300000000000000000000000001"_s}}},
         {&yesterday, u"oBuyer"_s, {}},
         {&unpaid, QString(), {}}},
        60);
    QVERIFY(bill.startsWith("\xEF\xBB\xBF"));
    const QStringList lines = QString::fromUtf8(bill.mid(3)).split(u"\r\n"_s);
    QCOMPARE(lines.size(),
             6); // header, 2 detail rows, summary header, summary, "" after the last CRLF
    QCOMPARE(lines.last(), QString());
    const QStringList success = lines.at(1).split(u',');
    QCOMPARE(success.size(), 27);
    QCOMPARE(success.at(0), u"`2026-12-02 10:00:00"_s);
    QCOMPARE(success.at(1), u"`wx0123456789abcdef"_s);
    QCOMPARE(success.at(4), u"`T1"_s);
    QCOMPARE(success.at(8), u"`MICROPAY"_s);
    QCOMPARE(success.at(9), u"`SUCCESS"_s);
    QCOMPARE(success.at(12), u"`10.00"_s);
    QCOMPARE(success.at(20), u"`tea  cake"_s); // no comma can break the row
    QCOMPARE(success.at(22), u"`0.06"_s);
    QCOMPARE(success.at(23), u"`0.60%"_s);
    const QStringList refund = lines.at(2).split(u',');
    QCOMPARE(refund.size(), 27);
    QCOMPARE(refund.at(9), u"`REFUND"_s);
    QCOMPARE(refund.at(12), u"`0.00"_s);
    QCOMPARE(refund.at(14), u"`50300000000000000000000000001"_s);
    QCOMPARE(refund.at(15), u"`RF-1"_s);
    QCOMPARE(refund.at(16), u"`4.00"_s);
    QCOMPARE(refund.at(18), u"`ORIGINAL"_s);
    QCOMPARE(refund.at(19), u"`SUCCESS"_s);
    QCOMPARE(refund.at(22), u"`-0.02"_s);
    QCOMPARE(refund.at(25), u"`4.00"_s);
    QCOMPARE(lines.at(3).split(u',').size(), 7);
    QCOMPARE(lines.at(4), u"`2,`10.00,`4.00,`0.00,`0.04,`10.00,`4.00"_s);
}

QTEST_GUILESS_MAIN(TestWechatPayProtocol)
#include "tst_wechatpayprotocol.moc"
