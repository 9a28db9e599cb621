#pragma once

#include "core/providers/providerregistry.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <vector>

class QLockFile;
class QNetworkAccessManager;

namespace paydesk {

class Clock;
class Database;
class SecretVault;
namespace sandbox {
class SandboxServer;
}

/// The provider side of the object graph: which gateways this till talks to, and with which
/// keys. Every registered adapter with a production account is built from it; without any,
/// every adapter the sandbox speaks runs against the sandbox: the embedded one
/// (started in-process on a free loopback port, state kept in <data-dir>/sandbox) or a
/// standalone one given by --sandbox-url. Either way the merchant account is provisioned
/// on first use: an RSA-2048 key is generated locally, its public half registered
/// through the sandbox control API, the private half stored only in the SecretVault.
class ProviderSetup
{
    Q_DECLARE_TR_FUNCTIONS(ProviderSetup)
public:
    ~ProviderSetup();

    /// Where the sandbox should post a provider's notifications (this PC's receiver).
    using NotifyUrlFor = std::function<QUrl(const QString &providerId)>;

    static Result<std::unique_ptr<ProviderSetup>>
    prepare(const ProviderRegistry &registry, Database &db, SecretVault &vault, Clock &clock,
            QNetworkAccessManager &network, const QString &dataDir, const QUrl &sandboxUrl,
            NotifyUrlFor sandboxNotifyUrl = {});

    /// The adapter of \a id; nullptr when this till has no account with that provider.
    PaymentProvider *provider(const QString &id) const;
    QList<PaymentProvider *> providers() const;
    /// The first provider built (registration order): where a QR goes when nobody chose one.
    QString defaultProvider() const;
    /// The account \a id's adapter was built from; nullptr when there is none.
    const ProviderAccount *account(const QString &id) const;

    QString environment() const
    {
        return m_environment;
    } ///< "sandbox-embedded", "sandbox:<url>", "production"
    bool isSandbox() const { return m_environment != u"production"; }
    QUrl sandboxBase() const { return m_sandboxBase; } ///< empty for production

private:
    ProviderSetup() = default;
    Status add(const ProviderRegistry &registry, const ProviderAccount &account,
               const ProviderEnvironment &env);

    struct Entry
    {
        ProviderAccount account;
        std::unique_ptr<PaymentProvider> adapter;
    };

    std::unique_ptr<QLockFile> m_lock; ///< held while this process runs the embedded sandbox
    std::unique_ptr<sandbox::SandboxServer> m_embedded;
    std::vector<Entry> m_providers;
    QString m_environment;
    QUrl m_sandboxBase;
};

} // namespace paydesk
