#pragma once

#include <QWidget>

#include <functional>

class QCheckBox;
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
class PrivacyService;
class Session;
class StoreSettings;

/// What the settings view shows about the provider connection (read-only).
struct ProviderInfo
{
    QString environment; ///< "sandbox-embedded", "sandbox:<url>", "production"
    QString appId;
    QString gateway;
    QString providerName; ///< the provider's display name from the registry
};

/// Settings: the store (name, code, this till's identity, idle lock, sale and refund limits,
/// retention, password age, receipt printer), the provider connection, and — by role —
/// operators, the audit log and alerts. The view shows and asks; StoreSettings::apply decides
/// (authorization, validation, storage, audit). It only adds the step-up dialog when asked.
class SettingsView : public QWidget
{
    Q_OBJECT
public:
    SettingsView(StoreSettings &settings, OperatorService &operators, AuditLog &audit,
                 AnomalyMonitor &anomalies, ProviderInfo provider, QWidget *parent = nullptr);

    /// Enables "export a customer's data": \a payerHashOf turns an order number into the
    /// payer hash stored with it (empty when unknown).
    void setPrivacy(PrivacyService *privacy, std::function<QString(const QString &)> payerHashOf);

    void setSession(Session *session);
    void reload();
    /// Adds a tab after the built-in ones; \a title is asked again on a language change.
    void addPage(QWidget *page, std::function<QString()> title);
    /// Offers "Connect an existing account…" on the provider page (owners only); \a open shows
    /// the dialog.
    void setConnectAccount(std::function<void()> open);

signals:
    void settingsSaved();

protected:
    void changeEvent(QEvent *event) override;

private:
    void save();
    void exportCustomer();
    void retranslateUi();
    void retranslatePasswordAges();
    void showMessage(const QString &text, bool error);

    StoreSettings &m_settings;
    ProviderInfo m_provider;
    Session *m_session = nullptr;

    QTabWidget *m_tabs;
    QWidget *m_storePage;
    QFormLayout *m_storeForm;
    QLineEdit *m_storeName;
    QLineEdit *m_storeCode;
    QLabel *m_tillIdentity;
    QSpinBox *m_idleMinutes;
    QLineEdit *m_maxSale;
    QLineEdit *m_refundLimit;
    QLineEdit *m_cashLimit;
    QList<QPair<QWidget *, std::function<QString()>>> m_extraPages;
    QCheckBox *m_cashierRefundApproval;
    QSpinBox *m_retentionMonths;
    QSpinBox *m_backupKeepDays;
    QComboBox *m_passwordAge;
    QLineEdit *m_printer;
    QCheckBox *m_autoRefund;
    QPushButton *m_save;
    QLineEdit *m_exportSubject;
    QPushButton *m_export;
    QLabel *m_exportCaption;
    PrivacyService *m_privacy = nullptr;
    std::function<QString(const QString &)> m_payerHashOf;
    QLabel *m_message;
    QWidget *m_providerPage;
    QFormLayout *m_providerForm;
    QLabel *m_environment;
    QLabel *m_appId;
    QLabel *m_gateway;
    QPushButton *m_connectAccount = nullptr;
    OperatorsPage *m_operatorsPage;
    AuditView *m_auditView;
    AlertsPanel *m_alertsPanel;
};

} // namespace paydesk
