// Connecting an existing account against the real sandbox on loopback: an app provisioned with
// POST /sandbox/apps gives real credentials. Right ones are proven by a signed "no such trade"
// and saved (and the saved account takes a payment); each wrong one is named in plain words and
// nothing is saved; only an owner with a fresh second factor may connect.
#include "securityfixture.h"
#include "testsandbox.h"

#include "core/onboarding/providerconnector.h"
#include "core/providers/provideraccountstore.h"
#include "core/providers/providerregistry.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace paydesk;
using namespace paydesk::testing;
using namespace Qt::StringLiterals;

class TestConnectAccount : public QObject
{
    Q_OBJECT
private:
    test::TestSandbox sandbox;
    ProviderRegistry registry;
    std::unique_ptr<SecurityFixture> f;
    std::unique_ptr<ProviderConnector> connector;
    Session owner;
    crypto::RsaKey appKey;
    QJsonObject app; ///< the sandbox's answer to POST /sandbox/apps
    crypto::RsaKey merchantKey;
    QJsonObject wechatApp; ///< the same for a WeChat Pay merchant
    SystemClock wallClock; ///< WeChat Pay signatures carry the time: the sandbox's own clock

    CredentialValues rightValues() const
    {
        return {{u"app_id"_s, app.value(u"app_id"_s).toString()},
                {u"app_private_key"_s, QString::fromLatin1(appKey.privateKeyPem())},
                {u"alipay_public_key"_s, app.value(u"provider_public_key"_s).toString()},
                {u"gateway"_s,
                 sandbox.baseUrl().resolved(QUrl(app.value(u"gateway"_s).toString())).toString()}};
    }

    CredentialValues wechatValues() const
    {
        const auto text = [&](const char *k) {
            return wechatApp.value(QLatin1String(k)).toString();
        };
        return {{u"mchid"_s, text("mchid")},
                {u"appid"_s, text("appid")},
                {u"merchant_serial"_s, text("merchant_serial")},
                {u"merchant_private_key"_s, QString::fromLatin1(merchantKey.privateKeyPem())},
                {u"apiv3_key"_s, text("apiv3_key")},
                {u"platform_public_key"_s, text("platform_public_key")},
                {u"platform_serial"_s, text("platform_serial")},
                {u"apiv2_key"_s, text("apiv2_key")},
                {u"notify_url"_s, u"http://127.0.0.1:9/notify/wechatpay"_s},
                {u"gateway"_s, sandbox.baseUrl().resolved(QUrl(text("base_url"))).toString()}};
    }

    /// A platform certificate for the sandbox's platform key, issued by a throw-away CA with
    /// the openssl tool (the certificate's chain is not what Paydesk checks).
    QString platformCertificate(const QString &serialHex)
    {
        QTemporaryDir dir;
        const auto write = [&](const char *name, const QByteArray &bytes) {
            QFile f(dir.filePath(QLatin1String(name)));
            return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
        };
        const auto ca = crypto::RsaKey::generate(2048).value();
        if (!write("ca.key", ca.privateKeyPem()) ||
            !write("platform.pub", wechatApp.value(u"platform_public_key"_s).toString().toLatin1()))
            return {};
        QProcess openssl;
        openssl.start(u"openssl"_s, {u"x509"_s, u"-new"_s, u"-subj"_s, u"/CN=Tenpay.com Root CA"_s,
                                     u"-key"_s, dir.filePath(u"ca.key"_s), u"-force_pubkey"_s,
                                     dir.filePath(u"platform.pub"_s), u"-set_serial"_s,
                                     u"0x"_s + serialHex, u"-days"_s, u"30"_s});
        if (!openssl.waitForFinished(20000) || openssl.exitCode() != 0)
            return {};
        return QString::fromLatin1(openssl.readAllStandardOutput());
    }

    ConnectOutcome connectWith(const Session &session, const CredentialValues &values,
                               const QString &provider = u"alipay"_s)
    {
        std::optional<ConnectOutcome> outcome;
        connector->connectAccount(session, provider, values,
                                  [&](ConnectOutcome o) { outcome = std::move(o); });
        if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 20000))
            return {u"test.timeout"_s, {}, {}, {}, {}, {}};
        return *outcome;
    }

    int storedAccounts()
    {
        auto v = f->db->scalar(u"SELECT COUNT(*) FROM provider_accounts"_s);
        return v.ok() && v.value() ? v.value()->toInt() : -1;
    }

