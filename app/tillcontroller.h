#pragma once

#include "core/security/session.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

namespace paydesk {

class ActivityFilter;
class AppContext;
class CasesView;
class CheckoutView;
class CustomerDisplay;
class DailyBackup;
class HqController;
class IdleLock;
class MainWindow;
class DashboardView;
class OrdersView;
class ProviderCatalog;
class ProviderConnector;
class SettingsView;
class ShiftController;
class SyncScheduler;
class Translations;
struct OrderSnapshot;
struct RefundRecord;

/// The GUI's life cycle: the first-run wizard (or its resumption) or login, providers and Recovery
/// before the till takes a payment, the main window with its views, the customer display, the idle
/// lock and the lock screen, anomaly events from checkout.
class TillController : public QObject
{
    Q_OBJECT
public:
    TillController(AppContext &ctx, Translations &translations, QObject *parent = nullptr);
    ~TillController() override;

    /// Logs an operator in and shows the till. False when nobody logged in (quit).
    bool start();

private:
    bool login();
    /// The first-run wizard; \a resumed is the owner's session when it resumes after a login.
    bool runOnboarding(const Session &resumed);
    ProviderConnector &connector();
    const ProviderCatalog *catalog();
    void buildWindow();
    void rebuildSettingsView();
    void startProviders();
    void runRecovery();
    void lock();
    void applySettings();
    void onOrderFinished(const OrderSnapshot &snapshot);
    void printReceipt(const QString &outTradeNo);
    /// A refund succeeded: the receipt printer prints it, the customer display says what next,
    /// the till announces it.
    void onRefundChanged(const RefundRecord &refund);
    void updateStatusTexts();
    void showSyncPanel();

    AppContext &m_ctx;
    Translations &m_translations;
    Session m_session;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<CustomerDisplay> m_customerDisplay;
    QPointer<CheckoutView> m_checkoutView;
    QPointer<OrdersView> m_ordersView;
    QPointer<DashboardView> m_dashboardView;
    QPointer<CasesView> m_casesView;
    QPointer<SettingsView> m_settingsView;
    std::unique_ptr<IdleLock> m_idleLock;
    std::unique_ptr<ActivityFilter> m_activity;
    std::unique_ptr<ShiftController> m_shifts;
    HqController *m_hq = nullptr; ///< owned by the window
    std::unique_ptr<ProviderConnector> m_connector;
    std::unique_ptr<ProviderCatalog> m_catalog;
    std::unique_ptr<DailyBackup> m_dailyBackup;
    std::unique_ptr<SyncScheduler> m_syncScheduler;
    bool m_locked = false;
    bool m_providersReady = false;
};

} // namespace paydesk
