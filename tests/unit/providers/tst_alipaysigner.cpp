#include "core/crypto/crypto.h"
#include "core/providers/alipay/alipayprovider.h"
#include "core/providers/alipay/alipaysigner.h"
#include "core/util/clock.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QtTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {

QString dataDir()
{
    const QString env = qEnvironmentVariable("PAYDESK_TEST_DATA");
    const QString base =
        env.isEmpty() ? QFileInfo(QStringLiteral(__FILE__)).absoluteDir().filePath(u"../../data"_s)
                      : env;
    return QDir(base).filePath(u"alipay"_s);
}

QByteArray readData(const QString &name)
{
    QFile f(QDir(dataDir()).filePath(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(f.fileName()));
    return f.readAll();
}

crypto::RsaKey key(const QString &name)
{
    auto k = crypto::RsaKey::fromPem(readData(name));
    if (!k.ok())
        qFatal("bad key %s", qPrintable(name));
    return k.value();
}

using Params = AlipaySigner::Params;

void addExtractCases();

} // namespace

class TestAlipaySigner : public QObject
{
    Q_OBJECT
private slots:
    void knownSignature()
    {
        const QByteArray content = readData(u"sign_vector_content.txt"_s);
        const QString expected =
            QString::fromLatin1(readData(u"sign_vector_signature.txt"_s).trimmed());
        auto sig = AlipaySigner::signContent(content, key(u"app_private_key.pem"_s));
        QVERIFY(sig.ok());
        QCOMPARE(sig.value(), expected); // PKCS#1 v1.5 is deterministic: equals openssl's
        QVERIFY(AlipaySigner::verifyContent(content, expected, key(u"app_public_key.pem"_s)));

        QByteArray changed = content;
        changed[changed.indexOf("12.34")] = '2';
        QVERIFY(!AlipaySigner::verifyContent(changed, expected, key(u"app_public_key.pem"_s)));
        QVERIFY(!AlipaySigner::verifyContent(content, expected, key(u"alipay_public_key.pem"_s)));
        QVERIFY(!AlipaySigner::verifyContent(content, u"not base64 !!"_s,
                                             key(u"app_public_key.pem"_s)));
        QVERIFY(!AlipaySigner::verifyContent(content, QString(), key(u"app_public_key.pem"_s)));
    }

    void signParamsMatchesVector()
    {
        // The same request as params: signingContent must rebuild the vector's content.
        const Params params{
            {u"app_id"_s, u"2021000000000001"_s},
            {u"method"_s, u"alipay.trade.query"_s},
            {u"format"_s, u"JSON"_s},
            {u"charset"_s, u"utf-8"_s},
            {u"sign_type"_s, u"RSA2"_s},
            {u"timestamp"_s, u"2026-01-01 10:00:00"_s},
            {u"version"_s, u"1.0"_s},
            {u"notify_url"_s, QString()},
            {u"biz_content"_s, u"{\"out_trade_no\":\"T1\",\"total_amount\":\"12.34\"}"_s},
            {u"sign"_s, u"whatever"_s},
        };
        QCOMPARE(AlipaySigner::signingContent(params), readData(u"sign_vector_content.txt"_s));
        auto sig = AlipaySigner::sign(params, key(u"app_private_key.pem"_s));
        QVERIFY(sig.ok());
        QCOMPARE(sig.value(),
                 QString::fromLatin1(readData(u"sign_vector_signature.txt"_s).trimmed()));
    }

