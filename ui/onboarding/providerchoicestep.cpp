#include "ui/onboarding/providerchoicestep.h"

#include "core/money/money.h"
#include "core/onboarding/providercatalog.h"
#include "core/onboarding/providerconnector.h"
#include "core/providers/providerregistry.h"
#include "ui/onboarding/onboardingwizard.h"
#include "ui/onboarding/providercomparison.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QVBoxLayout>

namespace paydesk {

ProviderChoiceStep::ProviderChoiceStep(QWidget *parent) : OnboardingPage(parent)
{
    setObjectName(QStringLiteral("chooseProviderPage"));
    setTitle(tr("Choose a provider"));
    new QVBoxLayout(this);
}

void ProviderChoiceStep::build()
{
    OnboardingWizard *w = onboardingWizard();
    auto *layout = qobject_cast<QVBoxLayout *>(this->layout());
    m_comparison = new ProviderComparison(w->services().catalog, w->services().registry, this);

    m_choiceRow = new QWidget(this);
    auto *choiceLayout = new QHBoxLayout(m_choiceRow);
    choiceLayout->setContentsMargins(0, 0, 0, 0);
    choiceLayout->addWidget(new QLabel(tr("Provider:"), m_choiceRow));
    m_choice = new QButtonGroup(this);
    for (const QString &id : m_comparison->providers()) {
        auto *button = new QRadioButton(w->services().registry.displayName(id), m_choiceRow);
        button->setObjectName(QStringLiteral("choose_") + id);
        button->setProperty("providerId", id);
        m_choice->addButton(button);
        choiceLayout->addWidget(button);
    }
    choiceLayout->addStretch(1);
    connect(m_choice, &QButtonGroup::buttonClicked, this, [this] {
        m_comparison->setChosen(chosenProvider());
        emit completeChanged();
    });

    auto *calc = new QHBoxLayout;
    m_volume = new QLineEdit(this);
    m_volume->setObjectName(QStringLiteral("monthlyVolumeEdit"));
    m_volume->setText(Money::fromMinor(10000000).format(QLocale(), false));
    m_ticket = new QLineEdit(this);
    m_ticket->setObjectName(QStringLiteral("averageTicketEdit"));
    m_ticket->setText(Money::fromMinor(3500).format(QLocale(), false));
    calc->addWidget(new QLabel(tr("Fee calculator — monthly volume (¥):"), this));
    calc->addWidget(m_volume);
    calc->addWidget(new QLabel(tr("average ticket (¥):"), this));
    calc->addWidget(m_ticket);
    calc->addStretch(1);
    m_calcError = errorLabel(QStringLiteral("calculatorError"), this);
    const ProviderCatalog &catalog = w->services().catalog;
    m_source = noteLabel(
        tr("Figures as of %1. Source: %2 \"?\" marks a figure from third-party "
           "sources that the provider has not confirmed; fees are charged per "
           "payment and rounded to the fen.")
            .arg(QLocale().toString(catalog.date(), QLocale::ShortFormat), catalog.source()),
        this);
    m_source->setObjectName(QStringLiteral("catalogSource"));

    layout->addWidget(m_choiceRow);
    layout->addWidget(m_comparison, 1);
    layout->addLayout(calc);
    layout->addWidget(m_calcError);
    layout->addWidget(m_source);
    connect(m_volume, &QLineEdit::textChanged, this, &ProviderChoiceStep::recalculate);
    connect(m_ticket, &QLineEdit::textChanged, this, &ProviderChoiceStep::recalculate);
}

void ProviderChoiceStep::initializePage()
{
    if (!m_comparison)
        build();
    OnboardingWizard *w = onboardingWizard();
    setSubTitle(w->way() == onboarding::Way::ConnectAccount
                    ? tr("Which provider is your merchant account with?")
                    : tr("Compare what each provider charges and asks for, then pick one."));
    if (!m_pendingCalc.isEmpty()) {
        m_volume->setText(m_pendingCalc.value(QStringLiteral("volume")).toString());
        m_ticket->setText(m_pendingCalc.value(QStringLiteral("ticket")).toString());
        m_pendingCalc = {};
    }
    const QStringList available = availableProviders();
    for (QAbstractButton *b : m_choice->buttons()) {
        const QString id = b->property("providerId").toString();
        b->setEnabled(available.contains(id));
        b->setToolTip(available.contains(id) ? QString()
                                             : tr("Not available in this version of Paydesk yet."));
        if (!b->isEnabled() && b->isChecked()) {
            m_choice->setExclusive(false);
            b->setChecked(false);
            m_choice->setExclusive(true);
        }
    }
    if (!m_pending.isEmpty())
        choose(m_pending);
    else if (!m_choice->checkedButton() && available.size() == 1)
        choose(available.first());
    recalculate();
    emit completeChanged();
}

QStringList ProviderChoiceStep::availableProviders() const
{
    OnboardingWizard *w = onboardingWizard();
    if (w->way() == onboarding::Way::ConnectAccount)
        return w->services().connector.connectableProviders();
    QStringList out;
    for (const QString &id : m_comparison->providers())
        if (const ProviderDescriptor *d = w->services().registry.find(id); d && d->hasAdapter())
            out << id;
    return out;
}

void ProviderChoiceStep::recalculate()
{
    if (!m_comparison)
        return;
    const QLocale locale;
    auto volume = Money::parse(m_volume->text(), locale);
    auto ticket = Money::parse(m_ticket->text(), locale);
    Result<QList<FeeEstimate>> estimates =
        !volume.ok()   ? Result<QList<FeeEstimate>>(volume.error())
        : !ticket.ok() ? Result<QList<FeeEstimate>>(ticket.error())
                       : onboardingWizard()->services().catalog.estimate(
                             volume.value(), ticket.value(), m_comparison->providers());
    if (!estimates.ok()) {
        m_calcError->setText(estimates.error().message);
        m_comparison->setEstimates({});
        return;
    }
    m_calcError->clear();
    m_comparison->setEstimates(estimates.value());
}

QString ProviderChoiceStep::calculatorError() const
{
    return m_calcError ? m_calcError->text() : QString();
}

QString ProviderChoiceStep::chosenProvider() const
{
    const QAbstractButton *b = m_choice ? m_choice->checkedButton() : nullptr;
    return b ? b->property("providerId").toString() : m_pending;
}

void ProviderChoiceStep::choose(QString providerId) // a copy: it may be m_pending itself
{
    if (!m_choice) {
        m_pending = providerId;
        return;
    }
    m_pending.clear();
    for (QAbstractButton *b : m_choice->buttons())
        if (b->property("providerId").toString() == providerId && b->isEnabled())
            b->setChecked(true);
    m_comparison->setChosen(chosenProvider());
    emit completeChanged();
}

bool ProviderChoiceStep::isComplete() const
{
    const QAbstractButton *b = m_choice ? m_choice->checkedButton() : nullptr;
    return b && b->isEnabled();
}

bool ProviderChoiceStep::validatePage()
{
    OnboardingWizard *w = onboardingWizard();
    if (w->way() != onboarding::Way::NewAccount || !w->services().prepareNewAccount)
        return true;
    const Status ready = w->services().prepareNewAccount();
    m_calcError->setText(ready.ok() ? QString() : ready.error().message);
    return ready.ok();
}

int ProviderChoiceStep::nextId() const
{
    OnboardingWizard *w = onboardingWizard();
    return w && w->way() == onboarding::Way::NewAccount ? onboarding::BusinessPage
                                                        : onboarding::ConnectAccountPage;
}

QJsonObject ProviderChoiceStep::draft() const
{
    QJsonObject d{{QStringLiteral("provider"), chosenProvider()}};
    if (m_volume) {
        d.insert(QStringLiteral("volume"), m_volume->text());
        d.insert(QStringLiteral("ticket"), m_ticket->text());
    }
    return d;
}

void ProviderChoiceStep::restore(const QJsonObject &draft)
{
    m_pending = draft.value(QStringLiteral("provider")).toString();
    if (draft.contains(QStringLiteral("volume")))
        m_pendingCalc = draft;
}

} // namespace paydesk
