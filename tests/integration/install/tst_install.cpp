// The package (issue 15): `make package` builds a .deb that holds what a store PC needs and
// nothing else, whose desktop entry, metainfo and man pages pass their validators and tell the
// truth, and whose installed executables run from where they were installed, with nothing of
// the build tree: paydeskctl --version and a payment-code charge against the installed sandbox.
//
// As a normal user (or anywhere outside CI) the .deb is unpacked with dpkg-deb -x into a scratch
// root. In CI (CI=true, root) it is also installed with dpkg -i, run from /usr/bin and removed.
#include <QDir>
#include <QDirIterator>
#include <QEventLoop>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    QString describe() const
    {
        return QStringLiteral("exit %1\nstdout: %2\nstderr: %3").arg(exitCode).arg(out, err);
    }
};

/// The environment of a fresh login on a store PC: nothing that points into a build tree.
QProcessEnvironment cleanEnvironment(const QString &home)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/local/bin:/usr/bin:/bin"));
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    return env;
}

Run run(const QString &program, const QStringList &args, const QProcessEnvironment &env = {},
        const QString &cwd = {}, int timeoutMs = 120000)
{
    QProcess p;
    if (!env.isEmpty())
        p.setProcessEnvironment(env);
    if (!cwd.isEmpty())
        p.setWorkingDirectory(cwd);
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10000)) {
        r.err = p.errorString();
        return r;
    }
    p.waitForFinished(timeoutMs);
    r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
    r.err = QString::fromLocal8Bit(p.readAllStandardError());
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return r;
}

bool inCiAsRoot()
{
    const QByteArray ci = qgetenv("CI");
    return ::geteuid() == 0 && !ci.isEmpty() && ci != "false";
}

/// The long options ("--amount") a --help text lists.
QStringList optionsIn(const QString &help)
{
    QStringList options;
    static const QRegularExpression re(QStringLiteral("(?:^|[ ,])(--[a-z][a-z-]*)"),
                                       QRegularExpression::MultilineOption);
    for (auto it = re.globalMatch(help); it.hasNext();) {
        const QString o = it.next().captured(1);
        if (!options.contains(o) && o != u"--help-all")
            options << o;
    }
    return options;
}

} // namespace

class TestInstall : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void packageMetadata();
    void packageHoldsWhatAStorePcNeedsAndNothingElse();
    void desktopEntryAndMetainfoValidate();
    void iconsAreRendered();
    void manPagesRenderAndNameEveryCommandAndOption();
    void installedExecutablesNeedNothingFromTheBuildTree();
    void installedPaydeskctlChargesAgainstTheInstalledSandbox();
    void installedTillOpensItsWindow();
    void dpkgInstallAndRemove();
    void cleanupTestCase();

private:
    QString installed(const QString &path) const { return m_root + path; }
    Run ctl(const QString &bin, const QStringList &args) const;

    QTemporaryDir m_tmp;
    QString m_deb;
    QString m_root;
    QString m_home;
    bool m_dpkgInstalled = false;
};

void TestInstall::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_home = m_tmp.filePath(QStringLiteral("home"));
    QVERIFY(QDir().mkpath(m_home));
    const QString out = m_tmp.filePath(QStringLiteral("pkg"));
    // What `make package` runs, into a folder of our own.
    const Run cpack =
        run(QStringLiteral("cpack"),
            {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"),
             QStringLiteral(PAYDESK_BUILD_DIR "/CPackConfig.cmake"), QStringLiteral("-B"), out});
    QVERIFY2(cpack.exitCode == 0, qPrintable(cpack.describe()));
    const QStringList debs = QDir(out).entryList({QStringLiteral("*.deb")}, QDir::Files);
    QCOMPARE(debs.size(), 1);
    m_deb = QDir(out).filePath(debs.first());
    QCOMPARE(debs.first(), QStringLiteral("paydesk_" PAYDESK_EXPECTED_VERSION "_amd64.deb"));
    m_root = m_tmp.filePath(QStringLiteral("root"));
    const Run x = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-x"), m_deb, m_root});
    QVERIFY2(x.exitCode == 0, qPrintable(x.describe()));
}

