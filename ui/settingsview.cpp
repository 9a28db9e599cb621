#include "ui/settingsview.h"

#include "ui/stepupdialog.h"

#include "core/money/money.h"
#include "core/orders/orderrepository.h"
#include "core/security/privacyservice.h"
#include "core/security/session.h"
#include "core/settings/storesettings.h"
#include "ui/security/alertspanel.h"
#include "ui/security/auditview.h"
#include "ui/security/operatorspage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSaveFile>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace paydesk {

SettingsView::SettingsView(StoreSettings &settings, OperatorService &operators, AuditLog &audit,
                           AnomalyMonitor &anomalies, ProviderInfo provider, QWidget *parent)
    : QWidget(parent), m_settings(settings), m_provider(std::move(provider))
{
    setObjectName(QStringLiteral("settingsView"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 24, 24, 24);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("settingsTabs"));
    layout->addWidget(m_tabs);

    m_storePage = new QWidget(m_tabs);
    auto *storeLayout = new QVBoxLayout(m_storePage);
    m_storeForm = new QFormLayout;
    m_storeName = new QLineEdit(m_storePage);
    m_storeName->setObjectName(QStringLiteral("storeNameEdit"));
    m_storeCode = new QLineEdit(m_storePage);
    m_storeCode->setObjectName(QStringLiteral("storeCodeEdit"));
    // Typing help only; StoreSettings::validate is the rule.
    m_storeCode->setMaxLength(OrderRepository::MaxStoreCodeLength);
    m_storeCode->setValidator(new QRegularExpressionValidator(
        QRegularExpression(
            QStringLiteral("[A-Za-z0-9]{1,%1}").arg(OrderRepository::MaxStoreCodeLength)),
        m_storeCode));
    m_tillIdentity = new QLabel(m_storePage);
    m_tillIdentity->setObjectName(QStringLiteral("tillIdentityLabel"));
    m_tillIdentity->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_idleMinutes = new QSpinBox(m_storePage);
    m_idleMinutes->setObjectName(QStringLiteral("idleMinutesSpin"));
    m_idleMinutes->setRange(0, StoreSettings::MaxIdleLockMinutes);
    m_maxSale = new QLineEdit(m_storePage);
    m_maxSale->setObjectName(QStringLiteral("maxSaleEdit"));
    m_refundLimit = new QLineEdit(m_storePage);
    m_refundLimit->setObjectName(QStringLiteral("refundLimitEdit"));
    m_cashierRefundApproval = new QCheckBox(m_storePage);
    m_cashierRefundApproval->setObjectName(QStringLiteral("cashierRefundApprovalCheck"));
    m_cashLimit = new QLineEdit(m_storePage);
    m_cashLimit->setObjectName(QStringLiteral("cashDifferenceLimitEdit"));
    m_retentionMonths = new QSpinBox(m_storePage);
    m_retentionMonths->setObjectName(QStringLiteral("retentionSpin"));
    m_retentionMonths->setRange(1, StoreSettings::MaxRetentionMonths);
    m_passwordAge = new QComboBox(m_storePage);
    m_passwordAge->setObjectName(QStringLiteral("passwordAgeCombo"));
    m_backupKeepDays = new QSpinBox(m_storePage);
    m_backupKeepDays->setObjectName(QStringLiteral("backupKeepDaysSpin"));
    m_backupKeepDays->setRange(1, StoreSettings::MaxBackupKeepDays);
    m_printer = new QLineEdit(m_storePage);
    m_printer->setObjectName(QStringLiteral("printerEdit"));
    m_printer->setPlaceholderText(QStringLiteral("tcp://192.168.1.50:9100  serial:/dev/ttyUSB0"));
    m_autoRefund = new QCheckBox(m_storePage);
    m_autoRefund->setObjectName(QStringLiteral("autoRefundDuplicatesCheck"));
    for (QWidget *w : std::initializer_list<QWidget *>{
             m_storeName, m_storeCode, m_tillIdentity, m_idleMinutes, m_maxSale, m_refundLimit,
             m_cashierRefundApproval, m_cashLimit, m_retentionMonths, m_passwordAge, m_printer,
             m_autoRefund, m_backupKeepDays})
        m_storeForm->addRow(QString(), w);
    m_save = new QPushButton(m_storePage);
    m_save->setObjectName(QStringLiteral("saveSettingsButton"));
    m_message = new QLabel(m_storePage);
    m_message->setObjectName(QStringLiteral("settingsMessage"));
    m_message->setWordWrap(true);
    m_exportCaption = new QLabel(m_storePage);
    m_exportCaption->setWordWrap(true);
    auto *exportRow = new QHBoxLayout;
    m_exportSubject = new QLineEdit(m_storePage);
    m_exportSubject->setObjectName(QStringLiteral("exportSubjectEdit"));
    m_export = new QPushButton(m_storePage);
    m_export->setObjectName(QStringLiteral("exportCustomerButton"));
    m_export->setEnabled(false);
    exportRow->addWidget(m_exportSubject, 1);
    exportRow->addWidget(m_export);
    connect(m_export, &QPushButton::clicked, this, &SettingsView::exportCustomer);
    storeLayout->addLayout(m_storeForm);
    storeLayout->addWidget(m_save, 0, Qt::AlignLeft);
    storeLayout->addSpacing(16);
    storeLayout->addWidget(m_exportCaption);
    storeLayout->addLayout(exportRow);
    storeLayout->addWidget(m_message);
    storeLayout->addStretch(1);
    connect(m_save, &QPushButton::clicked, this, &SettingsView::save);

    m_providerPage = new QWidget(m_tabs);
    m_providerForm = new QFormLayout(m_providerPage);
    m_environment = new QLabel(m_providerPage);
    m_environment->setObjectName(QStringLiteral("providerEnvironment"));
    m_appId = new QLabel(m_providerPage);
    m_appId->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_gateway = new QLabel(m_providerPage);
    m_gateway->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_providerForm->addRow(QString(), m_environment);
    m_providerForm->addRow(QString(), m_appId);
    m_providerForm->addRow(QString(), m_gateway);

    m_operatorsPage = new OperatorsPage(operators, m_tabs);
    m_auditView = new AuditView(audit, m_tabs);
    m_alertsPanel = new AlertsPanel(anomalies, m_tabs);

    m_tabs->addTab(m_storePage, QString());
    m_tabs->addTab(m_providerPage, QString());
    m_tabs->addTab(m_operatorsPage, QString());
    m_tabs->addTab(m_auditView, QString());
    m_tabs->addTab(m_alertsPanel, QString());
    retranslateUi();
    reload();
}

