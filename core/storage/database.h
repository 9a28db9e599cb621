#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>

namespace paydesk {

/// One SQLite database file: opened with WAL, foreign keys, a busy timeout and
/// synchronous=FULL (every commit is durable: money rides on it), then migrated.
///
/// Not thread-safe: use a Database from the thread that opened it.
class Database
{
    Q_DECLARE_TR_FUNCTIONS(Database)
public:
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    /// Opens (creating if needed) \a path and applies every migration newer than the
    /// recorded schema version, each in its own transaction. A failing migration is
    /// rolled back and leaves the previous schema intact. \a migrations defaults to the
    /// compiled-in ":/migrations/NNNN_name.sql" files.
    static Result<std::unique_ptr<Database>> open(const QString &path,
                                                  const QStringList &migrations = {});
    static QStringList builtinMigrations();

    QSqlDatabase connection() const;
    QString path() const { return m_path; }
    int schemaVersion() const;
    /// Whether migration \a version has been applied (versions may arrive out of order).
    bool isApplied(int version) const;

    /// Prepares, binds (positionally) and executes \a sql; every failure is an Error.
    Result<QSqlQuery> exec(const QString &sql, const QVariantList &binds = {}) const;
    /// Convenience: the first column of the first row, or nullopt when there is no row.
    Result<std::optional<QVariant>> scalar(const QString &sql,
                                           const QVariantList &binds = {}) const;

    /// The Error for a failed statement \a what: a full disk is "storage.full", a read-only data
    /// folder "storage.readonly" and another disk failure "storage.ioerr", each saying what to
    /// do about it; anything else "storage.sql". Every exec() failure goes through here.
    Error sqlFailure(const QString &what, const QSqlError &error) const;
    /// Whether \a error is one of the disk problems sqlFailure() names (full, read-only, I/O):
    /// the data folder, not the data, is at fault, and the same step may work once it is fixed.
    static bool isDiskProblem(const Error &error);

    /// Splits a migration script into statements (honours quotes, comments and
    /// CREATE TRIGGER ... BEGIN ... END bodies).
    static QStringList splitStatements(const QString &script);

private:
    friend class Transaction;
    Database(QString path, QString connectionName);
    Status migrate(const QStringList &migrations);

    QString m_path;
    QString m_connectionName;
    int m_transactionDepth = 0;
};

} // namespace paydesk
