#pragma once

#include "core/analytics/salesfigures.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QTimer;

namespace paydesk {

class AnomalyMonitor;
class ChartCard;
class CheckoutService;
class KpiTile;
class MonitorPanel;
class ProviderRegistry;
class SalesAnalytics;
class Session;

/// The owner's dashboard: today / this week / this month, the charts over the last 7 or 30
/// days, filters by till, cashier and provider, and the live monitoring tab. Every figure
/// comes from SalesAnalytics (core); the view only shows it. A payment finishing at this till
/// refreshes it at once; a timer picks up what other processes and refunds wrote.
class DashboardView : public QWidget
{
    Q_OBJECT
public:
    /// \a checkout may be null (no live updates from this till's checkout).
    DashboardView(SalesAnalytics &analytics, AnomalyMonitor &monitor,
                  const ProviderRegistry &registry, CheckoutService *checkout,
                  QWidget *parent = nullptr);

    void setSession(const Session *session);
    /// Reads the figures now. Returns false (and shows why) when they could not be read.
    bool refresh();
    /// Refreshes shortly, once for a burst of changes.
    void scheduleRefresh();
    /// The moment the figures are computed for; invalid = the wall clock (tests pin it).
    void setNow(std::function<QDateTime()> now);

    const DashboardFigures &figures() const { return m_figures; }
    KpiTile *tile(int period) const; ///< 0 today, 1 week, 2 month
    QList<ChartCard *> charts() const { return m_cards; }

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslate();
    void fillFilters();
    void fillCombo(QComboBox *combo, const QString &all, const QStringList &values,
                   const std::function<QString(const QString &)> &label);
    QString providerName(const QString &id) const;
    void render();
    void updateMonitorTitle();

    SalesAnalytics &m_analytics;
    AnomalyMonitor &m_monitor;
    const ProviderRegistry &m_registry;
    std::function<QDateTime()> m_now;
    DashboardFigures m_figures;
    QLabel *m_heading;
    QComboBox *m_range;
    QComboBox *m_till;
    QComboBox *m_cashier;
    QComboBox *m_provider;
    QPushButton *m_refresh;
    QLabel *m_status;
    QTabWidget *m_tabs;
    QList<KpiTile *> m_tiles;
    QList<ChartCard *> m_cards;
    MonitorPanel *m_monitorPanel;
    QTimer *m_soon;
    QTimer *m_periodic;
    bool m_filling = false;
};

} // namespace paydesk
