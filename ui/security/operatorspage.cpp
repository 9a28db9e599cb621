#include "ui/security/operatorspage.h"

#include "core/security/operatorservice.h"
#include "ui/security/passwordstrengthmeter.h"
#include "ui/security/totpenrolldialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace paydesk {

OperatorPasswordDialog::OperatorPasswordDialog(OperatorService &operators, Mode mode,
                                               const QString &name, QWidget *parent)
    : QDialog(parent), m_operators(operators), m_name(new QLineEdit(name, this)),
      m_role(new QComboBox(this)), m_password(new QLineEdit(this)), m_confirm(new QLineEdit(this)),
      m_meter(new PasswordStrengthMeter(this))
{
    setObjectName(QStringLiteral("operatorPasswordDialog"));
    setWindowTitle(mode == Mode::NewOperator ? tr("Add an operator")
                                             : tr("Reset the password of %1").arg(name));
    m_name->setObjectName(QStringLiteral("operatorNameEdit"));
    m_role->setObjectName(QStringLiteral("roleCombo"));
    for (Role r : {Role::Cashier, Role::Manager, Role::Owner})
        m_role->addItem(roleDisplayName(r), roleId(r));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_confirm->setObjectName(QStringLiteral("confirmEdit"));
    m_confirm->setEchoMode(QLineEdit::Password);
    m_meter->setObjectName(QStringLiteral("strengthMeter"));

    auto *form = new QFormLayout;
    if (mode == Mode::NewOperator) {
        form->addRow(tr("Name:"), m_name);
        form->addRow(tr("Role:"), m_role);
    } else {
        m_name->hide();
        m_role->hide();
    }
    form->addRow(tr("Password:"), m_password);
    form->addRow(QString(), m_meter);
    form->addRow(tr("Repeat password:"), m_confirm);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("okButton"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *e : {m_name, m_password, m_confirm})
        connect(e, &QLineEdit::textChanged, this, &OperatorPasswordDialog::updateState);
    updateState();
}

QString OperatorPasswordDialog::operatorName() const
{
    return m_name->text().trimmed();
}

Role OperatorPasswordDialog::role() const
{
    return roleFromId(m_role->currentData().toString()).value_or(Role::Cashier);
}

QString OperatorPasswordDialog::password() const
{
    return m_password->text();
}

void OperatorPasswordDialog::updateState()
{
    bool strong = false;
    if (m_password->text().isEmpty())
        m_meter->clear();
    else
        strong = m_meter->display(
            m_operators.passwordPolicy().assess(m_password->text(), operatorName()));
    m_ok->setEnabled(strong && m_password->text() == m_confirm->text() &&
                     !operatorName().isEmpty());
}

// ---------------------------------------------------------------------------------------

OperatorsPage::OperatorsPage(OperatorService &operators, QWidget *parent)
    : QWidget(parent), m_operators(operators), m_table(new QTableWidget(this)),
      m_add(new QPushButton(tr("Add operator..."), this)),
      m_disable(new QPushButton(tr("Disable"), this)), m_roleCombo(new QComboBox(this)),
      m_setRole(new QPushButton(tr("Set role"), this)),
      m_resetPassword(new QPushButton(tr("Reset password..."), this)),
      m_resetTotp(new QPushButton(tr("Reset two-factor"), this)),
      m_enrollTotp(new QPushButton(tr("Set up my two-factor..."), this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("operatorsPage"));
    m_table->setObjectName(QStringLiteral("operatorsTable"));
    m_table->setColumnCount(5);
    m_table->setHorizontalHeaderLabels(
        {tr("Name"), tr("Role"), tr("Status"), tr("Two-factor"), tr("Last login")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_add->setObjectName(QStringLiteral("addButton"));
    m_disable->setObjectName(QStringLiteral("disableButton"));
    m_roleCombo->setObjectName(QStringLiteral("roleCombo"));
    for (Role r : allRoles())
        m_roleCombo->addItem(roleDisplayName(r), roleId(r));
    m_setRole->setObjectName(QStringLiteral("setRoleButton"));
    m_resetPassword->setObjectName(QStringLiteral("resetPasswordButton"));
    m_resetTotp->setObjectName(QStringLiteral("resetTotpButton"));
    m_enrollTotp->setObjectName(QStringLiteral("enrollTotpButton"));
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_disable);
    buttons->addWidget(m_roleCombo);
    buttons->addWidget(m_setRole);
    buttons->addWidget(m_resetPassword);
    buttons->addWidget(m_resetTotp);
    buttons->addStretch();
    buttons->addWidget(m_enrollTotp);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    layout->addWidget(m_status);

    connect(m_add, &QPushButton::clicked, this, &OperatorsPage::addOperator);
    connect(m_disable, &QPushButton::clicked, this, &OperatorsPage::toggleDisabled);
    connect(m_setRole, &QPushButton::clicked, this, &OperatorsPage::changeRole);
    connect(m_resetPassword, &QPushButton::clicked, this, &OperatorsPage::resetPassword);
    connect(m_resetTotp, &QPushButton::clicked, this, &OperatorsPage::resetTotp);
    connect(m_enrollTotp, &QPushButton::clicked, this, &OperatorsPage::enrollTotp);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &OperatorsPage::updateButtons);
    updateButtons();
}

