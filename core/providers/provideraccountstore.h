#pragma once

#include "core/providers/providerregistry.h"
#include "core/util/result.h"

#include <QString>

#include <optional>

namespace paydesk {

class Clock;
class Database;
class SecretVault;

/// The only owner of the provider_accounts table: one merchant account per provider and
/// environment. The app private key and every further secret (ProviderAccount::secrets) are
/// stored as SecretVault blobs bound to their row's provider and name, never as plain text;
/// callers see them decrypted in ProviderAccount.
class ProviderAccountStore
{
public:
    ProviderAccountStore(Database &db, const SecretVault &vault, const Clock &clock);

    /// The account of \a provider in \a environment; nullopt when there is none. A stored key
    /// that no longer decrypts is an error, not a missing account.
    Result<std::optional<ProviderAccount>> load(const QString &provider,
                                                const QString &environment) const;
    /// Inserts or replaces the account of (account.provider, account.environment).
    Status save(const ProviderAccount &account);

    /// What `paydesk provider list` shows of a stored account: nothing secret.
    struct Summary
    {
        QString provider;
        QString environment;
        QString appId;
        QString gateway;
        QString createdAt; ///< UTC ISO-8601
    };
    /// Every stored account, by provider then environment.
    Result<QList<Summary>> list() const;
    /// Deletes the account of (\a provider, \a environment); false when there was none.
    Result<bool> remove(const QString &provider, const QString &environment);

    /// The SecretVault context of \a provider's private key (stable: changing it orphans
    /// every stored key).
    static QByteArray privateKeyContext(const QString &provider);
    /// The SecretVault context of \a provider's secret \a name (stable, like the key's).
    static QByteArray secretContext(const QString &provider, const QString &name);

private:
    Database &m_db;
    const SecretVault &m_vault;
    const Clock &m_clock;
};

} // namespace paydesk
