#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QString>

#include <memory>

namespace paydesk {

class AuditLog;
class BackupFolder;
class Clock;
class Database;
class SecretVault;

/// A file someone wants to restore, copied into the backups folder and checked before anything
/// of the live database is touched: it must be an SQLite file that passes integrity_check, hold
/// Paydesk's tables, come from this Paydesk or an older one (it is migrated here, on the copy),
/// and its audit log must verify under this till's key (a database of another installation, or
/// an altered one, does not). The staged copy is removed with the object.
class RestoreCandidate
{
    Q_DECLARE_TR_FUNCTIONS(RestoreCandidate)
public:
    /// Error codes: backup.not_found, backup.not_paydesk, backup.integrity, backup.newer,
    /// backup.migration, backup.audit.
    static Result<std::unique_ptr<RestoreCandidate>>
    stage(const QString &file, const BackupFolder &folder, const SecretVault &vault, Clock &clock);
    ~RestoreCandidate();

    QString file() const { return m_file; }
    QString stagedPath() const { return m_staged; }
    QString sha256() const { return m_sha256; }
    /// The schema version the file had before it was migrated on the staged copy.
    int schemaVersion() const { return m_schemaVersion; }
    /// The staged copy, open and migrated (to log someone in against it when the live database
    /// is unusable); null after close().
    Database *database() { return m_db.get(); }
    AuditLog *audit() { return m_audit.get(); }
    /// Closes the staged copy so that it can be copied.
    void close();

private:
    RestoreCandidate() = default;

    QString m_file;
    QString m_staged;
    QString m_sha256;
    int m_schemaVersion = 0;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AuditLog> m_audit;
};

} // namespace paydesk
