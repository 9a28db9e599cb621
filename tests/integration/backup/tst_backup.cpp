// Backups and restores (issue 15): what the owner runs (paydeskctl backup / restore), what the
// till does every day, and what a damaged database says at start.
#include "cliprocess.h"
#include "securityfixture.h"

#include "app/appcontext.h"
#include "core/backup/backupservice.h"
#include "core/backup/sqlitefile.h"
#include "core/security/auditlog.h"
#include "core/security/operatorservice.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;
using paydesk::testing::kCashierPassword;
using paydesk::testing::kOwnerPassword;

namespace {

const QString kOwner = QStringLiteral("olivia");

/// A data folder with an owner and a cashier, made by the app's own composition root.
bool makeTill(const QString &dataDir)
{
    AppOptions options;
    options.dataDir = dataDir;
    auto ctx = AppContext::create(options);
    if (!ctx.ok())
        return false;
    OperatorService &ops = ctx.value()->operators();
    if (!ops.bootstrapOwner(kOwner, kOwnerPassword).ok())
        return false;
    auto owner = ops.authenticate(kOwner, kOwnerPassword);
    return owner.ok() && ops.createOperator(owner.value(), QStringLiteral("carl"), Role::Cashier,
                                            kCashierPassword)
                             .ok();
}

/// A value read straight from the data folder's settings table.
QString settingIn(const QString &dbPath, const QString &key)
{
    auto db = Database::open(dbPath);
    if (!db.ok())
        return QStringLiteral("<unreadable>");
    return SettingsStore(*db.value()).value(key, QString());
}

bool setSetting(const QString &dbPath, const QString &key, const QString &value)
{
    auto db = Database::open(dbPath);
    return db.ok() && SettingsStore(*db.value()).setValue(key, value).ok();
}

QStringList filesIn(const QString &dir, const QString &pattern)
{
    return QDir(dir).entryList({pattern}, QDir::Files, QDir::Name);
}

} // namespace

class TestBackup : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void backupIsAConsistentPrivateFile();
    void backupNeedsTheOwner();
    void restoreBringsTheBackupBackAndKeepsTheReplaced();
    void restoreRefuses_data();
    void restoreRefuses();
    void damagedDatabaseNamesTheLatestBackup();
    void dailyBackupOncePerDayAndPruned();

private:
    CliRun ctl(const QStringList &args, const QString &password = kOwnerPassword);
    QString backupNow();
    QString dbPath() const { return AppContext::databasePathIn(m_dir->path()); }
    QString backupsDir() const { return QDir(m_dir->path()).filePath(QStringLiteral("backups")); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestBackup::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(makeTill(m_dir->path()));
}

CliRun TestBackup::ctl(const QStringList &args, const QString &password)
{
    CliProcess process(QStringLiteral(PAYDESKCTL_BIN), m_dir->path());
    process.environment().insert(QStringLiteral("PAYDESK_PASSWORD"), password);
    return process.run(args + QStringList{QStringLiteral("--json")}, 60000);
}

QString TestBackup::backupNow()
{
    const CliRun r = ctl({QStringLiteral("backup"), QStringLiteral("--operator"), kOwner});
    if (r.exitCode != 0) {
        qWarning().noquote() << r.describe();
        return {};
    }
    return r.json.value(QStringLiteral("file")).toString();
}

void TestBackup::backupIsAConsistentPrivateFile()
{
    QVERIFY(setSetting(dbPath(), QStringLiteral("store.name"), QStringLiteral("Lotus Bakery")));
    const QString file = backupNow();
    QVERIFY(!file.isEmpty());
    QCOMPARE(QFileInfo(file).absolutePath(), QFileInfo(backupsDir()).absoluteFilePath());
    QVERIFY(QFileInfo(file).fileName().startsWith(QStringLiteral("paydesk-")));
    QCOMPARE(QFileInfo(file).permissions() & (QFile::ReadGroup | QFile::ReadOther), 0);
    QCOMPARE(SqliteFile::integrityProblems(file), QString());
    // One self-contained file: rollback-journal mode (header bytes 18 and 19 are 1), no WAL.
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray header = f.read(20);
    QCOMPARE(int(header.at(18)), 1);
    QCOMPARE(int(header.at(19)), 1);
    f.close();
    QCOMPARE(settingIn(file, QStringLiteral("store.name")), QStringLiteral("Lotus Bakery"));
    QVERIFY(filesIn(backupsDir(), QStringLiteral("*.partial")).isEmpty());

    const CliRun list = ctl({QStringLiteral("backup"), QStringLiteral("--list")});
    QCOMPARE(list.exitCode, 0);
    const QJsonArray backups = list.json.value(QStringLiteral("backups")).toArray();
    QCOMPARE(backups.size(), 1);
    QCOMPARE(backups.first().toObject().value(QStringLiteral("file")).toString(), file);

    const CliRun audit = ctl({QStringLiteral("audit"), QStringLiteral("verify")});
    QVERIFY2(audit.exitCode == 0, qPrintable(audit.describe()));
    AppOptions options;
    options.dataDir = m_dir->path();
    auto ctx = AppContext::create(options);
    QVERIFY(ctx.ok());
    AuditFilter filter;
    filter.action = QStringLiteral("backup.created");
    auto entries = ctx.value()->audit().query(filter);
    QVERIFY(entries.ok());
    QCOMPARE(entries.value().size(), 1);
    QCOMPARE(entries.value().first().operatorName, kOwner);
    QCOMPARE(entries.value().first().details.value(QStringLiteral("kind")).toString(),
             QStringLiteral("manual"));
}

