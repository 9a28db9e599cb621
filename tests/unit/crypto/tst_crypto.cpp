#include "core/crypto/crypto.h"

#include <QFile>
#include <QTest>

using namespace paydesk;
using namespace paydesk::crypto;
using namespace Qt::StringLiterals;

namespace {

QByteArray fixture(const QString &name)
{
    QFile file(qEnvironmentVariable("PAYDESK_TEST_DATA") + u"/crypto/"_s + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s (is PAYDESK_TEST_DATA set?)", qPrintable(file.fileName()));
    return file.readAll();
}

RsaKey loadKey(const QString &name)
{
    auto key = RsaKey::fromPem(fixture(name));
    if (!key.ok())
        qFatal("fixture %s does not load: %s", qPrintable(name), qPrintable(key.error().message));
    return key.value();
}

// The Base64 body of a PEM file, as the Alipay console shows keys.
QByteArray pemBody(const QByteArray &pem)
{
    QByteArray body;
    for (const QByteArray &line : pem.split('\n')) {
        if (!line.startsWith("-----"))
            body += line.trimmed();
    }
    return body;
}

const QByteArray kTotpSecret = QByteArrayLiteral("12345678901234567890");

} // namespace

class TestCrypto : public QObject
{
    Q_OBJECT

private slots:
    void digests();
    void hmacSha256Rfc4231_data();
    void hmacSha256Rfc4231();
    void hmacSha1Rfc2202();
    void wechatV2Signatures();
    void randomAndCompare();

    void aesGcmWechatPayVector();
    void aesGcmRejectsTampering_data();
    void aesGcmRejectsTampering();
    void aesGcmRoundTripAndBadInputs();

    void scryptRfc7914_data();
    void scryptRfc7914();
    void scryptRejectsBadParameters();

    void base32Rfc4648_data();
    void base32Rfc4648();
    void base32Lenient();
    void base32Rejects_data();
    void base32Rejects();

    void totpRfc6238_data();
    void totpRfc6238();
    void totpWindow();
    void totpMatchCounterForReplayCheck();