void TestInstall::packageMetadata()
{
    const Run f =
        run(QStringLiteral("dpkg-deb"),
            {QStringLiteral("-f"), m_deb, QStringLiteral("Package"), QStringLiteral("Version"),
             QStringLiteral("Depends"), QStringLiteral("Recommends")});
    QVERIFY2(f.exitCode == 0, qPrintable(f.describe()));
    QVERIFY(f.out.contains(QStringLiteral("Package: paydesk\n")));
    QVERIFY(f.out.contains(QStringLiteral("Version: " PAYDESK_EXPECTED_VERSION "\n")));
    // What shlibdeps cannot see, and what it found.
    for (const char *dep :
         {"qt6-qpa-plugins", "libqt6sql6-sqlite", "qt6-translations-l10n", "fonts-noto-cjk",
          "libqt6core6", "libqt6widgets6", "libssl3", "libsqlite3-0", "libzip4", "libqrencode4"})
        QVERIFY2(f.out.contains(QString::fromLatin1(dep)), dep);
    // A speech engine for the announcements, recommended rather than required.
    QVERIFY(f.out.contains(QStringLiteral("Recommends: qt6-speech-speechd-plugin")));
}

void TestInstall::packageHoldsWhatAStorePcNeedsAndNothingElse()
{
    QStringList files;
    for (QDirIterator it(m_root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
         it.hasNext();)
        files << it.next().mid(m_root.size());
    files.sort();
    QStringList expected{
        QStringLiteral("/usr/bin/paydesk"),
        QStringLiteral("/usr/bin/paydeskctl"),
        QStringLiteral("/usr/share/applications/paydesk.desktop"),
        QStringLiteral("/usr/share/doc/paydesk/copyright"),
        QStringLiteral("/usr/share/icons/hicolor/scalable/apps/paydesk.svg"),
        QStringLiteral("/usr/share/man/man1/paydesk.1.gz"),
        QStringLiteral("/usr/share/man/man1/paydeskctl.1.gz"),
        QStringLiteral("/usr/share/metainfo/io.paydesk.Paydesk.metainfo.xml"),
    };
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256})
        expected << QStringLiteral("/usr/share/icons/hicolor/%1x%1/apps/paydesk.png").arg(size);
    expected.sort();
    QCOMPARE(files, expected); // no tests, benchmarks, static libraries or headers
    // Stripped: a lean package (the symbols stay in the build tree).
    const Run file = run(QStringLiteral("file"), {installed(QStringLiteral("/usr/bin/paydesk"))});
    if (file.exitCode == 0)
        QVERIFY2(file.out.contains(QStringLiteral("stripped")) &&
                     !file.out.contains(QStringLiteral("not stripped")),
                 qPrintable(file.out));
}

void TestInstall::desktopEntryAndMetainfoValidate()
{
    const Run desktop = run(QStringLiteral("desktop-file-validate"),
                            {installed(QStringLiteral("/usr/share/applications/paydesk.desktop"))});
    QVERIFY2(desktop.exitCode == 0 && desktop.out.trimmed().isEmpty(),
             qPrintable(desktop.describe()));
    const Run meta =
        run(QStringLiteral("appstreamcli"),
            {QStringLiteral("validate"), QStringLiteral("--no-net"),
             installed(QStringLiteral("/usr/share/metainfo/io.paydesk.Paydesk.metainfo.xml"))});
    QVERIFY2(meta.exitCode == 0, qPrintable(meta.describe()));
    // The metainfo names the desktop entry and both executables that are really installed.
    QFile xml(installed(QStringLiteral("/usr/share/metainfo/io.paydesk.Paydesk.metainfo.xml")));
    QVERIFY(xml.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(xml.readAll());
    QVERIFY(text.contains(QStringLiteral("<launchable type=\"desktop-id\">paydesk.desktop<")));
    QVERIFY(text.contains(QStringLiteral("<release version=\"" PAYDESK_EXPECTED_VERSION "\"")));
    for (const char *bin : {"paydesk", "paydeskctl"})
        QVERIFY(text.contains(QStringLiteral("<binary>%1</binary>").arg(QLatin1String(bin))));
}

void TestInstall::iconsAreRendered()
{
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256}) {
        const QImage icon(
            installed(QStringLiteral("/usr/share/icons/hicolor/%1x%1/apps/paydesk.png").arg(size)));
        QVERIFY2(!icon.isNull(), qPrintable(QString::number(size)));
        QCOMPARE(icon.size(), QSize(size, size));
        // Drawn, not empty: the centre is the opaque blue of the icon's tile.
        const QColor centre = icon.pixelColor(size / 2, size / 2);
        QVERIFY2(centre.alpha() == 255, qPrintable(QString::number(size)));
        QVERIFY(icon.pixelColor(0, 0).alpha() < 255); // the rounded corner is transparent
    }
}

