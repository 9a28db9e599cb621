#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace paydesk {

/// One backup file in the backups folder.
struct BackupFile
{
    QString path;
    QDateTime createdUtc; ///< from the file name (UTC)
    qint64 sizeBytes = 0;
};

/// The folder `<data-dir>/backups`: how backups are named (`paydesk-YYYYMMDD-HHMMSS.sqlite`,
/// UTC; a database put aside by a restore is `replaced-….sqlite`), which exist, which are due
/// to go, and what to tell someone whose database cannot be opened.
class BackupFolder
{
    Q_DECLARE_TR_FUNCTIONS(BackupFolder)
public:
    explicit BackupFolder(const QString &dataDir);

    QString path() const { return m_path; }
    /// Creates the folder (0700) when missing.
    Status ensure() const;

    /// A new, unused backup file name for a backup made at \a utc.
    QString newBackupPath(const QDateTime &utc) const;
    /// Where a restore puts the database it replaces; \a suffix marks a damaged one.
    QString replacedPath(const QDateTime &utc, const QString &suffix = {}) const;
    /// Where a restore stages its copy of the file being checked.
    QString stagingPath(const QDateTime &utc) const;

    /// The backups (not the replaced databases), newest first.
    QList<BackupFile> list() const;
    std::optional<BackupFile> latest() const;

    /// True when no backup was made on \a nowUtc's local calendar day.
    bool dailyDue(const QDateTime &nowUtc) const;

    /// Deletes the backups older than \a keepDays days, always keeping the newest one.
    /// Returns the paths deleted.
    QStringList prune(int keepDays, const QDateTime &nowUtc) const;

    /// \a error (the database could not be opened or read) with what to do next: the latest
    /// backup and the command that restores it, or that there is none yet.
    Error adviceForDamagedDatabase(const Error &error) const;

    /// True when \a error looks like a damaged database file rather than a busy one.
    static bool looksDamaged(const Error &error);

private:
    QString m_path;
};

} // namespace paydesk
