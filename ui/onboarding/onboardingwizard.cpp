#include "ui/onboarding/onboardingwizard.h"

#include "core/onboarding/draftstore.h"
#include "core/util/log.h"
#include "ui/onboarding/connectaccountstep.h"
#include "ui/onboarding/finishedstep.h"
#include "ui/onboarding/ownerstep.h"
#include "ui/onboarding/providerchoicestep.h"
#include "ui/onboarding/sandboxstep.h"
#include "ui/onboarding/welcomestep.h"

#include <QGuiApplication>
#include <QScreen>

namespace paydesk {

namespace {
const QString kWizardKey = QStringLiteral("wizard");
} // namespace

OnboardingWizard::OnboardingWizard(onboarding::Services services, QWidget *parent)
    : QWizard(parent), m_services(std::move(services)), m_welcome(new WelcomeStep(this)),
      m_owner(new OwnerStep(this)), m_choose(new ProviderChoiceStep(this)),
      m_connect(new ConnectAccountStep(this)), m_sandbox(new SandboxStep(this)),
      m_finished(new FinishedStep(this))
{
    setObjectName(QStringLiteral("onboardingWizard"));
    setWindowTitle(tr("Paydesk — first start"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::NoDefaultButton, false);
    setPage(onboarding::WelcomePage, m_welcome);
    setPage(onboarding::OwnerPage, m_owner);
    setPage(onboarding::ChooseProviderPage, m_choose);
    setPage(onboarding::ConnectAccountPage, m_connect);
    setPage(onboarding::SandboxPage, m_sandbox);
    setPage(onboarding::FinishedPage, m_finished);
    setStartId(onboarding::WelcomePage);
    QSize size(1000, 760);
    if (const QScreen *screen = QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableGeometry().size());
    resize(size);

    for (OnboardingPage *page :
         std::initializer_list<OnboardingPage *>{m_welcome, m_owner, m_choose, m_connect}) {
        auto draft = m_services.drafts.load(page->draftKey());
        if (draft.ok())
            page->restore(draft.value());
        else
            logIfFailed(Status(draft.error()), lcApp(), "reading the wizard's draft");
    }
    if (auto state = m_services.drafts.load(kWizardKey); state.ok())
        m_savedPage = state.value().value(QStringLiteral("page")).toInt(onboarding::WelcomePage);
    connect(this, &QWizard::currentIdChanged, this, &OnboardingWizard::onPageChanged);
    // Cancelling keeps the draft: the next start resumes here.
    connect(this, &QWizard::rejected, this, &OnboardingWizard::saveDraft);
}

OnboardingWizard::~OnboardingWizard()
{
    // Pages go away one by one now: nothing may save a half-destroyed wizard as its draft.
    disconnect(this, nullptr, this, nullptr);
}

void OnboardingWizard::setSession(const Session &session)
{
    m_session = session;
}

void OnboardingWizard::resume()
{
    m_resuming = true;
    for (int guard = 0; guard < 16; ++guard) {
        if (currentId() == m_savedPage || !currentPage() || !currentPage()->isComplete() ||
            currentPage()->nextId() < 0)
            break;
        next();
    }
    m_resuming = false;
    saveDraft();
}

void OnboardingWizard::onPageChanged(int)
{
    // The first change is show() opening the start page: it must not overwrite where a
    // resumed draft left off.
    if (!m_shown) {
        m_shown = true;
        return;
    }
    if (!m_resuming)
        saveDraft();
}

void OnboardingWizard::saveDraft()
{
    for (OnboardingPage *page :
         std::initializer_list<OnboardingPage *>{m_welcome, m_owner, m_choose, m_connect})
        logIfFailed(m_services.drafts.save(page->draftKey(), page->draft(), page->sensitiveKeys()),
                    lcApp(), "saving the wizard's draft");
    if (currentId() >= 0 && !m_resuming)
        m_savedPage = currentId();
    const int page = m_savedPage;
    logIfFailed(m_services.drafts.save(kWizardKey, {{QStringLiteral("page"), page}}), lcApp(),
                "saving the wizard's place");
}

void OnboardingWizard::clearDraft()
{
    logIfFailed(m_services.drafts.clear(), lcApp(), "clearing the wizard's draft");
}

bool OnboardingWizard::hasUnfinishedDraft(DraftStore &drafts)
{
    auto state = drafts.load(kWizardKey);
    return state.ok() && !state.value().isEmpty();
}

onboarding::Way OnboardingWizard::way() const
{
    return m_welcome->way();
}

QString OnboardingWizard::chosenProvider() const
{
    return m_choose->chosenProvider();
}

const ConnectOutcome *OnboardingWizard::connectedAccount() const
{
    return m_connect->outcome();
}

void OnboardingWizard::setLiveAccount(const QString &providerId, const QString &appId)
{
    m_liveProvider = providerId;
    m_liveAppId = appId;
}

QString OnboardingWizard::sandboxDescription() const
{
    return m_sandbox->description();
}

} // namespace paydesk
