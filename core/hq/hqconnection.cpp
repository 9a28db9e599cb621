#include "core/hq/hqconnection.h"

#include <QAtomicInteger>
#include <QSqlError>

Q_LOGGING_CATEGORY(lcHq, "paydesk.hq")

namespace paydesk {

namespace {

QAtomicInteger<quint64> s_counter;

Error sqlError(const QSqlError &error)
{
    return Error{QStringLiteral("hq.sql"),
                 QCoreApplication::translate("HqConnection", "Head office refused: %1")
                     .arg(error.databaseText().isEmpty() ? error.text() : error.databaseText())};
}

} // namespace

HqConnection::HqConnection(HqEndpoint endpoint, QString name)
    : m_endpoint(std::move(endpoint)), m_name(std::move(name))
{
}

HqConnection::~HqConnection()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

Result<std::unique_ptr<HqConnection>> HqConnection::open(const HqEndpoint &endpoint)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return Error{QStringLiteral("hq.driver"),
                     tr("The PostgreSQL driver for Qt is not installed (Debian: "
                        "libqt6sql6-psql).")};
    const QString name = QStringLiteral("paydesk-hq-%1").arg(++s_counter);
    std::unique_ptr<HqConnection> self(new HqConnection(endpoint, name));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(endpoint.host());
    db.setPort(endpoint.port());
    db.setDatabaseName(endpoint.database());
    db.setUserName(endpoint.user());
    db.setPassword(endpoint.password());
    QString options = endpoint.connectOptions();
    if (!options.contains(QStringLiteral("connect_timeout")))
        options += (options.isEmpty() ? QString() : QStringLiteral(";")) +
                   QStringLiteral("connect_timeout=10");
    db.setConnectOptions(options);
    if (!db.open())
        return Error{QStringLiteral("hq.unreachable"),
                     tr("Cannot reach head office at %1: %2")
                         .arg(endpoint.url(), db.lastError().databaseText().trimmed())};
    // NOTICEs ("already exists, skipping") are not news to a till or a test log.
    PAYDESK_TRY(self->execScript(QStringLiteral("SET client_min_messages TO warning")));
    return self;
}

QSqlDatabase HqConnection::connection() const
{
    return QSqlDatabase::database(m_name, false);
}

bool HqConnection::isOpen() const
{
    const QSqlDatabase db = connection();
    return db.isOpen() && !db.isOpenError();
}

Result<QSqlQuery> HqConnection::exec(const QString &sql, const QVariantList &binds) const
{
    QSqlQuery query(connection());
    if (binds.isEmpty()) {
        if (!query.exec(sql))
            return sqlError(query.lastError());
        return query;
    }
    if (!query.prepare(sql))
        return sqlError(query.lastError());
    for (const QVariant &v : binds)
        query.addBindValue(v);
    if (!query.exec())
        return sqlError(query.lastError());
    return query;
}

Status HqConnection::execScript(const QString &script) const
{
    QSqlQuery query(connection());
    if (!query.exec(script))
        return sqlError(query.lastError());
    return {};
}

Result<std::optional<QVariant>> HqConnection::scalar(const QString &sql,
                                                     const QVariantList &binds) const
{
    auto q = exec(sql, binds);
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return std::optional<QVariant>();
    return std::optional<QVariant>(q.value().value(0));
}

Status HqConnection::begin() const
{
    QSqlDatabase db = connection();
    if (!db.transaction())
        return sqlError(db.lastError());
    return {};
}

Status HqConnection::commit() const
{
    QSqlDatabase db = connection();
    if (!db.commit())
        return sqlError(db.lastError());
    return {};
}

void HqConnection::rollback() const
{
    QSqlDatabase db = connection();
    if (!isOpen())
        return; // a lost session rolled back on the server already
    if (!db.rollback())
        qCWarning(lcHq) << "rollback failed" << db.lastError().text();
}

} // namespace paydesk