void TestInstall::manPagesRenderAndNameEveryCommandAndOption()
{
    const QProcessEnvironment env = cleanEnvironment(m_home);
    for (const QString &program : {QStringLiteral("paydesk"), QStringLiteral("paydeskctl")}) {
        const QString page = installed(QStringLiteral("/usr/share/man/man1/%1.1.gz").arg(program));
        // groff's own warnings (-ww) must stay silent.
        QProcess zcat;
        QProcess groff;
        zcat.setStandardOutputProcess(&groff);
        zcat.start(QStringLiteral("zcat"), {page});
        groff.start(QStringLiteral("groff"), {QStringLiteral("-man"), QStringLiteral("-Tutf8"),
                                              QStringLiteral("-ww"), QStringLiteral("-z")});
        QVERIFY(zcat.waitForFinished(10000) && groff.waitForFinished(10000));
        QCOMPARE(groff.exitCode(), 0);
        const QString warnings = QString::fromLocal8Bit(groff.readAllStandardError());
        QVERIFY2(warnings.isEmpty(), qPrintable(program + QStringLiteral(": ") + warnings));

        const Run text = run(QStringLiteral("zcat"), {page});
        QVERIFY(text.exitCode == 0);
        const QString roff = QString(text.out).replace(QStringLiteral("\\-"), QStringLiteral("-"));
        QVERIFY(roff.contains(QStringLiteral(".TH %1 1").arg(program.toUpper())));
        // Every command the installed executable lists, and every option of each command.
        const QString bin = installed(QStringLiteral("/usr/bin/paydeskctl"));
        const Run help =
            run(bin, {QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("--help")},
                env, m_home);
        QCOMPARE(help.exitCode, 0);
        static const QRegularExpression commandLine(QStringLiteral("^  ([a-z]+)$"),
                                                    QRegularExpression::MultilineOption);
        QStringList commands;
        for (auto it = commandLine.globalMatch(help.out); it.hasNext();)
            commands << it.next().captured(1);
        QVERIFY(commands.size() >= 7);
        for (const QString &option : optionsIn(help.out.section(QLatin1Char('\n'), 0, 0)))
            QVERIFY2(roff.contains(option), qPrintable(program + u' ' + option));
        for (const QString &command : commands) {
            QVERIFY2(roff.contains(QStringLiteral(".B %1").arg(command)),
                     qPrintable(program + u' ' + command));
            if (command == u"sandbox") // its own parser: options in its usage line
                continue;
            const Run h = run(
                bin,
                {QStringLiteral("--lang"), QStringLiteral("en"), command, QStringLiteral("--help")},
                env, m_home);
            QCOMPARE(h.exitCode, 0);
            const QStringList options = optionsIn(h.out);
            QVERIFY(options.contains(QStringLiteral("--json")));
            for (const QString &option : options)
                QVERIFY2(roff.contains(option),
                         qPrintable(program + u' ' + command + u' ' + option));
        }
        for (const char *option : {"--port", "--seed", "--faults", "--state"})
            QVERIFY2(roff.contains(QLatin1String(option)), option);
    }
}

