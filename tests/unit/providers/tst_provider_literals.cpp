// "The whole app asks the registry": no source outside a provider's own folders names Alipay or
// WeChat Pay.
// Reads the files git tracks, so a stray literal fails here before review.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QStringList kScope = {u"core/"_s, u"ui/"_s, u"app/"_s, u"sandbox/"_s};

// The adapter and the sandbox dialect own the name.
const QStringList kAllowedFolders = {u"core/providers/alipay/"_s, u"sandbox/alipay/"_s,
                                     u"core/providers/wechatpay/"_s, u"sandbox/wechatpay/"_s};

// The names looked for, case-insensitively ("wechat" covers WeChat Pay, wechatpay, wechat_code).
const QStringList kProviderNames = {u"alipay"_s, u"wechat"_s};

bool namesAProvider(const QString &text)
{
    return std::any_of(kProviderNames.begin(), kProviderNames.end(),
                       [&](const QString &n) { return text.contains(n, Qt::CaseInsensitive); });
}

// Files of other owners that still name the provider until the lead merges their rewrites;
// each entry must shrink away (a stale entry fails too). Target: an empty list.
const QStringList kPendingFiles = {};

// Build wiring may name an adapter's folder: the one line listing the adapters.
bool isAdapterListLine(const QString &path, const QString &line)
{
    if (!path.endsWith(u"CMakeLists.txt"))
        return false;
    static const QRegularExpression list(
        uR"(^\s*set\(PAYDESK_(PROVIDER_ADAPTERS|SANDBOX_DIALECTS|SIGNUP_CLIENTS|SANDBOX_SIGNUPS)\s)"_s);
    return list.match(line).hasMatch();
}

struct Source
{
    QString path;
    QByteArray text;
};

// "path:line: text" for every offending line.
QStringList offences(const QList<Source> &sources)
{
    QStringList out;
    for (const Source &s : sources) {
        if (std::none_of(kScope.begin(), kScope.end(),
                         [&](const QString &dir) { return s.path.startsWith(dir); }))
            continue;
        if (std::any_of(kAllowedFolders.begin(), kAllowedFolders.end(),
                        [&](const QString &dir) { return s.path.startsWith(dir); }))
            continue;
        if (kPendingFiles.contains(s.path))
            continue;
        const QStringList lines = QString::fromUtf8(s.text).split(u'\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QString &line = lines.at(i);
            if (namesAProvider(line) && !isAdapterListLine(s.path, line))
                out << u"%1:%2: %3"_s.arg(s.path).arg(i + 1).arg(line.trimmed());
        }
    }
    return out;
}

} // namespace

class TestProviderLiterals : public QObject
{
    Q_OBJECT
private slots:
    void scannerCatchesALiteral();
    void treeNamesProvidersOnlyInTheirFolders();
};

void TestProviderLiterals::scannerCatchesALiteral()
{
    const QList<Source> planted = {
        {u"core/checkout/x.cpp"_s, "int a;\nif (id == u\"AliPay\") {}\n"},
        {u"core/providers/alipay/alipayprovider.cpp"_s, "\"alipay\""},
        {u"tests/unit/x.cpp"_s, "\"alipay\""},
        {u"sandbox/CMakeLists.txt"_s, "set(PAYDESK_SANDBOX_DIALECTS alipay)\n"},
        {u"sandbox/CMakeLists.txt"_s, "    alipay/alipaygateway.cpp\n"},
        {u"app/commands.cpp"_s, "\"alipay\""},
        {u"ui/checkoutview.cpp"_s, "// WeChat Pay only\n"},
        {u"sandbox/wechatpay/wechatpaygateway.cpp"_s, "\"wechatpay\""},
        {u"core/providers/wechatpay/wechatpayprovider.cpp"_s, "\"alipay and wechatpay\""},
    };
    const QStringList found = offences(planted);
    QCOMPARE(found, QStringList({u"core/checkout/x.cpp:2: if (id == u\"AliPay\") {}"_s,
                                 u"sandbox/CMakeLists.txt:1: alipay/alipaygateway.cpp"_s,
                                 u"app/commands.cpp:1: \"alipay\""_s,
                                 u"ui/checkoutview.cpp:1: // WeChat Pay only"_s}));
}

void TestProviderLiterals::treeNamesProvidersOnlyInTheirFolders()
{
    // Another checkout can be scanned with PAYDESK_SCAN_ROOT (e.g. to see the test fail on main).
    const QString root =
        qEnvironmentVariable("PAYDESK_SCAN_ROOT", QStringLiteral(PAYDESK_SOURCE_DIR));
    QProcess git;
    git.setWorkingDirectory(root);
    git.start(u"git"_s,
              {u"ls-files"_s, u"-z"_s, u"--"_s, u"core"_s, u"ui"_s, u"app"_s, u"sandbox"_s});
    if (!git.waitForFinished(30000) || git.exitStatus() != QProcess::NormalExit ||
        git.exitCode() != 0)
        QSKIP("not a git checkout: nothing to scan");
    QList<Source> sources;
    for (const QByteArray &name : git.readAllStandardOutput().split('\0')) {
        if (name.isEmpty())
            continue;
        QFile f(QDir(root).filePath(QString::fromUtf8(name)));
        if (!f.open(QIODevice::ReadOnly))
            continue; // deleted in the work tree, not yet in the index
        sources.append({QString::fromUtf8(name), f.readAll()});
    }
    QVERIFY2(sources.size() > 50, "git ls-files found too few sources");

    const QStringList found = offences(sources);
    QVERIFY2(found.isEmpty(),
             qPrintable(u"Provider names outside their folders (ask the ProviderRegistry):\n"_s +
                        found.join(u'\n')));

    for (const QString &pending : kPendingFiles) {
        const auto it = std::find_if(sources.begin(), sources.end(),
                                     [&](const Source &s) { return s.path == pending; });
        const bool stillNames = it != sources.end() && namesAProvider(QString::fromUtf8(it->text));
        QVERIFY2(stillNames, qPrintable(pending + u" no longer names the provider: remove it "
                                                  "from kPendingFiles"_s));
    }
}

QTEST_GUILESS_MAIN(TestProviderLiterals)
#include "tst_provider_literals.moc"
