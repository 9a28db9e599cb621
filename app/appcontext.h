#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QString>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

namespace paydesk {

class AnomalyMonitor;
class AuditLog;
class AuditRecorder;
class CaseDesk;
class BackupService;
class CheckoutService;
class Clock;
class Database;
class Ledger;
class NotificationReceiver;
class OperatorService;
class OrderQueries;
class PrivacyService;
class SalesAnalytics;
class ProviderRegistry;
class ProviderSetup;
class PayerHasher;
class RefundService;
class ReplayGuard;
class SecretVault;
class SettingsStore;
class SettlementTracker;
class ShiftService;
class StatementImporter;
class SyncService;
class StoreSettings;

struct AppOptions
{
    QString dataDir;  ///< empty = the platform's app data folder
    QUrl sandboxUrl;  ///< a standalone sandbox; empty = embedded
    QString language; ///< empty = Translations::systemDefault()
};

/// The composition root's object graph: one per process, built from options, torn down
/// in reverse order. GUI and headless commands use the same graph. Providers start
/// only when asked (startProviders), so `orders` or `audit verify` never touch the network.
class AppContext
{
    Q_DECLARE_TR_FUNCTIONS(AppContext)
public:
    static Result<std::unique_ptr<AppContext>> create(const AppOptions &options);
    ~AppContext();

    static QString defaultDataDir();
    /// The absolute data folder \a options name (or the default one).
    static QString dataDirFor(const AppOptions &options);
    static QString databasePathIn(const QString &dataDir);
    static QString keyFilePathIn(const QString &dataDir);
    QString dataDir() const { return m_dataDir; }
    /// The standalone sandbox of --sandbox-url; empty for the embedded one.
    QUrl sandboxUrl() const { return m_options.sandboxUrl; }
    QString databasePath() const;
    QString keyFilePath() const;

    /// Starts the embedded sandbox (or connects the configured provider) and provisions
    /// the merchant account on first use. Idempotent.
    Status startProviders();
    ProviderSetup *providers() { return m_providers.get(); }
    /// Every provider this build knows: names, capabilities, adapters.
    const ProviderRegistry &providerRegistry() const { return *m_registry; }
    /// The loopback receiver of sandbox notifications; null for a production account.
    NotificationReceiver *notifications() { return m_notifications.get(); }

    Clock &clock() { return *m_clock; }
    Database &database() { return *m_db; }
    Ledger &ledger() { return *m_ledger; }
    SettingsStore &settings() { return *m_settings; }
    /// The owner's settings (store name, limits, idle lock...) and this till's identity.
    StoreSettings &storeSettings() { return *m_storeSettings; }
    SecretVault &vault() { return *m_vault; }
    AuditLog &audit() { return *m_audit; }
    OperatorService &operators() { return *m_operators; }
    AnomalyMonitor &anomalies() { return *m_anomalies; }
    PrivacyService &privacy() { return *m_privacy; }
    /// Backups of the database into <data-dir>/backups, and restores.
    BackupService &backups() { return *m_backups; }
    CheckoutService &checkout() { return *m_checkout; }
    /// The cashiers' shifts and drawer counts of this till.
    ShiftService &shifts() { return *m_shifts; }
    /// Refunds through the same providers as checkout (docs/REFUNDS.md).
    RefundService &refunds() { return *m_refunds; }
    /// Orders as views and commands read them (no checkout needed).
    const OrderQueries &orderQueries() const { return *m_orderQueries; }
    /// The dashboard's figures (aggregates kept by triggers, in the store time zone).
    SalesAnalytics &analytics() { return *m_analytics; }
    QNetworkAccessManager &network() { return *m_network; }
    /// Duplicate-charge cases, the customer issue log and the payment look-up.
    CaseDesk &caseDesk() { return *m_caseDesk; }
    /// The providers' statements as stored (docs/BOOKS.md).
    StatementImporter &statements() { return *m_statements; }
    /// Downloads and imports the statements of the providers started (startProviders).
    SyncService &statementSync() { return *m_statementSync; }
    /// The payouts to the bank and each day's settlement (docs/BOOKS.md).
    SettlementTracker &settlement() { return *m_settlement; }

    QString storeName() const;

private:
    AppContext() = default;

    AppOptions m_options;
    QString m_dataDir;
    std::unique_ptr<Clock> m_clock;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<SettingsStore> m_settings;
    std::unique_ptr<SecretVault> m_vault;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<StoreSettings> m_storeSettings;
    std::unique_ptr<OperatorService> m_operators;
    std::unique_ptr<AnomalyMonitor> m_anomalies;
    std::unique_ptr<PrivacyService> m_privacy;
    std::unique_ptr<OrderQueries> m_orderQueries;
    std::unique_ptr<SalesAnalytics> m_analytics;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<PayerHasher> m_payerHasher;
    std::unique_ptr<ProviderRegistry> m_registry;
    std::unique_ptr<ReplayGuard> m_replayGuard;
    std::unique_ptr<NotificationReceiver> m_notifications;
    std::unique_ptr<ProviderSetup> m_providers;
    std::unique_ptr<CheckoutService> m_checkout;
    std::unique_ptr<RefundService> m_refunds;
    std::unique_ptr<AuditRecorder> m_auditRecorder;
    std::unique_ptr<ShiftService> m_shifts;
    std::unique_ptr<CaseDesk> m_caseDesk;
    std::unique_ptr<BackupService> m_backups;
    std::unique_ptr<StatementImporter> m_statements;
    std::unique_ptr<SettlementTracker> m_settlement;
    std::unique_ptr<SyncService> m_statementSync;
};

} // namespace paydesk