    void rsaLoadsAllForms_data();
    void rsaLoadsAllForms();
    void rsaSignMatchesOpensslCli();
    void rsaVerifyWithEveryPublicForm_data();
    void rsaVerifyWithEveryPublicForm();
    void rsaVerifyRejectsChanges();
    void rsaBadInput_data();
    void rsaBadInput();
    void rsaPublicKeyCannotSign();
    void rsaGenerateRoundTrip();
};

void TestCrypto::digests()
{
    QCOMPARE(sha256("abc").toHex(),
             QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(sha1("abc").toHex(), QByteArray("a9993e364706816aba3e25717850c26c9cd0d89d"));
    QCOMPARE(md5(QByteArray()).toHex(), QByteArray("d41d8cd98f00b204e9800998ecf8427e"));
    QCOMPARE(md5("abc").toHex(), QByteArray("900150983cd24fb0d6963f7d28e17f72"));
}

void TestCrypto::hmacSha256Rfc4231_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("case 1") << QByteArray(20, '\x0b') << QByteArray("Hi There")
                            << QByteArray("b0344c61d8db38535ca8afceaf0bf12b"
                                          "881dc200c9833da726e9376c2e32cff7");
    QTest::newRow("case 2") << QByteArray("Jefe") << QByteArray("what do ya want for nothing?")
                            << QByteArray("5bdcc146bf60754e6a042426089575c7"
                                          "5a003f089d2739839dec58b964ec3843");
    QTest::newRow("case 3") << QByteArray(20, '\xaa') << QByteArray(50, '\xdd')
                            << QByteArray("773ea91e36800e46854db8ebd09181a7"
                                          "2959098b3ef8c122d9635514ced565fe");
    QTest::newRow("case 6 (key longer than block)")
        << QByteArray(131, '\xaa')
        << QByteArray("Test Using Larger Than Block-Size Key - Hash Key First")
        << QByteArray("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    QTest::newRow("empty key and data")
        << QByteArray() << QByteArray()
        << QByteArray("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

void TestCrypto::hmacSha256Rfc4231()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, expected);
    QCOMPARE(hmacSha256(key, data).toHex(), expected);
}

void TestCrypto::hmacSha1Rfc2202()
{
    QCOMPARE(hmacSha1("Jefe", "what do ya want for nothing?").toHex(),
             QByteArray("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"));
}

void TestCrypto::wechatV2Signatures()
{
    // WeChat Pay API v2 documentation example: the sign string includes "&key=<API key>".
    const QByteArray apiKey("192006250b4c09247ec02edce69f6a2d");
    const QByteArray signString = "appid=wxd930ea5d5a258f4f&body=test&device_info=1000"
                                  "&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&key=" +
                                  apiKey;
    QCOMPARE(md5(signString).toHex().toUpper(), QByteArray("9A0A8659F005D6984697E2CA0A9CF3B7"));
    QCOMPARE(hmacSha256(apiKey, signString).toHex().toUpper(),
             QByteArray("6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6"));
}

void TestCrypto::randomAndCompare()
{
    const QByteArray a = randomBytes(32);
    const QByteArray b = randomBytes(32);
    QCOMPARE(a.size(), 32);
    QCOMPARE(b.size(), 32);
    QVERIFY(a != b);
    QVERIFY(randomBytes(0).isEmpty());
    QVERIFY(randomBytes(-1).isEmpty());

    QVERIFY(constantTimeEquals("abc", "abc"));
    QVERIFY(constantTimeEquals(QByteArray(), QByteArray()));
    QVERIFY(!constantTimeEquals("abc", "abd"));
    QVERIFY(!constantTimeEquals("abc", "abcd"));
    QVERIFY(!constantTimeEquals("abc", QByteArray()));
}

void TestCrypto::aesGcmWechatPayVector()
{
    // wechatpay-java AesUtil test: API v3 key, nonce and associated data from a notification.
    const QByteArray key("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb");
    const QByteArray nonce("uluk4a9R25RW");
    const QByteArray aad("associatedData");
    const QByteArray ciphertext = QByteArray::fromBase64("ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=");

    const auto plain = aesGcmDecrypt(key, nonce, ciphertext, aad);
    QVERIFY2(plain.ok(), qPrintable(plain.ok() ? QString() : plain.error().message));
    QCOMPARE(plain.value(), QByteArray("message"));

    const auto sealed = aesGcmEncrypt(key, nonce, "message", aad);
    QVERIFY(sealed.ok());
    QCOMPARE(sealed.value(), ciphertext);
}

void TestCrypto::aesGcmRejectsTampering_data()
{
    QTest::addColumn<int>("flipByte"); // -1: none
    QTest::addColumn<QByteArray>("aad");
    QTest::newRow("first ciphertext byte") << 0 << QByteArray("associatedData");
    QTest::newRow("last ciphertext byte") << 6 << QByteArray("associatedData");
    QTest::newRow("first tag byte") << 7 << QByteArray("associatedData");
    QTest::newRow("last tag byte") << 22 << QByteArray("associatedData");
    QTest::newRow("wrong aad") << -1 << QByteArray("associatedDatA");
    QTest::newRow("missing aad") << -1 << QByteArray();
}

void TestCrypto::aesGcmRejectsTampering()
{
    QFETCH(int, flipByte);
    QFETCH(QByteArray, aad);
    QByteArray ciphertext = QByteArray::fromBase64("ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=");
    if (flipByte >= 0)
        ciphertext[flipByte] = char(ciphertext.at(flipByte) ^ 0x01);
    const auto plain =
        aesGcmDecrypt("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb", "uluk4a9R25RW", ciphertext, aad);
    QVERIFY(!plain.ok());
    QCOMPARE(plain.error().code, u"crypto.decrypt_failed"_s);
    QVERIFY(!plain.error().message.isEmpty());
}

void TestCrypto::aesGcmRoundTripAndBadInputs()
{
    const QByteArray key = randomBytes(32);
    const QByteArray iv = randomBytes(12);
    for (const QByteArray &plain :
         {QByteArray(), QByteArray("x"), QByteArray(1000, 'q'), randomBytes(4097)}) {
        const auto sealed = aesGcmEncrypt(key, iv, plain, "ctx");
        QVERIFY(sealed.ok());
        QCOMPARE(sealed.value().size(), plain.size() + 16);
        const auto opened = aesGcmDecrypt(key, iv, sealed.value(), "ctx");
        QVERIFY(opened.ok());
        QCOMPARE(opened.value(), plain);
        QVERIFY(!aesGcmDecrypt(randomBytes(32), iv, sealed.value(), "ctx").ok());
        QVERIFY(!aesGcmDecrypt(key, randomBytes(12), sealed.value(), "ctx").ok());
    }
    const auto shortKey = aesGcmEncrypt(QByteArray(16, 'k'), iv, "data");
    QVERIFY(!shortKey.ok());
    QCOMPARE(shortKey.error().code, u"crypto.bad_key"_s);
    QCOMPARE(aesGcmEncrypt(key, QByteArray(), "data").error().code, u"crypto.bad_iv"_s);
    QCOMPARE(aesGcmDecrypt(key, iv, QByteArray(15, 'x')).error().code, u"crypto.decrypt_failed"_s);
}

void TestCrypto::scryptRfc7914_data()
{
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<QByteArray>("salt");
    QTest::addColumn<quint64>("n");
    QTest::addColumn<quint32>("r");
    QTest::addColumn<quint32>("p");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("empty") << QByteArray() << QByteArray() << quint64(16) << quint32(1)
                           << quint32(1)
                           << QByteArray("77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3f"
                                         "ede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d36"
                                         "28cf35e20c38d18906");
    QTest::newRow("password/NaCl")
        << QByteArray("password") << QByteArray("NaCl") << quint64(1024) << quint32(8)
        << quint32(16)
        << QByteArray("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e"
                      "22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
}

void TestCrypto::scryptRfc7914()
{
    QFETCH(QByteArray, password);
    QFETCH(QByteArray, salt);
    QFETCH(quint64, n);
    QFETCH(quint32, r);
    QFETCH(quint32, p);
    QFETCH(QByteArray, expected);
    const auto derived = scrypt(password, salt, n, r, p, 64);
    QVERIFY2(derived.ok(), qPrintable(derived.ok() ? QString() : derived.error().message));
    QCOMPARE(derived.value().toHex(), expected);
}

void TestCrypto::scryptRejectsBadParameters()
{
    QCOMPARE(scrypt("pw", "salt", 1000).error().code, u"crypto.bad_parameters"_s);
    QCOMPARE(scrypt("pw", "salt", 1).error().code, u"crypto.bad_parameters"_s);
    QCOMPARE(scrypt("pw", "salt", 16, 0).error().code, u"crypto.bad_parameters"_s);
    QCOMPARE(scrypt("pw", "salt", 16, 1, 0).error().code, u"crypto.bad_parameters"_s);
    QCOMPARE(scrypt("pw", "salt", 16, 1, 1, 0).error().code, u"crypto.bad_parameters"_s);
    // Defaults (N = 2^15, r = 8, p = 1, 32 bytes) work and differ per salt.
    const auto a = scrypt("pw", "salt-a");
    const auto b = scrypt("pw", "salt-b");
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(a.value().size(), 32);
    QVERIFY(a.value() != b.value());
}

void TestCrypto::base32Rfc4648_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("padded");
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("f") << QByteArray("f") << u"MY======"_s;
    QTest::newRow("fo") << QByteArray("fo") << u"MZXQ===="_s;
    QTest::newRow("foo") << QByteArray("foo") << u"MZXW6==="_s;
    QTest::newRow("foob") << QByteArray("foob") << u"MZXW6YQ="_s;
    QTest::newRow("fooba") << QByteArray("fooba") << u"MZXW6YTB"_s;
    QTest::newRow("foobar") << QByteArray("foobar") << u"MZXW6YTBOI======"_s;
    QTest::newRow("rfc6238 secret")
        << QByteArray("12345678901234567890") << u"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"_s;
}

void TestCrypto::base32Rfc4648()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, padded);
    QString unpadded = padded;
    while (unpadded.endsWith(u'='))
        unpadded.chop(1);
    QCOMPARE(base32Encode(data), unpadded);
    const auto fromPadded = base32Decode(padded);
    QVERIFY(fromPadded.ok());
    QCOMPARE(fromPadded.value(), data);
    const auto fromUnpadded = base32Decode(unpadded);
    QVERIFY(fromUnpadded.ok());
    QCOMPARE(fromUnpadded.value(), data);
}

