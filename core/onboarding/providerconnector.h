#pragma once

#include "core/providers/credentialspec.h"
#include "core/providers/provideraccountstore.h"
#include "core/providers/providerregistry.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QObject>
#include <QString>

#include <functional>

namespace paydesk {

class AuditLog;
class Clock;
class Database;
class SecretVault;
class Session;

/// How connecting (or testing) an account ended. \a code is stable for JSON and tests:
/// "ok", "credentials.invalid" (bad input, nothing sent), "credentials.refused" (the provider
/// answered and the proof failed), "provider.unreachable" (no believable answer),
/// "provider.unknown", "provider.not_connectable", "security.*" (authority), "storage".
struct ConnectOutcome
{
    QString code;
    CredentialProblem problem; ///< when not ok: the message and the field it is about
    QString provider;
    QString environment;
    QString appId;
    QString probeNumber; ///< the order number the proof asked about

    bool ok() const { return code == u"ok"; }
};

/// Connects an existing merchant account: checks the typed credentials against what the
/// provider's descriptor declares (CredentialSpec), proves them with a harmless signed call —
/// a query for an order number that cannot exist must come back as the provider's *signed*
/// "no such trade" — and only then saves the account (private key and secrets encrypted by
/// ProviderAccountStore) and writes the audit entry. Wrong credentials get a plain-language
/// error naming the field; nothing is saved. Used by the first-run wizard, Settings and
/// `paydesk provider add|test|list|remove`.
///
/// Authority: connect and remove need Permission::ManageProviders with a fresh step-up; test
/// and list need the role only.
class ProviderConnector : public QObject
{
    Q_OBJECT
public:
    ProviderConnector(const ProviderRegistry &registry, Database &db, const SecretVault &vault,
                      AuditLog &audit, Clock &clock, ProviderEnvironment env,
                      QObject *parent = nullptr);

    /// Where connected accounts are kept (ProviderAccount::environment).
    static QString productionEnvironment() { return QStringLiteral("production"); }

    /// Providers whose adapter is in this build and that declare their credentials, in
    /// registration order.
    QStringList connectableProviders() const;

    /// \a done runs exactly once, later, from the event loop (unless this object goes first).
    void connectAccount(const Session &session, const QString &providerId, CredentialValues values,
                        std::function<void(ConnectOutcome)> done);
    /// Proves the stored account of \a providerId in \a environment again; saves nothing.
    void testAccount(const Session &session, const QString &providerId, const QString &environment,
                     std::function<void(ConnectOutcome)> done);

    Result<QList<ProviderAccountStore::Summary>> list(const Session &session) const;
    /// False when there was no such account.
    Result<bool> remove(const Session &session, const QString &providerId,
                        const QString &environment);

private:
    void prove(const ProviderAccount &account, const CredentialSpec &spec,
               std::function<void(ConnectOutcome)> done);
    Status saveAndAudit(const ProviderAccount &account, const QString &operatorName);
    void finishLater(ConnectOutcome outcome, std::function<void(ConnectOutcome)> done);

    const ProviderRegistry &m_registry;
    Database &m_db;
    ProviderAccountStore m_accounts;
    AuditLog &m_audit;
    ProviderEnvironment m_env;
};

} // namespace paydesk