void OperatorsPage::setSession(Session *session)
{
    m_session = session;
    refresh();
}

QString OperatorsPage::statusText() const
{
    return m_status->text();
}

QString OperatorsPage::selectedName() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return {};
    return m_table->item(rows.first().row(), 0)->text();
}

void OperatorsPage::refresh()
{
    const QString keep = selectedName();
    m_table->setRowCount(0);
    auto list = m_operators.list();
    if (!list.ok()) {
        m_status->setText(list.error().message);
        return;
    }
    const QLocale locale;
    for (const OperatorInfo &op : list.value()) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(op.name));
        auto *role = new QTableWidgetItem(roleDisplayName(op.role));
        role->setData(Qt::UserRole, roleId(op.role));
        m_table->setItem(row, 1, role);
        auto *status = new QTableWidgetItem(op.disabled                ? tr("Disabled")
                                            : op.lockedUntil.isValid() ? tr("Locked out")
                                                                       : tr("Active"));
        status->setData(Qt::UserRole, op.disabled);
        m_table->setItem(row, 2, status);
        m_table->setItem(row, 3, new QTableWidgetItem(op.totpEnrolled ? tr("On") : tr("Off")));
        m_table->setItem(row, 4,
                         new QTableWidgetItem(op.lastLoginAt.isValid()
                                                  ? locale.toString(op.lastLoginAt.toLocalTime(),
                                                                    QLocale::ShortFormat)
                                                  : tr("never")));
        if (op.name == keep)
            m_table->selectRow(row);
    }
    updateButtons();
}

void OperatorsPage::updateButtons()
{
    const bool manage = m_session && m_session->can(Permission::ManageOperators);
    const bool selected = !selectedName().isEmpty();
    m_add->setEnabled(manage);
    m_disable->setEnabled(manage && selected);
    m_roleCombo->setEnabled(manage && selected);
    m_setRole->setEnabled(manage && selected);
    m_resetPassword->setEnabled(manage && selected);
    m_resetTotp->setEnabled(manage && selected);
    m_enrollTotp->setEnabled(m_session && m_session->isValid());
    if (selected) {
        const int row = m_table->selectionModel()->selectedRows().first().row();
        m_disable->setText(m_table->item(row, 2)->data(Qt::UserRole).toBool() ? tr("Enable")
                                                                              : tr("Disable"));
        m_roleCombo->setCurrentIndex(
            m_roleCombo->findData(m_table->item(row, 1)->data(Qt::UserRole)));
    }
}

void OperatorsPage::report(const Status &status, const QString &done)
{
    m_status->setText(status.ok() ? done : status.error().message);
    refresh();
}

void OperatorsPage::addOperator()
{
    if (!m_session)
        return;
    OperatorPasswordDialog dialog(m_operators, OperatorPasswordDialog::Mode::NewOperator, {}, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    auto r = m_operators.createOperator(*m_session, dialog.operatorName(), dialog.role(),
                                        dialog.password());
    report(r.ok() ? Status() : Status(r.error()), tr("%1 was added.").arg(dialog.operatorName()));
}

void OperatorsPage::toggleDisabled()
{
    const QString name = selectedName();
    if (!m_session || name.isEmpty())
        return;
    const int row = m_table->selectionModel()->selectedRows().first().row();
    const bool disabled = m_table->item(row, 2)->data(Qt::UserRole).toBool();
    report(m_operators.setDisabled(*m_session, name, !disabled),
           disabled ? tr("%1 can log in again.").arg(name) : tr("%1 was disabled.").arg(name));
}

void OperatorsPage::changeRole()
{
    const QString name = selectedName();
    if (!m_session || name.isEmpty())
        return;
    const Role role = roleFromId(m_roleCombo->currentData().toString()).value_or(Role::Cashier);
    report(m_operators.setRole(*m_session, name, role),
           tr("%1 is now %2.").arg(name, roleDisplayName(role)));
}

void OperatorsPage::resetPassword()
{
    const QString name = selectedName();
    if (!m_session || name.isEmpty())
        return;
    OperatorPasswordDialog dialog(m_operators, OperatorPasswordDialog::Mode::ResetPassword, name,
                                  this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    report(m_operators.resetPassword(*m_session, name, dialog.password()),
           tr("The password of %1 was reset; they must change it at the next login.").arg(name));
}

void OperatorsPage::resetTotp()
{
    const QString name = selectedName();
    if (!m_session || name.isEmpty())
        return;
    if (QMessageBox::question(
            this, tr("Reset two-factor"),
            tr("Remove the two-factor set-up of %1? They must set it up again.").arg(name)) !=
        QMessageBox::Yes)
        return;
    report(m_operators.resetTotp(*m_session, name), tr("Two-factor of %1 was reset.").arg(name));
}

void OperatorsPage::enrollTotp()
{
    if (!m_session)
        return;
    TotpEnrollDialog dialog(m_operators, *m_session, this);
    dialog.exec();
    refresh();
}

} // namespace paydesk
