#include "core/storage/settingsstore.h"

#include "core/storage/database.h"

namespace paydesk {

std::optional<QString> SettingsStore::value(const QString &key) const
{
    auto v = m_db.scalar(QStringLiteral("SELECT value FROM settings WHERE key = ?"), {key});
    if (!v.ok() || !v.value())
        return std::nullopt;
    return v.value()->toString();
}

QString SettingsStore::value(const QString &key, const QString &fallback) const
{
    return value(key).value_or(fallback);
}

Status SettingsStore::setValue(const QString &key, const QString &value)
{
    auto r = m_db.exec(QStringLiteral("INSERT INTO settings(key, value) VALUES(?, ?)"
                                      " ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                       {key, value});
    if (!r.ok())
        return r.error();
    return {};
}

Status SettingsStore::remove(const QString &key)
{
    auto r = m_db.exec(QStringLiteral("DELETE FROM settings WHERE key = ?"), {key});
    if (!r.ok())
        return r.error();
    return {};
}

} // namespace paydesk
