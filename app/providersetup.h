#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QString>
#include <QUrl>

#include <memory>

class QLockFile;
class QNetworkAccessManager;

namespace paydesk {

class AlipayProvider;
class Clock;
class Database;
class SecretVault;
namespace sandbox {
class SandboxServer;
}

/// The provider side of the object graph: which Alipay gateway this till talks to, and
/// with which keys. Without a production account it is the sandbox: the embedded one
/// (started in-process on a free loopback port, state kept in <data-dir>/sandbox) or a
/// standalone one given by --sandbox-url. Either way the merchant account is provisioned
/// on first use: an RSA-2048 key is generated locally, its public half registered
/// through the sandbox control API, the private half stored only in the SecretVault.
class ProviderSetup
{
    Q_DECLARE_TR_FUNCTIONS(ProviderSetup)
public:
    ~ProviderSetup();

    static Result<std::unique_ptr<ProviderSetup>>
    prepare(Database &db, SecretVault &vault, Clock &clock, QNetworkAccessManager &network,
            const QString &dataDir, const QUrl &sandboxUrl, const QUrl &sandboxNotifyUrl = {});

    AlipayProvider &alipay() { return *m_alipay; }
    QString environment() const
    {
        return m_environment;
    } ///< "sandbox-embedded", "sandbox:<url>", "production"
    bool isSandbox() const { return m_environment != u"production"; }
    QUrl sandboxBase() const { return m_sandboxBase; } ///< empty for production

private:
    ProviderSetup() = default;

    std::unique_ptr<QLockFile> m_lock; ///< held while this process runs the embedded sandbox
    std::unique_ptr<sandbox::SandboxServer> m_embedded;
    std::unique_ptr<AlipayProvider> m_alipay;
    QString m_environment;
    QUrl m_sandboxBase;
};

} // namespace paydesk
