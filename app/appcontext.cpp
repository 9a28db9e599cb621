#include "app/appcontext.h"

#include "app/notificationreceiver.h"
#include "app/providersetup.h"

#include "core/analytics/salesanalytics.h"
#include "core/backup/backupfolder.h"
#include "core/backup/backupservice.h"
#include "core/books/settlementtracker.h"
#include "core/books/statementimporter.h"
#include "core/books/syncservice.h"
#include "core/cases/casedesk.h"
#include "core/checkout/checkoutservice.h"
#include "core/crypto/secretvault.h"
#include "core/ledger/ledger.h"
#include "core/orders/orderqueries.h"
#include "core/providers/providerregistry.h"
#include "core/refunds/refundservice.h"
#include "core/security/anomalymonitor.h"
#include "core/security/auditlog.h"
#include "core/security/auditrecorder.h"
#include "core/security/operatorservice.h"
#include "core/security/payerhasher.h"
#include "core/security/privacyservice.h"
#include "core/security/replayguard.h"
#include "core/settings/storesettings.h"
#include "core/shifts/shiftservice.h"
#include "core/storage/database.h"
#include "core/storage/privatefiles.h"
#include "core/storage/settingsstore.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QDir>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QStandardPaths>
#include <QTimeZone>

namespace paydesk {

AppContext::~AppContext()
{
    // Services before the providers they call, providers before the network and database.
    m_statementSync.reset(); // before the providers whose downloads it may be waiting for
    m_notifications.reset();
    m_caseDesk.reset();
    m_auditRecorder.reset();
    m_refunds.reset();
    m_checkout.reset();
    m_providers.reset();
}

QString AppContext::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString AppContext::dataDirFor(const AppOptions &options)
{
    return QDir(options.dataDir.isEmpty() ? defaultDataDir() : options.dataDir).absolutePath();
}

QString AppContext::databasePathIn(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("db/paydesk.sqlite"));
}

QString AppContext::keyFilePathIn(const QString &dataDir)
{
    // Outside the database folder: a copied database alone does not reveal secrets.
    return QDir(dataDir).filePath(QStringLiteral("keys/data.key"));
}

QString AppContext::databasePath() const
{
    return databasePathIn(m_dataDir);
}

QString AppContext::keyFilePath() const
{
    return keyFilePathIn(m_dataDir);
}

QString AppContext::storeName() const
{
    return m_storeSettings->storeName();
}