void TestCrypto::base32Lenient()
{
    const auto grouped = base32Decode(u"gezd gnbv gy3t qojq-gezd gnbv gy3t qojq"_s);
    QVERIFY(grouped.ok());
    QCOMPARE(grouped.value(), QByteArray("12345678901234567890"));
    const QByteArray random = randomBytes(37);
    QCOMPARE(base32Decode(base32Encode(random)).value(), random);
}

void TestCrypto::base32Rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("digit 1") << u"MZXW1==="_s;
    QTest::newRow("digit 8") << u"MZXW8"_s;
    QTest::newRow("punctuation") << u"MZ.W6"_s;
    QTest::newRow("padding inside") << u"MY==MZXQ"_s;
    QTest::newRow("impossible length 1") << u"M"_s;
    QTest::newRow("impossible length 3") << u"MZX"_s;
    QTest::newRow("impossible length 6") << u"MZXW6Y"_s;
    QTest::newRow("partial padding") << u"MY=="_s;
    QTest::newRow("non-ascii") << u"MZXW\u00c9"_s;
}

void TestCrypto::base32Rejects()
{
    QFETCH(QString, text);
    const auto decoded = base32Decode(text);
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error().code, u"crypto.bad_base32"_s);
}

void TestCrypto::totpRfc6238_data()
{
    QTest::addColumn<qint64>("time");
    QTest::addColumn<QString>("code");
    QTest::newRow("59") << qint64(59) << u"94287082"_s;
    QTest::newRow("1111111109") << qint64(1111111109) << u"07081804"_s;
    QTest::newRow("1111111111") << qint64(1111111111) << u"14050471"_s;
    QTest::newRow("1234567890") << qint64(1234567890) << u"89005924"_s;
    QTest::newRow("2000000000") << qint64(2000000000) << u"69279037"_s;
    QTest::newRow("20000000000") << qint64(20000000000) << u"65353130"_s;
}

