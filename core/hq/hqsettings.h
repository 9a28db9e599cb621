#pragma once

#include "core/hq/hqendpoint.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QString>

namespace paydesk {

class Database;
class SecretVault;
class SettingsStore;

/// Which store and till this is at head office (as `hq.tills` knows it).
struct HqIdentity
{
    QString store;
    QString till;
};

/// The till's head-office settings: one owner for their keys and defaults. The password is a
/// SecretVault blob; joining turns on the 0015 outbox triggers and queues every row the till
/// already has, in one transaction, so head office gets the whole history exactly once.
class HqSettings
{
    Q_DECLARE_TR_FUNCTIONS(HqSettings)
public:
    struct Values
    {
        bool enabled = false;
        QString url;
        HqIdentity identity;
        int intervalSeconds = 30; ///< how often the GUI pushes in the background
    };

    HqSettings(Database &db, SettingsStore &settings, SecretVault &vault)
        : m_db(db), m_settings(settings), m_vault(vault)
    {
    }

    Values values() const;
    /// The endpoint with its password decrypted; an error when not joined.
    Result<HqEndpoint> endpoint() const;

    /// Joins head office (validates \a url and the ids first); idempotent for the same values.
    Status join(const QString &url, const QString &password, const HqIdentity &identity,
                int intervalSeconds = 30);
    /// Stops queueing (rows already queued stay until pushed or the till joins again).
    Status leave();

    static const QString kEnabled;
    static const QString kUrl;
    static const QString kStore;
    static const QString kTill;
    static const QString kPassword;
    static const QString kInterval;

private:
    Database &m_db;
    SettingsStore &m_settings;
    SecretVault &m_vault;
};

} // namespace paydesk