Result<std::unique_ptr<AppContext>> AppContext::create(const AppOptions &options)
{
    std::unique_ptr<AppContext> ctx(new AppContext);
    ctx->m_options = options;
    ctx->m_dataDir = dataDirFor(options);
    // Orders, payer hashes and password hashes: no other local account may read them, whatever
    // umask the till was started with (the sandbox state and exports are created later).
    PrivateFiles::restrictUmask();
    // A refusal says why: a read-only or full disk (storage.readonly / storage.full), with
    // what to do, or the disk's own error.
    if (auto made = PrivateFiles::ensureDir(ctx->m_dataDir); !made.ok())
        return made.error();
    const QStringList repairedModes = PrivateFiles::repairTree(ctx->m_dataDir);
    ctx->m_clock = std::make_unique<SystemClock>();
    auto db = Database::open(ctx->databasePath());
    if (!db.ok()) // a damaged file: say which backup to go back to
        return BackupFolder::looksDamaged(db.error())
                   ? BackupFolder(ctx->m_dataDir).adviceForDamagedDatabase(db.error())
                   : db.error();
    ctx->m_db = std::move(db).value();
    auto vault = SecretVault::open(ctx->keyFilePath());
    if (!vault.ok())
        return vault.error();
    ctx->m_vault = std::move(vault).value();
    ctx->m_ledger = std::make_unique<Ledger>(*ctx->m_db, *ctx->m_clock);
    ctx->m_settings = std::make_unique<SettingsStore>(*ctx->m_db);
    ctx->m_audit = std::make_unique<AuditLog>(*ctx->m_db, *ctx->m_clock, *ctx->m_vault);
    // Headless commands and start-up work are done by whoever runs this process; a logged-in
    // cashier is named by the services that know the session.
    ctx->m_audit->setDefaultActor(AuditLog::osUserActor());
    logIfFailed(ctx->m_audit->upgradeChain(), lcSecurity(), "keying the audit log");
    if (!repairedModes.isEmpty())
        logIfFailed(ctx->m_audit->append(
                        QStringLiteral("security.file_modes_repaired"), QString(),
                        {{QStringLiteral("paths"), QJsonArray::fromStringList(repairedModes)}}),
                    lcSecurity(), "audit of repaired file modes");
    ctx->m_storeSettings = std::make_unique<StoreSettings>(*ctx->m_db, *ctx->m_audit);
    PAYDESK_TRY(ctx->m_storeSettings->ensureTillIdentity());
    ctx->m_operators =
        std::make_unique<OperatorService>(*ctx->m_db, *ctx->m_clock, *ctx->m_vault, *ctx->m_audit);
    ctx->m_operators->setPasswordMaxAgeDays(ctx->m_storeSettings->values().passwordMaxAgeDays);
    QObject::connect(ctx->m_storeSettings.get(), &StoreSettings::changed, [self = ctx.get()] {
        self->m_operators->setPasswordMaxAgeDays(
            self->m_storeSettings->values().passwordMaxAgeDays);
    });
    ctx->m_anomalies = std::make_unique<AnomalyMonitor>(*ctx->m_db, *ctx->m_settings, *ctx->m_audit,
                                                        *ctx->m_clock);
    ctx->m_privacy = std::make_unique<PrivacyService>(*ctx->m_db, *ctx->m_settings, *ctx->m_audit,
                                                      *ctx->m_clock);
    // The payer hash is the only personal datum of an order; retention clears it, never the money.
    (void)ctx->m_privacy->addSource({QStringLiteral("orders"),
                                     QStringLiteral("created_at"),
                                     {QStringLiteral("payer_hash")},
                                     {QStringLiteral("payer_hash")}});
    ctx->m_orderQueries = std::make_unique<OrderQueries>(*ctx->m_db);
    ctx->m_analytics = std::make_unique<SalesAnalytics>(*ctx->m_db);
    logIfFailed(ctx->m_analytics->useZone(
                    QTimeZone(AnomalyThresholds::load(*ctx->m_settings).timeZone.toUtf8()),
                    ctx->m_clock->nowUtc()),
                lcStorage(), "dashboard time zone");
    ctx->m_network = std::make_unique<QNetworkAccessManager>();
    ctx->m_registry = std::make_unique<ProviderRegistry>();
    registerBuiltinProviders(*ctx->m_registry);

    const CheckoutConfig config = ctx->m_storeSettings->applyTo(CheckoutConfig{});
    ctx->m_payerHasher = std::make_unique<PayerHasher>(*ctx->m_settings, *ctx->m_vault);
    AppContext *self = ctx.get();
    ctx->m_checkout = std::make_unique<CheckoutService>(
        *ctx->m_db, *ctx->m_ledger, *ctx->m_clock,
        [self](const QString &id) -> PaymentProvider * {
            return self->m_providers ? self->m_providers->provider(id) : nullptr;
        },
        config, ctx->m_payerHasher.get());
    ctx->m_checkout->setProviderRegistry(ctx->m_registry.get());
    // Receipts, the wallet's subject and the sale limit follow the owner's edits at once.
    QObject::connect(
        ctx->m_storeSettings.get(), &StoreSettings::changed, ctx->m_checkout.get(), [self] {
            self->m_checkout->setConfig(self->m_storeSettings->applyTo(self->m_checkout->config()));
        });
    ctx->m_refunds = std::make_unique<RefundService>(
        *ctx->m_db, *ctx->m_ledger, *ctx->m_clock, [self](const QString &id) -> PaymentProvider * {
            return self->m_providers ? self->m_providers->provider(id) : nullptr;
        });
    ctx->m_auditRecorder = std::make_unique<AuditRecorder>(*ctx->m_audit, *ctx->m_checkout);
    ctx->m_auditRecorder->recordRefunds(*ctx->m_refunds);
    ctx->m_shifts =
        std::make_unique<ShiftService>(*ctx->m_db, *ctx->m_audit, *ctx->m_ledger, *ctx->m_clock);
    ctx->m_auditRecorder->recordRefunds(*ctx->m_refunds);
    // Refund ratio, velocity and refunds outside opening hours, headless refunds included.
    QObject::connect(ctx->m_refunds.get(), &RefundService::refundChanged, ctx->m_anomalies.get(),
                     [self](const RefundRecord &r) {
                         if (r.status != u"SUCCESS")
                             return;
                         PaymentEvent event;
                         event.kind = PaymentEvent::Kind::Refund;
                         event.amountMinor = r.amount.minor();
                         event.cashier = r.operatorName;
                         event.reference = r.outRequestNo;
                         self->m_anomalies->observe(event);
                     });
    ctx->m_caseDesk = std::make_unique<CaseDesk>(*ctx->m_db, *ctx->m_checkout, *ctx->m_orderQueries,
                                                 *ctx->m_audit, *ctx->m_clock);
    ctx->m_caseDesk->attachRefunds(*ctx->m_refunds, ctx->m_storeSettings.get());
    // A complaint's contact is personal data: retention clears it, never the record.
    (void)ctx->m_privacy->addSource({QStringLiteral("customer_issues"),
                                     QStringLiteral("created_at"),
                                     {QStringLiteral("contact")},
                                     {QStringLiteral("contact")}});
    ctx->m_backups = std::make_unique<BackupService>(*ctx->m_db, *ctx->m_audit, *ctx->m_vault,
                                                     *ctx->m_clock, ctx->m_dataDir);
    ctx->m_statements = std::make_unique<StatementImporter>(*ctx->m_db, *ctx->m_ledger,
                                                            *ctx->m_registry, *ctx->m_clock);
    ctx->m_settlement = std::make_unique<SettlementTracker>(*ctx->m_db, *ctx->m_ledger,
                                                            *ctx->m_registry, *ctx->m_clock);
    ctx->m_statementSync = std::make_unique<SyncService>(
        *ctx->m_statements, *ctx->m_settlement,
        [self] {
            QList<PaymentProvider *> list;
            if (!self->m_providers)
                return list;
            for (PaymentProvider *p : self->m_providers->providers()) {
                const ProviderDescriptor *d = self->m_registry->find(p->id());
                if (d && d->capabilities.statements)
                    list.append(p);
            }
            return list;
        },
        *ctx->m_clock);
    return ctx;
}

