// Connecting an existing account against the real sandbox on loopback: an app provisioned with
// POST /sandbox/apps gives real credentials. Right ones are proven by a signed "no such trade"
// and saved (and the saved account takes a payment); each wrong one is named in plain words and
// nothing is saved; only an owner with a fresh second factor may connect.
#include "securityfixture.h"
#include "testsandbox.h"

#include "core/onboarding/providerconnector.h"
#include "core/providers/provideraccountstore.h"
#include "core/providers/providerregistry.h"

#include <QSignalSpy>

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

    CredentialValues rightValues() const
    {
        return {{u"app_id"_s, app.value(u"app_id"_s).toString()},
                {u"app_private_key"_s, QString::fromLatin1(appKey.privateKeyPem())},
                {u"alipay_public_key"_s, app.value(u"provider_public_key"_s).toString()},
                {u"gateway"_s,
                 sandbox.baseUrl().resolved(QUrl(app.value(u"gateway"_s).toString())).toString()}};
    }

    ConnectOutcome connectWith(const Session &session, const CredentialValues &values)
    {
        std::optional<ConnectOutcome> outcome;
        connector->connectAccount(session, u"alipay"_s, values,
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
                                                ProviderEnvironment{&sandbox.network, &f->clock});
    }
    void cleanup()
    {
        connector.reset();
        f.reset();
    }

    void rightKeysAreProvenSavedAndTakePayments()
    {
        QCOMPARE(connector->connectableProviders(), QStringList{u"alipay"_s});
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