void TestBackup::backupNeedsTheOwner()
{
    const CliRun wrong = ctl({QStringLiteral("backup"), QStringLiteral("--operator"), kOwner},
                             QStringLiteral("not-the-password"));
    QCOMPARE(wrong.exitCode, 1);
    const CliRun cashier =
        ctl({QStringLiteral("backup"), QStringLiteral("--operator"), QStringLiteral("carl")},
            kCashierPassword);
    QCOMPARE(cashier.exitCode, 1);
    QCOMPARE(cashier.errorCode(), QStringLiteral("security.forbidden"));
    const CliRun nobody = ctl({QStringLiteral("backup")});
    QCOMPARE(nobody.exitCode, 1);
    QCOMPARE(nobody.errorCode(), QStringLiteral("security.no_operator"));
    QVERIFY(filesIn(backupsDir(), QStringLiteral("*.sqlite")).isEmpty());
    const CliRun restore = ctl(
        {QStringLiteral("restore"), dbPath(), QStringLiteral("--operator"), QStringLiteral("carl")},
        kCashierPassword);
    QCOMPARE(restore.errorCode(), QStringLiteral("security.forbidden"));
}

void TestBackup::restoreBringsTheBackupBackAndKeepsTheReplaced()
{
    QVERIFY(setSetting(dbPath(), QStringLiteral("store.name"), QStringLiteral("Before")));
    const QString file = backupNow();
    QVERIFY(!file.isEmpty());
    QVERIFY(setSetting(dbPath(), QStringLiteral("store.name"), QStringLiteral("After")));

    const CliRun r = ctl({QStringLiteral("restore"), file, QStringLiteral("--operator"), kOwner});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(settingIn(dbPath(), QStringLiteral("store.name")), QStringLiteral("Before"));
    const QString kept = r.json.value(QStringLiteral("replaced_kept_as")).toString();
    QVERIFY(QFileInfo(kept).fileName().startsWith(QStringLiteral("replaced-")));
    QCOMPARE(settingIn(kept, QStringLiteral("store.name")), QStringLiteral("After"));
    QVERIFY(filesIn(backupsDir(), QStringLiteral("staging-*")).isEmpty());

    const CliRun audit = ctl({QStringLiteral("audit"), QStringLiteral("verify")});
    QVERIFY2(audit.exitCode == 0, qPrintable(audit.describe()));
    AppOptions options;
    options.dataDir = m_dir->path();
    auto ctx = AppContext::create(options);
    QVERIFY(ctx.ok());
    AuditFilter filter;
    filter.action = QStringLiteral("backup.");
    auto entries = ctx.value()->audit().query(filter);
    QVERIFY(entries.ok());
    QVERIFY(!entries.value().isEmpty());
    const AuditEntry restored = entries.value().first(); // newest first
    QCOMPARE(restored.action, QStringLiteral("backup.restored"));
    QCOMPARE(restored.operatorName, kOwner);
    QCOMPARE(restored.details.value(QStringLiteral("replaced_kept_as")).toString(),
             QFileInfo(kept).fileName());
    // The database that was replaced says so too.
    auto keptDb = Database::open(kept);
    QVERIFY(keptDb.ok());
    auto started = keptDb.value()->scalar(
        QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'backup.restore_started'"));
    QVERIFY(started.ok() && started.value());
    QCOMPARE(started.value()->toInt(), 1);
}

void TestBackup::restoreRefuses_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("code");
    QTest::newRow("text file") << "text"
                               << "backup.not_paydesk";
    QTest::newRow("other sqlite") << "foreign_sqlite"
                                  << "backup.not_paydesk";
    QTest::newRow("damaged pages") << "damaged"
                                   << "backup.integrity";
    QTest::newRow("newer paydesk") << "newer"
                                   << "backup.newer";
    QTest::newRow("another till's key") << "other_key"
                                        << "backup.audit";
    QTest::newRow("missing") << "missing"
                             << "backup.not_found";
}