void TestCrypto::totpRfc6238()
{
    QFETCH(qint64, time);
    QFETCH(QString, code);
    QCOMPARE(totp(kTotpSecret, time, 8), code);
    QVERIFY(totpVerify(kTotpSecret, code, time, 8));
    // The 6-digit code is the last six digits of the same truncated value.
    QCOMPARE(totp(kTotpSecret, time), code.right(6));
}

void TestCrypto::totpWindow()
{
    const qint64 now = 1111111111; // step 37037037, 1 second into it
    const QString previous = totp(kTotpSecret, now - 30);
    const QString current = totp(kTotpSecret, now);
    const QString next = totp(kTotpSecret, now + 30);
    const QString twoBack = totp(kTotpSecret, now - 60);
    const QString twoAhead = totp(kTotpSecret, now + 60);
    QCOMPARE(current.size(), 6);
    QVERIFY(totpVerify(kTotpSecret, current, now));
    QVERIFY(totpVerify(kTotpSecret, previous, now));
    QVERIFY(totpVerify(kTotpSecret, next, now));
    // Only the compared codes matter: make sure the ±2 codes are not accidentally equal to one
    // inside the window before asserting their rejection.
    QVERIFY(twoBack != previous && twoBack != current && twoBack != next);
    QVERIFY(twoAhead != previous && twoAhead != current && twoAhead != next);
    QVERIFY(!totpVerify(kTotpSecret, twoBack, now));
    QVERIFY(!totpVerify(kTotpSecret, twoAhead, now));

    QVERIFY(totpVerify(kTotpSecret, current.left(3) + u' ' + current.mid(3), now));
    QVERIFY(!totpVerify(kTotpSecret, current.left(5), now));
    QVERIFY(!totpVerify(kTotpSecret, current + u'0', now));
    QVERIFY(!totpVerify(kTotpSecret, QString(), now));
    QVERIFY(!totpVerify("another secret", current, now));
    QVERIFY(!totpVerify(QByteArray(), current, now));
    QVERIFY(totp(kTotpSecret, now, 6, 0).isEmpty());
    QVERIFY(totp(kTotpSecret, -1).isEmpty());
}

void TestCrypto::totpMatchCounterForReplayCheck()
{
    const qint64 now = 1234567890;
    const qint64 step = now / 30;
    QCOMPARE(totpMatchCounter(kTotpSecret, totp(kTotpSecret, now), now).value_or(-1), step);
    QCOMPARE(totpMatchCounter(kTotpSecret, totp(kTotpSecret, now - 30), now).value_or(-1),
             step - 1);
    QCOMPARE(totpMatchCounter(kTotpSecret, totp(kTotpSecret, now + 30), now).value_or(-1),
             step + 1);
    QVERIFY(!totpMatchCounter(kTotpSecret, totp(kTotpSecret, now - 90), now).has_value());
}

