// Disk and file faults (issue 17, docs/SOAK.md): a full disk and a read-only data folder during
// a charge and during a statement sync give a clear, translated error, take no money that is not
// booked, and corrupt nothing.
//
// The faults come from the LD_PRELOAD shim diskshim.cpp (this test re-executes itself with it
// preloaded): ENOSPC or EROFS at the system-call level, for exactly the data folder, switched on
// and off from the test between two steps. Where the kernel lets the test mount (root with
// CAP_SYS_ADMIN: `unshare -m`), realSmallFilesystem() runs the same checks on a real 4 MiB tmpfs
// filled to the last byte and then remounted read-only; elsewhere (CI containers without mount)
// that case is skipped and says so. Root ignores file modes, so "read-only" is EROFS, never a
// chmod.
#include "app/appcontext.h"
#include "core/books/syncservice.h"
#include "core/checkout/checkoutservice.h"
#include "core/checkout/recovery.h"
#include "core/orders/orderqueries.h"
#include "core/reconcile/reconciliationservice.h"
#include "core/security/auditlog.h"
#include "core/security/operatorservice.h"
#include "core/storage/database.h"

#include "soakbooks.h"
#include "testsandbox.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <vector>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {
const QString kOwnerPassword = u"Lantern-Orbit-73!"_s;
enum ShimMode { Off = 0, Full = 1, ReadOnly = 2 };
using ShimSet = void (*)(const char *, int, long long);
using ShimFailures = long long (*)();
bool g_ownMountNamespace = false;

struct CtlRun
{
    int exitCode = -1;
    QJsonObject json;
    QString out;
    QString err;
};
} // namespace

class TestSoakDisk : public QObject
{
    Q_OBJECT
public:
    /// Before QTest starts: re-executes this binary with the shim preloaded (once), then takes a
    /// private mount namespace if the kernel allows it (for realSmallFilesystem()).
    static void initMain();

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void aChargeWhoseOrderCannotBeSavedTakesNoMoney_data();
    void aChargeWhoseOrderCannotBeSavedTakesNoMoney();
    void aPaymentTakenButNotSavedIsRecoveredOnce_data();
    void aPaymentTakenButNotSavedIsRecoveredOnce();
    void aSyncOnABadDiskImportsNothing_data();
    void aSyncOnABadDiskImportsNothing();
    void theCommandLineSaysWhatIsWrong_data();
    void theCommandLineSaysWhatIsWrong();
    void realSmallFilesystem();

private:
    void shim(int mode, long long budget = 0) { m_shimSet(qPrintable(m_dataDir), mode, budget); }
    std::unique_ptr<AppContext> openTill(bool first);
    QString charge(AppContext &ctx, const QString &code, qint64 minor, OrderStatus expected);
    CtlRun paydeskctl(const QStringList &args, const QProcessEnvironment &extra = {});
    void verifyBooks(const QString &when);
    QList<QJsonObject> tradesOf(const QString &buyerId);

    ShimSet m_shimSet = nullptr;
    ShimFailures m_shimFailures = nullptr;
    std::unique_ptr<TestSandbox> m_sandbox;
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_dataDir;
    int m_invariants = 0;
    QMap<QString, int> m_errorsSeen; ///< error codes the till gave, for the figures
    QString m_tmpfs = u"tmpfs: not run (no mount here)"_s;
};