void SettingsView::setSession(Session *session)
{
    m_session = session;
    m_operatorsPage->setSession(session);
    m_alertsPanel->setSession(session);
    const bool canSettings = session && session->can(Permission::ChangeSettings);
    const bool canOperators = session && session->can(Permission::ManageOperators);
    const bool canAudit = session && session->can(Permission::ViewAudit);
    m_export->setEnabled(m_privacy && session && session->can(Permission::ExportData));
    for (QWidget *w : m_storePage->findChildren<QWidget *>())
        if (w != m_message && w != m_export && w != m_exportSubject && w != m_exportCaption)
            w->setEnabled(canSettings);
    if (m_connectAccount)
        m_connectAccount->setVisible(session && session->can(Permission::ManageProviders));
    m_tabs->setTabVisible(m_tabs->indexOf(m_operatorsPage), canOperators);
    m_tabs->setTabVisible(m_tabs->indexOf(m_auditView), canAudit);
    m_tabs->setTabVisible(m_tabs->indexOf(m_alertsPanel), canAudit);
    if (!canSettings)
        showMessage(tr("Only a manager or the owner can change settings."), false);
    else
        m_message->clear();
    if (canAudit) {
        m_auditView->refresh();
        m_alertsPanel->refresh();
    }
}

void SettingsView::setConnectAccount(std::function<void()> open)
{
    if (!m_connectAccount) {
        m_connectAccount = new QPushButton(m_providerPage);
        m_connectAccount->setObjectName(QStringLiteral("connectAccountButton"));
        m_providerForm->addRow(QString(), m_connectAccount);
        retranslateUi();
    }
    disconnect(m_connectAccount, &QPushButton::clicked, nullptr, nullptr);
    connect(m_connectAccount, &QPushButton::clicked, this, [open = std::move(open)] { open(); });
    m_connectAccount->setVisible(m_session && m_session->can(Permission::ManageProviders));
}

void SettingsView::setPrivacy(PrivacyService *privacy,
                              std::function<QString(const QString &)> payerHashOf)
{
    m_privacy = privacy;
    m_payerHashOf = std::move(payerHashOf);
    m_export->setEnabled(m_privacy && m_session && m_session->can(Permission::ExportData));
}