    void signingContent_data()
    {
        QTest::addColumn<Params>("params");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("sorted") << Params{{u"b"_s, u"2"_s}, {u"c"_s, u"3"_s}, {u"a"_s, u"1"_s}}
                                << QByteArray("a=1&b=2&c=3");
        QTest::newRow("empty dropped")
            << Params{{u"a"_s, u"1"_s}, {u"b"_s, QString()}, {u"c"_s, u"3"_s}}
            << QByteArray("a=1&c=3");
        QTest::newRow("sign out, sign_type in")
            << Params{{u"sign"_s, u"xyz"_s}, {u"sign_type"_s, u"RSA2"_s}, {u"app_id"_s, u"1"_s}}
            << QByteArray("app_id=1&sign_type=RSA2");
        QTest::newRow("raw values")
            << Params{{u"timestamp"_s, u"2026-01-01 10:00:00"_s},
                      {u"biz_content"_s, u"{\"s\":\"a&b=c+d\"}"_s}}
            << QByteArray("biz_content={\"s\":\"a&b=c+d\"}&timestamp=2026-01-01 10:00:00");
        QTest::newRow("byte order")
            << Params{{u"b"_s, u"1"_s}, {u"B"_s, u"2"_s}, {u"a_b"_s, u"3"_s}, {u"a"_s, u"4"_s}}
            << QByteArray("B=2&a=4&a_b=3&b=1");
        QTest::newRow("utf8 value")
            << Params{{u"subject"_s, QString::fromUtf8("\xe5\x92\x96\xe5\x95\xa1")}}
            << QByteArray("subject=\xe5\x92\x96\xe5\x95\xa1");
    }
    void signingContent()
    {
        QFETCH(Params, params);
        QFETCH(QByteArray, expected);
        QCOMPARE(AlipaySigner::signingContent(params), expected);
    }

    void responseKey()
    {
        QCOMPARE(AlipaySigner::responseKey(u"alipay.trade.pay"_s), u"alipay_trade_pay_response"_s);
        QCOMPARE(AlipaySigner::responseKey(u"alipay.data.dataservice.bill.downloadurl.query"_s),
                 u"alipay_data_dataservice_bill_downloadurl_query_response"_s);
    }

