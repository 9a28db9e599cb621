#include "ui/security/firstrunownerdialog.h"

#include "core/security/operatorservice.h"
#include "ui/security/passwordstrengthmeter.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace paydesk {

FirstRunOwnerDialog::FirstRunOwnerDialog(OperatorService &operators, QWidget *parent)
    : QDialog(parent), m_operators(operators), m_name(new QLineEdit(this)),
      m_password(new QLineEdit(this)), m_confirm(new QLineEdit(this)),
      m_meter(new PasswordStrengthMeter(this)), m_error(new QLabel(this)),
      m_create(new QPushButton(tr("Create owner"), this))
{
    setObjectName(QStringLiteral("firstRunOwnerDialog"));
    setWindowTitle(tr("Welcome to Paydesk"));
    auto *intro =
        new QLabel(tr("Create the owner account. The owner manages operators and settings; "
                      "choose a password only you know."),
                   this);
    intro->setWordWrap(true);
    m_name->setObjectName(QStringLiteral("ownerNameEdit"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_confirm->setObjectName(QStringLiteral("confirmEdit"));
    m_confirm->setEchoMode(QLineEdit::Password);
    m_meter->setObjectName(QStringLiteral("strengthMeter"));
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_create->setObjectName(QStringLiteral("createButton"));
    m_create->setDefault(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Owner name:"), m_name);
    form->addRow(tr("Password:"), m_password);
    form->addRow(QString(), m_meter);
    form->addRow(tr("Repeat password:"), m_confirm);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_create, QDialogButtonBox::AcceptRole);
    auto *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setAutoDefault(false); // Enter never quits set-up by accident
    setMinimumWidth(480);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(m_name, &QLineEdit::textChanged, this, &FirstRunOwnerDialog::updateState);
    connect(m_password, &QLineEdit::textChanged, this, &FirstRunOwnerDialog::updateState);
    connect(m_confirm, &QLineEdit::textChanged, this, &FirstRunOwnerDialog::updateState);
    connect(m_create, &QPushButton::clicked, this, &FirstRunOwnerDialog::create);
    connect(cancel, &QPushButton::clicked, this, &FirstRunOwnerDialog::reject);
    updateState();
}

QString FirstRunOwnerDialog::errorText() const
{
    return m_error->text();
}

void FirstRunOwnerDialog::updateState()
{
    const bool strong = m_password->text().isEmpty()
                            ? (m_meter->clear(), false)
                            : m_meter->display(m_operators.passwordPolicy().assess(
                                  m_password->text(), m_name->text()));
    const bool match = m_password->text() == m_confirm->text();
    m_error->setText(!m_confirm->text().isEmpty() && !match ? tr("The two passwords differ.")
                                                            : QString());
    m_create->setEnabled(!m_name->text().trimmed().isEmpty() && strong && match);
}

void FirstRunOwnerDialog::create()
{
    if (!m_create->isEnabled())
        return;
    auto owner = m_operators.bootstrapOwner(m_name->text(), m_password->text());
    if (!owner.ok()) {
        m_error->setText(owner.error().message);
        return;
    }
    auto session = m_operators.authenticate(m_name->text(), m_password->text());
    if (!session.ok()) {
        m_error->setText(session.error().message);
        return;
    }
    m_session = session.value();
    m_password->clear();
    m_confirm->clear();
    accept();
}

} // namespace paydesk
