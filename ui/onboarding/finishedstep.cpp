#include "ui/onboarding/finishedstep.h"

#include "core/onboarding/providercatalog.h"
#include "core/onboarding/providerconnector.h"
#include "core/providers/providerregistry.h"
#include "ui/onboarding/onboardingwizard.h"

#include <QLabel>
#include <QVBoxLayout>

namespace paydesk {

FinishedStep::FinishedStep(QWidget *parent) : OnboardingPage(parent), m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("finishedPage"));
    setTitle(tr("Ready to take payments"));
    setFinalPage(true);
    m_summary->setObjectName(QStringLiteral("finishedSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addStretch(1);
}

void FinishedStep::initializePage()
{
    OnboardingWizard *w = onboardingWizard();
    const ProviderRegistry &registry = w->services().registry;
    QStringList lines;
    lines << tr("✓ Owner: %1, with two-factor authentication.").arg(w->session().operatorName());
    QString provider;
    if (w->way() == onboarding::Way::Sandbox) {
        lines << tr("✓ Sandbox: %1 No real money moves; connect a real account in Settings when "
                    "you are ready.")
                     .arg(w->sandboxDescription());
    } else if (w->way() == onboarding::Way::NewAccount && !w->liveProvider().isEmpty()) {
        provider = w->liveProvider();
        lines << tr("✓ New %1 merchant account %2 approved and live.")
                     .arg(registry.displayName(provider), w->liveAppId());
    } else if (const ConnectOutcome *o = w->connectedAccount()) {
        provider = o->provider;
        lines << tr("✓ %1 account %2 connected and checked.")
                     .arg(registry.displayName(o->provider), o->appId);
    }
    if (const CatalogEntry *e = w->services().catalog.find(provider); e && !e->hotline.isEmpty())
        lines << tr("%1 support: %2. It stays in the Help menu.")
                     .arg(registry.displayName(provider), e->hotline);
    lines << QString()
          << tr("Press Finish to open the till: type an amount and press Enter, the customer "
                "scans the QR code.");
    m_summary->setText(lines.join(QLatin1Char('\n')));
    setSubTitle(tr("Paydesk is set up."));
}

QString FinishedStep::summaryText() const
{
    return m_summary->text();
}

} // namespace paydesk
