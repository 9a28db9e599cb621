#pragma once

#include "core/util/result.h"

#include <QString>

#include <optional>

namespace paydesk {

class Database;

/// Key/value settings kept in the database (table `settings`). Secrets never go here
/// in plain text: store SecretVault blobs.
class SettingsStore
{
public:
    explicit SettingsStore(Database &db) : m_db(db) {}

    std::optional<QString> value(const QString &key) const;
    QString value(const QString &key, const QString &fallback) const;
    Status setValue(const QString &key, const QString &value);
    Status remove(const QString &key);

private:
    Database &m_db;
};

} // namespace paydesk
