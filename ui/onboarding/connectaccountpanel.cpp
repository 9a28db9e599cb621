#include "ui/onboarding/connectaccountpanel.h"

#include "core/providers/providerregistry.h"
#include "ui/onboarding/credentialform.h"
#include "ui/stepupdialog.h"

#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace paydesk {

ConnectAccountPanel::ConnectAccountPanel(const ProviderRegistry &registry,
                                         ProviderConnector &connector, Session &session,
                                         QWidget *parent)
    : QWidget(parent), m_registry(registry), m_connector(connector), m_session(session),
      m_formBox(new QVBoxLayout), m_connect(new QPushButton(tr("Check and connect"), this)),
      m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("connectAccountPanel"));
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_connect->setEnabled(false);
    m_status->setObjectName(QStringLiteral("connectStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    auto *inner = new QWidget;
    inner->setLayout(m_formBox);
    m_formBox->setContentsMargins(0, 0, 8, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(inner);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_connect, 0, Qt::AlignLeft);
    layout->addWidget(m_status);
    connect(m_connect, &QPushButton::clicked, this, &ConnectAccountPanel::connectAccount);
}

void ConnectAccountPanel::setProvider(const QString &providerId)
{
    if (providerId == m_provider && m_form)
        return;
    const ProviderDescriptor *d = m_registry.find(providerId);
    delete m_form;
    m_form = nullptr;
    m_provider = providerId;
    m_outcome.reset();
    m_status->clear();
    m_connect->setEnabled(d && !d->credentials.isEmpty());
    if (!d)
        return;
    m_form = new CredentialForm(d->credentials, this);
    m_formBox->insertWidget(0, m_form);
    if (m_formBox->count() == 1)
        m_formBox->addStretch(1);
    connect(m_form, &CredentialForm::edited, this, [this] {
        if (m_outcome && !m_checking) {
            m_outcome.reset(); // edited after connecting: check again
            m_status->clear();
            emit connectedChanged();
        }
    });
    connect(m_form, &CredentialForm::keyGenerated, this, &ConnectAccountPanel::draftWorthSaving);
    emit connectedChanged();
}

void ConnectAccountPanel::connectAccount()
{
    if (!m_form || m_checking)
        return;
    m_checking = true;
    m_connect->setEnabled(false);
    m_form->clearProblems();
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Checking with %1…").arg(m_registry.displayName(m_provider)));
    m_connector.connectAccount(m_session, m_provider, m_form->values(),
                               [self = QPointer<ConnectAccountPanel>(this)](ConnectOutcome o) {
                                   if (self)
                                       self->finished(o);
                               });
}

void ConnectAccountPanel::finished(const ConnectOutcome &o)
{
    m_checking = false;
    m_connect->setEnabled(true);
    if (o.code == u"security.step_up_required" && !m_steppedUp) {
        // The owner's last code is older than the step-up window: ask once more, then retry.
        m_steppedUp = true;
        if (StepUpDialog::ensure(
                m_session, tr("Connecting a merchant account needs your second factor."), this)) {
            connectAccount();
            return;
        }
    }
    m_steppedUp = false;
    if (!o.ok()) {
        m_form->showProblem(o.problem);
        m_status->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_status->setText(o.problem.field.isEmpty()
                              ? tr("Not connected: %1 Nothing was saved.").arg(o.problem.message)
                              : tr("Not connected: see the note at the field above. Nothing was "
                                   "saved."));
        return;
    }
    m_outcome = o;
    m_status->setStyleSheet(QStringLiteral("color: #1b7f3b;"));
    m_status->setText(
        tr("✓ Connected. %1 answered a test query for %2 with a signed \"no such trade\": the "
           "account and both keys are right. The account is saved (the private key encrypted).")
            .arg(m_registry.displayName(o.provider), o.probeNumber));
    emit draftWorthSaving();
    emit connectedChanged();
}

QString ConnectAccountPanel::statusText() const
{
    return m_status->text();
}

} // namespace paydesk