Status AppContext::startProviders()
{
    if (m_providers)
        return {};
    m_replayGuard = std::make_unique<ReplayGuard>(*m_clock, m_db.get());
    m_notifications = std::make_unique<NotificationReceiver>(*m_checkout, *m_replayGuard);
    ProviderSetup::NotifyUrlFor notifyUrl;
    if (m_notifications->listen().ok())
        notifyUrl = [this](const QString &id) { return m_notifications->urlFor(id); };
    const auto accountsBefore = AuditRecorder::providerAccounts(*m_db);
    auto setup = ProviderSetup::prepare(*m_registry, *m_db, *m_vault, *m_clock, *m_network,
                                        m_dataDir, m_options.sandboxUrl, notifyUrl);
    if (!setup.ok())
        return setup.error();
    m_providers = std::move(setup).value();
    m_auditRecorder->recordProviderAccounts(*m_db, accountsBefore);
    CheckoutConfig config = m_checkout->config();
    config.defaultProvider = m_providers->defaultProvider();
    m_checkout->setConfig(config);
    if (m_providers->isSandbox()) {
        for (PaymentProvider *provider : m_providers->providers()) {
            const ProviderDescriptor *d = m_registry->find(provider->id());
            m_notifications->addProvider(provider,
                                         d ? d->capabilities.notificationAck : NotificationAck{});
        }
    } else {
        m_notifications.reset();
    }
    return {};
}

} // namespace paydesk
