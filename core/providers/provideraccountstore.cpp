#include "core/providers/provideraccountstore.h"

#include "core/crypto/secretvault.h"
#include "core/storage/database.h"
#include "core/util/clock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

QString toJsonText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject fromJsonText(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

} // namespace

ProviderAccountStore::ProviderAccountStore(Database &db, const SecretVault &vault,
                                           const Clock &clock)
    : m_db(db), m_vault(vault), m_clock(clock)
{
}

QByteArray ProviderAccountStore::privateKeyContext(const QString &provider)
{
    return "provider_accounts." + provider.toUtf8() + ".app_private_key";
}

QByteArray ProviderAccountStore::secretContext(const QString &provider, const QString &name)
{
    return "provider_accounts." + provider.toUtf8() + ".secret." + name.toUtf8();
}

Result<std::optional<ProviderAccount>> ProviderAccountStore::load(const QString &provider,
                                                                  const QString &environment) const
{
    auto q = m_db.exec(u"SELECT app_id, gateway, provider_public_key, app_private_key, params,"
                       " secrets FROM provider_accounts WHERE provider = ? AND environment = ?"_s,
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
    const QJsonObject params = fromJsonText(q.value().value(4).toString());
    for (auto it = params.begin(); it != params.end(); ++it)
        account.params.insert(it.key(), it.value().toString());
    const QJsonObject secrets = fromJsonText(q.value().value(5).toString());
    for (auto it = secrets.begin(); it != secrets.end(); ++it) {
        auto plain =
            m_vault.decrypt(it.value().toString().toUtf8(), secretContext(provider, it.key()));
        if (!plain.ok())
            return plain.error();
        account.secrets.insert(it.key(), plain.value());
    }
    return std::optional<ProviderAccount>(std::move(account));
}

Status ProviderAccountStore::save(const ProviderAccount &account)
{
    auto blob = m_vault.encrypt(account.appPrivateKeyPem, privateKeyContext(account.provider));
    if (!blob.ok())
        return blob.error();
    QJsonObject params;
    for (auto it = account.params.cbegin(); it != account.params.cend(); ++it)
        params.insert(it.key(), it.value());
    QJsonObject secrets;
    for (auto it = account.secrets.cbegin(); it != account.secrets.cend(); ++it) {
        auto sealed = m_vault.encrypt(it.value(), secretContext(account.provider, it.key()));
        if (!sealed.ok())
            return sealed.error();
        secrets.insert(it.key(), QString::fromUtf8(sealed.value()));
    }
    auto stored = m_db.exec(
        u"INSERT OR REPLACE INTO provider_accounts(provider, environment,"
        " app_id, gateway, provider_public_key, app_private_key, params, secrets, created_at)"
        " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
        {account.provider, account.environment, account.appId, account.gateway.toString(),
         QString::fromUtf8(account.providerPublicKeyPem), QString::fromUtf8(blob.value()),
         toJsonText(params), toJsonText(secrets), m_clock.nowUtc().toString(Qt::ISODateWithMs)});
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
