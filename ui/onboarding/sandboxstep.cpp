#include "ui/onboarding/sandboxstep.h"

#include "ui/onboarding/onboardingwizard.h"

#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace paydesk {

SandboxStep::SandboxStep(QWidget *parent)
    : OnboardingPage(parent), m_status(new QLabel(this)),
      m_retry(new QPushButton(tr("Try again"), this))
{
    setObjectName(QStringLiteral("sandboxPage"));
    setTitle(tr("Try it with the sandbox"));
    setSubTitle(tr("A practice provider runs on this PC. It speaks the real protocol, so "
                   "everything works as with a real account — only the money is not real."));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("Next"));
    m_status->setObjectName(QStringLiteral("sandboxStatus"));
    m_status->setWordWrap(true);
    m_retry->setObjectName(QStringLiteral("sandboxRetry"));
    m_retry->hide();
    auto *how = noteLabel(
        tr("How to pay as a customer in the sandbox: open the QR code's address in a browser and "
           "press Pay, or scan it with a phone on the same network. Payment codes for practice "
           "buyers come from the sandbox (see the README). Connect a real account later in "
           "Settings → Payment provider."),
        this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_retry, 0, Qt::AlignLeft);
    layout->addSpacing(12);
    layout->addWidget(how);
    layout->addStretch(1);
    connect(m_retry, &QPushButton::clicked, this, &SandboxStep::start);
}

void SandboxStep::initializePage()
{
    if (m_ready)
        return;
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Setting up the practice merchant account…"));
    // Let the page paint first: provisioning makes a key pair and calls the sandbox.
    QTimer::singleShot(0, this, &SandboxStep::start);
}

void SandboxStep::start()
{
    OnboardingWizard *w = onboardingWizard();
    if (!w || m_ready)
        return;
    m_retry->hide();
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto started = w->services().startSandbox();
    QApplication::restoreOverrideCursor();
    if (!started.ok()) {
        m_status->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_status->setText(tr("The sandbox could not be started: %1").arg(started.error().message));
        m_retry->show();
        return;
    }
    m_description = started.value();
    m_ready = true;
    m_status->setStyleSheet(QStringLiteral("color: #1b7f3b;"));
    m_status->setText(tr("✓ The sandbox is ready. %1").arg(m_description));
    emit completeChanged();
}

QString SandboxStep::statusText() const
{
    return m_status->text();
}

int SandboxStep::nextId() const
{
    return onboarding::FinishedPage;
}

} // namespace paydesk
