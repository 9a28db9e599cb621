// WeChat Pay signatures and encryption: the public vectors of PROTOCOLS.md, v3 round trips with
// the fixed keys of tests/data/wechatpay, and every reason an answer is not believed.
#include "core/crypto/crypto.h"
#include "core/providers/wechatpay/wechatpaymapping.h"
#include "core/providers/wechatpay/wechatpayv2.h"
#include "core/providers/wechatpay/wechatpayv3signer.h"
#include "wechatpaytestkeys.h"

#include <QtTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

const WechatPayV2::Params kVectorParams = {
    {u"appid"_s, u"wxd930ea5d5a258f4f"_s},   {u"mch_id"_s, u"10000100"_s},
    {u"device_info"_s, u"1000"_s},           {u"body"_s, u"test"_s},
    {u"nonce_str"_s, u"ibuaiVcKdpRxkhJA"_s},
};
const QByteArray kVectorKey = "192006250b4c09247ec02edce69f6a2d";
const QString kSerial = u"5157F09EFDC096DE15EBE81A47057A7232F1B8E1"_s;
const QDateTime kNow = QDateTime::fromSecsSinceEpoch(1'780'000'000, Qt::UTC);

} // namespace

class TestWechatPaySigner : public QObject
{
    Q_OBJECT
private slots:
    void v2Vectors();
    void v2VerifiesWithTheRequestsAlgorithm();
    void v2XmlRoundTrip();
    void v2XmlRefusesWhatIsNotFlat_data();
    void v2XmlRefusesWhatIsNotFlat();
    void aesGcmVector();
    void requestSignatureRoundTrip();
    void answerVerification_data();
    void answerVerification();
    void v2Mapping_data();
    void v2Mapping();
};

void TestWechatPaySigner::v2Vectors()
{
    QCOMPARE(WechatPayV2::sign(kVectorParams, kVectorKey, WechatPayV2::SignType::Md5),
             u"9A0A8659F005D6984697E2CA0A9CF3B7"_s);
    QCOMPARE(WechatPayV2::sign(kVectorParams, kVectorKey, WechatPayV2::SignType::HmacSha256),
             u"6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6"_s);
    // Empty values and an existing sign are left out of the signed string.
    WechatPayV2::Params withExtras = kVectorParams;
    withExtras.insert(u"attach"_s, QString());
    withExtras.insert(u"sign"_s, u"WHATEVER"_s);
    QCOMPARE(WechatPayV2::sign(withExtras, kVectorKey, WechatPayV2::SignType::Md5),
             u"9A0A8659F005D6984697E2CA0A9CF3B7"_s);
    QCOMPARE(WechatPayV2::signTypeName(WechatPayV2::SignType::Md5), QString());
    QCOMPARE(WechatPayV2::signTypeName(WechatPayV2::SignType::HmacSha256), u"HMAC-SHA256"_s);
}

void TestWechatPaySigner::v2VerifiesWithTheRequestsAlgorithm()
{
    WechatPayV2::Params answer = kVectorParams;
    answer.insert(u"sign"_s, u"9A0A8659F005D6984697E2CA0A9CF3B7"_s);
    QVERIFY(WechatPayV2::verify(answer, kVectorKey, WechatPayV2::SignType::Md5));
    // An MD5 signature is no HMAC-SHA256 one, whatever its length says.
    QVERIFY(!WechatPayV2::verify(answer, kVectorKey, WechatPayV2::SignType::HmacSha256));
    QVERIFY(!WechatPayV2::verify(answer, "another-key-of-thirty-two-chars!",
                                 WechatPayV2::SignType::Md5));
    answer.insert(u"body"_s, u"test2"_s);
    QVERIFY(!WechatPayV2::verify(answer, kVectorKey, WechatPayV2::SignType::Md5));
    answer.remove(u"sign"_s);
    QVERIFY(!WechatPayV2::verify(answer, kVectorKey, WechatPayV2::SignType::Md5));
}