void TestBackup::restoreRefuses()
{
    QFETCH(QString, kind);
    QFETCH(QString, code);
    QVERIFY(setSetting(dbPath(), QStringLiteral("store.name"), QStringLiteral("Live")));
    QTemporaryDir elsewhere;
    QString file = elsewhere.filePath(QStringLiteral("candidate.sqlite"));
    if (kind == u"text") {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a database at all\n");
    } else if (kind == u"foreign_sqlite") {
        auto db = Database::open(file, {}); // Paydesk's tables, then one of them dropped
        QVERIFY(db.ok());
        QVERIFY(db.value()->exec(QStringLiteral("DROP TABLE audit_log")).ok());
    } else if (kind == u"damaged" || kind == u"newer") {
        const QString backup = backupNow();
        QVERIFY(!backup.isEmpty());
        QVERIFY(QFile::copy(backup, file));
        if (kind == u"newer") {
            auto db = Database::open(file);
            QVERIFY(db.ok());
            QVERIFY(db.value()
                        ->exec(QStringLiteral("INSERT INTO schema_migrations(version, name) "
                                              "VALUES(9999, '9999_future.sql')"))
                        .ok());
        } else {
            QFile f(file);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.size() > 8 * 4096);
            // Garbage over the b-tree headers of some pages: the file header still says SQLite.
            for (int page = 1; page < 6; ++page) {
                f.seek(page * 4096);
                f.write(QByteArray(16, '\x5a'));
            }
        }
    } else if (kind == u"other_key") {
        QTemporaryDir otherTill;
        QVERIFY(makeTill(otherTill.path()));
        QVERIFY(QFile::copy(AppContext::databasePathIn(otherTill.path()), file));
    }
    const QString liveBefore = settingIn(dbPath(), QStringLiteral("store.name"));
    const CliRun r = ctl({QStringLiteral("restore"), file, QStringLiteral("--operator"), kOwner});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.errorCode(), code);
    QVERIFY(r.err.contains(QStringLiteral("nothing was changed")) || kind == u"missing");
    QCOMPARE(settingIn(dbPath(), QStringLiteral("store.name")), liveBefore);
    QVERIFY(filesIn(backupsDir(), QStringLiteral("replaced-*")).isEmpty());
    QVERIFY(filesIn(backupsDir(), QStringLiteral("staging-*")).isEmpty());
}

void TestBackup::damagedDatabaseNamesTheLatestBackup()
{
    QVERIFY(setSetting(dbPath(), QStringLiteral("store.name"), QStringLiteral("Good day")));
    const QString file = backupNow();
    QVERIFY(!file.isEmpty());
    {
        QFile db(dbPath());
        QVERIFY(db.open(QIODevice::ReadWrite));
        db.write(QByteArray(100, '\0')); // the header is gone
    }
    const CliRun orders = ctl({QStringLiteral("orders")});
    QCOMPARE(orders.exitCode, 1);
    QVERIFY2(orders.err.contains(QDir::toNativeSeparators(file)), qPrintable(orders.err));
    QVERIFY2(orders.err.contains(QStringLiteral("paydesk restore")), qPrintable(orders.err));

    const CliRun r = ctl({QStringLiteral("restore"), file, QStringLiteral("--operator"), kOwner});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QString kept = r.json.value(QStringLiteral("replaced_kept_as")).toString();
    QVERIFY(kept.endsWith(QStringLiteral("-damaged.sqlite")));
    QVERIFY(QFileInfo::exists(kept));
    QCOMPARE(settingIn(dbPath(), QStringLiteral("store.name")), QStringLiteral("Good day"));
    QCOMPARE(ctl({QStringLiteral("orders")}).exitCode, 0);
    const CliRun audit = ctl({QStringLiteral("audit"), QStringLiteral("verify")});
    QVERIFY2(audit.exitCode == 0, qPrintable(audit.describe()));
}

void TestBackup::dailyBackupOncePerDayAndPruned()
{
    paydesk::testing::SecurityFixture f;
    QVERIFY(f.init());
    f.clock.setNow(QDateTime(QDate(2026, 3, 2), QTime(12, 0), Qt::LocalTime).toUTC());
    QVERIFY(f.settings->setValue(QStringLiteral("backup.keep_days"), QStringLiteral("3")).ok());
    BackupService service(*f.db, *f.audit, *f.vault, f.clock, f.dir.path());
    auto first = service.backupIfDue();
    QVERIFY(first.ok() && first.value());
    auto again = service.backupIfDue();
    QVERIFY(again.ok());
    QVERIFY(!again.value()); // one a day
    for (int day = 1; day <= 5; ++day) {
        f.clock.advance(24 * 3600 * 1000LL);
        auto next = service.backupIfDue();
        QVERIFY2(next.ok(), qPrintable(next.ok() ? QString() : next.error().message));
        QVERIFY(next.value());
    }
    const QList<BackupFile> kept = service.folder().list();
    // Six made; those older than three days went.
    QCOMPARE(kept.size(), 4);
    QCOMPARE(kept.first().createdUtc, f.clock.nowUtc());
    QCOMPARE(f.auditCount(QStringLiteral("backup.created")), qint64(6));
    QVERIFY(f.audit->verify().ok);
}

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_backup.moc"
