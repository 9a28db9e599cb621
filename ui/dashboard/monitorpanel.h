#pragma once

#include "core/analytics/salesfigures.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace paydesk {

class AlertsPanel;
class AnomalyMonitor;
class Session;

/// Live monitoring: the anomaly monitor's alerts (acknowledged here by an owner or manager)
/// and why payments failed, with the advice the till gave for each reason.
class MonitorPanel : public QWidget
{
    Q_OBJECT
public:
    explicit MonitorPanel(AnomalyMonitor &monitor, QWidget *parent = nullptr);

    void setSession(const Session *session);
    void setFailures(const QList<FailureCount> &failures, int rangeDays);
    AlertsPanel *alerts() const { return m_alerts; }
    int failureRows() const;

    void retranslate();

signals:
    void openAlertsChanged(int open);

private:
    AlertsPanel *m_alerts;
    QLabel *m_alertsTitle;
    QLabel *m_failuresTitle;
    QTableWidget *m_failures;
    QList<FailureCount> m_shown;
    int m_rangeDays = 7;
};

} // namespace paydesk
