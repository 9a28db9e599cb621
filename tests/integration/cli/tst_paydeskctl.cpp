// paydeskctl: the headless commands built without Qt Widgets, run where there is no display
// and no platform plugin (a POS box over ssh, a CI container).
#include "cliprocess.h"
#include "testsandbox.h"

#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk::test;

class TestPaydeskCtl : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void linksNoWidgets();
    void helpListsEveryCommand();
    void noCommandIsUsage();
    void chargesWithoutADisplay();
    void runsTheSandbox();

private:
    QTemporaryDir m_dir;
    TestSandbox m_sandbox;
    std::unique_ptr<CliProcess> m_ctl;
};

void TestPaydeskCtl::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_sandbox.startServer().isEmpty());
    m_ctl = std::make_unique<CliProcess>(QStringLiteral(PAYDESKCTL_BIN), m_dir.path());
    m_ctl->setSandboxUrl(m_sandbox.baseUrl());
    // No display of any kind, and no hint of a platform plugin.
    QProcessEnvironment &env = m_ctl->environment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE"})
        env.remove(QString::fromLatin1(name));
}

void TestPaydeskCtl::linksNoWidgets()
{
    QProcess ldd;
    ldd.start(QStringLiteral("ldd"), {QStringLiteral(PAYDESKCTL_BIN)});
    QVERIFY(ldd.waitForFinished(30000));
    QCOMPARE(ldd.exitCode(), 0);
    const QString libs = QString::fromLocal8Bit(ldd.readAllStandardOutput());
    QVERIFY2(libs.contains(QStringLiteral("libQt6Core")), qPrintable(libs)); // ldd really ran
    for (const char *gui : {"libQt6Widgets", "libQt6PrintSupport", "libQt6Charts"})
        QVERIFY2(!libs.contains(QString::fromLatin1(gui)), qPrintable(libs));
    // The GUI executable, for contrast: the check can fail.
    ldd.start(QStringLiteral("ldd"), {QStringLiteral(PAYDESK_BIN)});
    QVERIFY(ldd.waitForFinished(30000));
    QVERIFY(QString::fromLocal8Bit(ldd.readAllStandardOutput())
                .contains(QStringLiteral("libQt6Widgets")));
}

void TestPaydeskCtl::helpListsEveryCommand()
{
    const CliRun r =
        m_ctl->runRaw({QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("--help")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(r.out.startsWith(QStringLiteral("Usage: paydeskctl")));
    for (const char *command : {"charge", "orders", "recover", "refund", "audit", "sandbox"})
        QVERIFY2(
            r.out.contains(QRegularExpression(QStringLiteral("^  %1$").arg(QLatin1String(command)),
                                              QRegularExpression::MultilineOption)),
            command);
    const CliRun v = m_ctl->runRaw({QStringLiteral("--version")});
    QCOMPARE(v.exitCode, 0);
    QVERIFY(v.out.startsWith(QStringLiteral("paydeskctl ")));
}

void TestPaydeskCtl::noCommandIsUsage()
{
    const CliRun r = m_ctl->runRaw({QStringLiteral("--lang"), QStringLiteral("en")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QStringLiteral("Usage: paydeskctl")));
}

void TestPaydeskCtl::chargesWithoutADisplay()
{
    const CliRun qr = m_ctl->run({QStringLiteral("charge"), QStringLiteral("--amount"),
                                  QStringLiteral("2.50"), QStringLiteral("--json")});
    QVERIFY2(qr.exitCode == 0, qPrintable(qr.describe()));
    QCOMPARE(qr.json.value(QStringLiteral("status")).toString(), QStringLiteral("PENDING"));
    QVERIFY(qr.json.value(QStringLiteral("qr_code"))
                .toString()
                .startsWith(m_sandbox.baseUrl().toString()));

    const CliRun code =
        m_ctl->run({QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("8.80"),
                    QStringLiteral("--code"), m_sandbox.newAlipayCode(), QStringLiteral("--json")});
    QVERIFY2(code.exitCode == 0, qPrintable(code.describe()));
    QCOMPARE(code.json.value(QStringLiteral("status")).toString(), QStringLiteral("PAID"));
    QCOMPARE(m_sandbox.chargesFor(code.json.value(QStringLiteral("out_trade_no")).toString()), 1);

    const CliRun orders = m_ctl->run({QStringLiteral("orders"), QStringLiteral("--status"),
                                      QStringLiteral("PAID"), QStringLiteral("--json")});
    QCOMPARE(orders.exitCode, 0);
    QCOMPARE(orders.json.value(QStringLiteral("orders")).toArray().size(), 1);
    const CliRun audit =
        m_ctl->run({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--json")});
    QCOMPARE(audit.exitCode, 0);
    QVERIFY(!(qr.err + code.err).contains(QStringLiteral("platform plugin")));
}

void TestPaydeskCtl::runsTheSandbox()
{
    QTemporaryDir state;
    QProcess sandbox;
    sandbox.setProcessEnvironment(m_ctl->environment());
    sandbox.start(QStringLiteral(PAYDESKCTL_BIN),
                  {QStringLiteral("sandbox"), QStringLiteral("--port"), QStringLiteral("0"),
                   QStringLiteral("--state"), state.path()});
    QVERIFY(sandbox.waitForStarted());
    QByteArray out;
    QVERIFY(QTest::qWaitFor(
        [&] {
            out += sandbox.readAllStandardOutput();
            return out.contains("listening on http://127.0.0.1:") ||
                   sandbox.state() == QProcess::NotRunning;
        },
        15000));
    QVERIFY2(out.contains("paydesk sandbox listening on http://127.0.0.1:"), out.constData());
    sandbox.terminate();
    QVERIFY(sandbox.waitForFinished(10000));
    QCOMPARE(sandbox.exitStatus(), QProcess::NormalExit);
}

QTEST_GUILESS_MAIN(TestPaydeskCtl)
#include "tst_paydeskctl.moc"
