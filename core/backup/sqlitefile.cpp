#include "core/backup/sqlitefile.h"

#include "core/util/log.h"

#include <QFile>
#include <QStringList>

#include <sqlite3.h>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace paydesk {

namespace {

constexpr int kBusyTimeoutMs = 5000;

/// One sqlite3 connection, closed on every path.
class Connection
{
public:
    Connection(const QString &path, int flags)
    {
        m_rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &m_db, flags, nullptr);
        if (m_db)
            sqlite3_busy_timeout(m_db, kBusyTimeoutMs);
    }
    ~Connection()
    {
        if (m_db)
            sqlite3_close_v2(m_db);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    bool ok() const { return m_rc == SQLITE_OK; }
    sqlite3 *get() const { return m_db; }
    QString message() const
    {
        return m_db ? QString::fromUtf8(sqlite3_errmsg(m_db))
                    : QString::fromUtf8(sqlite3_errstr(m_rc));
    }
    bool exec(const char *sql) const
    {
        return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    }

private:
    sqlite3 *m_db = nullptr;
    int m_rc = SQLITE_ERROR;
};

Error failed(const QString &what, const QString &detail)
{
    qCWarning(lcStorage).noquote() << what << detail;
    return Error{QStringLiteral("backup.sqlite"), SqliteFile::tr("%1: %2").arg(what, detail)};
}

/// Copies every page of \a from into \a to; both open.
Status copyPages(const Connection &from, const Connection &to, const QString &what)
{
    sqlite3_backup *backup = sqlite3_backup_init(to.get(), "main", from.get(), "main");
    if (!backup)
        return failed(what, to.message());
    int rc = SQLITE_OK;
    // -1: all pages in one step, so the copy is one consistent snapshot of the source. Busy or
    // locked answers are retried for a while (another process committing).
    for (int attempt = 0; attempt < 100; ++attempt) {
        rc = sqlite3_backup_step(backup, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            break;
        sqlite3_sleep(50);
    }
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE)
        return failed(what, QString::fromUtf8(sqlite3_errstr(rc)));
    return {};
}

void flushFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

Status SqliteFile::snapshot(const QString &source, const QString &target)
{
    const QString partial = target + QStringLiteral(".partial");
    QFile::remove(partial);
    {
        // Created owner-only before SQLite writes a byte (its journal inherits the mode).
        const int fd = ::open(QFile::encodeName(partial).constData(),
                              O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
            return failed(tr("Cannot create the backup %1").arg(partial),
                          QString::fromLocal8Bit(std::strerror(errno)));
        ::close(fd);
    }
    Status copied = [&]() -> Status {
        const Connection from(source, SQLITE_OPEN_READWRITE);
        if (!from.ok())
            return failed(tr("Cannot open the database %1").arg(source), from.message());
        const Connection to(partial, SQLITE_OPEN_READWRITE);
        if (!to.ok())
            return failed(tr("Cannot open the backup %1").arg(partial), to.message());
        PAYDESK_TRY(copyPages(from, to, tr("Copying the database failed")));
        if (!to.exec("PRAGMA journal_mode=DELETE"))
            return failed(tr("Cannot finish the backup %1").arg(partial), to.message());
        return {};
    }();
    if (copied.ok()) {
        flushFile(partial);
        if (!QFile::rename(partial, target))
            copied = failed(tr("Cannot finish the backup %1").arg(target), QString());
    }
    if (!copied.ok())
        QFile::remove(partial);
    QFile::remove(partial + QStringLiteral("-journal"));
    return copied;
}

Status SqliteFile::replaceContents(const QString &source, const QString &target)
{
    const Connection from(source, SQLITE_OPEN_READWRITE); // a staged copy of our own
    if (!from.ok())
        return failed(tr("Cannot open the backup %1").arg(source), from.message());
    const Connection to(target, SQLITE_OPEN_READWRITE);
    if (!to.ok())
        return failed(tr("Cannot open the database %1").arg(target), to.message());
    PAYDESK_TRY(copyPages(from, to, tr("Restoring the database failed")));
    if (!to.exec("PRAGMA journal_mode=WAL"))
        return failed(tr("Cannot finish the restore"), to.message());
    return {};
}

QString SqliteFile::integrityProblems(const QString &path)
{
    const Connection db(path, SQLITE_OPEN_READWRITE);
    if (!db.ok())
        return db.message();
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db.get(), "PRAGMA integrity_check", -1, &stmt, nullptr) != SQLITE_OK)
        return db.message();
    QStringList rows;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        rows << QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return db.message();
    if (rows == QStringList{QStringLiteral("ok")})
        return {};
    return rows.isEmpty() ? tr("no answer") : rows.join(QLatin1Char('\n'));
}

Result<std::optional<qint64>> SqliteFile::scalar(const QString &path, const QString &sql)
{
    const Connection db(path, SQLITE_OPEN_READWRITE);
    if (!db.ok())
        return failed(tr("Cannot open %1").arg(path), db.message());
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db.get(), sql.toUtf8().constData(), -1, &stmt, nullptr) != SQLITE_OK)
        return failed(tr("Cannot read %1").arg(path), db.message());
    std::optional<qint64> value;
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
        value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return failed(tr("Cannot read %1").arg(path), db.message());
    return value;
}

bool SqliteFile::hasSqliteHeader(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    return f.read(16) == QByteArray("SQLite format 3\0", 16);
}

} // namespace paydesk
