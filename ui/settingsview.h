#pragma once

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace paydesk {

class AlertsPanel;
class AnomalyMonitor;
class AuditLog;
class AuditView;
class OperatorService;
class OperatorsPage;
class Session;
class SettingsStore;

/// What the settings view shows about the provider connection (read-only).
struct ProviderInfo
{
    QString environment; ///< "sandbox-embedded", "sandbox:<url>", "production"
    QString appId;
    QString gateway;
};

/// Settings: the store (name, codes, till, idle lock, refund limit, retention, receipt
/// printer), the provider connection, and — by role — operators, the audit log and alerts.
/// Saving needs ChangeSettings with a fresh two-factor step-up; every save is audited.
class SettingsView : public QWidget
{
    Q_OBJECT
public:
    SettingsView(SettingsStore &settings, OperatorService &operators, AuditLog &audit,
                 AnomalyMonitor &anomalies, ProviderInfo provider, QWidget *parent = nullptr);

    void setSession(Session *session);
    void reload();

signals:
    void settingsSaved();

protected:
    void changeEvent(QEvent *event) override;

private:
    void save();
    void retranslateUi();
    void showMessage(const QString &text, bool error);

    SettingsStore &m_settings;
    AuditLog &m_audit;
    ProviderInfo m_provider;
    Session *m_session = nullptr;

    QTabWidget *m_tabs;
    QWidget *m_storePage;
    QFormLayout *m_storeForm;
    QLineEdit *m_storeName;
    QLineEdit *m_storeCode;
    QLineEdit *m_till;
    QSpinBox *m_idleMinutes;
    QLineEdit *m_refundLimit;
    QSpinBox *m_retentionMonths;
    QLineEdit *m_printer;
    QPushButton *m_save;
    QLabel *m_message;
    QWidget *m_providerPage;
    QFormLayout *m_providerForm;
    QLabel *m_environment;
    QLabel *m_appId;
    QLabel *m_gateway;
    OperatorsPage *m_operatorsPage;
    AuditView *m_auditView;
    AlertsPanel *m_alertsPanel;
};

} // namespace paydesk