void TestSoakDisk::initMain()
{
    if (!dlsym(RTLD_DEFAULT, "paydesk_diskshim_set") && !std::getenv("PAYDESK_DISKSHIM_REEXEC")) {
        QByteArray preload = DISKSHIM_LIB;
        if (const char *old = std::getenv("LD_PRELOAD"))
            preload += ':' + QByteArray(old);
        ::setenv("LD_PRELOAD", preload.constData(), 1);
        ::setenv("PAYDESK_DISKSHIM_REEXEC", "1", 1);
        QFile cmdline(QStringLiteral("/proc/self/cmdline"));
        if (cmdline.open(QIODevice::ReadOnly)) {
            const QList<QByteArray> parts = cmdline.readAll().split('\0');
            std::vector<QByteArray> args(parts.cbegin(), parts.cend());
            if (!args.empty() && args.back().isEmpty())
                args.pop_back();
            std::vector<char *> argv;
            for (QByteArray &a : args)
                argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv("/proc/self/exe", argv.data());
        }
        std::fprintf(stderr, "tst_soak_disk: cannot re-execute with %s: %s\n", DISKSHIM_LIB,
                     std::strerror(errno));
    }
    // Mounts made from here on are this process's (and its children's) only.
    g_ownMountNamespace = ::unshare(CLONE_NEWNS) == 0 &&
                          ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0;
}

void TestSoakDisk::initTestCase()
{
    m_shimSet = reinterpret_cast<ShimSet>(dlsym(RTLD_DEFAULT, "paydesk_diskshim_set"));
    m_shimFailures =
        reinterpret_cast<ShimFailures>(dlsym(RTLD_DEFAULT, "paydesk_diskshim_failures"));
    QVERIFY2(m_shimSet && m_shimFailures,
             "the disk shim is not preloaded (LD_PRELOAD=" DISKSHIM_LIB ")");
}

void TestSoakDisk::cleanupTestCase()
{
    QStringList seen;
    for (auto it = m_errorsSeen.cbegin(); it != m_errorsSeen.cend(); ++it)
        seen << u"%1=%2"_s.arg(it.key()).arg(it.value());
    std::printf("SOAK disk: errors shown: %s; shim_failed_calls=%lld; %s; invariants_checked=%d\n",
                qPrintable(seen.join(u", "_s)), m_shimFailures ? m_shimFailures() : 0LL,
                qPrintable(m_tmpfs), m_invariants);
    std::fflush(stdout);
}

void TestSoakDisk::init()
{
    // A sandbox and a data folder per case: the books are compared with every trade it holds.
    m_sandbox = std::make_unique<TestSandbox>();
    QVERIFY(m_sandbox->startServer({}, 20261202).isEmpty());
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    m_dataDir = m_tmp->filePath(u"data"_s);
    QVERIFY(QDir().mkpath(m_dataDir));
}

void TestSoakDisk::cleanup()
{
    shim(Off);
    m_sandbox.reset();
    m_tmp.reset();
}

std::unique_ptr<AppContext> TestSoakDisk::openTill(bool first)
{
    AppOptions options;
    options.dataDir = m_dataDir;
    options.sandboxUrl = m_sandbox->baseUrl();
    options.language = u"en"_s;
    auto ctx = AppContext::create(options);
    if (!ctx.ok()) {
        qWarning() << "till does not open:" << ctx.error().message;
        return {};
    }
    if (first && !ctx.value()->operators().bootstrapOwner(u"olivia"_s, kOwnerPassword).ok())
        return {};
    if (!ctx.value()->startProviders().ok())
        return {};
    CheckoutConfig config = ctx.value()->checkout().config();
    config.codePollMs = 100;
    config.qrPollMs = 100;
    config.retryMs = 50;
    config.retryMaxMs = 200;
    ctx.value()->checkout().setConfig(config);
    return std::move(ctx).value();
}

QString TestSoakDisk::charge(AppContext &ctx, const QString &code, qint64 minor,
                             OrderStatus expected)
{
    auto started = ctx.checkout().chargeCode(Money::fromMinor(minor), code);
    if (!started.ok()) {
        qWarning() << "charge refused:" << started.error().message;
        return {};
    }
    const QString out = started.value();
    const bool done = QTest::qWaitFor([&] { return !ctx.checkout().isActive(out); }, 20000);
    auto o = ctx.orderQueries().byOutTradeNo(out);
    if (!done || !o.ok() || !o.value() || o.value()->status != expected) {
        qWarning() << "charge" << out << "did not end" << orderStatusName(expected);
        return {};
    }
    return out;
}

