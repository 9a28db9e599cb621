#include "core/backup/backupservice.h"

#include "core/backup/restorecandidate.h"
#include "core/backup/sqlitefile.h"
#include "core/security/auditlog.h"
#include "core/security/operatorservice.h"
#include "core/security/session.h"
#include "core/settings/storesettings.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

namespace paydesk {

BackupService::BackupService(Database &db, AuditLog &audit, const SecretVault &vault, Clock &clock,
                             const QString &dataDir)
    : m_db(db), m_audit(audit), m_vault(vault), m_clock(clock), m_folder(dataDir)
{
}

Status BackupService::requireOwner(const Session &by)
{
    if (!by.isValid() || by.role() != Role::Owner)
        return Error{QStringLiteral("security.forbidden"),
                     tr("Only the owner may back up or restore the database.")};
    return {};
}

Result<BackupReport> BackupService::backupNow(const Session &by)
{
    PAYDESK_TRY(requireOwner(by));
    return backup(by.operatorName(), QStringLiteral("manual"));
}

Result<std::optional<BackupReport>> BackupService::backupIfDue()
{
    if (!m_folder.dailyDue(m_clock.nowUtc()))
        return std::optional<BackupReport>();
    auto made = backup(QStringLiteral("system"), QStringLiteral("daily"));
    if (!made.ok())
        return made.error();
    return std::optional<BackupReport>(made.value());
}

Result<BackupReport> BackupService::backup(const QString &actor, const QString &kind)
{
    PAYDESK_TRY(m_folder.ensure());
    const QString target = m_folder.newBackupPath(m_clock.nowUtc());
    PAYDESK_TRY(SqliteFile::snapshot(m_db.path(), target));
    // A copy of a damaged database is no backup: it must not push a good one out of the folder.
    if (const QString problems = SqliteFile::integrityProblems(target); !problems.isEmpty()) {
        QFile::remove(target);
        (void)m_audit.append(
            QStringLiteral("backup.failed"), actor,
            {{QStringLiteral("kind"), kind}, {QStringLiteral("problem"), problems.left(500)}});
        return m_folder.adviceForDamagedDatabase(
            {QStringLiteral("backup.integrity"),
             tr("it fails SQLite's integrity check, so no backup was made (%1).")
                 .arg(problems.left(500))});
    }
    BackupReport report;
    report.file = {QFileInfo(target).absoluteFilePath(), m_clock.nowUtc(),
                   QFileInfo(target).size()};
    const int keepDays = StoreSettings::read(SettingsStore(m_db)).backupKeepDays;
    report.pruned = m_folder.prune(keepDays, m_clock.nowUtc());
    QJsonArray pruned;
    for (const QString &p : std::as_const(report.pruned))
        pruned.append(QFileInfo(p).fileName());
    PAYDESK_TRY(m_audit.append(QStringLiteral("backup.created"), actor,
                               {{QStringLiteral("kind"), kind},
                                {QStringLiteral("file"), QFileInfo(target).fileName()},
                                {QStringLiteral("size_bytes"), report.file.sizeBytes},
                                {QStringLiteral("pruned"), pruned}}));
    qCInfo(lcStorage) << "backup" << kind << target;
    return report;
}

Result<RestoreReport> BackupService::restore(const QString &file, const Session &by)
{
    PAYDESK_TRY(requireOwner(by));
    auto candidate = RestoreCandidate::stage(file, m_folder, m_vault, m_clock);
    if (!candidate.ok())
        return candidate.error();
    RestoreCandidate &staged = *candidate.value();
    RestoreReport report;
    report.restoredFrom = staged.file();
    report.schemaVersionOfFile = staged.schemaVersion();
    const QJsonObject what{{QStringLiteral("file"), staged.file()},
                           {QStringLiteral("sha256"), staged.sha256()},
                           {QStringLiteral("schema_version"), staged.schemaVersion()}};
    // The database being replaced records that it was, before it is put aside.
    PAYDESK_TRY(m_audit.append(QStringLiteral("backup.restore_started"), by.operatorName(), what));
    report.replacedKeptAs = m_folder.replacedPath(m_clock.nowUtc());
    PAYDESK_TRY(SqliteFile::snapshot(m_db.path(), report.replacedKeptAs));
    staged.close();
    PAYDESK_TRY(SqliteFile::replaceContents(staged.stagedPath(), m_db.path()));
    QJsonObject done = what;
    done.insert(QStringLiteral("replaced_kept_as"), QFileInfo(report.replacedKeptAs).fileName());
    PAYDESK_TRY(m_audit.append(QStringLiteral("backup.restored"), by.operatorName(), done));
    qCInfo(lcStorage) << "restored" << staged.file() << "replaced database kept as"
                      << report.replacedKeptAs;
    return report;
}

Result<RestoreReport> BackupService::restoreOverDamaged(const QString &databasePath,
                                                        const QString &file,
                                                        const BackupFolder &folder,
                                                        SecretVault &vault, Clock &clock,
                                                        const Login &login)
{
    auto candidate = RestoreCandidate::stage(file, folder, vault, clock);
    if (!candidate.ok())
        return candidate.error();
    RestoreCandidate &staged = *candidate.value();
    Session owner;
    {
        OperatorService operators(*staged.database(), clock, vault, *staged.audit());
        auto session = login(operators);
        if (!session.ok())
            return session.error();
        owner = session.value();
        PAYDESK_TRY(requireOwner(owner));
    }
    RestoreReport report;
    report.restoredFrom = staged.file();
    report.schemaVersionOfFile = staged.schemaVersion();
    staged.close();
    // Nothing of the damaged database is deleted: its files go aside under one name.
    report.replacedKeptAs = folder.replacedPath(clock.nowUtc(), QStringLiteral("damaged"));
    for (const char *suffix : {"", "-wal", "-shm"}) {
        const QString from = databasePath + QString::fromLatin1(suffix);
        if (QFileInfo::exists(from) &&
            !QFile::rename(from, report.replacedKeptAs + QString::fromLatin1(suffix)))
            return Error{QStringLiteral("backup.move"),
                         tr("Cannot move the damaged database %1 aside; nothing was restored.")
                             .arg(QDir::toNativeSeparators(from))};
    }
    if (!QFile::copy(staged.stagedPath(), databasePath))
        return Error{QStringLiteral("backup.copy"),
                     tr("Cannot copy %1 to %2. The damaged database is kept as %3.")
                         .arg(QDir::toNativeSeparators(staged.stagedPath()),
                              QDir::toNativeSeparators(databasePath),
                              QDir::toNativeSeparators(report.replacedKeptAs))};
    QFile::setPermissions(databasePath, QFile::ReadOwner | QFile::WriteOwner);
    auto restored = Database::open(databasePath);
    if (!restored.ok())
        return restored.error();
    AuditLog audit(*restored.value(), clock, vault);
    PAYDESK_TRY(audit.append(
        QStringLiteral("backup.restored"), owner.operatorName(),
        {{QStringLiteral("file"), staged.file()},
         {QStringLiteral("sha256"), staged.sha256()},
         {QStringLiteral("schema_version"), staged.schemaVersion()},
         {QStringLiteral("replaced_kept_as"), QFileInfo(report.replacedKeptAs).fileName()},
         {QStringLiteral("replaced_was_damaged"), true}}));
    return report;
}

} // namespace paydesk
