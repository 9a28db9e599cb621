#include "ui/shifts/managerapprovaldialog.h"

#include "core/security/headlessauth.h"
#include "core/security/permissions.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace paydesk {

ManagerApprovalDialog::ManagerApprovalDialog(OperatorService &operators, const QString &why,
                                             QWidget *parent)
    : QDialog(parent), m_operators(operators)
{
    setObjectName(QStringLiteral("managerApprovalDialog"));
    setWindowTitle(tr("A manager must confirm"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(why, this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("approverName"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("approverPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_code = new QLineEdit(this);
    m_code->setObjectName(QStringLiteral("approverCode"));
    m_code->setInputMethodHints(Qt::ImhDigitsOnly);
    form->addRow(tr("Manager:"), m_name);
    form->addRow(tr("Password:"), m_password);
    form->addRow(tr("Authenticator code:"), m_code);
    layout->addLayout(form);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("approverError"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->setWordWrap(true);
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(this);
    QPushButton *ok = buttons->addButton(tr("Confirm"), QDialogButtonBox::AcceptRole);
    ok->setObjectName(QStringLiteral("approverOk"));
    ok->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &ManagerApprovalDialog::tryApprove);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

void ManagerApprovalDialog::tryApprove()
{
    auto session = authenticateHeadless(m_operators, m_name->text().trimmed(), m_password->text(),
                                        m_code->text().trimmed());
    m_password->clear();
    m_code->clear();
    if (!session.ok()) {
        m_error->setText(session.error().message);
        return;
    }
    // The sign-off permission: a cashier's own password cannot confirm a cashier's count.
    if (Status allowed = session.value().authorize(Permission::SignOffDay); !allowed.ok()) {
        m_error->setText(allowed.error().message);
        return;
    }
    m_session = session.value();
    accept();
}

} // namespace paydesk