CtlRun TestSoakDisk::paydeskctl(const QStringList &args, const QProcessEnvironment &extra)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PAYDESK_PASSWORD"_s, kOwnerPassword);
    for (const QString &key : extra.keys())
        env.insert(key, extra.value(key));
    p.setProcessEnvironment(env);
    p.setProgram(QStringLiteral(PAYDESKCTL_BIN));
    p.setArguments(QStringList{u"--data-dir"_s, m_dataDir, u"--lang"_s, u"en"_s} + args +
                   QStringList{u"--json"_s, u"--sandbox-url"_s, m_sandbox->baseUrl().toString()});
    p.start();
    CtlRun r;
    if (!p.waitForStarted())
        return r;
    // The sandbox lives on this thread: keep its event loop running while the command runs.
    (void)QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 120000);
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    r.json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    return r;
}

QList<QJsonObject> TestSoakDisk::tradesOf(const QString &buyerId)
{
    QList<QJsonObject> list;
    for (const QJsonObject &t : m_sandbox->trades())
        if (t.value(u"buyer_id"_s).toString() == buyerId)
            list << t;
    return list;
}

/// Every invariant of soakbooks.h (integrity, every order final, nothing lost or taken twice,
/// trial balance zero) and `audit verify`, on the data folder with the disk healthy again.
void TestSoakDisk::verifyBooks(const QString &when)
{
    SoakCheck c = checkBooks(AppContext::databasePathIn(m_dataDir), m_sandbox->trades());
    const CtlRun audit = paydeskctl({u"audit"_s, u"verify"_s});
    c.check(audit.exitCode == 0 && audit.json.value(u"ok"_s).toBool(),
            u"audit verify: %1"_s.arg(audit.out + audit.err));
    m_invariants += c.invariantsChecked;
    QVERIFY2(c.violations.isEmpty(), qPrintable(when + u": "_s + c.violations.join(u"\n"_s)));
}

// ---------------------------------------------------------------------------------------

void TestSoakDisk::aChargeWhoseOrderCannotBeSavedTakesNoMoney_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("advice");
    QTest::addColumn<bool>("qr");
    QTest::newRow("full disk, payment code")
        << int(Full) << u"storage.full"_s << u"Free disk space"_s << false;
    QTest::newRow("full disk, QR")
        << int(Full) << u"storage.full"_s << u"Free disk space"_s << true;
    QTest::newRow("read-only, payment code")
        << int(ReadOnly) << u"storage.readonly"_s << u"Check the data folder"_s << false;
    QTest::newRow("read-only, QR")
        << int(ReadOnly) << u"storage.readonly"_s << u"Check the data folder"_s << true;
}

void TestSoakDisk::aChargeWhoseOrderCannotBeSavedTakesNoMoney()
{
    QFETCH(int, mode);
    QFETCH(QString, code);
    QFETCH(QString, advice);
    QFETCH(bool, qr);
    auto till = openTill(true);
    QVERIFY(till);
    // A sale before the disk goes bad, so the books are not empty.
    QVERIFY(!charge(*till, m_sandbox->newAlipayCode(), 1234, OrderStatus::Paid).isEmpty());

    const QJsonObject buyer = m_sandbox->newBuyer(100000);
    const QString buyerId = buyer.value(u"buyer_id"_s).toString();
    const QString payCode = buyer.value(u"wechat_code"_s).toString();
    const int tradesBefore = int(m_sandbox->trades().size());
    const long long failuresBefore = m_shimFailures();
    shim(mode);
    const Result<QString> started =
        qr ? till->checkout().startQr(Money::fromMinor(2500), u"wechatpay"_s)
           : till->checkout().chargeCode(Money::fromMinor(2500), payCode);
    TestSandbox::spin(300); // anything sent would reach the sandbox meanwhile
    shim(Off);
    QVERIFY(m_shimFailures() > failuresBefore);
    QVERIFY2(!started.ok(), "the charge started without its order row on disk");
    ++m_errorsSeen[started.error().code];
    QCOMPARE(started.error().code, code);
    QVERIFY2(started.error().message.contains(u"No payment was taken"_s),
             qPrintable(started.error().message));
    QVERIFY2(started.error().message.contains(advice), qPrintable(started.error().message));
    QVERIFY2(started.error().message.contains(QDir::toNativeSeparators(m_dataDir)),
             qPrintable(started.error().message));
    // The provider was never asked: no trade at all, and the customer's code is still good.
    QCOMPARE(int(m_sandbox->trades().size()), tradesBefore);
    QVERIFY(tradesOf(buyerId).isEmpty());
    if (!qr)
        QVERIFY(!charge(*till, payCode, 2500, OrderStatus::Paid).isEmpty());
    till.reset();
    verifyBooks(QString::fromLatin1(QTest::currentDataTag()));
}

