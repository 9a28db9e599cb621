// Typed credentials are checked before anything is sent, and a failed proof names the field at
// fault: the provider's declared fields drive both (here Alipay's declaration from the registry).
#include "core/crypto/rsa.h"
#include "core/onboarding/credentialcheck.h"
#include "core/providers/paymentprovider.h"
#include "core/providers/providerregistry.h"

#include <QRegularExpression>
#include <QTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

class TestCredentialCheck : public QObject
{
    Q_OBJECT
private:
    ProviderRegistry registry;
    CredentialSpec spec;
    crypto::RsaKey ours;
    crypto::RsaKey theirs;

    CredentialValues good() const
    {
        return {{u"app_id"_s, u" 2021001234567890 "_s},
                {u"app_private_key"_s, QString::fromLatin1(ours.privateKeyPem())},
                {u"alipay_public_key"_s, QString::fromLatin1(theirs.publicKeyPem())}};
    }
    static QString bare(const QByteArray &pem)
    {
        QString s = QString::fromLatin1(pem);
        s.remove(QRegularExpression(u"-----[A-Z ]+-----"_s)).remove(u'\n');
        return s;
    }

private slots:
    void initTestCase()
    {
        registerBuiltinProviders(registry);
        spec = registry.find(u"alipay"_s)->credentials;
        QVERIFY(!spec.isEmpty());
        ours = crypto::RsaKey::generate(2048).value();
        theirs = crypto::RsaKey::generate(2048).value();
    }

    void goodValuesAreNormalised()
    {
        CredentialValues v = good();
        v[u"alipay_public_key"_s] = bare(theirs.publicKeyPem()); // as the console shows it
        QCOMPARE(CredentialCheck::normalise(spec, v), std::nullopt);
        QCOMPARE(v.value(u"app_id"_s), u"2021001234567890"_s);
        QCOMPARE(v.value(u"gateway"_s), u"https://openapi.alipay.com/gateway.do"_s); // default
        QCOMPARE(v.value(u"alipay_public_key"_s).toLatin1(), theirs.publicKeyPem());
        QVERIFY(!v.contains(u"seller_id"_s)); // optional and empty
        ProviderAccount account;
        spec.fill(v, account);
        QCOMPARE(account.appId, u"2021001234567890"_s);
        QCOMPARE(account.appPrivateKeyPem, ours.privateKeyPem());
    }

    void problemsNameTheirField_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("says");
        QTest::newRow("app id missing") << u"app_id"_s << u""_s << u"app_id"_s << u"missing"_s;
        QTest::newRow("app id short")
            << u"app_id"_s << u"20210012"_s << u"app_id"_s << u"16 digits"_s;
        QTest::newRow("key not a key")
            << u"app_private_key"_s << u"hello"_s << u"app_private_key"_s << u"App private key"_s;
        QTest::newRow("public key in the private field")
            << u"app_private_key"_s << u"PUBLIC"_s << u"app_private_key"_s << u"public key"_s;
        QTest::newRow("own key as the provider's")
            << u"alipay_public_key"_s << u"OURS"_s << u"alipay_public_key"_s << u"your own key"_s;
        QTest::newRow("gateway not a url")
            << u"gateway"_s << u"ftp://x"_s << u"gateway"_s << u"https://"_s;
        QTest::newRow("bad merchant pid")
            << u"seller_id"_s << u"1234"_s << u"seller_id"_s << u"2088"_s;
    }
    void problemsNameTheirField()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, field);
        QFETCH(QString, says);
        CredentialValues v = good();
        if (value == u"PUBLIC")
            value = QString::fromLatin1(theirs.publicKeyPem());
        if (value == u"OURS")
            value = bare(ours.publicKeyPem());
        v[key] = value;
        const auto problem = CredentialCheck::normalise(spec, v);
        QVERIFY(problem);
        QCOMPARE(problem->field, field);
        QVERIFY2(problem->message.contains(says), qPrintable(problem->message));
    }

    void proofAndDiagnosis()
    {
        using K = ProviderStatus::Kind;
        const auto st = [](K kind, FailureReason r, QString sub = {}) {
            return ProviderStatus{kind, r, u"40004"_s, std::move(sub), u"msg"_s};
        };
        QVERIFY(CredentialCheck::proves(st(K::Failed, FailureReason::TradeNotExist)));
        QVERIFY(CredentialCheck::proves(ProviderStatus::success()));
        // An unsigned or forged "no such trade" is Unknown, and proves nothing.
        QVERIFY(!CredentialCheck::proves(st(K::Unknown, FailureReason::InvalidSignature)));
        QVERIFY(!CredentialCheck::proves(st(K::Unknown, FailureReason::NetworkTrouble)));

        const QString name = registry.displayName(u"alipay"_s);
        QCOMPARE(
            CredentialCheck::diagnose(spec, name, st(K::Failed, FailureReason::InvalidSignature))
                .field,
            u"app_private_key"_s);
        QCOMPARE(
            CredentialCheck::diagnose(spec, name, st(K::Unknown, FailureReason::InvalidSignature))
                .field,
            u"alipay_public_key"_s);
        QCOMPARE(
            CredentialCheck::diagnose(spec, name, st(K::Unknown, FailureReason::NetworkTrouble))
                .field,
            u"gateway"_s);
        // The adapter's own reading of its codes wins.
        const CredentialProblem appId = CredentialCheck::diagnose(
            spec, name, st(K::Failed, FailureReason::BadRequest, u"isv.invalid-app-id"_s));
        QCOMPARE(appId.field, u"app_id"_s);
        QVERIFY(appId.message.contains(u"APPID"_s));

        const QString probe = CredentialCheck::probeNumber();
        QVERIFY(QRegularExpression(u"^PDPROBE-[0-9A-F]{16}$"_s).match(probe).hasMatch());
        QVERIFY(probe != CredentialCheck::probeNumber());
    }
};

QTEST_GUILESS_MAIN(TestCredentialCheck)
#include "tst_credentialcheck.moc"
