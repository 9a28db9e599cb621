#include "core/storage/database.h"

#include "core/storage/diskerror.h"
#include "core/storage/transaction.h"
#include "core/util/log.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QThread>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace paydesk {

namespace {

QAtomicInteger<quint64> s_connectionCounter;

/// What a write into \a folder runs into now: ENOSPC, EROFS (or EACCES/EPERM), another errno, or
/// 0 when a small file can be created, written and synced there. SQLite reports a write that
/// failed with EROFS as a generic I/O error; this tells the cases apart.
int folderWriteProblem(const QString &folder)
{
    const QByteArray probe = QFile::encodeName(
        QDir(folder).filePath(QStringLiteral(".paydesk-write-probe-%1").arg(::getpid())));
    const int fd = ::open(probe.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno == EEXIST ? 0 : errno;
    int problem = 0;
    const QByteArray page(4096, '\0');
    if (::write(fd, page.constData(), size_t(page.size())) != page.size() || ::fsync(fd) != 0)
        problem = errno == 0 ? ENOSPC : errno;
    ::close(fd);
    ::unlink(probe.constData());
    return problem;
}

enum class DiskProblem { None, Full, ReadOnly, Io };

DiskProblem diskProblemOf(int err)
{
    switch (err) {
    case 0:
        return DiskProblem::None;
    case ENOSPC:
    case EDQUOT:
        return DiskProblem::Full;
    case EROFS:
    case EACCES:
    case EPERM:
        return DiskProblem::ReadOnly;
    default:
        return DiskProblem::Io;
    }
}

Error diskError(DiskProblem problem, const QString &path, const QString &detail)
{
    const QString folder = QDir::toNativeSeparators(QFileInfo(path).absolutePath());
    switch (problem) {
    case DiskProblem::Full:
        return Error{QStringLiteral("storage.full"),
                     Database::tr("The disk holding the data folder %1 is full, so this was not "
                                  "saved. Free disk space on it (or move the data folder to a "
                                  "larger disk), then try again.")
                         .arg(folder)};
    case DiskProblem::ReadOnly:
        return Error{QStringLiteral("storage.readonly"),
                     Database::tr("The data folder %1 cannot be written to (read-only), so this "
                                  "was not saved. Check the data folder: the disk may be "
                                  "write-protected, mounted read-only or failing. Make it "
                                  "writable, then try again.")
                         .arg(folder)};
    case DiskProblem::Io:
    case DiskProblem::None:
        break;
    }
    return Error{QStringLiteral("storage.ioerr"),
                 Database::tr("The disk holding the data folder %1 reported an error (%2), so "
                              "this was not saved. Check the disk and the data folder, then try "
                              "again.")
                     .arg(folder, detail)};
}

/// SQLite creates the -wal and -shm files with the mode of the database file, so a database
/// file that is 0600 from its first byte keeps all three private whatever the umask.
Status createOwnerOnly(const QString &path)
{
    const QByteArray name = QFile::encodeName(path);
    const int fd = ::open(name.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 && diskProblemOf(errno) != DiskProblem::Io)
        return diskError(diskProblemOf(errno), path, QString::fromLocal8Bit(std::strerror(errno)));
    if (fd < 0)
        return Error{QStringLiteral("storage.open"),
                     QCoreApplication::translate("Database", "Cannot open the database %1: %2")
                         .arg(path, QString::fromLocal8Bit(std::strerror(errno)))};
    struct stat st = {};
    const bool tooOpen = ::fstat(fd, &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0;
    if (tooOpen) {
        qCWarning(lcStorage) << "database file was readable by others; restricting it" << path;
        ::fchmod(fd, st.st_mode & S_IRWXU);
    }
    ::close(fd);
    return {};
}

int versionOf(const QString &migrationPath)
{
    static const QRegularExpression re(QStringLiteral("^(\\d+)_"));
    const auto m = re.match(QFileInfo(migrationPath).fileName());
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

} // namespace

Database::Database(QString path, QString connectionName)
    : m_path(std::move(path)), m_connectionName(std::move(connectionName))
{
}

Database::~Database()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QStringList Database::builtinMigrations()
{
    QStringList files;
    const QDir dir(QStringLiteral(":/migrations"));
    for (const QString &name : dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name))
        files << dir.filePath(name);
    return files;
}

namespace {
/// PRAGMA quick_check: an error "storage.corrupt" naming the first problems, unless "ok".
Status checkNotDamaged(const Database &db)
{
    auto q = db.exec(QStringLiteral("PRAGMA quick_check"));
    if (!q.ok())
        return q.error();
    QStringList problems;
    while (q.value().next() && problems.size() < 5)
        problems << q.value().value(0).toString();
    if (problems == QStringList{QStringLiteral("ok")})
        return {};
    return Error{
        QStringLiteral("storage.corrupt"),
        Database::tr("The database file %1 is damaged (corrupt): %2")
            .arg(QDir::toNativeSeparators(db.path()), problems.join(QStringLiteral("; ")))};
}

} // namespace

Error diskErrorOf(int err, const QString &path)
{
    return diskError(diskProblemOf(err), path, QString::fromLocal8Bit(std::strerror(err)));
}

Status makeFolder(const QString &dir)
{
    const QString absolute = QDir(dir).absolutePath();
    QStringList missing;
    for (QString at = absolute; !QFileInfo::exists(at);) {
        missing.prepend(at);
        const QString up = QFileInfo(at).absolutePath();
        if (up == at)
            break;
        at = up;
    }
    for (const QString &folder : std::as_const(missing))
        if (::mkdir(QFile::encodeName(folder).constData(), 0700) != 0 && errno != EEXIST)
            return diskErrorOf(errno, QDir(folder).filePath(QStringLiteral("paydesk")));
    if (!QFileInfo(absolute).isDir())
        return diskErrorOf(ENOTDIR, QDir(absolute).filePath(QStringLiteral("paydesk")));
    return {};
}

Result<std::unique_ptr<Database>> Database::open(const QString &path, const QStringList &migrations)
{
    if (path != u":memory:") {
        const QFileInfo info(path);
        if (auto made = makeFolder(info.absolutePath()); !made.ok())
            return made.error();
        if (auto s = createOwnerOnly(path); !s.ok())
            return s.error();
    }
    const QString name = QStringLiteral("paydesk-%1").arg(++s_connectionCounter);
    std::unique_ptr<Database> self(new Database(path, name));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            const Error why = self->sqlFailure(QStringLiteral("open"), db.lastError());
            return Database::isDiskProblem(why) ? why
                                                : Error{QStringLiteral("storage.open"),
                                                        tr("Cannot open the database %1: %2")
                                                            .arg(path, db.lastError().text())};
        }
    }
    // SQLite answers "locked" at once, without its busy handler, while another connection
    // switches a new file to WAL or recovers its index (two processes starting together on a
    // fresh data dir): those steps are retried for a few seconds instead of failing the start.
    Status prepared;
    for (int attempt = 0; attempt < 100; ++attempt) {
        prepared = {};
        for (const char *pragma : {"PRAGMA busy_timeout=5000", "PRAGMA journal_mode=WAL",
                                   "PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL"}) {
            if (auto r = self->exec(QString::fromLatin1(pragma)); !r.ok()) {
                prepared = r.error();
                break;
            }
        }
        // A damaged page inside the file (a disk fault, a copy cut short) is found here, before
        // anything reads or writes it: PRAGMA quick_check is integrity_check without the index
        // cross-checks, linear in the file size. The caller turns this into the way back to the
        // last backup (BackupFolder::adviceForDamagedDatabase).
        if (prepared.ok())
            prepared = checkNotDamaged(*self);
        if (prepared.ok())
            prepared = self->migrate(migrations.isEmpty() ? builtinMigrations() : migrations);
        if (prepared.ok() || !prepared.error().message.contains(QStringLiteral("locked")))
            break;
        QThread::msleep(30);
    }
    if (!prepared.ok())
        return prepared.error();
    qCDebug(lcStorage) << "opened" << path << "schema" << self->schemaVersion();
    return self;
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Error Database::sqlFailure(const QString &what, const QSqlError &error) const
{
    qCWarning(lcStorage) << what << error.text() << error.nativeErrorCode();
    // SQLite's primary result code is the low byte of the (possibly extended) code.
    constexpr int sqliteReadOnly = 8, sqliteIoErr = 10, sqliteFull = 13, sqliteCantOpen = 14;
    const int code = error.nativeErrorCode().toInt() & 0xff;
    const QString text = error.databaseText().toLower();
    const bool file = m_path != u":memory:" && !m_path.isEmpty();
    if (code == sqliteFull || text.contains(QLatin1String("disk is full")))
        return diskError(DiskProblem::Full, m_path, error.databaseText());
    const bool diskLike = code == sqliteReadOnly || code == sqliteIoErr || code == sqliteCantOpen ||
                          text.contains(QLatin1String("readonly")) ||
                          text.contains(QLatin1String("disk i/o error"));
    if (file && diskLike) {
        const DiskProblem found =
            diskProblemOf(folderWriteProblem(QFileInfo(m_path).absolutePath()));
        if (found != DiskProblem::None)
            return diskError(found, m_path, error.databaseText());
        // The folder takes writes: a read-only answer has another cause (a file replaced under
        // the connection, a read-only open) and stays a plain SQL error below.
        if (code == sqliteIoErr)
            return diskError(DiskProblem::Io, m_path, error.databaseText());
    }
    return Error{QStringLiteral("storage.sql"),
                 tr("The database refused an operation: %1").arg(error.text())};
}

bool Database::isDiskProblem(const Error &error)
{
    return error.code == u"storage.full" || error.code == u"storage.readonly" ||
           error.code == u"storage.ioerr";
}

Result<QSqlQuery> Database::exec(const QString &sql, const QVariantList &binds) const
{
    QSqlQuery query(connection());
    if (!query.prepare(sql))
        return sqlFailure(sql, query.lastError());
    for (const QVariant &v : binds)
        query.addBindValue(v);
    if (!query.exec())
        return sqlFailure(sql, query.lastError());
    return query;
}

Result<std::optional<QVariant>> Database::scalar(const QString &sql,
                                                 const QVariantList &binds) const
{
    auto q = exec(sql, binds);
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return std::optional<QVariant>();
    return std::optional<QVariant>(q.value().value(0));
}

int Database::schemaVersion() const
{
    auto v = scalar(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    return v.ok() && v.value() ? v.value()->toInt() : 0;
}

bool Database::isApplied(int version) const
{
    auto v = scalar(QStringLiteral("SELECT 1 FROM schema_migrations WHERE version = ?"), {version});
    return v.ok() && v.value().has_value();
}

QStringList Database::splitStatements(const QString &script)
{
    QStringList statements;
    QString current;
    bool inString = false;
    for (int i = 0; i < script.size(); ++i) {
        const QChar c = script.at(i);
        if (!inString && c == QLatin1Char('-') && i + 1 < script.size() &&
            script.at(i + 1) == QLatin1Char('-')) {
            while (i < script.size() && script.at(i) != QLatin1Char('\n'))
                ++i;
            current += QLatin1Char('\n');
            continue;
        }
        if (c == QLatin1Char('\'')) {
            inString = !inString;
        }
        current += c;
        if (c == QLatin1Char(';') && !inString) {
            const QString simplified = current.simplified().toUpper();
            const bool trigger = simplified.startsWith(u"CREATE TRIGGER") ||
                                 simplified.startsWith(u"CREATE TEMP TRIGGER");
            if (trigger && !simplified.endsWith(u"END;"))
                continue; // a ';' inside the trigger body
            const QString statement = current.trimmed();
            if (statement.size() > 1)
                statements << statement;
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        statements << current.trimmed();
    return statements;
}

Status Database::migrate(const QStringList &migrations)
{
    if (auto r = exec(QStringLiteral(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY,"
            " name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"));
        !r.ok())
        return r.error();

    for (const QString &file : migrations) {
        const int version = versionOf(file);
        if (version < 0)
            return Error{QStringLiteral("storage.migration_name"),
                         tr("The migration %1 has no version number.").arg(file)};
        // Each step is looked up by its own number, not compared with the highest one applied:
        // numbers are handed out to parallel work, so a till already at 0010 still gets a 0008
        // that was merged after it.
        if (isApplied(version))
            continue;
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return Error{QStringLiteral("storage.migration_read"),
                         tr("Cannot read the migration %1.").arg(file)};
        const QString script = QString::fromUtf8(f.readAll());

        // BEGIN IMMEDIATE takes the write lock; only under it is the version final. Another
        // process starting at the same time may have applied this step while we waited.
        Transaction tx(*this);
        if (!tx.began().ok())
            return tx.began().error();
        if (isApplied(version))
            continue;
        for (const QString &statement : splitStatements(script)) {
            if (auto r = exec(statement); !r.ok())
                return Error{
                    QStringLiteral("storage.migration_failed"),
                    tr("Upgrading the database failed at step %1 (%2); nothing was changed. %3")
                        .arg(version)
                        .arg(QFileInfo(file).fileName(), r.error().message)};
        }
        if (auto r =
                exec(QStringLiteral("INSERT INTO schema_migrations(version, name) VALUES(?, ?)"),
                     {version, QFileInfo(file).fileName()});
            !r.ok())
            return r.error();
        if (auto r = tx.commit(); !r.ok())
            return r.error();
        qCInfo(lcStorage) << "applied migration" << QFileInfo(file).fileName();
    }
    return {};
}

} // namespace paydesk
