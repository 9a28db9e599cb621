#include "ui/security/changepassworddialog.h"

#include "core/security/operatorservice.h"
#include "ui/security/passwordstrengthmeter.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace paydesk {

ChangePasswordDialog::ChangePasswordDialog(OperatorService &operators, Session &session,
                                           QWidget *parent)
    : QDialog(parent), m_operators(operators), m_session(session), m_reason(new QLabel(this)),
      m_old(new QLineEdit(this)), m_new(new QLineEdit(this)), m_confirm(new QLineEdit(this)),
      m_meter(new PasswordStrengthMeter(this)), m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("changePasswordDialog"));
    setWindowTitle(tr("Change your password"));
    for (QLineEdit *e : {m_old, m_new, m_confirm})
        e->setEchoMode(QLineEdit::Password);
    m_old->setObjectName(QStringLiteral("oldPasswordEdit"));
    m_new->setObjectName(QStringLiteral("newPasswordEdit"));
    m_confirm->setObjectName(QStringLiteral("confirmEdit"));
    m_meter->setObjectName(QStringLiteral("strengthMeter"));
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_reason->setObjectName(QStringLiteral("reasonLabel"));
    m_reason->setWordWrap(true);
    switch (session.passwordChange()) {
    case PasswordChange::None:
        break;
    case PasswordChange::Reset:
        m_reason->setText(tr("The owner set a temporary password. Choose your own to continue."));
        break;
    case PasswordChange::Expired:
        m_reason->setText(tr("Your password is older than %n day(s), the limit the owner set. "
                             "Choose a new one to continue.",
                             nullptr, operators.passwordMaxAgeDays()));
        break;
    }
    m_reason->setVisible(!m_reason->text().isEmpty());
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    auto *form = new QFormLayout;
    form->addRow(tr("Current password:"), m_old);
    form->addRow(tr("New password:"), m_new);
    form->addRow(QString(), m_meter);
    form->addRow(tr("Repeat new password:"), m_confirm);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("okButton"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_reason);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ChangePasswordDialog::change);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *e : {m_old, m_new, m_confirm})
        connect(e, &QLineEdit::textChanged, this, &ChangePasswordDialog::updateState);
    updateState();
}

QString ChangePasswordDialog::errorText() const
{
    return m_error->text();
}

void ChangePasswordDialog::updateState()
{
    bool strong = false;
    if (m_new->text().isEmpty())
        m_meter->clear();
    else
        strong = m_meter->display(
            m_operators.passwordPolicy().assess(m_new->text(), m_session.operatorName()));
    m_ok->setEnabled(strong && !m_old->text().isEmpty() && m_new->text() == m_confirm->text());
}

void ChangePasswordDialog::change()
{
    const Status s = m_operators.changePassword(m_session, m_old->text(), m_new->text());
    if (!s.ok()) {
        m_error->setText(s.error().message);
        return;
    }
    accept();
}

} // namespace paydesk
