#include "ui/onboarding/ownerstep.h"

#include "core/security/operatorservice.h"
#include "ui/onboarding/onboardingwizard.h"
#include "ui/security/passwordstrengthmeter.h"
#include "ui/security/totpenrollwidget.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace paydesk {

OwnerStep::OwnerStep(QWidget *parent)
    : OnboardingPage(parent), m_stack(new QStackedWidget(this)), m_name(new QLineEdit(this)),
      m_password(new QLineEdit(this)), m_confirm(new QLineEdit(this)),
      m_meter(new PasswordStrengthMeter(this)),
      m_error(errorLabel(QStringLiteral("ownerErrorLabel"), this)),
      m_create(new QPushButton(tr("Create the owner"), this)), m_ownerDone(new QLabel(this)),
      m_totpPage(new QWidget(this))
{
    setObjectName(QStringLiteral("ownerPage"));
    setTitle(tr("The owner"));
    setSubTitle(tr("The owner manages operators, settings and the merchant account. Choose a "
                   "password only you know; a phone app then adds a second factor."));

    auto *form = new QWidget(this);
    m_name->setObjectName(QStringLiteral("ownerNameEdit"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_confirm->setObjectName(QStringLiteral("confirmEdit"));
    m_confirm->setEchoMode(QLineEdit::Password);
    m_meter->setObjectName(QStringLiteral("strengthMeter"));
    m_create->setObjectName(QStringLiteral("createOwnerButton"));
    auto *fields = new QFormLayout;
    fields->addRow(tr("Owner name:"), m_name);
    fields->addRow(tr("Password:"), m_password);
    fields->addRow(QString(), m_meter);
    fields->addRow(tr("Repeat password:"), m_confirm);
    auto *formLayout = new QVBoxLayout(form);
    formLayout->setContentsMargins(0, 0, 0, 0);
    formLayout->addLayout(fields);
    formLayout->addWidget(m_error);
    formLayout->addWidget(m_create, 0, Qt::AlignLeft);
    formLayout->addStretch(1);

    m_ownerDone->setObjectName(QStringLiteral("ownerDoneLabel"));
    m_ownerDone->setWordWrap(true);
    auto *totpLayout = new QVBoxLayout(m_totpPage);
    totpLayout->setContentsMargins(0, 0, 0, 0);
    totpLayout->addWidget(m_ownerDone);

    m_stack->addWidget(form);
    m_stack->addWidget(m_totpPage);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_stack);

    connect(m_name, &QLineEdit::textChanged, this, &OwnerStep::updateState);
    connect(m_password, &QLineEdit::textChanged, this, &OwnerStep::updateState);
    connect(m_confirm, &QLineEdit::textChanged, this, &OwnerStep::updateState);
    connect(m_confirm, &QLineEdit::returnPressed, this, &OwnerStep::createOwner);
    connect(m_create, &QPushButton::clicked, this, &OwnerStep::createOwner);
    updateState();
}

void OwnerStep::initializePage()
{
    OnboardingWizard *w = onboardingWizard();
    if (w && w->hasOwner() && m_stack->currentIndex() == 0)
        showEnrolment();
    updateState();
}

QString OwnerStep::errorText() const
{
    return m_error->text();
}

QString OwnerStep::otpauthUri() const
{
    return m_totp ? m_totp->otpauthUri() : QString();
}

void OwnerStep::updateState()
{
    OnboardingWizard *w = onboardingWizard();
    if (!w)
        return;
    const PasswordPolicy policy = w->services().operators.passwordPolicy();
    const bool strong = m_password->text().isEmpty()
                            ? (m_meter->clear(), false)
                            : m_meter->display(policy.assess(m_password->text(), m_name->text()));
    const bool match = m_password->text() == m_confirm->text();
    m_error->setText(!m_confirm->text().isEmpty() && !match ? tr("The two passwords differ.")
                                                            : QString());
    m_create->setEnabled(!m_name->text().trimmed().isEmpty() && strong && match);
}

void OwnerStep::createOwner()
{
    OnboardingWizard *w = onboardingWizard();
    if (!w || !m_create->isEnabled())
        return;
    OperatorService &operators = w->services().operators;
    const QString name = m_name->text().trimmed();
    auto owner = operators.bootstrapOwner(name, m_password->text());
    if (!owner.ok()) {
        m_error->setText(owner.error().message);
        return;
    }
    auto session = operators.authenticate(name, m_password->text());
    if (!session.ok()) {
        m_error->setText(session.error().message);
        return;
    }
    m_password->clear();
    m_confirm->clear();
    w->setSession(session.value());
    w->saveDraft();
    showEnrolment();
}

void OwnerStep::showEnrolment()
{
    OnboardingWizard *w = onboardingWizard();
    Session &session = w->session();
    m_name->setText(session.operatorName());
    m_stack->setCurrentIndex(1);
    if (session.totpEnrolled()) {
        m_ownerDone->setText(tr("The owner %1 is set up, with two-factor authentication.")
                                 .arg(session.operatorName()));
        emit completeChanged();
        return;
    }
    m_ownerDone->setText(tr("The owner %1 is created. Now add the second factor: it protects "
                            "the merchant account and the settings even if the password leaks.")
                             .arg(session.operatorName()));
    if (!m_totp) {
        m_totp = new TotpEnrollWidget(w->services().operators, session, m_totpPage);
        m_totp->setObjectName(QStringLiteral("totpEnroll"));
        m_totpPage->layout()->addWidget(m_totp);
        connect(m_totp, &TotpEnrollWidget::enrolled, this, [this] {
            emit completeChanged();
            if (OnboardingWizard *wizard = onboardingWizard())
                wizard->saveDraft();
        });
    }
    m_totp->begin();
    emit completeChanged();
}

bool OwnerStep::isComplete() const
{
    OnboardingWizard *w = onboardingWizard();
    return w && w->hasOwner() && w->session().totpEnrolled();
}

int OwnerStep::nextId() const
{
    OnboardingWizard *w = onboardingWizard();
    return w && w->way() == onboarding::Way::Sandbox ? onboarding::SandboxPage
                                                     : onboarding::ChooseProviderPage;
}

QJsonObject OwnerStep::draft() const
{
    // Never the password: only the name, so a restarted wizard shows who was being created.
    return {{QStringLiteral("name"), m_name->text().trimmed()}};
}

void OwnerStep::restore(const QJsonObject &draft)
{
    if (m_stack->currentIndex() == 0)
        m_name->setText(draft.value(QStringLiteral("name")).toString());
}

} // namespace paydesk
