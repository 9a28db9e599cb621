#include "ui/security/logindialog.h"

#include "core/security/operatorservice.h"
#include "ui/security/changepassworddialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace paydesk {

LoginDialog::LoginDialog(OperatorService &operators, QWidget *parent)
    : QDialog(parent), m_operators(operators), m_message(new QLabel(this)),
      m_name(new QLineEdit(this)), m_password(new QLineEdit(this)),
      m_totpLabel(new QLabel(tr("Authenticator code:"), this)), m_totp(new QLineEdit(this)),
      m_error(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("loginDialog"));
    setWindowTitle(tr("Log in to Paydesk"));
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setWordWrap(true);
    m_message->hide();
    m_name->setObjectName(QStringLiteral("operatorNameEdit"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_totp->setObjectName(QStringLiteral("totpEdit"));
    m_totp->setPlaceholderText(tr("6-digit code or a recovery code"));
    m_totp->setInputMethodHints(Qt::ImhDigitsOnly);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();
    m_buttons->setObjectName(QStringLiteral("buttons"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("loginButton"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Log in"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

    auto *form = new QFormLayout;
    form->addRow(tr("Operator:"), m_name);
    form->addRow(tr("Password:"), m_password);
    form->addRow(m_totpLabel, m_totp);
    m_totpLabel->hide();
    m_totp->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &LoginDialog::tryLogin);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &LoginDialog::reject);
}

void LoginDialog::setOperatorName(const QString &name)
{
    m_name->setText(name);
    m_password->setFocus();
}

QString LoginDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void LoginDialog::setMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void LoginDialog::tryLogin()
{
    auto result = m_operators.authenticate(m_name->text(), m_password->text(), m_totp->text());
    if (result.ok()) {
        // Reset by an owner or past the maximum age: replaced before the till opens.
        Session session = result.value();
        if (session.passwordChange() != PasswordChange::None) {
            ChangePasswordDialog change(m_operators, session, this);
            if (change.exec() != QDialog::Accepted) {
                m_error->setText(tr("Choose a new password to continue."));
                m_error->show();
                return;
            }
        }
        m_session = session;
        m_password->clear();
        m_totp->clear();
        m_error->hide();
        emit loggedIn(m_session);
        accept();
        return;
    }
    const Error &e = result.error();
    if (e.code == u"security.totp_required") {
        m_totpLabel->show();
        m_totp->show();
        m_totp->setFocus();
    } else if (e.code == u"security.bad_totp") {
        m_totp->clear();
        m_totp->setFocus();
    } else {
        m_password->clear();
        m_password->setFocus();
    }
    m_error->setText(e.message);
    m_error->show();
}

LockScreen::LockScreen(OperatorService &operators, const QString &lockedBy, QWidget *parent)
    : LoginDialog(operators, parent)
{
    setObjectName(QStringLiteral("lockScreen"));
    setWindowTitle(tr("Till locked"));
    setMessage(tr("The till was locked by %1. Log in as %1 or as another operator to continue.")
                   .arg(lockedBy));
    setOperatorName(lockedBy);
    buttons()->button(QDialogButtonBox::Ok)->setText(tr("Unlock"));
    buttons()->button(QDialogButtonBox::Cancel)->hide();
    setWindowFlag(Qt::WindowCloseButtonHint, false);
}

} // namespace paydesk
