// The security of a whole data folder as the app builds it: files at rest readable only by
// their owner, and an audit log that records what a fresh till does with money.
#include "app/appcontext.h"
#include "app/providersetup.h"

#include "core/checkout/checkoutservice.h"
#include "core/security/auditlog.h"
#include "core/storage/database.h"

#include "sandboxtestkit.h"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace paydesk;
using namespace sandboxtest;

namespace {

mode_t modeOf(const QString &path)
{
    struct stat st = {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return 07777;
    return st.st_mode & 07777;
}

/// Every path under \a root (and \a root itself) that group or others can access.
QStringList openToOthers(const QString &root)
{
    QStringList out;
    if (modeOf(root) & 077)
        out << QStringLiteral(". %1").arg(modeOf(root), 0, 8);
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (modeOf(path) & 077)
            out << QStringLiteral("%1 %2")
                       .arg(QDir(root).relativeFilePath(path))
                       .arg(modeOf(path), 0, 8);
    }
    return out;
}

QStringList actions(AuditLog &audit)
{
    AuditFilter all;
    all.newestFirst = false;
    QStringList out;
    const QList<AuditEntry> entries = audit.query(all).value();
    for (const AuditEntry &e : entries)
        out << e.action;
    return out;
}

} // namespace

class TestAppSecurity : public QObject
{
    Q_OBJECT
private slots:
    void init() { m_oldMask = ::umask(022); }
    void cleanup() { ::umask(m_oldMask); }

    void dataFolderIsOwnerOnlyWhateverTheUmask()
    {
        QTemporaryDir dir;
        AppOptions options;
        options.dataDir = dir.filePath(QStringLiteral("data"));
        {
            auto ctx = AppContext::create(options);
            QVERIFY2(ctx.ok(), qPrintable(ctx.ok() ? QString() : ctx.error().message));
            QVERIFY(ctx.value()->startProviders().ok());
            auto cash =
                ctx.value()->checkout().recordCash(Money::fromMinor(500), Money::fromMinor(1000));
            QVERIFY(cash.ok());
            QVERIFY(QFile::exists(ctx.value()->databasePath() + QStringLiteral("-wal")));
            const QStringList open = openToOthers(options.dataDir);
            QVERIFY2(open.isEmpty(), qPrintable(open.join(QStringLiteral(", "))));
        }
        QCOMPARE(modeOf(options.dataDir), mode_t(0700));
    }

    void looserModesAreRepairedAtStart()
    {
        QTemporaryDir dir;
        AppOptions options;
        options.dataDir = dir.filePath(QStringLiteral("data"));
        QString db;
        {
            auto ctx = AppContext::create(options);
            QVERIFY(ctx.ok());
            db = ctx.value()->databasePath();
        }
        // As an older Paydesk left them, or someone by hand.
        QVERIFY(::chmod(QFile::encodeName(db).constData(), 0644) == 0);
        QVERIFY(::chmod(QFile::encodeName(options.dataDir).constData(), 0755) == 0);
        auto ctx = AppContext::create(options);
        QVERIFY(ctx.ok());
        QCOMPARE(modeOf(db), mode_t(0600));
        QCOMPARE(modeOf(options.dataDir), mode_t(0700));
        AuditFilter f;
        f.action = QStringLiteral("security.file_modes_repaired");
        const auto entries = ctx.value()->audit().query(f).value();
        QCOMPARE(entries.size(), 1);
        const QStringList paths =
            entries.first().details.value(QStringLiteral("paths")).toVariant().toStringList();
        QVERIFY2(paths.contains(QStringLiteral(".")), qPrintable(paths.join(u' ')));
        QVERIFY2(paths.contains(QStringLiteral("db/paydesk.sqlite")), qPrintable(paths.join(u' ')));
    }

    void freshTillRecordsWhatItDoesWithMoney()
    {
        QTemporaryDir dir;
        AppOptions options;
        options.dataDir = dir.filePath(QStringLiteral("data"));
        auto created = AppContext::create(options);
        QVERIFY(created.ok());
        AppContext &ctx = *created.value();
        QVERIFY(ctx.startProviders().ok());
        CheckoutService &checkout = ctx.checkout();
        QNetworkAccessManager nam;
        const QUrl sandbox = ctx.providers()->sandboxBase();

        // A QR sale, paid by the buyer.
        auto qr = checkout.startQr(Money::fromMinor(1250));
        QVERIFY(qr.ok());
        QTRY_VERIFY_WITH_TIMEOUT(
            !checkout.snapshot(qr.value()).value_or(OrderSnapshot{}).qrCode.isEmpty(), 10000);
        control(nam, sandbox, QStringLiteral("/sandbox/pay"),
                QJsonObject{{QStringLiteral("qr"), checkout.snapshot(qr.value())->qrCode}});
        QTRY_COMPARE_WITH_TIMEOUT(checkout.orders().load(qr.value()).value()->status,
                                  OrderStatus::Paid, 15000);
        // A cash sale.
        QVERIFY(checkout.recordCash(Money::fromMinor(700), Money::fromMinor(1000)).ok());
        // A QR the cashier cancels.
        auto cancelled = checkout.startQr(Money::fromMinor(300));
        QVERIFY(cancelled.ok());
        QTRY_VERIFY_WITH_TIMEOUT(
            !checkout.snapshot(cancelled.value()).value_or(OrderSnapshot{}).qrCode.isEmpty(),
            10000);
        QVERIFY(checkout.cancel(cancelled.value()).ok());
        QTRY_COMPARE_WITH_TIMEOUT(checkout.orders().load(cancelled.value()).value()->status,
                                  OrderStatus::Closed, 15000);

        const QStringList seen = actions(ctx.audit());
        for (const char *expected :
             {"provider.account_provisioned", "sale.paid", "sale.cash", "order.closed"})
            QVERIFY2(seen.contains(QLatin1String(expected)),
                     qPrintable(QStringLiteral("%1 missing from %2")
                                    .arg(QLatin1String(expected), seen.join(u' '))));
        AuditFilter cash;
        cash.action = QStringLiteral("sale.cash");
        const AuditEntry entry = ctx.audit().query(cash).value().first();
        QCOMPARE(entry.details.value(QStringLiteral("amount_minor")).toString(),
                 QStringLiteral("700"));
        QCOMPARE(entry.details.value(QStringLiteral("change_minor")).toString(),
                 QStringLiteral("300"));
        QVERIFY2(entry.operatorName.startsWith(QStringLiteral("pos:")),
                 qPrintable(entry.operatorName));
        const AuditVerification v = ctx.audit().verify();
        QVERIFY2(v.ok, qPrintable(v.reason));
        QCOMPARE(v.legacyEntries, 0);
    }

private:
    mode_t m_oldMask = 022;
};

QTEST_GUILESS_MAIN(TestAppSecurity)
#include "tst_appsecurity.moc"