void TestSoakDisk::aPaymentTakenButNotSavedIsRecoveredOnce_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("wallet");
    QTest::addColumn<QString>("advice");
    QTest::newRow("full disk, Alipay") << int(Full) << u"alipay"_s << u"Free disk space"_s;
    QTest::newRow("full disk, WeChat Pay") << int(Full) << u"wechat"_s << u"Free disk space"_s;
    QTest::newRow("read-only, Alipay")
        << int(ReadOnly) << u"alipay"_s << u"Check the data folder"_s;
    QTest::newRow("read-only, WeChat Pay")
        << int(ReadOnly) << u"wechat"_s << u"Check the data folder"_s;
}

void TestSoakDisk::aPaymentTakenButNotSavedIsRecoveredOnce()
{
    QFETCH(int, mode);
    QFETCH(QString, wallet);
    QFETCH(QString, advice);
    auto till = openTill(true);
    QVERIFY(till);
    const QJsonObject buyer = m_sandbox->newBuyer(100000);
    const QString buyerId = buyer.value(u"buyer_id"_s).toString();
    auto started = till->checkout().chargeCode(Money::fromMinor(4321),
                                               buyer.value(wallet + u"_code"_s).toString());
    QVERIFY(started.ok()); // the order row is on disk; the pay request is not sent yet
    const QString out = started.value();
    shim(mode);
    // The provider takes the money; the till cannot write the booking.
    QVERIFY(QTest::qWaitFor([&] { return m_sandbox->chargesFor(out) == 1; }, 10000));
    TestSandbox::spin(500); // the answer arrives and the booking is tried (and retried)
    const auto snap = till->checkout().snapshot(out);
    QVERIFY(snap && snap->isOpen());
    QVERIFY2(snap->message.contains(u"could not be saved"_s), qPrintable(snap->message));
    QVERIFY2(snap->message.contains(advice), qPrintable(snap->message));
    QVERIFY2(snap->cashierAdvice.contains(u"Do not charge again"_s),
             qPrintable(snap->cashierAdvice));
    {
        auto stored = till->orderQueries().byOutTradeNo(out);
        QVERIFY(stored.ok() && stored.value());
        QVERIFY2(isOpenStatus(stored.value()->status),
                 qPrintable(orderStatusName(stored.value()->status)));
    }
    ++m_errorsSeen[mode == Full ? u"storage.full (booking)"_s : u"storage.readonly (booking)"_s];
    // The till is closed before the disk is fixed (the worst case: nothing in memory survives).
    till.reset();
    shim(Off);

    // The till starts again (this process: the order's owner, which `paydesk recover` in
    // another process would leave to it while it lives) and recovers as `paydesk recover` does.
    {
        auto restarted = openTill(false);
        QVERIFY(restarted);
        std::optional<RecoveryReport> report;
        Recovery recovery(restarted->database(), restarted->checkout(), restarted->clock());
        recovery.run([&](const RecoveryReport &r) { report = r; }, 20000);
        QVERIFY(QTest::qWaitFor([&] { return report.has_value(); }, 25000));
        QCOMPARE(report->stillOpen, 0);
        QCOMPARE(report->resolved.size(), 1);
        QCOMPARE(report->resolved.first().outTradeNo, out);
        QCOMPARE(report->resolved.first().status, OrderStatus::Paid);
    }
    {
        auto db = Database::open(AppContext::databasePathIn(m_dataDir));
        QVERIFY(db.ok());
        auto status =
            db.value()->scalar(u"SELECT status FROM orders WHERE out_trade_no = ?"_s, {out});
        QVERIFY(status.ok() && status.value());
        QCOMPARE(status.value()->toString(), u"PAID"_s);
    }
    // Once: the buyer has exactly one payment, and it is this order's.
    const QList<QJsonObject> paidTrades = tradesOf(buyerId);
    QCOMPARE(paidTrades.size(), 1);
    QCOMPARE(paidTrades.first().value(u"out_trade_no"_s).toString(), out);
    verifyBooks(QString::fromLatin1(QTest::currentDataTag()));
}