void TestWechatPaySigner::v2XmlRoundTrip()
{
    const WechatPayV2::Params params{
        {u"body"_s, u"Tea & <cake>"_s}, {u"total_fee"_s, u"880"_s}, {u"attach"_s, u"茶"_s}};
    const QByteArray xml = WechatPayV2::toXml(params);
    QVERIFY(xml.startsWith("<xml>"));
    QVERIFY(xml.contains("<total_fee>880</total_fee>"));
    QVERIFY(xml.contains("<body><![CDATA[Tea & <cake>]]></body>"));
    auto parsed = WechatPayV2::parseXml(xml);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value(), params);
    auto cdata =
        WechatPayV2::parseXml("<xml><return_code><![CDATA[SUCCESS]]></return_code><n>1</n></xml>");
    QVERIFY(cdata.ok());
    QCOMPARE(cdata.value().value(u"return_code"_s), u"SUCCESS"_s);
}

void TestWechatPaySigner::v2XmlRefusesWhatIsNotFlat_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::newRow("dtd") << QByteArray("<!DOCTYPE xml [<!ENTITY e \"x\">]><xml><a>&e;</a></xml>");
    QTest::newRow("nested") << QByteArray("<xml><a><b>1</b></a></xml>");
    QTest::newRow("twice") << QByteArray("<xml><a>1</a><a>2</a></xml>");
    QTest::newRow("other root") << QByteArray("<doc><a>1</a></doc>");
    QTest::newRow("cut") << QByteArray("<xml><a>1</a>");
    QTest::newRow("empty") << QByteArray();
}

void TestWechatPaySigner::v2XmlRefusesWhatIsNotFlat()
{
    QFETCH(QByteArray, xml);
    auto parsed = WechatPayV2::parseXml(xml);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code, u"wechatpay.bad_xml"_s);
}

void TestWechatPaySigner::aesGcmVector()
{
    const QByteArray key = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
    auto plain = WechatPayV3Signer::decryptResource(key, "uluk4a9R25RW", "associatedData",
                                                    "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=");
    QVERIFY2(plain.ok(), qPrintable(plain.ok() ? QString() : plain.error().message));
    QCOMPARE(plain.value(), QByteArray("message"));

    // The tampered twin: one bit of the ciphertext flipped.
    QByteArray raw = QByteArray::fromBase64("ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=");
    raw[0] = char(raw.at(0) ^ 0x01);
    QVERIFY(
        !WechatPayV3Signer::decryptResource(key, "uluk4a9R25RW", "associatedData", raw.toBase64())
             .ok());
    // Wrong AAD, wrong nonce, wrong key: all fail; nothing unauthenticated comes back.
    QVERIFY(!WechatPayV3Signer::decryptResource(key, "uluk4a9R25RW", "associatedDatb",
                                                "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=")
                 .ok());
    QVERIFY(!WechatPayV3Signer::decryptResource(key, "uluk4a9R25RX", "associatedData",
                                                "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=")
                 .ok());
    QVERIFY(!WechatPayV3Signer::decryptResource("b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb", "uluk4a9R25RW",
                                                "associatedData",
                                                "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=")
                 .ok());
    QVERIFY(!WechatPayV3Signer::decryptResource(key, "uluk4a9R25RW", "associatedData", "%%%").ok());
}