void SettingsView::exportCustomer()
{
    if (!m_privacy || !m_session)
        return;
    QString subject = m_exportSubject->text().trimmed();
    if (subject.isEmpty()) {
        showMessage(tr("Enter the customer's order number, payer hash or phone number."), true);
        return;
    }
    if (m_payerHashOf) {
        const QString hash = m_payerHashOf(subject);
        if (!hash.isEmpty())
            subject = hash;
    }
    if (!m_session->hasFreshStepUp() &&
        !StepUpDialog::ensure(*m_session, tr("Exporting personal data needs your second factor."),
                              this))
        return;
    auto data = m_privacy->exportCustomerData(*m_session, subject);
    if (!data.ok()) {
        showMessage(data.error().message, true);
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the customer's data"),
                                                      QStringLiteral("customer-data.json"),
                                                      tr("JSON files (*.json)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(data.value()).toJson()) < 0 ||
        !file.commit()) {
        showMessage(tr("Cannot write %1.").arg(path), true);
        return;
    }
    showMessage(tr("The customer's data was saved to %1.").arg(path), false);
}

void SettingsView::reload()
{
    const StoreSettings::Values v = m_settings.values();
    m_storeName->setText(v.storeName);
    m_storeCode->setText(v.storeCode);
    m_tillIdentity->setText(m_settings.tillIdentity());
    m_idleMinutes->setValue(v.idleLockMinutes);
    m_maxSale->setText(v.maxSaleAmount.format(QLocale(), false));
    m_refundLimit->setText(v.refundLimit.format(QLocale(), false));
    m_cashierRefundApproval->setChecked(v.cashierRefundsNeedApproval);
    m_cashLimit->setText(v.cashDifferenceLimit.format(QLocale(), false));
    m_retentionMonths->setValue(v.retentionMonths);
    m_backupKeepDays->setValue(v.backupKeepDays);
    m_passwordAge->setCurrentIndex(std::max(0, m_passwordAge->findData(v.passwordMaxAgeDays)));
    m_printer->setText(v.receiptPrinter);
    m_autoRefund->setChecked(v.autoRefundDuplicates);
    m_environment->setText(
        m_provider.environment == u"production"
            ? tr("%1 (live account)").arg(m_provider.providerName)
        : m_provider.environment == u"sandbox-embedded"
            ? tr("Sandbox built into Paydesk — no real money moves")
            : tr("Standalone sandbox %1 — no real money moves").arg(m_provider.environment.mid(8)));
    m_appId->setText(m_provider.appId);
    m_gateway->setText(m_provider.gateway);
}

void SettingsView::addPage(QWidget *page, std::function<QString()> title)
{
    m_tabs->addTab(page, title());
    m_extraPages.append({page, std::move(title)});
}

void SettingsView::save()
{
    if (!m_session) {
        showMessage(tr("Log in first."), true);
        return;
    }
    StoreSettings::Values v = m_settings.values();
    auto maxSale = Money::parse(m_maxSale->text(), QLocale());
    if (!maxSale.ok()) {
        showMessage(tr("Maximum sale amount: %1").arg(maxSale.error().message), true);
        return;
    }
    auto limit = Money::parse(m_refundLimit->text(), QLocale());
    if (!limit.ok()) {
        showMessage(tr("Refund limit: %1").arg(limit.error().message), true);
        return;
    }
    auto cashLimit = Money::parse(m_cashLimit->text(), QLocale());
    if (!cashLimit.ok()) {
        showMessage(tr("Drawer difference limit: %1").arg(cashLimit.error().message), true);
        return;
    }
    v.cashDifferenceLimit = cashLimit.value();
    v.storeName = m_storeName->text();
    v.storeCode = m_storeCode->text();
    v.idleLockMinutes = m_idleMinutes->value();
    v.maxSaleAmount = maxSale.value();
    v.refundLimit = limit.value();
    v.cashierRefundsNeedApproval = m_cashierRefundApproval->isChecked();
    v.retentionMonths = m_retentionMonths->value();
    v.backupKeepDays = m_backupKeepDays->value();
    v.passwordMaxAgeDays = m_passwordAge->currentData().toInt();
    v.receiptPrinter = m_printer->text();
    v.autoRefundDuplicates = m_autoRefund->isChecked();
    auto applied = m_settings.apply(v, *m_session);
    if (!applied.ok() && applied.error().code == u"security.step_up_required" &&
        StepUpDialog::ensure(*m_session, tr("Changing settings needs your second factor."), this))
        applied = m_settings.apply(v, *m_session);
    if (!applied.ok()) {
        showMessage(applied.error().message, true);
        return;
    }
    reload(); // shows the values as stored (trimmed, upper-case code)
    showMessage(applied.value().isEmpty() ? tr("Nothing changed.") : tr("Settings saved."), false);
    emit settingsSaved();
}

void SettingsView::showMessage(const QString &text, bool error)
{
    m_message->setStyleSheet(error ? QStringLiteral("color: #b00020;")
                                   : QStringLiteral("color: #1b5e20;"));
    m_message->setText(text);
}

void SettingsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void SettingsView::retranslateUi()
{
    m_tabs->setTabText(0, tr("Store"));
    m_tabs->setTabText(1, tr("Payment provider"));
    m_tabs->setTabText(2, tr("Operators"));
    m_tabs->setTabText(3, tr("Audit log"));
    m_tabs->setTabText(4, tr("Alerts"));
    for (const auto &[page, title] : m_extraPages)
        m_tabs->setTabText(m_tabs->indexOf(page), title());
    const QStringList storeLabels{tr("Store name (on receipts):"),
                                  tr("Store code (in order numbers):"),
                                  tr("This till's identity (in order numbers):"),
                                  tr("Lock the till after idle minutes (0 = never):"),
                                  tr("Largest amount of one sale:"),
                                  tr("Refunds above this need a manager's code:"),
                                  tr("Cashiers' refunds:"),
                                  tr("Drawer counts further off need a manager:"),
                                  tr("Keep customers' personal data for months:"),
                                  tr("Ask for a new password after:"),
                                  tr("Receipt printer (ESC/POS):"),
                                  tr("Charged twice for one sale:"),
                                  tr("Keep the daily backups for days:")};
    for (int i = 0; i < storeLabels.size(); ++i)
        if (auto *label = qobject_cast<QLabel *>(
                m_storeForm->itemAt(i, QFormLayout::LabelRole)
                    ? m_storeForm->itemAt(i, QFormLayout::LabelRole)->widget()
                    : nullptr))
            label->setText(storeLabels[i]);
        else
            m_storeForm->setWidget(i, QFormLayout::LabelRole,
                                   new QLabel(storeLabels[i], m_storePage));
    const QStringList providerLabels{tr("Connected to:"), tr("App ID:"), tr("Gateway:")};
    for (int i = 0; i < providerLabels.size(); ++i)
        if (auto *item = m_providerForm->itemAt(i, QFormLayout::LabelRole); item && item->widget())
            static_cast<QLabel *>(item->widget())->setText(providerLabels[i]);
        else
            m_providerForm->setWidget(i, QFormLayout::LabelRole,
                                      new QLabel(providerLabels[i], m_providerPage));
    m_cashierRefundApproval->setText(tr("Every refund by a cashier needs a manager's approval"));
    m_autoRefund->setText(tr("Refund the later charge at once, without waiting for a manager"));
    m_save->setText(tr("Save settings"));
    if (m_connectAccount)
        m_connectAccount->setText(tr("Connect an existing account…"));
    m_exportCaption->setText(
        tr("A customer asks for their data: enter their order number (or payer hash, "
           "or phone number) and export everything Paydesk stores about them."));
    m_exportSubject->setPlaceholderText(tr("Order number, payer hash or phone"));
    m_export->setText(tr("Export customer data…"));
    m_storeName->setPlaceholderText(tr("e.g. Green Leaf Tea House"));
    m_idleMinutes->setSuffix(tr(" min"));
    m_tillIdentity->setToolTip(tr("Chosen at random when this till was first started, so that "
                                  "two tills never make the same order number. It never "
                                  "changes."));
    retranslatePasswordAges();
    reload();
}

void SettingsView::retranslatePasswordAges()
{
    const QVariant current = m_passwordAge->currentData();
    m_passwordAge->clear();
    for (const int days : StoreSettings::passwordMaxAgeChoices())
        m_passwordAge->addItem(days == 0 ? tr("Never") : tr("%n day(s)", nullptr, days), days);
    m_passwordAge->setCurrentIndex(std::max(0, m_passwordAge->findData(current)));
}

} // namespace paydesk