    void extractRawObject_data() { addExtractCases(); }
    void extractRawObject()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, key);
        QFETCH(bool, found);
        QFETCH(QByteArray, expected);
        const auto raw = AlipaySigner::extractRawObject(body, key);
        QCOMPARE(raw.has_value(), found);
        if (found)
            QCOMPARE(*raw, expected);
    }

    void signedPrettyResponseVerifies()
    {
        const QByteArray body = readData(u"response_pretty.json"_s);
        const auto raw = AlipaySigner::extractRawObject(body, u"alipay_trade_precreate_response"_s);
        QVERIFY(raw.has_value());
        QVERIFY(raw->startsWith("{\n    \"code\""));
        QVERIFY(raw->contains("https:\\/\\/qr.alipay.com"));
        const QString sign = QJsonDocument::fromJson(body).object().value(u"sign"_s).toString();
        QVERIFY(!sign.isEmpty());
        QVERIFY(AlipaySigner::verifyContent(*raw, sign, key(u"alipay_public_key.pem"_s)));
        // Re-serialised JSON is different bytes: that is why the raw text matters.
        const QByteArray reserialised =
            QJsonDocument(QJsonDocument::fromJson(*raw).object()).toJson(QJsonDocument::Compact);
        QVERIFY(!AlipaySigner::verifyContent(reserialised, sign, key(u"alipay_public_key.pem"_s)));
    }

    void responseSignedOverUnescapedSlashes()
    {
        // Signed over "https://..." but sent with "\/" escapes: accepted (Java SDK rule),
        // while any other change still fails.
        const crypto::RsaKey priv = key(u"alipay_private_key.pem"_s);
        const crypto::RsaKey pub = key(u"alipay_public_key.pem"_s);
        const QByteArray signedText =
            "{\"code\":\"10000\",\"qr_code\":\"https://qr.alipay.com/x\"}";
        const QByteArray sent =
            "{\"code\":\"10000\",\"qr_code\":\"https:\\/\\/qr.alipay.com\\/x\"}";
        const QString sign = AlipaySigner::signContent(signedText, priv).value();
        QVERIFY(AlipaySigner::verifyResponse(sent, sign, pub));
        QVERIFY(AlipaySigner::verifyResponse(signedText, sign, pub));
        QByteArray changed = sent;
        changed.replace("10000", "10001");
        QVERIFY(!AlipaySigner::verifyResponse(changed, sign, pub));
    }

    void extractionSurvivesTruncationAndNoise()
    {
        // Every prefix of a real answer: never a crash, never an unbalanced object.
        const QByteArray body = readData(u"response_pretty.json"_s);
        const QString k = u"alipay_trade_precreate_response"_s;
        const auto full = AlipaySigner::extractRawObject(body, k);
        QVERIFY(full.has_value());
        int found = 0;
        for (qsizetype n = 0; n <= body.size(); ++n) {
            const auto raw = AlipaySigner::extractRawObject(body.left(n), k);
            if (raw) {
                QCOMPARE(*raw, *full); // only once the whole object is there
                ++found;
            }
        }
        QVERIFY(found > 0);
        // Bytes flipped one at a time: whatever comes out is a balanced slice of the body.
        for (qsizetype i = 0; i < body.size(); ++i) {
            QByteArray noisy = body;
            noisy[i] = noisy[i] == '"' ? '{' : '"';
            const auto raw = AlipaySigner::extractRawObject(noisy, k);
            if (raw) {
                QVERIFY(raw->startsWith('{') && raw->endsWith('}'));
                QVERIFY(noisy.contains(*raw));
            }
        }
    }

    void formCoding()
    {
        const Params p = AlipaySigner::parseForm("a=1+2&b=%2B&c=%E5%92%96&d=&e&a=dup&=x");
        QCOMPARE(p.value(u"a"_s), u"1 2"_s);
        QCOMPARE(p.value(u"b"_s), u"+"_s);
        QCOMPARE(p.value(u"c"_s), QString::fromUtf8("\xe5\x92\x96"));
        QVERIFY(p.contains(u"d"_s) && p.value(u"d"_s).isEmpty());
        QVERIFY(p.contains(u"e"_s));

        const Params original{{u"sign"_s, u"ab+/cd=="_s},
                              {u"timestamp"_s, u"2026-01-01 10:00:00"_s},
                              {u"x"_s, u"a&b=c%d"_s}};
        const QByteArray encoded = AlipaySigner::encodeForm(original);
        QVERIFY(!encoded.contains('+'));
        QVERIFY(!encoded.contains(' '));
        QCOMPARE(AlipaySigner::parseForm(encoded), original);
    }

    void notification_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("with sign_type") << u"notify_with_sign_type.txt"_s;
        QTest::newRow("without sign_type") << u"notify_without_sign_type.txt"_s;
    }
    void notification()
    {
        QFETCH(QString, file);
        const QByteArray body = readData(file).trimmed();
        const crypto::RsaKey alipayKey = key(u"alipay_public_key.pem"_s);
        QVERIFY(AlipaySigner::verifyNotification(AlipaySigner::parseForm(body), alipayKey));

        // Tampered value, wrong key, missing sign: all rejected.
        QByteArray tampered = body;
        tampered.replace("total_amount=12.34", "total_amount=12.35");
        QVERIFY(tampered != body);
        QVERIFY(!AlipaySigner::verifyNotification(AlipaySigner::parseForm(tampered), alipayKey));
        QVERIFY(!AlipaySigner::verifyNotification(AlipaySigner::parseForm(body),
                                                  key(u"app_public_key.pem"_s)));
        Params unsigned_ = AlipaySigner::parseForm(body);
        unsigned_.remove(u"sign"_s);
        QVERIFY(!AlipaySigner::verifyNotification(unsigned_, alipayKey));
        // An added parameter is covered by the signature too.
        Params extra = AlipaySigner::parseForm(body);
        extra.insert(u"refund_fee"_s, u"12.34"_s);
        QVERIFY(!AlipaySigner::verifyNotification(extra, alipayKey));

        // The provider decodes it and checks the app.
        QNetworkAccessManager nam;
        ManualClock clock;
        AlipayConfig config;
        config.appId = u"2021000000000001"_s;
        config.alipayPublicKey = alipayKey;
        AlipayProvider provider(config, &nam, &clock);
        auto n = provider.verifyNotification(body, {});
        QVERIFY2(n.ok(), n.ok() ? "" : qPrintable(n.error().message));
        QCOMPARE(n->outTradeNo, u"S01T0120260101100000001"_s);
        QCOMPARE(n->transactionId, u"2026010122001400001000000001"_s);
        QCOMPARE(n->eventType, u"TRADE_SUCCESS"_s);
        QCOMPARE(n->state, TradeState::Success);
        QCOMPARE(n->amount, Money::fromMinor(1234));
        QCOMPARE(n->notifyId, u"2026010100222100005000000000000001"_s);
        QCOMPARE(n->sentAt, QDateTime(QDate(2026, 1, 1), QTime(2, 0, 6), Qt::UTC));
        QCOMPARE(n->ackBody, QByteArray("success"));

        auto bad = provider.verifyNotification(tampered, {});
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, u"alipay.notify.bad_signature"_s);

        config.appId = u"2021000000000999"_s;
        AlipayProvider otherApp(config, &nam, &clock);
        auto wrongApp = otherApp.verifyNotification(body, {});
        QVERIFY(!wrongApp.ok());
        QCOMPARE(wrongApp.error().code, u"alipay.notify.wrong_app"_s);
    }
};

