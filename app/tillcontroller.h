#pragma once

#include "core/security/session.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace paydesk {

class ActivityFilter;
class AppContext;
class CheckoutView;
class CustomerDisplay;
class DailyBackup;
class IdleLock;
class MainWindow;
class DashboardView;
class OrdersView;
class SettingsView;
class ShiftController;
class Translations;
struct OrderSnapshot;

/// The GUI's life cycle: first-run owner or login, providers and Recovery before the
/// till takes a payment, the main window with its views, the customer display, the idle
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
    void buildWindow();
    void rebuildSettingsView();
    void startProviders();
    void runRecovery();
    void lock();
    void applySettings();
    void onOrderFinished(const OrderSnapshot &snapshot);
    void printReceipt(const QString &outTradeNo);
    void updateStatusTexts();

    AppContext &m_ctx;
    Translations &m_translations;
    Session m_session;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<CustomerDisplay> m_customerDisplay;
    QPointer<CheckoutView> m_checkoutView;
    QPointer<OrdersView> m_ordersView;
    QPointer<DashboardView> m_dashboardView;
    QPointer<SettingsView> m_settingsView;
    std::unique_ptr<IdleLock> m_idleLock;
    std::unique_ptr<ActivityFilter> m_activity;
    std::unique_ptr<ShiftController> m_shifts;
    std::unique_ptr<DailyBackup> m_dailyBackup;
    bool m_locked = false;
    bool m_providersReady = false;
};

} // namespace paydesk
