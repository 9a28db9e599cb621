#include "core/hq/hqschema.h"

#include "core/hq/hqconnection.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace paydesk {

namespace {

// Any constant: every Paydesk migrator takes the same lock.
constexpr qint64 kMigrationLock = 0x5041594445534b;

int versionOf(const QString &path)
{
    static const QRegularExpression re(QStringLiteral("^(\\d+)_"));
    const auto m = re.match(QFileInfo(path).fileName());
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

/// A role name or password goes into DDL, which takes no parameters: quoted here.
QString quoteLiteral(const QString &s)
{
    QString q = s;
    q.replace(QLatin1Char('\''), QStringLiteral("''"));
    return QLatin1Char('\'') + q + QLatin1Char('\'');
}

} // namespace

QStringList HqSchema::builtinMigrations()
{
    QStringList files;
    const QDir dir(QStringLiteral(":/hq"));
    for (const QString &name : dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name))
        files << dir.filePath(name);
    return files;
}

bool HqSchema::validIdentifier(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[0-9A-Za-z_-]{1,32}$"));
    return re.match(id).hasMatch();
}

QString HqSchema::tillRoleName(const QString &store, const QString &till)
{
    return QStringLiteral("pd_till_%1_%2")
        .arg(store, till)
        .toLower()
        .replace(QLatin1Char('-'), QLatin1Char('_'));
}

bool HqSchema::isApplied(int version) const
{
    auto r = m_db.scalar(
        QStringLiteral("SELECT 1 FROM hq_meta.schema_migrations WHERE version = ?"), {version});
    return r.ok() && r.value().has_value();
}

int HqSchema::schemaVersion() const
{
    auto r = m_db.scalar(
        QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM hq_meta.schema_migrations"));
    return r.ok() && r.value() ? r.value()->toInt() : 0;
}

Result<QList<int>> HqSchema::migrate(const QStringList &given)
{
    PAYDESK_TRY(
        m_db.execScript(QStringLiteral("CREATE SCHEMA IF NOT EXISTS hq_meta;"
                                       "CREATE TABLE IF NOT EXISTS hq_meta.schema_migrations ("
                                       " version integer PRIMARY KEY, name text NOT NULL,"
                                       " applied_at timestamptz NOT NULL DEFAULT now())")));
    QList<int> applied;
    const QStringList migrations = given.isEmpty() ? builtinMigrations() : given;
    for (const QString &file : migrations) {
        const int version = versionOf(file);
        if (version < 0)
            return Error{QStringLiteral("hq.migration_name"),
                         tr("The migration %1 has no version number.").arg(file)};
        if (isApplied(version))
            continue;
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return Error{QStringLiteral("hq.migration_read"),
                         tr("Cannot read the migration %1.").arg(file)};
        const QString script = QString::fromUtf8(f.readAll());
        PAYDESK_TRY(m_db.begin());
        auto failed = [&](const Error &e) -> Error {
            m_db.rollback();
            return Error{QStringLiteral("hq.migration_failed"),
                         tr("Upgrading head office failed at step %1 (%2); nothing was "
                            "changed. %3")
                             .arg(version)
                             .arg(QFileInfo(file).fileName(), e.message)};
        };
        if (auto r = m_db.exec(QStringLiteral("SELECT pg_advisory_xact_lock(?)"), {kMigrationLock});
            !r.ok())
            return failed(r.error());
        if (isApplied(version)) { // another administrator got there first
            m_db.rollback();
            continue;
        }
        if (auto r = m_db.execScript(script); !r.ok())
            return failed(r.error());
        if (auto r = m_db.exec(
                QStringLiteral("INSERT INTO hq_meta.schema_migrations(version, name) VALUES(?, ?)"),
                {version, QFileInfo(file).fileName()});
            !r.ok())
            return failed(r.error());
        if (auto r = m_db.commit(); !r.ok())
            return failed(r.error());
        qCInfo(lcHq) << "applied head-office migration" << QFileInfo(file).fileName();
        applied << version;
    }
    return applied;
}

Status HqSchema::addStore(const QString &store, const QString &name, const QString &timeZone)
{
    if (!validIdentifier(store))
        return Error{QStringLiteral("hq.store_id"),
                     tr("A store id is 1 to 32 letters, digits, '-' or '_'.")};
    auto zone =
        m_db.scalar(QStringLiteral("SELECT 1 FROM pg_timezone_names WHERE name = ?"), {timeZone});
    if (!zone.ok())
        return zone.error();
    if (!zone.value())
        return Error{QStringLiteral("hq.time_zone"),
                     tr("\"%1\" is not a time zone PostgreSQL knows.").arg(timeZone)};
    PAYDESK_TRY(m_db.exec(QStringLiteral("INSERT INTO hq.stores(store_id, name, time_zone)"
                                         " VALUES (?, ?, ?) ON CONFLICT (store_id) DO UPDATE"
                                         " SET name = EXCLUDED.name,"
                                         " time_zone = EXCLUDED.time_zone"),
                          {store, name, timeZone}));
    return {};
}

Result<QString> HqSchema::addTill(const QString &store, const QString &till,
                                  const QString &password)
{
    if (!validIdentifier(store) || !validIdentifier(till))
        return Error{QStringLiteral("hq.till_id"),
                     tr("Store and till ids are 1 to 32 letters, digits, '-' or '_'.")};
    if (password.size() < 12)
        return Error{QStringLiteral("hq.password"),
                     tr("A till's head-office password has at least 12 characters.")};
    const QString role = tillRoleName(store, till);
    PAYDESK_TRY(m_db.begin());
    auto fail = [&](const Error &e) -> Error {
        m_db.rollback();
        return e;
    };
    auto exists = m_db.scalar(
        QStringLiteral(
            "SELECT 1 FROM hq.tills WHERE (store_id = ? AND till_id = ?) OR role_name = ?"),
        {store, till, role});
    if (!exists.ok())
        return fail(exists.error());
    if (exists.value())
        return fail(Error{QStringLiteral("hq.till_exists"),
                          tr("Till %1 of store %2 is already registered.").arg(till, store)});
    if (auto r = m_db.exec(QStringLiteral("INSERT INTO hq.stores(store_id) VALUES (?)"
                                          " ON CONFLICT DO NOTHING"),
                           {store});
        !r.ok())
        return fail(r.error());
    if (auto r = m_db.execScript(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD %2 IN ROLE "
                                                "paydesk_till")
                                     .arg(role, quoteLiteral(password)));
        !r.ok())
        return fail(r.error());
    if (auto r = m_db.exec(
            QStringLiteral("INSERT INTO hq.tills(store_id, till_id, role_name) VALUES (?, ?, ?)"),
            {store, till, role});
        !r.ok())
        return fail(r.error());
    PAYDESK_TRY(m_db.commit());
    return role;
}

Status HqSchema::addReader(const QString &role, const QString &password)
{
    static const QRegularExpression re(QStringLiteral("^[a-z_][a-z0-9_]{0,62}$"));
    if (!re.match(role).hasMatch())
        return Error{QStringLiteral("hq.role"),
                     tr("A reader's name is lower-case letters, digits and '_'.")};
    if (password.size() < 12)
        return Error{QStringLiteral("hq.password"),
                     tr("A head-office password has at least 12 characters.")};
    return m_db.execScript(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD %2 IN ROLE paydesk_hq")
                               .arg(role, quoteLiteral(password)));
}

} // namespace paydesk