void TestWechatPaySigner::requestSignatureRoundTrip()
{
    const QByteArray message = WechatPayV3Signer::requestMessage(
        "GET", "/wechatpay/v3/pay/transactions/out-trade-no/PD-1?mchid=1900000001", 1554208460,
        u"593BEC0C930BF1AFEB40B4A08C8FB242"_s, {});
    QCOMPARE(message, QByteArray("GET\n/wechatpay/v3/pay/transactions/out-trade-no/PD-1?"
                                 "mchid=1900000001\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242"
                                 "\n\n"));
    const QByteArray body = R"({"mchid":"1900000001"})";
    auto header = WechatPayV3Signer::authorization(
        wechatpayKey(u"merchant_private_key.pem"_s), u"1900000001"_s, kSerial, "POST",
        "/v3/pay/transactions/out-trade-no/PD-1/close", 1554208460, u"NONCE1"_s, body);
    QVERIFY(header.ok());
    const QByteArray h = header.value();
    QVERIFY(h.startsWith("WECHATPAY2-SHA256-RSA2048 "));
    QVERIFY(h.contains("mchid=\"1900000001\""));
    QVERIFY(h.contains("serial_no=\"" + kSerial.toLatin1() + '"'));
    QVERIFY(h.contains("timestamp=\"1554208460\""));
    QVERIFY(h.contains("nonce_str=\"NONCE1\""));
    const qsizetype at = h.indexOf("signature=\"") + 11;
    const QByteArray signature = QByteArray::fromBase64(h.mid(at, h.indexOf('"', at) - at));
    const auto merchantPublic = wechatpayKey(u"merchant_public_key.pem"_s);
    QVERIFY(crypto::rsaSha256Verify(
        merchantPublic,
        WechatPayV3Signer::requestMessage("POST", "/v3/pay/transactions/out-trade-no/PD-1/close",
                                          1554208460, u"NONCE1"_s, body),
        signature));
    // Another target (a base path left out) does not verify.
    QVERIFY(!crypto::rsaSha256Verify(
        merchantPublic,
        WechatPayV3Signer::requestMessage("POST",
                                          "/wechatpay/v3/pay/transactions/out-trade-no/"
                                          "PD-1/close",
                                          1554208460, u"NONCE1"_s, body),
        signature));
    QCOMPARE(WechatPayV3Signer::nonce().size(), 32);
    QVERIFY(WechatPayV3Signer::nonce() != WechatPayV3Signer::nonce());
}

void TestWechatPaySigner::answerVerification_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("age");         // seconds the answer's timestamp lies behind now
    QTest::addColumn<QString>("serialSent"); // what Wechatpay-Serial says
    QTest::addColumn<QString>("tamper");     // "", "body", "drop-signature", "other-key"
    QTest::addColumn<QString>("error");      // expected error code, empty = believed

    const QByteArray json = R"({"code_url":"weixin://wxpay/bizpayurl?pr=abc"})";
    QTest::newRow("fresh") << json << qint64(0) << kSerial << QString() << QString();
    QTest::newRow("300 s old passes") << json << qint64(300) << kSerial << QString() << QString();
    QTest::newRow("300 s ahead passes")
        << json << qint64(-300) << kSerial << QString() << QString();
    QTest::newRow("301 s old") << json << qint64(301) << kSerial << QString()
                               << u"wechatpay.stale"_s;
    QTest::newRow("301 s ahead") << json << qint64(-301) << kSerial << QString()
                                 << u"wechatpay.stale"_s;
    QTest::newRow("wrong serial") << json << qint64(0) << u"1234567890ABCDEF"_s << QString()
                                  << u"wechatpay.wrong_serial"_s;
    QTest::newRow("re-cased serial")
        << json << qint64(0) << kSerial.toLower() << QString() << u"wechatpay.wrong_serial"_s;
    QTest::newRow("padded serial")
        << json << qint64(0) << kSerial + u' ' << QString() << u"wechatpay.wrong_serial"_s;
    QTest::newRow("signed 204") << QByteArray() << qint64(0) << kSerial << QString() << QString();
    QTest::newRow("unsigned 204") << QByteArray() << qint64(0) << kSerial << u"drop-signature"_s
                                  << u"wechatpay.unsigned"_s;
    QTest::newRow("body changed") << json << qint64(0) << kSerial << u"body"_s
                                  << u"wechatpay.bad_signature"_s;
    QTest::newRow("merchant key") << json << qint64(0) << kSerial << u"other-key"_s
                                  << u"wechatpay.bad_signature"_s;
}