void TestInstall::installedExecutablesNeedNothingFromTheBuildTree()
{
    const QProcessEnvironment env = cleanEnvironment(m_home);
    for (const QString &program : {QStringLiteral("paydesk"), QStringLiteral("paydeskctl")}) {
        const QString bin = installed(QStringLiteral("/usr/bin/") + program);
        const Run v = run(bin, {QStringLiteral("--version")}, env, m_home);
        QVERIFY2(v.exitCode == 0, qPrintable(v.describe()));
        QCOMPARE(v.out, program + QStringLiteral(" " PAYDESK_EXPECTED_VERSION "\n"));
        // No run path, and every library resolved outside the build and source trees.
        const Run dyn = run(QStringLiteral("readelf"), {QStringLiteral("-d"), bin});
        QVERIFY2(dyn.exitCode == 0, qPrintable(dyn.describe()));
        QVERIFY2(!dyn.out.contains(QStringLiteral("RPATH")) &&
                     !dyn.out.contains(QStringLiteral("RUNPATH")),
                 qPrintable(dyn.out));
        const Run ldd = run(QStringLiteral("ldd"), {bin}, env);
        QVERIFY2(ldd.exitCode == 0 && !ldd.out.contains(QStringLiteral("not found")),
                 qPrintable(ldd.describe()));
        QVERIFY(!ldd.out.contains(QStringLiteral(PAYDESK_BUILD_DIR)));
        QVERIFY(!ldd.out.contains(QStringLiteral(PAYDESK_SOURCE_DIR)));
    }
}

Run TestInstall::ctl(const QString &bin, const QStringList &args) const
{
    return run(bin, QStringList{QStringLiteral("--lang"), QStringLiteral("en")} + args,
               cleanEnvironment(m_home), m_home, 90000);
}

