// `paydeskctl provider add|test|list|remove` end to end, for both providers, against the real
// sandbox on loopback (this process runs it; the CLI reaches it as a "production" gateway):
// the owner's authority (password and a second factor each time), right keys proven and saved,
// each wrong key refused with the field named and its exit code, test, list and remove.

#include "cliprocess.h"
#include "testsandbox.h"

#include "core/crypto/crypto.h"
#include "core/crypto/otp.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestProviderCli : public QObject
{
    Q_OBJECT

    TestSandbox sandbox;
    QTemporaryDir dir;
    std::unique_ptr<CliProcess> cli;
    QStringList recoveryCodes; ///< each gives one command the owner's second factor
    crypto::RsaKey appKey, merchantKey, otherKey;
    QJsonObject alipayApp, wechatApp;
    QByteArray totpSecret;
    qint64 nextTotpStep = 0;

    QString file(const QString &name, const QByteArray &bytes)
    {
        const QString path = QDir(dir.path()).filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            return {};
        return u"@"_s + path;
    }

    /// A recovery code while there are any, then the authenticator's codes of the current and
    /// the next time step (each step is good once; `setup --totp` used the previous one).
    QString nextSecondFactor()
    {
        if (!recoveryCodes.isEmpty())
            return recoveryCodes.takeFirst();
        return crypto::totp(totpSecret, 30 * nextTotpStep++);
    }

    static QString errorField(const CliRun &run)
    {
        return run.json.value(u"error"_s).toObject().value(u"field"_s).toString();
    }

    /// Runs `provider ARGS --operator olivia --json` with the next recovery code.
    CliRun asOwner(QStringList args)
    {
        cli->environment().insert(u"PAYDESK_TOTP"_s, nextSecondFactor());
        args.prepend(u"provider"_s);
        args << u"--operator"_s << u"olivia"_s << u"--json"_s;
        return cli->run(args);
    }

    QStringList alipayArgs() const
    {
        return {
            u"add"_s,
            u"--provider"_s,
            u"alipay"_s,
            u"--app-id"_s,
            alipayApp.value(u"app_id"_s).toString(),
            u"--gateway"_s,
            sandbox.baseUrl().resolved(QUrl(alipayApp.value(u"gateway"_s).toString())).toString()};
    }

    QStringList wechatArgs() const
    {
        const auto text = [&](const char *k) {
            return wechatApp.value(QLatin1String(k)).toString();
        };
        return {u"add"_s,
                u"--provider"_s,
                u"wechatpay"_s,
                u"--mchid"_s,
                text("mchid"),
                u"--appid"_s,
                text("appid"),
                u"--merchant-serial"_s,
                text("merchant_serial"),
                u"--apiv3-key"_s,
                text("apiv3_key"),
                u"--platform-serial"_s,
                text("platform_serial"),
                u"--apiv2-key"_s,
                text("apiv2_key"),
                u"--notify-url"_s,
                u"https://till.example.com/notify/wechatpay"_s,
                u"--gateway"_s,
                sandbox.baseUrl().resolved(QUrl(text("base_url"))).toString()};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir.isValid());
        QCOMPARE(sandbox.startServer(), QString());
        appKey = crypto::RsaKey::generate(2048).value();
        merchantKey = crypto::RsaKey::generate(2048).value();
        otherKey = crypto::RsaKey::generate(2048).value();
        alipayApp = sandbox.control(
            u"/sandbox/apps"_s,
            QJsonObject{{u"provider"_s, u"alipay"_s},
                        {u"public_key"_s, QString::fromLatin1(appKey.publicKeyPem())}});
        wechatApp = sandbox.control(
            u"/sandbox/apps"_s,
            QJsonObject{{u"provider"_s, u"wechatpay"_s},
                        {u"public_key"_s, QString::fromLatin1(merchantKey.publicKeyPem())}});
        QVERIFY(!alipayApp.value(u"app_id"_s).toString().isEmpty());
        QVERIFY(!wechatApp.value(u"mchid"_s).toString().isEmpty());

        cli = std::make_unique<CliProcess>(QStringLiteral(PAYDESKCTL_BIN),
                                           QDir(dir.path()).filePath(u"till"_s));
        cli->environment().insert(u"PAYDESK_PASSWORD"_s, u"Lantern-Orbit-73!"_s);
        const CliRun setup =
            cli->run({u"setup"_s, u"--owner"_s, u"olivia"_s, u"--totp"_s, u"--json"_s});
        QCOMPARE(setup.exitCode, 0);
        for (const QJsonValue &v : setup.json.value(u"recovery_codes"_s).toArray())
            recoveryCodes << v.toString();
        QCOMPARE(recoveryCodes.size(), 10);
        const QUrlQuery uri(QUrl(setup.json.value(u"otpauth_uri"_s).toString()));
        totpSecret = crypto::base32Decode(uri.queryItemValue(u"secret"_s)).value();
        nextTotpStep = QDateTime::currentSecsSinceEpoch() / 30;
    }

    void theOwnersAuthorityIsNeeded()
    {
        // No operator: bad usage. No second factor: refused. Wrong password: refused.
        CliRun run = cli->run({u"provider"_s, u"list"_s, u"--json"_s});
        QCOMPARE(run.exitCode, 2);
        cli->environment().remove(u"PAYDESK_TOTP"_s);
        QStringList args = alipayArgs();
        args << u"--app-private-key"_s << file(u"app.pem"_s, appKey.privateKeyPem())
             << u"--alipay-public-key"_s
             << file(u"alipay.pem"_s,
                     alipayApp.value(u"provider_public_key"_s).toString().toLatin1())
             << u"--operator"_s << u"olivia"_s << u"--json"_s;
        args.prepend(u"provider"_s);
        run = cli->run(args);
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.errorCode(), u"security.totp_required"_s);
        cli->environment().insert(u"PAYDESK_PASSWORD"_s, u"Lantern-Orbit-74!"_s);
        cli->environment().insert(u"PAYDESK_TOTP"_s, recoveryCodes.first());
        run = cli->run(args);
        QCOMPARE(run.exitCode, 1);
        cli->environment().insert(u"PAYDESK_PASSWORD"_s, u"Lantern-Orbit-73!"_s);
        QVERIFY(sandbox.trades().isEmpty()); // nothing reached the provider
    }

    void alipayRightAndWrongKeys()
    {
        // Another key where Alipay's public key belongs: its answer does not verify.
        QStringList wrong = alipayArgs();
        wrong << u"--app-private-key"_s << file(u"app.pem"_s, appKey.privateKeyPem())
              << u"--alipay-public-key"_s << file(u"other.pub"_s, otherKey.publicKeyPem());
        CliRun run = asOwner(wrong);
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.errorCode(), u"credentials.refused"_s);
        QCOMPARE(errorField(run), u"alipay_public_key"_s);

        QStringList right = alipayArgs();
        right << u"--app-private-key"_s << file(u"app.pem"_s, appKey.privateKeyPem())
              << u"--alipay-public-key"_s
              << file(u"alipay.pem"_s,
                      alipayApp.value(u"provider_public_key"_s).toString().toLatin1());
        run = asOwner(right);
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QCOMPARE(run.json.value(u"code"_s).toString(), u"ok"_s);
        QVERIFY(run.json.value(u"probe_out_trade_no"_s).toString().startsWith(u"PDPROBE-"_s));
    }

    void wechatPayRightAndWrongKeys()
    {
        // The certificate's key is not the one whose serial was given: our signature is refused.
        QStringList wrong = wechatArgs();
        wrong << u"--merchant-private-key"_s << file(u"other.pem"_s, otherKey.privateKeyPem())
              << u"--platform-public-key"_s
              << file(u"pub_key.pem"_s,
                      wechatApp.value(u"platform_public_key"_s).toString().toLatin1());
        CliRun run = asOwner(wrong);
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.errorCode(), u"credentials.refused"_s);
        QCOMPARE(errorField(run), u"merchant_private_key"_s);

        // A malformed APIv3 key: bad input, nothing sent.
        QStringList bad = wechatArgs();
        bad[bad.indexOf(u"--apiv3-key"_s) + 1] = u"short"_s;
        bad << u"--merchant-private-key"_s
            << file(u"apiclient_key.pem"_s, merchantKey.privateKeyPem())
            << u"--platform-public-key"_s
            << file(u"pub_key.pem"_s,
                    wechatApp.value(u"platform_public_key"_s).toString().toLatin1());
        run = asOwner(bad);
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(errorField(run), u"apiv3_key"_s);

        // Nobody at the address: unreachable.
        QStringList away = bad;
        away[away.indexOf(u"--apiv3-key"_s) + 1] = wechatApp.value(u"apiv3_key"_s).toString();
        away[away.indexOf(u"--gateway"_s) + 1] = u"http://127.0.0.1:9/wechatpay"_s;
        run = asOwner(away);
        QCOMPARE(run.exitCode, 3);
        QCOMPARE(run.errorCode(), u"provider.unreachable"_s);

        QStringList right = bad;
        right[right.indexOf(u"--apiv3-key"_s) + 1] = wechatApp.value(u"apiv3_key"_s).toString();
        run = asOwner(right);
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QCOMPARE(run.json.value(u"app_id"_s).toString(), wechatApp.value(u"appid"_s).toString());
    }

    void testListAndRemove()
    {
        CliRun run = asOwner({u"list"_s});
        QCOMPARE(run.exitCode, 0);
        const QJsonArray accounts = run.json.value(u"accounts"_s).toArray();
        QCOMPARE(accounts.size(), 2);
        QStringList providers;
        for (const QJsonValue &a : accounts)
            providers << a.toObject().value(u"provider"_s).toString();
        providers.sort();
        QCOMPARE(providers, (QStringList{u"alipay"_s, u"wechatpay"_s}));

        for (const QString &provider : {u"alipay"_s, u"wechatpay"_s}) {
            run = asOwner({u"test"_s, u"--provider"_s, provider});
            QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
            QVERIFY(run.json.value(u"ok"_s).toBool());
        }

        run = asOwner({u"remove"_s, u"--provider"_s, u"alipay"_s});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.json.value(u"removed"_s).toBool());
        run = asOwner({u"remove"_s, u"--provider"_s, u"alipay"_s});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.errorCode(), u"provider.no_account"_s);
        run = asOwner({u"test"_s, u"--provider"_s, u"alipay"_s});
        QCOMPARE(run.exitCode, 1);
        // The connections and the removal are in the audit log, and it verifies.
        QCOMPARE(cli->run({u"audit"_s, u"verify"_s, u"--json"_s}).exitCode, 0);
        QVERIFY(sandbox.trades().isEmpty()); // every proof was a query, never a trade
    }
};

QTEST_MAIN(TestProviderCli)
#include "tst_providercli.moc"