void TestSoakDisk::aSyncOnABadDiskImportsNothing_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<qint64>("budget");
    QTest::addColumn<QString>("code");
    QTest::newRow("full disk") << int(Full) << qint64(0) << u"storage.full"_s;
    // The disk fills up while the statement is written: the first pages go down, then ENOSPC.
    QTest::newRow("full half-way") << int(Full) << qint64(6000) << u"storage.full"_s;
    QTest::newRow("read-only") << int(ReadOnly) << qint64(0) << u"storage.readonly"_s;
}

void TestSoakDisk::aSyncOnABadDiskImportsNothing()
{
    QFETCH(int, mode);
    QFETCH(qint64, budget);
    QFETCH(QString, code);
    auto till = openTill(true);
    QVERIFY(till);
    QVERIFY(!charge(*till, m_sandbox->newAlipayCode(), 1999, OrderStatus::Paid).isEmpty());
    QVERIFY(!charge(*till, m_sandbox->newAlipayCode(), 2999, OrderStatus::Paid).isEmpty());
    const QDate day = ReconciliationService::businessDayOf(till->clock().nowUtc());
    auto count = [&](const QString &sql) {
        auto v = till->database().scalar(sql);
        return v.ok() && v.value() ? v.value()->toLongLong() : -1;
    };
    const qint64 entriesBefore = count(u"SELECT COUNT(*) FROM journal_entries"_s);

    SyncService &sync = till->statementSync();
    std::optional<SyncOutcome> outcome;
    QObject guard;
    connect(&sync, &SyncService::finished, &guard, [&](const SyncOutcome &o) { outcome = o; });
    shim(mode, budget);
    QVERIFY(sync.start(day, u"alipay"_s));
    QVERIFY(QTest::qWaitFor([&] { return outcome.has_value(); }, 30000));
    shim(Off);
    QCOMPARE(outcome->results.size(), 1);
    const SyncDayResult &r = outcome->results.first();
    QVERIFY2(r.error && !r.import, "the statement was imported on a bad disk");
    ++m_errorsSeen[r.error->code + u" (sync)"_s];
    QCOMPARE(r.error->code, code);
    QVERIFY2(r.error->message.contains(QDir::toNativeSeparators(m_dataDir)),
             qPrintable(r.error->message));
    // Nothing half-way: no statement file, no line, no fee entry.
    QCOMPARE(count(u"SELECT COUNT(*) FROM statement_files"_s), 0);
    QCOMPARE(count(u"SELECT COUNT(*) FROM statement_lines"_s), 0);
    QCOMPARE(count(u"SELECT COUNT(*) FROM journal_entries"_s), entriesBefore);

    // With the disk healthy the same sync imports the day, and it reconciles cleanly.
    outcome.reset();
    QVERIFY(sync.start(day, u"alipay"_s));
    QVERIFY(QTest::qWaitFor([&] { return outcome.has_value(); }, 30000));
    QVERIFY2(outcome->ok(),
             qPrintable(outcome->results.first().error ? outcome->results.first().error->message
                                                       : QString()));
    QCOMPARE(count(u"SELECT COUNT(*) FROM statement_lines"_s), 2);
    ReconciliationService reconciliation(till->database(), till->ledger(), till->audit(),
                                         till->settings(), till->clock());
    auto run = reconciliation.reconcile(u"alipay"_s, day);
    QVERIFY2(run.ok(), qPrintable(run.ok() ? QString() : run.error().message));
    QVERIFY(run.value().exceptions.isEmpty());
    till.reset();
    verifyBooks(QString::fromLatin1(QTest::currentDataTag()));
}