void TestWechatPaySigner::answerVerification()
{
    QFETCH(QByteArray, body);
    QFETCH(qint64, age);
    QFETCH(QString, serialSent);
    QFETCH(QString, tamper);
    QFETCH(QString, error);

    const auto platformPrivate = wechatpayKey(u"platform_private_key.pem"_s);
    const auto signer =
        tamper == u"other-key" ? wechatpayKey(u"merchant_private_key.pem"_s) : platformPrivate;
    auto headers =
        platformHeaders(signer, serialSent.toUtf8(), body, kNow.toSecsSinceEpoch() - age);
    if (tamper == u"drop-signature")
        headers.remove("wechatpay-signature");
    const QByteArray received = tamper == u"body" ? body + ' ' : body;

    const Status verified = WechatPayV3Signer::verify(
        headers, received, kSerial, wechatpayKey(u"platform_public_key.pem"_s), kNow, 300);
    if (error.isEmpty())
        QVERIFY2(verified.ok(), qPrintable(verified.ok() ? QString() : verified.error().code));
    else
        QCOMPARE(verified.ok() ? QString() : verified.error().code, error);
}

void TestWechatPaySigner::v2Mapping_data()
{
    QTest::addColumn<QString>("result");
    QTest::addColumn<QString>("err");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("reason");
    using K = ProviderStatus::Kind;
    QTest::newRow("paid") << u"SUCCESS"_s << QString() << int(K::Ok) << int(FailureReason::None);
    QTest::newRow("userpaying") << u"FAIL"_s << u"USERPAYING"_s << int(K::Ok)
                                << int(FailureReason::None);
    QTest::newRow("systemerror") << u"FAIL"_s << u"SYSTEMERROR"_s << int(K::Unknown)
                                 << int(FailureReason::ProviderBusy);
    QTest::newRow("bankerror") << u"FAIL"_s << u"BANKERROR"_s << int(K::Unknown)
                               << int(FailureReason::ProviderBusy);
    QTest::newRow("no err_code") << u"FAIL"_s << QString() << int(K::Unknown)
                                 << int(FailureReason::ProviderBusy);
    QTest::newRow("expired code") << u"FAIL"_s << u"AUTHCODEEXPIRE"_s << int(K::Failed)
                                  << int(FailureReason::CodeExpiredOrInvalid);
    QTest::newRow("no money") << u"FAIL"_s << u"NOTENOUGH"_s << int(K::Failed)
                              << int(FailureReason::InsufficientBalance);
    QTest::newRow("paid already") << u"FAIL"_s << u"ORDERPAID"_s << int(K::Failed)
                                  << int(FailureReason::TradeAlreadyPaid);
    QTest::newRow("no such order")
        << u"FAIL"_s << u"ORDERNOTEXIST"_s << int(K::Failed) << int(FailureReason::TradeNotExist);
    QTest::newRow("reversed") << u"FAIL"_s << u"ORDERREVERSED"_s << int(K::Failed)
                              << int(FailureReason::TradeClosed);
}

void TestWechatPaySigner::v2Mapping()
{
    QFETCH(QString, result);
    QFETCH(QString, err);
    QFETCH(int, kind);
    QFETCH(int, reason);
    const ProviderStatus s = wechatpay::mapV2(result, err, u"text"_s);
    QCOMPARE(int(s.kind), kind);
    QCOMPARE(int(s.reason), reason);
    QCOMPARE(int(wechatpay::tradeState(u"REVOKED"_s)), int(TradeState::Closed));
    QCOMPARE(int(wechatpay::tradeState(u"REFUND"_s)), int(TradeState::Success));
    QCOMPARE(int(wechatpay::tradeState(u"NOTPAY"_s)), int(TradeState::WaitBuyerPay));
    QCOMPARE(int(wechatpay::tradeState(u"USERPAYING"_s)), int(TradeState::UserPaying));
}

QTEST_GUILESS_MAIN(TestWechatPaySigner)
#include "tst_wechatpaysigner.moc"
