#include "app/providersetup.h"

#include "core/crypto/secretvault.h"
#include "core/providers/alipay/alipayprovider.h"
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

const QByteArray kPrivateKeyContext = QByteArrayLiteral("provider_accounts.alipay.app_private_key");

struct StoredAccount
{
    QString appId;
    QUrl gateway;
    QByteArray providerPublicKey;
    QByteArray privateKeyBlob;
};

Result<std::optional<StoredAccount>> loadAccount(Database &db, const QString &environment)
{
    auto q = db.exec(
        QStringLiteral("SELECT app_id, gateway, provider_public_key, app_private_key"
                       " FROM provider_accounts WHERE provider = 'alipay' AND environment = ?"),
        {environment});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return std::optional<StoredAccount>();
    return std::optional<StoredAccount>(StoredAccount{
        q.value().value(0).toString(), QUrl(q.value().value(1).toString()),
        q.value().value(2).toString().toUtf8(), q.value().value(3).toString().toUtf8()});
}

Result<AlipayConfig> configFrom(const StoredAccount &account, const SecretVault &vault)
{
    auto pem = vault.decrypt(account.privateKeyBlob, kPrivateKeyContext);
    if (!pem.ok())
        return pem.error();
    auto privateKey = crypto::RsaKey::fromPem(pem.value());
    if (!privateKey.ok())
        return privateKey.error();
    auto publicKey = crypto::RsaKey::fromPem(account.providerPublicKey);
    if (!publicKey.ok())
        return publicKey.error();
    AlipayConfig config;
    config.appId = account.appId;
    config.gateway = account.gateway;
    config.appPrivateKey = privateKey.value();
    config.alipayPublicKey = publicKey.value();
    return config;
}

// Registers a freshly generated app key with the sandbox at \a base and stores the account.
Result<AlipayConfig> provision(Database &db, const SecretVault &vault, const Clock &clock,
                               QNetworkAccessManager &network, const QUrl &base,
                               const QString &environment)
{
    auto key = crypto::RsaKey::generate(2048);
    if (!key.ok())
        return key.error();
    std::optional<Result<AlipayConfig>> answer;
    QEventLoop loop;
    QObject guard;
    provisionAlipaySandbox(&network, base, key.value(), &guard, [&](Result<AlipayConfig> r) {
        answer = std::move(r);
        loop.quit();
    });
    if (!answer)
        loop.exec();
    if (!answer->ok())
        return answer->error();
    const AlipayConfig config = answer->value();
    auto blob = vault.encrypt(key.value().privateKeyPem(), kPrivateKeyContext);
    if (!blob.ok())
        return blob.error();
    auto stored = db.exec(
        QStringLiteral("INSERT OR REPLACE INTO provider_accounts(provider, environment, app_id,"
                       " gateway, provider_public_key, app_private_key, created_at)"
                       " VALUES('alipay', ?, ?, ?, ?, ?, ?)"),
        {environment, config.appId, config.gateway.toString(),
         QString::fromUtf8(config.alipayPublicKey.publicKeyPem()), QString::fromUtf8(blob.value()),
         clock.nowUtc().toString(Qt::ISODateWithMs)});
    if (!stored.ok())
        return stored.error();
    qCInfo(lcApp) << "provisioned sandbox merchant account" << config.appId << "at"
                  << base.toString();
    return config;
}

} // namespace

ProviderSetup::~ProviderSetup() = default;

Result<std::unique_ptr<ProviderSetup>>
ProviderSetup::prepare(Database &db, SecretVault &vault, Clock &clock,
                       QNetworkAccessManager &network, const QString &dataDir,
                       const QUrl &sandboxUrl, const QUrl &sandboxNotifyUrl)
{
    std::unique_ptr<ProviderSetup> setup(new ProviderSetup);

    if (sandboxUrl.isEmpty()) {
        auto production = loadAccount(db, QStringLiteral("production"));
        if (!production.ok())
            return production.error();
        if (production.value()) {
            auto config = configFrom(*production.value(), vault);
            if (!config.ok())
                return config.error();
            // Optional public-key pins, comma separated; TLS verification stays on regardless.
            const QString pins =
                SettingsStore(db).value(QStringLiteral("provider.alipay.key_pins"), QString());
            config.value().keyPins = pins.split(QLatin1Char(','), Qt::SkipEmptyParts);
            setup->m_environment = QStringLiteral("production");
            setup->m_alipay = std::make_unique<AlipayProvider>(config.value(), &network, &clock);
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

    auto stored = loadAccount(db, setup->m_environment);
    if (!stored.ok())
        return stored.error();
    std::optional<AlipayConfig> config;
    if (stored.value()) {
        // The embedded sandbox listens on a new port each start: keep the account, follow the port.
        StoredAccount account = *stored.value();
        const bool sandboxForgotUs =
            setup->m_embedded &&
            setup->m_embedded->providerPublicKeyPem() != account.providerPublicKey;
        if (!sandboxForgotUs) {
            if (setup->m_embedded || attached)
                account.gateway = base.resolved(QUrl(QStringLiteral("/alipay/gateway.do")));
            auto c = configFrom(account, vault);
            if (!c.ok())
                return c.error();
            config = c.value();
        }
    }
    if (!config) {
        auto c = provision(db, vault, clock, network, base, setup->m_environment);
        if (!c.ok())
            return Error{QStringLiteral("app.provision"),
                         tr("Cannot set up the sandbox merchant account at %1: %2")
                             .arg(base.toString(), c.error().message)};
        config = c.value();
    }
    // Only a sandbox can reach this PC's loopback receiver with its notifications.
    config->notifyUrl = sandboxNotifyUrl.toString();
    setup->m_alipay = std::make_unique<AlipayProvider>(*config, &network, &clock);
    return setup;
}

} // namespace paydesk