void TestSoakDisk::theCommandLineSaysWhatIsWrong_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("advice");
    QTest::newRow("full disk") << u"full"_s << u"storage.full"_s << u"Free disk space"_s;
    QTest::newRow("read-only") << u"readonly"_s << u"storage.readonly"_s
                               << u"Check the data folder"_s;
}

void TestSoakDisk::theCommandLineSaysWhatIsWrong()
{
    QFETCH(QString, fault);
    QFETCH(QString, code);
    QFETCH(QString, advice);
    {
        auto till = openTill(true);
        QVERIFY(till);
    }
    QProcessEnvironment bad;
    bad.insert(u"PAYDESK_DISKSHIM_DIR"_s, m_dataDir);
    bad.insert(u"PAYDESK_DISKSHIM_FAULT"_s, fault);
    // `paydesk charge` on the bad disk: refused with the reason and what to do, nothing taken.
    const QJsonObject buyer = m_sandbox->newBuyer(100000);
    const CtlRun charged = paydeskctl({u"charge"_s, u"--amount"_s, u"12.34"_s, u"--code"_s,
                                       buyer.value(u"alipay_code"_s).toString()},
                                      bad);
    QVERIFY2(charged.exitCode != 0 && charged.exitCode != -1, qPrintable(charged.out));
    const QJsonObject error = charged.json.value(u"error"_s).toObject();
    QCOMPARE(error.value(u"code"_s).toString(), code);
    QVERIFY2(error.value(u"message"_s).toString().contains(advice), qPrintable(charged.out));
    QVERIFY2(charged.err.contains(advice), qPrintable(charged.err));
    QVERIFY(tradesOf(buyer.value(u"buyer_id"_s).toString()).isEmpty());
    ++m_errorsSeen[code + u" (paydesk charge)"_s];

    // `paydesk sync` on the bad disk: the same error, nothing imported.
    const CtlRun synced =
        paydeskctl({u"sync"_s, u"--date"_s,
                    ReconciliationService::businessDayOf(QDateTime::currentDateTimeUtc())
                        .toString(Qt::ISODate),
                    u"--provider"_s, u"alipay"_s},
                   bad);
    QVERIFY2(synced.exitCode != 0 && synced.exitCode != -1, qPrintable(synced.out));
    QVERIFY2(synced.out.contains(code), qPrintable(synced.out));
    ++m_errorsSeen[code + u" (paydesk sync)"_s];
    verifyBooks(QString::fromLatin1(QTest::currentDataTag()));
}

// ---------------------------------------------------------------------------------------