private slots:
    void initTestCase()
    {
        QCOMPARE(sandbox.startServer(), QString());
        registerBuiltinProviders(registry);
        appKey = crypto::RsaKey::generate(2048).value();
        app = sandbox.control(
            u"/sandbox/apps"_s,
            QJsonObject{{u"provider"_s, u"alipay"_s},
                        {u"public_key"_s, QString::fromLatin1(appKey.publicKeyPem())}});
        QVERIFY(!app.value(u"app_id"_s).toString().isEmpty());
        merchantKey = crypto::RsaKey::generate(2048).value();
        wechatApp = sandbox.control(
            u"/sandbox/apps"_s,
            QJsonObject{{u"provider"_s, u"wechatpay"_s},
                        {u"public_key"_s, QString::fromLatin1(merchantKey.publicKeyPem())}});
        QVERIFY(!wechatApp.value(u"mchid"_s).toString().isEmpty());
    }

    void init()
    {
        f = std::make_unique<SecurityFixture>();
        QVERIFY(f->init());
        owner = f->owner();
        QVERIFY(owner.isValid());
        auto e = f->operators->beginTotpEnrollment(owner);
        QVERIFY(f->operators->confirmTotpEnrollment(owner, f->code(e.value().secretBase32)).ok());
        QVERIFY(owner.hasFreshStepUp());
        connector =
            std::make_unique<ProviderConnector>(registry, *f->db, *f->vault, *f->audit, f->clock,
                                                ProviderEnvironment{&sandbox.network, &wallClock});
    }
    void cleanup()
    {
        connector.reset();
        f.reset();
    }

    void rightKeysAreProvenSavedAndTakePayments()
    {
        QCOMPARE(connector->connectableProviders(), (QStringList{u"alipay"_s, u"wechatpay"_s}));
        const ConnectOutcome o = connectWith(owner, rightValues());
        QVERIFY2(o.ok(), qPrintable(o.code + u": "_s + o.problem.message));
        QVERIFY(o.probeNumber.startsWith(u"PDPROBE-"_s));
        QCOMPARE(o.appId, app.value(u"app_id"_s).toString());
        // The proof is a query only: the sandbox holds no trade for it.
        QVERIFY(sandbox.trades(o.probeNumber).isEmpty());

        ProviderAccountStore store(*f->db, *f->vault, f->clock);
        auto saved = store.load(u"alipay"_s, ProviderConnector::productionEnvironment());
        QVERIFY(saved.ok() && saved.value());
        QCOMPARE(saved.value()->appPrivateKeyPem, appKey.privateKeyPem());
        auto raw = f->db->scalar(u"SELECT app_private_key FROM provider_accounts"_s);
        QVERIFY(SecretVault::isBlob(raw.value()->toString().toLatin1())); // encrypted at rest
        QCOMPARE(f->auditCount(u"provider.account_connected"_s), 1);

        // The saved account really works: a QR order at the sandbox.
        ProviderEnvironment env{&sandbox.network, &f->clock};
        auto adapter = registry.create(*saved.value(), env);
        QVERIFY(adapter.ok());
        std::optional<QrOrderReply> qr;
        adapter.value()->createQrOrder({u"PD-TEST-0001"_s, Money::fromMinor(1234), u"t"_s, {}, 5},
                                       [&](const QrOrderReply &r) { qr = r; });
        QVERIFY(QTest::qWaitFor([&] { return qr.has_value(); }, 10000));
        QVERIFY(qr->status.ok());
        QVERIFY(!qr->qrCode.isEmpty());

        // list and remove, audited.
        auto listed = connector->list(owner);
        QVERIFY(listed.ok());
        QCOMPARE(listed.value().size(), 1);
        QCOMPARE(listed.value().first().appId, o.appId);
        QVERIFY(connector->remove(owner, u"alipay"_s, u"production"_s).value());
        QVERIFY(!connector->remove(owner, u"alipay"_s, u"production"_s).value());
        QCOMPARE(storedAccounts(), 0);
        QCOMPARE(f->auditCount(u"provider.account_removed"_s), 1);
    }

    void wrongCredentialsAreNamedAndNothingSaved_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("says");
        QTest::newRow("another private key")
            << u"app_private_key"_s << u"OTHER_PRIVATE"_s << u"credentials.refused"_s
            << u"app_private_key"_s << u"refused Paydesk's signature"_s;
        QTest::newRow("another provider key")
            << u"alipay_public_key"_s << u"OTHER_PUBLIC"_s << u"credentials.refused"_s
            << u"alipay_public_key"_s << u"does not verify"_s;
        QTest::newRow("unknown app id") << u"app_id"_s << u"2021999999999999"_s
                                        << u"credentials.refused"_s << u"app_id"_s << u"APPID"_s;
        QTest::newRow("nobody at the gateway")
            << u"gateway"_s << u"http://127.0.0.1:9/gateway.do"_s << u"provider.unreachable"_s
            << u"gateway"_s << u"could not reach"_s;
        QTest::newRow("typo in the app id")
            << u"app_id"_s << u"2021-0012"_s << u"credentials.invalid"_s << u"app_id"_s
            << u"16 digits"_s;
    }
    void wrongCredentialsAreNamedAndNothingSaved()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, code);
        QFETCH(QString, field);
        QFETCH(QString, says);
        CredentialValues values = rightValues();
        const auto other = crypto::RsaKey::generate(2048).value();
        if (value == u"OTHER_PRIVATE")
            value = QString::fromLatin1(other.privateKeyPem());
        if (value == u"OTHER_PUBLIC")
            value = QString::fromLatin1(other.publicKeyPem());
        values[key] = value;
        const ConnectOutcome o = connectWith(owner, values);
        QCOMPARE(o.code, code);
        QCOMPARE(o.problem.field, field);
        QVERIFY2(o.problem.message.contains(says, Qt::CaseInsensitive),
                 qPrintable(o.problem.message));
        QCOMPARE(storedAccounts(), 0);
        QCOMPARE(f->auditCount(u"provider.account_connected"_s), 0);
    }

    void wechatPayRightKeysAreProvenSavedAndTakePayments()
    {
        const ConnectOutcome o = connectWith(owner, wechatValues(), u"wechatpay"_s);
        QVERIFY2(o.ok(), qPrintable(o.code + u": "_s + o.problem.message));
        QCOMPARE(o.appId, wechatApp.value(u"appid"_s).toString());
        QVERIFY(sandbox.trades(o.probeNumber).isEmpty());

        ProviderAccountStore store(*f->db, *f->vault, f->clock);
        auto saved = store.load(u"wechatpay"_s, ProviderConnector::productionEnvironment());
        QVERIFY(saved.ok() && saved.value());
        QCOMPARE(saved.value()->appPrivateKeyPem, merchantKey.privateKeyPem());
        QCOMPARE(saved.value()->params.value(u"mchid"_s), wechatApp.value(u"mchid"_s).toString());
        QCOMPARE(saved.value()->secrets.value(u"apiv3_key"_s),
                 wechatApp.value(u"apiv3_key"_s).toString().toUtf8());
        // Neither the private key nor the APIv3 key is readable in the database file.
        auto raw = f->db->scalar(u"SELECT app_private_key FROM provider_accounts"_s);
        QVERIFY(SecretVault::isBlob(raw.value()->toString().toLatin1()));
        QCOMPARE(f->auditCount(u"provider.account_connected"_s), 1);

        ProviderEnvironment env{&sandbox.network, &wallClock};
        auto adapter = registry.create(*saved.value(), env);
        QVERIFY2(adapter.ok(), qPrintable(adapter.ok() ? QString() : adapter.error().message));
        std::optional<QrOrderReply> qr;
        adapter.value()->createQrOrder({u"PD-TEST-0002"_s, Money::fromMinor(880), u"t"_s, {}, 5},
                                       [&](const QrOrderReply &r) { qr = r; });
        QVERIFY(QTest::qWaitFor([&] { return qr.has_value(); }, 10000));
        QVERIFY2(qr->status.ok(), qPrintable(qr->status.code + u' ' + qr->status.message));
        QVERIFY(qr->qrCode.startsWith(u"weixin://"_s) || !qr->qrCode.isEmpty());
        QVERIFY(connector->remove(owner, u"wechatpay"_s, u"production"_s).value());
    }

    void wechatPayPlatformCertificateGivesTheSerial()
    {
        const QString serial = wechatApp.value(u"platform_serial"_s).toString();
        const QString pem = platformCertificate(serial);
        QVERIFY2(pem.contains(u"BEGIN CERTIFICATE"_s), "openssl could not issue the certificate");
        CredentialValues values = wechatValues();
        values[u"platform_public_key"_s] = pem;
        values.remove(u"platform_serial"_s);
        const ConnectOutcome o = connectWith(owner, values, u"wechatpay"_s);
        QVERIFY2(o.ok(), qPrintable(o.code + u": "_s + o.problem.message));
        ProviderAccountStore store(*f->db, *f->vault, f->clock);
        auto saved = store.load(u"wechatpay"_s, ProviderConnector::productionEnvironment());
        QVERIFY(saved.ok() && saved.value());
        QCOMPARE(saved.value()->params.value(u"platform_serial"_s), serial);
        QCOMPARE(
            saved.value()->providerPublicKeyPem,
            crypto::RsaKey::fromPem(wechatApp.value(u"platform_public_key"_s).toString().toLatin1())
                .value()
                .publicKeyPem());

        // A certificate of another serial: the one the answers name is not in it.
        values[u"platform_public_key"_s] = platformCertificate(u"0123456789ABCDEF"_s);
        const ConnectOutcome other = connectWith(owner, values, u"wechatpay"_s);
        QCOMPARE(other.code, u"credentials.refused"_s);
        QCOMPARE(other.problem.field, u"platform_serial"_s);
    }

    void wechatPayWrongCredentialsAreNamedAndNothingSaved_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("says");
        QTest::newRow("another private key")
            << u"merchant_private_key"_s << u"OTHER_PRIVATE"_s << u"credentials.refused"_s
            << u"merchant_private_key"_s << u"refused Paydesk's signature"_s;
        QTest::newRow("another platform key")
            << u"platform_public_key"_s << u"OTHER_PUBLIC"_s << u"credentials.refused"_s
            << u"platform_public_key"_s << u"does not verify"_s;
        QTest::newRow("another public key id")
            << u"platform_serial"_s << u"PUB_KEY_ID_0114232134912410000000000000000000"_s
            << u"credentials.refused"_s << u"platform_serial"_s << u"public key ID"_s;
        QTest::newRow("unknown merchant id")
            << u"mchid"_s << u"1234567890"_s << u"credentials.refused"_s << u"mchid"_s
            << u"merchant ID"_s;
        QTest::newRow("another certificate serial")
            << u"merchant_serial"_s << u"0123456789ABCDEF0123456789ABCDEF01234567"_s
            << u"credentials.refused"_s << u"merchant_serial"_s << u"serial"_s;
        QTest::newRow("nobody at the address")
            << u"gateway"_s << u"http://127.0.0.1:9/wechatpay"_s << u"provider.unreachable"_s
            << u"gateway"_s << u"could not reach"_s;
        QTest::newRow("short APIv3 key") << u"apiv3_key"_s << u"tooshort"_s
                                         << u"credentials.invalid"_s << u"apiv3_key"_s << u"32"_s;
        QTest::newRow("merchant key as platform key")
            << u"platform_public_key"_s << u"OWN_PUBLIC"_s << u"credentials.invalid"_s
            << u"platform_public_key"_s << u"your own key"_s;
    }
    void wechatPayWrongCredentialsAreNamedAndNothingSaved()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, code);
        QFETCH(QString, field);
        QFETCH(QString, says);
        CredentialValues values = wechatValues();
        const auto other = crypto::RsaKey::generate(2048).value();
        if (value == u"OTHER_PRIVATE")
            value = QString::fromLatin1(other.privateKeyPem());
        if (value == u"OTHER_PUBLIC")
            value = QString::fromLatin1(other.publicKeyPem());
        if (value == u"OWN_PUBLIC")
            value = QString::fromLatin1(merchantKey.publicKeyPem());
        values[key] = value;
        const ConnectOutcome o = connectWith(owner, values, u"wechatpay"_s);
        QCOMPARE(o.code, code);
        QCOMPARE(o.problem.field, field);
        QVERIFY2(o.problem.message.contains(says, Qt::CaseInsensitive),
                 qPrintable(o.problem.message));
        QCOMPARE(storedAccounts(), 0);
        QCOMPARE(f->auditCount(u"provider.account_connected"_s), 0);
    }

    void wechatPayClockTenMinutesOffIsNamed()
    {
        // Not a wrong key: this PC's clock. WeChat Pay refuses the request's timestamp.
        ManualClock skewed(QDateTime::currentDateTimeUtc().addSecs(600));
        ProviderConnector c(registry, *f->db, *f->vault, *f->audit, f->clock,
                            ProviderEnvironment{&sandbox.network, &skewed});
        std::optional<ConnectOutcome> o;
        c.connectAccount(owner, u"wechatpay"_s, wechatValues(),
                         [&](ConnectOutcome outcome) { o = std::move(outcome); });
        QVERIFY(QTest::qWaitFor([&] { return o.has_value(); }, 20000));
        QCOMPARE(o->code, u"credentials.refused"_s);
        QCOMPARE(o->problem.field, QString());
        QVERIFY2(o->problem.message.contains(u"clock"_s), qPrintable(o->problem.message));
        QCOMPARE(storedAccounts(), 0);
    }

    void onlyAnOwnerWithAFreshSecondFactor()
    {
        // A manager may not, even with two-factor.
        QVERIFY(
            f->operators->createOperator(owner, u"max"_s, Role::Manager, kManagerPassword).ok());
        Session manager = f->operators->authenticate(u"max"_s, kManagerPassword).value();
        QCOMPARE(connectWith(manager, rightValues()).code, u"security.forbidden"_s);
        QVERIFY(!connector->list(manager).ok());
        // The owner's code is older than the step-up window.
        f->clock.advance(10 * 60 * 1000);
        QCOMPARE(connectWith(owner, rightValues()).code, u"security.step_up_required"_s);
        QCOMPARE(storedAccounts(), 0);
    }
};

QTEST_GUILESS_MAIN(TestConnectAccount)
#include "tst_connectaccount.moc"
