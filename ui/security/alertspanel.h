#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace paydesk {

class AnomalyMonitor;
class Session;

/// Anomaly alerts, newest first; an owner or manager acknowledges the selected one.
class AlertsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit AlertsPanel(AnomalyMonitor &monitor, QWidget *parent = nullptr);

    void setSession(const Session *session);
    void refresh();
    int rowCount() const;

signals:
    void openCountChanged(int open);

private:
    void acknowledgeSelected();

    AnomalyMonitor &m_monitor;
    const Session *m_session = nullptr;
    QTableWidget *m_table;
    QCheckBox *m_showAll;
    QPushButton *m_ack;
    QLabel *m_status;
};

} // namespace paydesk