void TestCrypto::rsaLoadsAllForms_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("isPrivate");
    QTest::newRow("PKCS#8 private") << fixture(u"rsa2048_pkcs8.pem"_s) << true;
    QTest::newRow("PKCS#1 private") << fixture(u"rsa2048_pkcs1.pem"_s) << true;
    QTest::newRow("SPKI public") << fixture(u"rsa2048_spki.pem"_s) << false;
    QTest::newRow("PKCS#1 public") << fixture(u"rsa2048_pkcs1_pub.pem"_s) << false;
    QTest::newRow("bare PKCS#8 body") << pemBody(fixture(u"rsa2048_pkcs8.pem"_s)) << true;
    QTest::newRow("bare SPKI body") << pemBody(fixture(u"rsa2048_spki.pem"_s)) << false;
    QByteArray wrapped = fixture(u"rsa2048_spki.pem"_s);
    wrapped.replace("\n", "\r\n");
    QTest::newRow("CRLF SPKI") << (QByteArray("  \r\n") + wrapped + "\r\n\r\n") << false;
}

void TestCrypto::rsaLoadsAllForms()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, isPrivate);
    const auto key = RsaKey::fromPem(input);
    QVERIFY2(key.ok(), qPrintable(key.ok() ? QString() : key.error().message));
    QVERIFY(!key.value().isNull());
    QCOMPARE(key.value().hasPrivate(), isPrivate);
    QCOMPARE(key.value().bits(), 2048);
    // Every form describes the same key pair: the SPKI export is identical.
    QCOMPARE(key.value().publicKeyPem(), fixture(u"rsa2048_spki.pem"_s));
    QCOMPARE(key.value().privateKeyPem().isEmpty(), !isPrivate);
    if (isPrivate)
        QCOMPARE(key.value().privateKeyPem(), fixture(u"rsa2048_pkcs8.pem"_s));
}

void TestCrypto::rsaSignMatchesOpensslCli()
{
    // message.sig.b64 was made with `openssl dgst -sha256 -sign rsa2048_pkcs8.pem message.txt`.
    const QByteArray message = fixture(u"message.txt"_s);
    const QByteArray expected = QByteArray::fromBase64(fixture(u"message.sig.b64"_s));
    QCOMPARE(expected.size(), 256);
    for (const QString &name : {u"rsa2048_pkcs8.pem"_s, u"rsa2048_pkcs1.pem"_s}) {
        const auto signature = rsaSha256Sign(loadKey(name), message);
        QVERIFY(signature.ok());
        QCOMPARE(signature.value().toBase64(), expected.toBase64());
    }
}

void TestCrypto::rsaVerifyWithEveryPublicForm_data()
{
    QTest::addColumn<QString>("keyFile");
    QTest::newRow("SPKI") << u"rsa2048_spki.pem"_s;
    QTest::newRow("PKCS#1 public") << u"rsa2048_pkcs1_pub.pem"_s;
    QTest::newRow("PKCS#8 private") << u"rsa2048_pkcs8.pem"_s;
}

void TestCrypto::rsaVerifyWithEveryPublicForm()
{
    QFETCH(QString, keyFile);
    const QByteArray message = fixture(u"message.txt"_s);
    const QByteArray signature = QByteArray::fromBase64(fixture(u"message.sig.b64"_s));
    QVERIFY(rsaSha256Verify(loadKey(keyFile), message, signature));
}

void TestCrypto::rsaVerifyRejectsChanges()
{
    const RsaKey publicKey = loadKey(u"rsa2048_spki.pem"_s);
    const QByteArray message = fixture(u"message.txt"_s);
    const QByteArray signature = QByteArray::fromBase64(fixture(u"message.sig.b64"_s));
    QVERIFY(rsaSha256Verify(publicKey, message, signature));

    QByteArray changedMessage = message;
    changedMessage[message.indexOf("12.34") + 1] = '3'; // 12.34 -> 13.34
    QVERIFY(!rsaSha256Verify(publicKey, changedMessage, signature));
    QVERIFY(!rsaSha256Verify(publicKey, message + ' ', signature));

    for (const int index : {0, 128, 255}) {
        QByteArray changedSignature = signature;
        changedSignature[index] = char(changedSignature.at(index) ^ 0x10);
        QVERIFY(!rsaSha256Verify(publicKey, message, changedSignature));
    }
    QVERIFY(!rsaSha256Verify(publicKey, message, signature.left(255)));
    QVERIFY(!rsaSha256Verify(publicKey, message, QByteArray()));
    QVERIFY(!rsaSha256Verify(loadKey(u"other_rsa2048_spki.pem"_s), message, signature));
    QVERIFY(!rsaSha256Verify(RsaKey(), message, signature));
}

