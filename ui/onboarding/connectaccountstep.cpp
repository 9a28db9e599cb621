#include "ui/onboarding/connectaccountstep.h"

#include "core/providers/providerregistry.h"
#include "ui/onboarding/connectaccountpanel.h"
#include "ui/onboarding/credentialform.h"
#include "ui/onboarding/onboardingwizard.h"

#include <QVBoxLayout>

namespace paydesk {

ConnectAccountStep::ConnectAccountStep(QWidget *parent) : OnboardingPage(parent)
{
    setObjectName(QStringLiteral("connectAccountPage"));
    setTitle(tr("Connect your merchant account"));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("Next"));
    new QVBoxLayout(this);
}

void ConnectAccountStep::initializePage()
{
    OnboardingWizard *w = onboardingWizard();
    if (!m_panel) {
        m_panel = new ConnectAccountPanel(w->services().registry, w->services().connector,
                                          w->session(), this);
        layout()->addWidget(m_panel);
        connect(m_panel, &ConnectAccountPanel::connectedChanged, this,
                &ConnectAccountStep::completeChanged);
        connect(m_panel, &ConnectAccountPanel::draftWorthSaving, w, &OnboardingWizard::saveDraft);
    }
    const QString provider = w->chosenProvider();
    setSubTitle(tr("Enter the details of your %1 account. Paydesk checks them with %1 before "
                   "anything is saved.")
                    .arg(w->services().registry.displayName(provider)));
    const bool fresh = m_panel->provider() != provider || !m_panel->form();
    m_panel->setProvider(provider);
    if (fresh && m_panel->form() &&
        m_restored.value(QStringLiteral("provider")).toString() == provider) {
        CredentialValues values;
        for (const CredentialField &f : m_panel->form()->spec().fields)
            if (m_restored.contains(f.key))
                values.insert(f.key, m_restored.value(f.key).toString());
        m_panel->form()->setValues(values);
    }
    emit completeChanged();
}

CredentialForm *ConnectAccountStep::form() const
{
    return m_panel ? m_panel->form() : nullptr;
}

const ConnectOutcome *ConnectAccountStep::outcome() const
{
    return m_panel ? m_panel->outcome() : nullptr;
}

bool ConnectAccountStep::isComplete() const
{
    return m_panel && m_panel->isConnected();
}

int ConnectAccountStep::nextId() const
{
    return onboarding::FinishedPage;
}

QJsonObject ConnectAccountStep::draft() const
{
    if (!form())
        return m_restored;
    QJsonObject d{{QStringLiteral("provider"), m_panel->provider()}};
    const CredentialValues values = form()->values();
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        d.insert(it.key(), it.value());
    return d;
}

QStringList ConnectAccountStep::sensitiveKeys() const
{
    // From the spec of whichever provider the draft is about, also before the form is built:
    // a restored draft saved again must not lose its encryption.
    const CredentialSpec *spec = form() ? &form()->spec() : nullptr;
    if (!spec) {
        OnboardingWizard *w = onboardingWizard();
        const ProviderDescriptor *d =
            w ? w->services().registry.find(m_restored.value(QStringLiteral("provider")).toString())
              : nullptr;
        spec = d ? &d->credentials : nullptr;
    }
    QStringList keys;
    if (spec)
        for (const CredentialField &f : spec->fields)
            if (f.isSensitive())
                keys << f.key;
    return keys;
}

void ConnectAccountStep::restore(const QJsonObject &draft)
{
    m_restored = draft;
}

} // namespace paydesk
