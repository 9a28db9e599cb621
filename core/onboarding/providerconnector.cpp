#include "core/onboarding/providerconnector.h"

#include "core/crypto/crypto.h"
#include "core/onboarding/credentialcheck.h"
#include "core/security/auditlog.h"
#include "core/security/session.h"
#include "core/storage/transaction.h"
#include "core/util/log.h"

#include <QJsonObject>
#include <QPointer>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

ConnectOutcome failure(QString code, QString message, QString field = {})
{
    ConnectOutcome o;
    o.code = std::move(code);
    o.problem = {std::move(field), std::move(message)};
    return o;
}

ConnectOutcome fromError(const Error &e)
{
    return failure(e.code, e.message);
}

} // namespace

ProviderConnector::ProviderConnector(const ProviderRegistry &registry, Database &db,
                                     const SecretVault &vault, AuditLog &audit, Clock &clock,
                                     ProviderEnvironment env, QObject *parent)
    : QObject(parent), m_registry(registry), m_db(db), m_accounts(db, vault, clock), m_audit(audit),
      m_env(env)
{
}

QStringList ProviderConnector::connectableProviders() const
{
    QStringList out;
    for (const QString &id : m_registry.ids()) {
        const ProviderDescriptor *d = m_registry.find(id);
        if (d->hasAdapter() && !d->credentials.isEmpty())
            out << id;
    }
    return out;
}

void ProviderConnector::finishLater(ConnectOutcome outcome,
                                    std::function<void(ConnectOutcome)> done)
{
    // Always from the event loop, so callers see one behaviour whether or not a call was made.
    QTimer::singleShot(0, this,
                       [outcome = std::move(outcome), done = std::move(done)] { done(outcome); });
}

void ProviderConnector::connectAccount(const Session &session, const QString &providerId,
                                       CredentialValues values,
                                       std::function<void(ConnectOutcome)> done)
{
    if (auto allowed = session.authorize(Permission::ManageProviders); !allowed.ok())
        return finishLater(fromError(allowed.error()), std::move(done));
    const ProviderDescriptor *d = m_registry.find(providerId);
    if (!d)
        return finishLater(failure(u"provider.unknown"_s,
                                   tr("No provider %1 is known to this build.").arg(providerId)),
                           std::move(done));
    if (!d->hasAdapter() || d->credentials.isEmpty())
        return finishLater(failure(u"provider.not_connectable"_s,
                                   tr("An existing %1 account cannot be connected with this "
                                      "version of Paydesk yet.")
                                       .arg(d->displayName())),
                           std::move(done));
    if (auto problem = CredentialCheck::normalise(d->credentials, values))
        return finishLater(failure(u"credentials.invalid"_s, problem->message, problem->field),
                           std::move(done));

    ProviderAccount account;
    account.provider = providerId;
    account.environment = productionEnvironment();
    d->credentials.fill(values, account);
    const QString operatorName = session.operatorName();
    prove(account, d->credentials,
          [this, account, operatorName, done = std::move(done)](ConnectOutcome outcome) {
              if (outcome.ok()) {
                  if (auto saved = saveAndAudit(account, operatorName); !saved.ok())
                      outcome = failure(u"storage"_s, saved.error().message);
              }
              done(outcome);
          });
}

void ProviderConnector::testAccount(const Session &session, const QString &providerId,
                                    const QString &environment,
                                    std::function<void(ConnectOutcome)> done)
{
    if (!session.isValid() || !session.can(Permission::ManageProviders))
        return finishLater(
            failure(u"security.forbidden"_s, tr("Only the owner may test the merchant accounts.")),
            std::move(done));
    const ProviderDescriptor *d = m_registry.find(providerId);
    if (!d)
        return finishLater(failure(u"provider.unknown"_s,
                                   tr("No provider %1 is known to this build.").arg(providerId)),
                           std::move(done));
    auto stored = m_accounts.load(providerId, environment);
    if (!stored.ok())
        return finishLater(fromError(stored.error()), std::move(done));
    if (!stored.value())
        return finishLater(
            failure(
                u"provider.no_account"_s,
                tr("This till has no %1 account in \"%2\".").arg(d->displayName(), environment)),
            std::move(done));
    prove(*stored.value(), d->credentials, std::move(done));
}

