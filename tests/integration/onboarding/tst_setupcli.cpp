// `paydeskctl setup` and `paydeskctl provider list` end to end: the unattended first start a
// chain's roll-out script runs, with its refusals and exit codes.

#include "cliprocess.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestSetupCli : public QObject
{
    Q_OBJECT

private slots:
    void unattendedFirstStart()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        CliProcess cli(QStringLiteral(PAYDESKCTL_BIN), dir.path());
        // No password, no owner name: bad usage, nothing created.
        CliRun run = cli.run({u"setup"_s, u"--owner"_s, u"olivia"_s, u"--json"_s});
        QCOMPARE(run.exitCode, 2);
        cli.environment().insert(u"PAYDESK_PASSWORD"_s, u"Lantern-Orbit-73!"_s);
        QCOMPARE(cli.run({u"setup"_s, u"--json"_s}).exitCode, 2);
        // A weak password is refused.
        cli.environment().insert(u"PAYDESK_PASSWORD"_s, u"123456"_s);
        run = cli.run({u"setup"_s, u"--owner"_s, u"olivia"_s, u"--json"_s});
        QVERIFY2(run.exitCode == 1 || run.exitCode == 2, qPrintable(QString::number(run.exitCode)));
        QVERIFY(run.json.contains(u"error"_s));
        // A strong one creates the owner and, with --totp, prints the otpauth URI once.
        cli.environment().insert(u"PAYDESK_PASSWORD"_s, u"Lantern-Orbit-73!"_s);
        run = cli.run({u"setup"_s, u"--owner"_s, u"olivia"_s, u"--totp"_s, u"--json"_s});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.json.value(u"otpauth_uri"_s).toString().startsWith(u"otpauth://totp/"_s));
        QVERIFY(!run.json.value(u"recovery_codes"_s).toArray().isEmpty());
        // A second set-up is refused: the till has an owner.
        run = cli.run({u"setup"_s, u"--owner"_s, u"mallory"_s, u"--json"_s});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.json.value(u"error"_s).toObject().value(u"code"_s).toString(),
                 u"setup.done"_s);
        // The owner is audited and the log verifies.
        QCOMPARE(cli.run({u"audit"_s, u"verify"_s, u"--json"_s}).exitCode, 0);
        // provider list needs the owner's authority.
        QVERIFY(cli.run({u"provider"_s, u"list"_s, u"--json"_s}).exitCode != 0);
    }
};

QTEST_MAIN(TestSetupCli)
#include "tst_setupcli.moc"