void TestSoakDisk::realSmallFilesystem()
{
    if (!g_ownMountNamespace)
        QSKIP("no private mount namespace here (unshare(CLONE_NEWNS) refused): the shim cases "
              "cover full and read-only disks");
    const QByteArray dir = QFile::encodeName(m_dataDir);
    if (::mount("paydesk-soak", dir.constData(), "tmpfs", 0, "size=4m,mode=0700") != 0)
        QSKIP(qPrintable(
            u"mount tmpfs refused: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno)))));
    auto unmount = qScopeGuard([&] { ::umount2(dir.constData(), MNT_DETACH); });
    auto till = openTill(true);
    QVERIFY(till);
    QVERIFY(!charge(*till, m_sandbox->newAlipayCode(), 1500, OrderStatus::Paid).isEmpty());

    // Fill the disk to the last byte.
    const QString fillerPath = QDir(m_dataDir).filePath(u"filler"_s);
    {
        QFile filler(fillerPath);
        QVERIFY(filler.open(QIODevice::WriteOnly));
        const QByteArray block(64 * 1024, 'x');
        while (filler.write(block) == block.size()) {
        }
        const QByteArray byte(1, 'x');
        while (filler.write(byte) == 1) {
        }
    }
    // Sales on the full disk: each one either is refused with storage.full and takes nothing,
    // or (while SQLite still has room in pages it holds) is paid and booked. At least one must
    // meet the full disk, or this proves nothing.
    int refused = 0;
    int paid = 0;
    for (int i = 0; i < 20 && refused < 3; ++i) {
        const QJsonObject buyer = m_sandbox->newBuyer(100000);
        const QString buyerId = buyer.value(u"buyer_id"_s).toString();
        auto started = till->checkout().chargeCode(Money::fromMinor(1000 + i),
                                                   buyer.value(u"alipay_code"_s).toString());
        if (!started.ok()) {
            QCOMPARE(started.error().code, u"storage.full"_s);
            QVERIFY2(started.error().message.contains(u"Free disk space"_s),
                     qPrintable(started.error().message));
            TestSandbox::spin(100);
            QVERIFY(tradesOf(buyerId).isEmpty());
            ++refused;
            continue;
        }
        QVERIFY(
            QTest::qWaitFor([&] { return !till->checkout().isActive(started.value()); }, 3000) ||
            m_sandbox->chargesFor(started.value()) <= 1);
        ++paid;
    }
    QVERIFY2(refused > 0, "twenty sales on a full tmpfs and none met the full disk");
    ++m_errorsSeen[u"storage.full (tmpfs)"_s];
    till.reset();
    QVERIFY(QFile::remove(fillerPath));
    const CtlRun recovered = paydeskctl({u"recover"_s});
    QVERIFY2(recovered.exitCode == 0, qPrintable(recovered.out + recovered.err));
    verifyBooks(u"tmpfs full"_s);

    // The file system goes read-only (as ext4 does after an error): the till does not start a
    // charge, and says why.
    QVERIFY2(::mount(nullptr, dir.constData(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) == 0,
             std::strerror(errno));
    const QJsonObject buyer = m_sandbox->newBuyer(100000);
    const CtlRun charged = paydeskctl({u"charge"_s, u"--amount"_s, u"3.21"_s, u"--code"_s,
                                       buyer.value(u"alipay_code"_s).toString()});
    QVERIFY2(charged.exitCode > 0, qPrintable(charged.out + charged.err));
    QCOMPARE(charged.json.value(u"error"_s).toObject().value(u"code"_s).toString(),
             u"storage.readonly"_s);
    QVERIFY2(charged.err.contains(u"Check the data folder"_s), qPrintable(charged.err));
    QVERIFY(tradesOf(buyer.value(u"buyer_id"_s).toString()).isEmpty());
    ++m_errorsSeen[u"storage.readonly (tmpfs read-only)"_s];
    // A data folder that does not exist yet on the read-only disk: the same reason, not "cannot
    // create the folder".
    {
        const QString kept = m_dataDir;
        m_dataDir = m_dataDir + u"/another-till"_s;
        const CtlRun fresh = paydeskctl({u"orders"_s});
        m_dataDir = kept;
        QVERIFY2(fresh.exitCode > 0, qPrintable(fresh.out + fresh.err));
        QCOMPARE(fresh.json.value(u"error"_s).toObject().value(u"code"_s).toString(),
                 u"storage.readonly"_s);
        QVERIFY2(fresh.err.contains(u"another-till"_s), qPrintable(fresh.err));
        ++m_errorsSeen[u"storage.readonly (new folder on tmpfs read-only)"_s];
    }
    QVERIFY(::mount(nullptr, dir.constData(), nullptr, MS_REMOUNT, nullptr) == 0);
    verifyBooks(u"tmpfs read-only"_s);
    m_tmpfs =
        u"tmpfs 4 MiB: %1 sales refused on the full disk, %2 paid before it filled"_s.arg(refused)
            .arg(paid);
}

QTEST_MAIN(TestSoakDisk)
#include "tst_soak_disk.moc"