void ProviderConnector::prove(const ProviderAccount &account, const CredentialSpec &spec,
                              std::function<void(ConnectOutcome)> done)
{
    ConnectOutcome base;
    base.provider = account.provider;
    base.environment = account.environment;
    base.appId = account.appId;
    base.probeNumber = CredentialCheck::probeNumber();
    const QString name = m_registry.displayName(account.provider);

    auto adapter = m_registry.create(account, m_env);
    if (!adapter.ok()) {
        ConnectOutcome o = base;
        o.code = u"credentials.invalid"_s;
        o.problem = {QString(), adapter.error().message};
        return finishLater(o, std::move(done));
    }
    PaymentProvider *provider = std::move(adapter).value().release();
    provider->setParent(this);
    qCInfo(lcProviders) << "proving the" << account.provider << "account" << account.appId
                        << "with a query for" << base.probeNumber;
    QPointer<ProviderConnector> self(this);
    provider->query(base.probeNumber, [self, provider, base, spec, name,
                                       done = std::move(done)](const TradeReply &reply) {
        provider->deleteLater(); // not inside its own callback
        if (!self)
            return;
        ConnectOutcome o = base;
        if (CredentialCheck::proves(reply.status)) {
            o.code = u"ok"_s;
        } else {
            o.problem = CredentialCheck::diagnose(spec, name, reply.status);
            o.code = reply.status.failed() ? u"credentials.refused"_s : u"provider.unreachable"_s;
            // An answer whose signature failed came back, so the provider is reachable: the
            // key the user typed is what is wrong.
            if (reply.status.reason == FailureReason::InvalidSignature)
                o.code = u"credentials.refused"_s;
            qCWarning(lcProviders)
                << "the proof of" << base.provider << base.appId << "failed:" << reply.status.code
                << reply.status.subCode << reply.status.message;
        }
        done(o);
    });
}

Status ProviderConnector::saveAndAudit(const ProviderAccount &account, const QString &operatorName)
{
    // The account and its audit entry commit together, or neither does.
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    auto before = m_accounts.load(account.provider, account.environment);
    PAYDESK_TRY(m_accounts.save(account));
    const QJsonObject details{
        {u"provider"_s, account.provider},
        {u"environment"_s, account.environment},
        {u"app_id"_s, account.appId},
        {u"gateway"_s, account.gateway.toString()},
        {u"public_key_digest"_s,
         QString::fromLatin1(crypto::sha256(account.providerPublicKeyPem).toHex().left(16))},
        {u"replaced"_s, before.ok() && before.value().has_value()}};
    auto appended = m_audit.append(u"provider.account_connected"_s, operatorName, details);
    if (!appended.ok())
        return appended.error();
    return tx.commit();
}

Result<QList<ProviderAccountStore::Summary>> ProviderConnector::list(const Session &session) const
{
    if (!session.isValid() || !session.can(Permission::ManageProviders))
        return Error{u"security.forbidden"_s, tr("Only the owner may see the merchant accounts.")};
    return m_accounts.list();
}

Result<bool> ProviderConnector::remove(const Session &session, const QString &providerId,
                                       const QString &environment)
{
    if (auto allowed = session.authorize(Permission::ManageProviders); !allowed.ok())
        return allowed.error();
    auto removed = m_accounts.remove(providerId, environment);
    if (!removed.ok() || !removed.value())
        return removed;
    auto appended = m_audit.append(u"provider.account_removed"_s, session.operatorName(),
                                   {{u"provider"_s, providerId}, {u"environment"_s, environment}});
    if (!appended.ok())
        return appended.error();
    return true;
}

} // namespace paydesk
