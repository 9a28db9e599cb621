#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QList>
#include <QStringList>

namespace paydesk {

class HqConnection;

/// Head office's schema and roles: numbered migrations (":/hq/NNNN_name.sql") applied once
/// each, by number (the till's Database::migrate discipline), each in its own transaction
/// under an advisory lock so two administrators migrating at once apply a step once.
class HqSchema
{
    Q_DECLARE_TR_FUNCTIONS(HqSchema)
public:
    explicit HqSchema(HqConnection &db) : m_db(db) {}

    static QStringList builtinMigrations();
    /// Applies every migration not applied yet; returns the versions it applied.
    Result<QList<int>> migrate(const QStringList &migrations = {});
    bool isApplied(int version) const;
    /// Highest applied version, 0 on an empty database.
    int schemaVersion() const;

    /// Registers \a store (name, IANA zone for its business day), creating or updating it.
    Status addStore(const QString &store, const QString &name, const QString &timeZone);
    /// Creates the login role of one till (member of paydesk_till) with \a password and
    /// records which store and till it is; returns the role's name. Refuses a till that exists.
    Result<QString> addTill(const QString &store, const QString &till, const QString &password);
    /// Creates a head-office reader's login role (member of paydesk_hq).
    Status addReader(const QString &role, const QString &password);

    static QString tillRoleName(const QString &store, const QString &till);
    static bool validIdentifier(const QString &id);

private:
    HqConnection &m_db;
};

} // namespace paydesk