void TestCrypto::rsaBadInput_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("whitespace") << QByteArray(" \n\t ");
    QTest::newRow("garbage") << QByteArray("this is not a key");
    QTest::newRow("garbage PEM") << QByteArray("-----BEGIN PUBLIC KEY-----\nAAAABBBBCCCC\n"
                                               "-----END PUBLIC KEY-----\n");
    QByteArray truncated = fixture(u"rsa2048_pkcs8.pem"_s);
    truncated.remove(200, 300);
    QTest::newRow("truncated PEM") << truncated;
    QTest::newRow("bare base64 of nothing useful") << QByteArray("SGVsbG8gd29ybGQ=");
    QTest::newRow("EC key") << fixture(u"ec_p256_pkcs8.pem"_s);
    QTest::newRow("bare EC body") << pemBody(fixture(u"ec_p256_pkcs8.pem"_s));
    QTest::newRow("encrypted PKCS#1")
        << QByteArray("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                      "DEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\nMIIB\n"
                      "-----END RSA PRIVATE KEY-----\n");
    QTest::newRow("encrypted") << QByteArray("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n"
                                             "-----END ENCRYPTED PRIVATE KEY-----\n");
}

void TestCrypto::rsaBadInput()
{
    QFETCH(QByteArray, input);
    const auto key = RsaKey::fromPem(input);
    QVERIFY(!key.ok());
    QCOMPARE(key.error().code, u"crypto.bad_key"_s);
    QVERIFY(!key.error().message.isEmpty());
}

void TestCrypto::rsaPublicKeyCannotSign()
{
    const auto signature = rsaSha256Sign(loadKey(u"rsa2048_spki.pem"_s), "data");
    QVERIFY(!signature.ok());
    QCOMPARE(signature.error().code, u"crypto.no_private_key"_s);
    QCOMPARE(rsaSha256Sign(RsaKey(), "data").error().code, u"crypto.no_private_key"_s);
    QVERIFY(RsaKey().isNull());
    QVERIFY(RsaKey().publicKeyPem().isEmpty());
}

void TestCrypto::rsaGenerateRoundTrip()
{
    QCOMPARE(RsaKey::generate(1024).error().code, u"crypto.bad_key_size"_s);

    const auto generated = RsaKey::generate();
    QVERIFY(generated.ok());
    const RsaKey &key = generated.value();
    QVERIFY(key.hasPrivate());
    QCOMPARE(key.bits(), 2048);
    const QByteArray privatePem = key.privateKeyPem();
    const QByteArray publicPem = key.publicKeyPem();
    QVERIFY(privatePem.startsWith("-----BEGIN PRIVATE KEY-----"));
    QVERIFY(publicPem.startsWith("-----BEGIN PUBLIC KEY-----"));

    const auto reloadedPrivate = RsaKey::fromPem(privatePem);
    const auto reloadedPublic = RsaKey::fromPem(publicPem);
    QVERIFY(reloadedPrivate.ok() && reloadedPublic.ok());
    QVERIFY(reloadedPrivate.value().hasPrivate());
    QVERIFY(!reloadedPublic.value().hasPrivate());
    QCOMPARE(reloadedPrivate.value().privateKeyPem(), privatePem);
    QCOMPARE(reloadedPublic.value().publicKeyPem(), publicPem);

    const QByteArray data("sign me");
    const auto signature = rsaSha256Sign(reloadedPrivate.value(), data);
    QVERIFY(signature.ok());
    QCOMPARE(signature.value().size(), 256);
    QVERIFY(rsaSha256Verify(reloadedPublic.value(), data, signature.value()));
    QVERIFY(rsaSha256Verify(key, data, signature.value()));
    QVERIFY(!rsaSha256Verify(loadKey(u"rsa2048_spki.pem"_s), data, signature.value()));
}

QTEST_GUILESS_MAIN(TestCrypto)
#include "tst_crypto.moc"
