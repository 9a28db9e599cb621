#include "core/providers/provideraccountstore.h"

#include "core/crypto/secretvault.h"
#include "core/storage/database.h"
#include "core/util/clock.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace paydesk {

ProviderAccountStore::ProviderAccountStore(Database &db, const SecretVault &vault,
                                           const Clock &clock)
    : m_db(db), m_vault(vault), m_clock(clock)
{
}

QByteArray ProviderAccountStore::privateKeyContext(const QString &provider)
{
    return "provider_accounts." + provider.toUtf8() + ".app_private_key";
}

Result<std::optional<ProviderAccount>> ProviderAccountStore::load(const QString &provider,
                                                                  const QString &environment) const
{
    auto q = m_db.exec(u"SELECT app_id, gateway, provider_public_key, app_private_key"
                       " FROM provider_accounts WHERE provider = ? AND environment = ?"_s,
                       {provider, environment});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return std::optional<ProviderAccount>();
    ProviderAccount account;
    account.provider = provider;
    account.environment = environment;
    account.appId = q.value().value(0).toString();
    account.gateway = QUrl(q.value().value(1).toString());
    account.providerPublicKeyPem = q.value().value(2).toString().toUtf8();
    auto pem = m_vault.decrypt(q.value().value(3).toString().toUtf8(), privateKeyContext(provider));
    if (!pem.ok())
        return pem.error();
    account.appPrivateKeyPem = pem.value();
    return std::optional<ProviderAccount>(std::move(account));
}

Status ProviderAccountStore::save(const ProviderAccount &account)
{
    auto blob = m_vault.encrypt(account.appPrivateKeyPem, privateKeyContext(account.provider));
    if (!blob.ok())
        return blob.error();
    auto stored =
        m_db.exec(u"INSERT OR REPLACE INTO provider_accounts(provider, environment,"
                  " app_id, gateway, provider_public_key, app_private_key, created_at)"
                  " VALUES(?, ?, ?, ?, ?, ?, ?)"_s,
                  {account.provider, account.environment, account.appId, account.gateway.toString(),
                   QString::fromUtf8(account.providerPublicKeyPem), QString::fromUtf8(blob.value()),
                   m_clock.nowUtc().toString(Qt::ISODateWithMs)});
    if (!stored.ok())
        return stored.error();
    return {};
}

Result<QList<ProviderAccountStore::Summary>> ProviderAccountStore::list() const
{
    auto q = m_db.exec(u"SELECT provider, environment, app_id, gateway, created_at"
                       " FROM provider_accounts ORDER BY provider, environment"_s);
    if (!q.ok())
        return q.error();
    QList<Summary> out;
    while (q.value().next())
        out.append({q.value().value(0).toString(), q.value().value(1).toString(),
                    q.value().value(2).toString(), q.value().value(3).toString(),
                    q.value().value(4).toString()});
    return out;
}

Result<bool> ProviderAccountStore::remove(const QString &provider, const QString &environment)
{
    auto q = m_db.exec(u"DELETE FROM provider_accounts WHERE provider = ? AND environment = ?"_s,
                       {provider, environment});
    if (!q.ok())
        return q.error();
    return q.value().numRowsAffected() > 0;
}

} // namespace paydesk