// Defined after the test class: moc 6.4 loses track of a class body holding these raw strings.
namespace {
void addExtractCases()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("found");
    QTest::addColumn<QByteArray>("expected");
    const QString k = u"x_response"_s;
    QTest::newRow("compact")
        << QByteArray(R"({"x_response":{"code":"10000","msg":"Success"},"sign":"abc"})") << k
        << true << QByteArray(R"({"code":"10000","msg":"Success"})");
    QTest::newRow("pretty")
        << QByteArray("{\n  \"x_response\" :\n  {\n    \"code\" : "
                      "\"10000\",\r\n\t\"msg\":\"Success\"\n  } ,\n  \"sign\" : \"abc\"\n}\n")
        << k << true << QByteArray("{\n    \"code\" : \"10000\",\r\n\t\"msg\":\"Success\"\n  }");
    QTest::newRow("escaped slashes")
        << QByteArray(R"({"x_response":{"qr_code":"https:\/\/qr.alipay.com\/bax0"},"sign":"s"})")
        << k << true << QByteArray(R"({"qr_code":"https:\/\/qr.alipay.com\/bax0"})");
    QTest::newRow("nested sign")
        << QByteArray(
               R"({"x_response":{"code":"10000","sign":"fake","d":{"sign":"y"}},"sign":"real"})")
        << k << true << QByteArray(R"({"code":"10000","sign":"fake","d":{"sign":"y"}})");
    QTest::newRow("braces and quotes in strings")
        << QByteArray(R"({"x_response":{"m":"a}\"b{\\","n":"}}}"},"sign":"s"})") << k << true
        << QByteArray(R"({"m":"a}\"b{\\","n":"}}}"})");
    QTest::newRow("arrays with brackets")
        << QByteArray(R"({"x_response":{"l":[{"a":"]"},2,[3]],"t":true,"n":null},"sign":"s"})") << k
        << true << QByteArray(R"({"l":[{"a":"]"},2,[3]],"t":true,"n":null})");
    QTest::newRow("sign first") << QByteArray(R"({"sign":"s","x_response":{"a":1}})") << k << true
                                << QByteArray(R"({"a":1})");
    QTest::newRow("key inside an earlier string")
        << QByteArray(
               R"({"other":"\"x_response\":{\"fake\":1}","x_response":{"real":1},"sign":"s"})")
        << k << true << QByteArray(R"({"real":1})");
    QTest::newRow("escaped key") << QByteArray(R"({"x_\u0072esponse":{"a":1}})") << k << true
                                 << QByteArray(R"({"a":1})");
    QTest::newRow("error_response")
        << QByteArray(
               R"({"error_response":{"code":"40002","sub_code":"isv.invalid-signature"},"sign":"s"})")
        << u"error_response"_s << true
        << QByteArray(R"({"code":"40002","sub_code":"isv.invalid-signature"})");
    QTest::newRow("not at top level") << QByteArray(R"({"wrap":{"x_response":{"a":1}},"sign":"s"})")
                                      << k << false << QByteArray();
    QTest::newRow("not an object")
        << QByteArray(R"({"x_response":"text","sign":"s"})") << k << false << QByteArray();
    QTest::newRow("truncated") << QByteArray(R"({"x_response":{"a":"1})") << k << false
                               << QByteArray();
    QTest::newRow("absent") << QByteArray(R"({"y_response":{"a":1},"sign":"s"})") << k << false
                            << QByteArray();
    QTest::newRow("not json") << QByteArray("<html>502 Bad Gateway</html>") << k << false
                              << QByteArray();
    QTest::newRow("empty") << QByteArray() << k << false << QByteArray();
}
} // namespace

QTEST_GUILESS_MAIN(TestAlipaySigner)
#include "tst_alipaysigner.moc"
