#include "app/providersetup.h"

#include "core/crypto/secretvault.h"
#include "core/providers/provideraccountstore.h"
#include "core/providers/providerregistry.h"
#include "core/providers/sandboxprovisioner.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/util/clock.h"
#include "core/util/log.h"
#include "sandbox/sandboxserver.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QSaveFile>

namespace paydesk {

namespace {

// Registers a freshly generated app key with the sandbox at \a base and stores the account.
Result<ProviderAccount> provision(ProviderAccountStore &accounts, QNetworkAccessManager &network,
                                  const QUrl &base, const ProviderDescriptor &provider,
                                  const QString &environment)
{
    const QString providerId = provider.id;
    auto key = crypto::RsaKey::generate(2048);
    if (!key.ok())
        return key.error();
    std::optional<Result<ProviderAccount>> answer;
    QEventLoop loop;
    QObject guard;
    provisionSandboxAccount(
        &network, base, providerId, key.value(), &guard,
        [&](Result<ProviderAccount> r) {
            answer = std::move(r);
            loop.quit();
        },
        10000, provider.sandboxAccount);
    if (!answer)
        loop.exec();
    if (!answer->ok())
        return answer->error();
    ProviderAccount account = answer->value();
    account.environment = environment;
    PAYDESK_TRY(accounts.save(account));
    qCInfo(lcApp) << "provisioned sandbox merchant account" << providerId << account.appId << "at"
                  << base.toString();
    return account;
}

// The embedded sandbox listens on a new port each start: keep the account, follow the port.
QUrl followPort(QUrl gateway, const QUrl &base)
{
    gateway.setScheme(base.scheme());
    gateway.setHost(base.host());
    gateway.setPort(base.port());
    return gateway;
}

} // namespace

ProviderSetup::~ProviderSetup() = default;

Result<std::unique_ptr<ProviderSetup>>
ProviderSetup::prepare(const ProviderRegistry &registry, Database &db, SecretVault &vault,
                       Clock &clock, QNetworkAccessManager &network, const QString &dataDir,
                       const QUrl &sandboxUrl, NotifyUrlFor sandboxNotifyUrl)
{
    std::unique_ptr<ProviderSetup> setup(new ProviderSetup);
    ProviderAccountStore accounts(db, vault, clock);
    const ProviderEnvironment env{&network, &clock};

    if (sandboxUrl.isEmpty()) {
        const QString production = QStringLiteral("production");
        for (const QString &id : registry.ids()) {
            if (!registry.find(id)->hasAdapter())
                continue;
            auto stored = accounts.load(id, production);
            if (!stored.ok())
                return stored.error();
            if (!stored.value())
                continue;
            ProviderAccount account = *stored.value();
            // Optional public-key pins, comma separated; TLS verification stays on regardless.
            const QString pins =
                SettingsStore(db).value(QStringLiteral("provider.%1.key_pins").arg(id), QString());
            account.keyPins = pins.split(QLatin1Char(','), Qt::SkipEmptyParts);
            PAYDESK_TRY(setup->add(registry, account, env));
        }
        if (!setup->m_providers.empty()) {
            setup->m_environment = production;
            return setup;
        }
    }

    QUrl base = sandboxUrl;
    bool attached = false; // using the embedded sandbox another Paydesk process runs
    if (base.isEmpty()) {
        // One embedded sandbox per data folder: the first process runs it and says where;
        // a second one (the GUI is open and a POS calls `paydesk charge`) talks to that one
        // instead of starting a rival instance on the same state file.
        const QString stateDir = QDir(dataDir).filePath(QStringLiteral("sandbox"));
        QDir().mkpath(stateDir);
        setup->m_lock =
            std::make_unique<QLockFile>(QDir(stateDir).filePath(QStringLiteral("sandbox.lock")));
        setup->m_lock->setStaleLockTime(0); // a lock is stale only when its process is gone
        const QString urlFile = QDir(stateDir).filePath(QStringLiteral("sandbox.url"));
        if (setup->m_lock->tryLock(0)) {
            sandbox::SandboxOptions options;
            options.stateDir = stateDir;
            options.seed = quint64(clock.nowUtc().toMSecsSinceEpoch());
            setup->m_embedded = std::make_unique<sandbox::SandboxServer>(options);
            auto port = setup->m_embedded->start();
            if (!port.ok())
                return port.error();
            base = setup->m_embedded->baseUrl();
            QSaveFile out(urlFile);
            if (out.open(QIODevice::WriteOnly)) {
                out.write(base.toString().toUtf8());
                out.commit();
            }
        } else {
            setup->m_lock.reset();
            QFile in(urlFile);
            if (!in.open(QIODevice::ReadOnly))
                return Error{
                    QStringLiteral("app.sandbox_busy"),
                    tr("Another Paydesk is starting the built-in sandbox; try again in a moment.")};
            base = QUrl(QString::fromUtf8(in.readAll()).trimmed());
            attached = true;
            qCInfo(lcApp) << "using the embedded sandbox of another Paydesk process at"
                          << base.toString();
        }
        setup->m_environment = QStringLiteral("sandbox-embedded");
    } else {
        if (base.scheme() != u"http" && base.scheme() != u"https")
            return Error{
                QStringLiteral("app.sandbox_url"),
                tr("The sandbox address %1 is not an http(s) URL.").arg(sandboxUrl.toString())};
        setup->m_environment = QStringLiteral("sandbox:") + base.toString(QUrl::StripTrailingSlash);
    }
    setup->m_sandboxBase = base;

    for (const QString &id : registry.ids()) {
        const ProviderDescriptor *descriptor = registry.find(id);
        if (!descriptor->hasAdapter() || !descriptor->capabilities.sandbox)
            continue;
        auto stored = accounts.load(id, setup->m_environment);
        if (!stored.ok())
            return stored.error();
        std::optional<ProviderAccount> account = stored.value();
        if (account && setup->m_embedded &&
            setup->m_embedded->providerPublicKeyPem() != account->providerPublicKeyPem)
            account.reset(); // the sandbox's state was wiped: it forgot us
        if (account && (setup->m_embedded || attached))
            account->gateway = followPort(account->gateway, base);
        if (!account) {
            auto provisioned =
                provision(accounts, network, base, *descriptor, setup->m_environment);
            if (!provisioned.ok() && provisioned.error().code == u"sandbox.unsupported") {
                // An older standalone sandbox that knows the wallet but not its protocol: the
                // till runs with the providers it does speak.
                qCInfo(lcApp) << "the sandbox at" << base.toString() << "does not speak" << id;
                continue;
            }
            if (!provisioned.ok())
                return Error{QStringLiteral("app.provision"),
                             tr("Cannot set up the sandbox merchant account at %1: %2")
                                 .arg(base.toString(), provisioned.error().message)};
            account = provisioned.value();
        }
        // Only a sandbox can reach this PC's loopback receiver with its notifications.
        if (sandboxNotifyUrl)
            account->notifyUrl = sandboxNotifyUrl(id).toString();
        PAYDESK_TRY(setup->add(registry, *account, env));
    }
    return setup;
}

Status ProviderSetup::add(const ProviderRegistry &registry, const ProviderAccount &account,
                          const ProviderEnvironment &env)
{
    auto provider = registry.create(account, env);
    if (!provider.ok())
        return provider.error();
    m_providers.push_back({account, std::move(provider).value()});
    return {};
}

PaymentProvider *ProviderSetup::provider(const QString &id) const
{
    for (const Entry &e : m_providers)
        if (e.account.provider == id)
            return e.adapter.get();
    return nullptr;
}

QList<PaymentProvider *> ProviderSetup::providers() const
{
    QList<PaymentProvider *> out;
    for (const Entry &e : m_providers)
        out << e.adapter.get();
    return out;
}

QString ProviderSetup::defaultProvider() const
{
    return m_providers.empty() ? QString() : m_providers.front().account.provider;
}

const ProviderAccount *ProviderSetup::account(const QString &id) const
{
    for (const Entry &e : m_providers)
        if (e.account.provider == id)
            return &e.account;
    return nullptr;
}

} // namespace paydesk