void TestInstall::installedPaydeskctlChargesAgainstTheInstalledSandbox()
{
    const QString bin = installed(QStringLiteral("/usr/bin/paydeskctl"));
    QTemporaryDir state;
    QProcess sandbox;
    sandbox.setProcessEnvironment(cleanEnvironment(m_home));
    sandbox.setWorkingDirectory(m_home);
    sandbox.start(bin, {QStringLiteral("sandbox"), QStringLiteral("--port"), QStringLiteral("0"),
                        QStringLiteral("--state"), state.path()});
    QVERIFY(sandbox.waitForStarted());
    QByteArray banner;
    static const QRegularExpression url(QStringLiteral("http://127\\.0\\.0\\.1:\\d+"));
    QVERIFY(QTest::qWaitFor(
        [&] {
            banner += sandbox.readAllStandardOutput();
            return url.match(QString::fromLatin1(banner)).hasMatch();
        },
        20000));
    const QString base = url.match(QString::fromLatin1(banner)).captured(0);

    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(base + QStringLiteral("/sandbox/buyers")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    std::unique_ptr<QNetworkReply> reply(nam.post(request, QByteArrayLiteral("{}")));
    QVERIFY(QTest::qWaitFor([&] { return reply->isFinished(); }, 20000));
    const QJsonObject buyer = QJsonDocument::fromJson(reply->readAll()).object();
    QString code;
    for (auto it = buyer.begin(); it != buyer.end(); ++it) // the code of the Alipay dialect
        if (it.key().endsWith(QStringLiteral("_code")) && it.value().toString().startsWith(u'2'))
            code = it.value().toString();
    QVERIFY2(!code.isEmpty(), QJsonDocument(buyer).toJson().constData());

    const QString data = m_tmp.filePath(QStringLiteral("data"));
    const Run charge =
        ctl(bin, {QStringLiteral("--data-dir"), data, QStringLiteral("--sandbox-url"), base,
                  QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("12.34"),
                  QStringLiteral("--code"), code, QStringLiteral("--json")});
    QVERIFY2(charge.exitCode == 0, qPrintable(charge.describe()));
    const QJsonObject paid = QJsonDocument::fromJson(charge.out.toUtf8()).object();
    QCOMPARE(paid.value(QStringLiteral("status")).toString(), QStringLiteral("PAID"));
    QCOMPARE(paid.value(QStringLiteral("amount_minor")).toInt(), 1234);
    const Run audit = ctl(bin, {QStringLiteral("--data-dir"), data, QStringLiteral("audit"),
                                QStringLiteral("verify")});
    QVERIFY2(audit.exitCode == 0, qPrintable(audit.describe()));
    sandbox.terminate();
    QVERIFY(sandbox.waitForFinished(10000));
}

void TestInstall::installedTillOpensItsWindow()
{
    // The GUI executable with Qt's plugins from the system (offscreen: no display in a test).
    QProcessEnvironment env = cleanEnvironment(m_home);
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const QString data = m_tmp.filePath(QStringLiteral("till"));
    QProcess till;
    till.setProcessEnvironment(env);
    till.setWorkingDirectory(m_home);
    till.start(
        installed(QStringLiteral("/usr/bin/paydesk")),
        {QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("--data-dir"), data});
    QVERIFY(till.waitForStarted());
    // It has made its database and waits in the first-run dialog for the owner.
    QVERIFY(QTest::qWaitFor(
        [&] { return QFileInfo::exists(data + QStringLiteral("/db/paydesk.sqlite")); }, 20000));
    QTest::qWait(1500);
    QCOMPARE(till.state(), QProcess::Running);
    till.kill();
    QVERIFY(till.waitForFinished(5000));
    const QString err = QString::fromLocal8Bit(till.readAllStandardError());
    QVERIFY2(!err.contains(QStringLiteral("platform plugin")) &&
                 !err.contains(QStringLiteral("driver not loaded")),
             qPrintable(err));
}

void TestInstall::dpkgInstallAndRemove()
{
    if (!inCiAsRoot())
        QSKIP("dpkg -i only in CI as root; the unpacked root above was checked instead");
    const Run already =
        run(QStringLiteral("dpkg-query"),
            {QStringLiteral("-W"), QStringLiteral("-f=${Status}"), QStringLiteral("paydesk")});
    if (already.out.contains(QStringLiteral("install ok installed")))
        QSKIP("a paydesk package is already installed here; it is left alone");
    const Run install = run(QStringLiteral("dpkg"), {QStringLiteral("-i"), m_deb});
    m_dpkgInstalled = true;
    QVERIFY2(install.exitCode == 0, qPrintable(install.describe()));
    const QProcessEnvironment env = cleanEnvironment(m_home);
    const Run v =
        run(QStringLiteral("/usr/bin/paydeskctl"), {QStringLiteral("--version")}, env, m_home);
    QCOMPARE(v.out, QStringLiteral("paydeskctl " PAYDESK_EXPECTED_VERSION "\n"));
    const Run orders = run(QStringLiteral("paydeskctl"),
                           {QStringLiteral("--lang"), QStringLiteral("en"),
                            QStringLiteral("orders"), QStringLiteral("--json")},
                           env, m_home);
    QVERIFY2(orders.exitCode == 0, qPrintable(orders.describe()));
    // The data folder of the installed till is in the user's home, never in the package.
    QVERIFY(QFileInfo::exists(m_home +
                              QStringLiteral("/.local/share/Paydesk/Paydesk/db/paydesk.sqlite")));
    const Run man =
        run(QStringLiteral("man"), {QStringLiteral("-w"), QStringLiteral("paydeskctl")});
    QVERIFY2(man.exitCode == 0, qPrintable(man.describe()));
    const Run remove =
        run(QStringLiteral("dpkg"), {QStringLiteral("-r"), QStringLiteral("paydesk")});
    QVERIFY2(remove.exitCode == 0, qPrintable(remove.describe()));
    m_dpkgInstalled = false;
    QVERIFY(!QFileInfo::exists(QStringLiteral("/usr/bin/paydeskctl")));
    QVERIFY(QFileInfo::exists(m_home +
                              QStringLiteral("/.local/share/Paydesk/Paydesk/db/paydesk.sqlite")));
}

void TestInstall::cleanupTestCase()
{
    if (m_dpkgInstalled) // a failed check above must not leave the package behind
        (void)run(QStringLiteral("dpkg"), {QStringLiteral("-r"), QStringLiteral("paydesk")});
}

QTEST_GUILESS_MAIN(TestInstall)
#include "tst_install.moc"
