#pragma once

#include "core/backup/backupfolder.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <functional>

namespace paydesk {

class AuditLog;
class Clock;
class Database;
class OperatorService;
class SecretVault;
class Session;

/// What a backup did.
struct BackupReport
{
    BackupFile file;
    QStringList pruned; ///< older backups deleted (backup.keep_days)
};

/// What a restore did.
struct RestoreReport
{
    QString restoredFrom;
    QString replacedKeptAs; ///< the database that was live before, kept in the backups folder
    int schemaVersionOfFile = 0;
};

/// Backups of the live database into `<data-dir>/backups` with SQLite's online backup API
/// (a consistent snapshot while the till keeps working), checked with integrity_check, kept
/// for StoreSettings' backup.keep_days; and restores of such a file into the live database.
/// The owner decides both (an owner Session); every backup and restore is audited.
class BackupService
{
    Q_DECLARE_TR_FUNCTIONS(BackupService)
public:
    BackupService(Database &db, AuditLog &audit, const SecretVault &vault, Clock &clock,
                  const QString &dataDir);

    const BackupFolder &folder() const { return m_folder; }

    /// A backup now, by the owner \a by. Error codes: security.forbidden, backup.*.
    Result<BackupReport> backupNow(const Session &by);
    /// The automatic daily backup: made when none was made today (local day), then old ones
    /// pruned. Returns nullopt when none was due.
    Result<std::optional<BackupReport>> backupIfDue();

    /// Replaces the live database by \a file (checked first by RestoreCandidate), by the owner
    /// \a by: the live database is audited ("backup.restore_started") and kept aside, then
    /// replaced, and the restore is audited in the restored database ("backup.restored").
    Result<RestoreReport> restore(const QString &file, const Session &by);

    /// The restore when the live database \a databasePath cannot be opened at all (damaged):
    /// \a file is checked as by restore(), \a login proves an owner against the operators of
    /// the file itself (the live ones are unreadable), the damaged files are moved aside
    /// (replaced-…-damaged.sqlite) and the file takes their place; audited in it.
    using Login = std::function<Result<Session>(OperatorService &)>;
    static Result<RestoreReport> restoreOverDamaged(const QString &databasePath,
                                                    const QString &file, const BackupFolder &folder,
                                                    SecretVault &vault, Clock &clock,
                                                    const Login &login);

    /// Only an owner may back up or restore (security.forbidden otherwise).
    static Status requireOwner(const Session &by);

private:
    Result<BackupReport> backup(const QString &actor, const QString &kind);

    Database &m_db;
    AuditLog &m_audit;
    const SecretVault &m_vault;
    Clock &m_clock;
    BackupFolder m_folder;
};

} // namespace paydesk
