#pragma once

#include "core/security/session.h"
#include "core/util/result.h"
#include "ui/onboarding/pageids.h"

#include <QWizard>

#include <functional>

namespace paydesk {

class DraftStore;
class OperatorService;
class ProviderCatalog;
class ProviderConnector;
class ProviderRegistry;
struct ConnectOutcome;

namespace onboarding {

/// The three ways through the first run.
enum class Way {
    NewAccount,     ///< open a new merchant account (the signup pages)
    ConnectAccount, ///< connect a merchant account the store already has
    Sandbox,        ///< try Paydesk with the built-in sandbox: no real money
};

/// What the wizard's pages need; all of it outlives the wizard.
struct Services
{
    OperatorService &operators;
    const ProviderRegistry &registry;
    const ProviderCatalog &catalog;
    DraftStore &drafts;
    ProviderConnector &connector;
    /// Starts the sandbox provider and provisions its merchant account; the text says what
    /// was set up (e.g. the merchant's app id). Blocks for a moment.
    std::function<Result<QString>()> startSandbox;
    /// Optional: readies the new-account way (the signup pages) before its first page; an
    /// error keeps the wizard on the provider choice.
    std::function<Status()> prepareNewAccount = {};
};

} // namespace onboarding

class WelcomeStep;
class OwnerStep;
class ProviderChoiceStep;
class ConnectAccountStep;
class SandboxStep;
class FinishedStep;

/// The first run: Welcome (three ways) → Owner (name, strong password, two-factor that must
/// verify) → Choose a provider (comparison and fee calculator) → Connect an account | the
/// signup pages | Sandbox → Finished. Pages are set with the shared page ids
/// (ui/onboarding/pageids.h); each page's draft is saved when it is left (DraftStore), so a
/// wizard quit midway — or cancelled — resumes at the same place after a restart.
///
/// Read the outcome through the typed accessors, never through QWizard fields.
class OnboardingWizard : public QWizard
{
    Q_OBJECT
public:
    explicit OnboardingWizard(onboarding::Services services, QWidget *parent = nullptr);
    ~OnboardingWizard() override;

    /// When the owner already exists (the wizard resumes after a login): their session.
    void setSession(const Session &session);
    /// Replays the saved drafts: goes forward from Welcome while pages are complete, up to the
    /// page that was open when the wizard was left. Call after show() or restart().
    void resume();

    onboarding::Way way() const;
    Session &session() { return m_session; }
    bool hasOwner() const { return m_session.isValid(); }
    QString chosenProvider() const;
    /// The connected account, when the way was ConnectAccount and it succeeded.
    const ConnectOutcome *connectedAccount() const;
    QString sandboxDescription() const;
    /// The new account the signup pages ended with (their onLive), for the summary.
    void setLiveAccount(const QString &providerId, const QString &appId);
    QString liveProvider() const { return m_liveProvider; }
    QString liveAppId() const { return m_liveAppId; }

    onboarding::Services &services() { return m_services; }

    /// Saves the draft of every page and where the wizard is (also done on each page change).
    void saveDraft();
    /// Forgets the drafts (the wizard finished).
    void clearDraft();
    /// True when a draft says the first run was started and not finished.
    static bool hasUnfinishedDraft(DraftStore &drafts);

private:
    void onPageChanged(int id);

    onboarding::Services m_services;
    Session m_session;
    WelcomeStep *m_welcome;
    OwnerStep *m_owner;
    ProviderChoiceStep *m_choose;
    ConnectAccountStep *m_connect;
    SandboxStep *m_sandbox;
    FinishedStep *m_finished;
    int m_savedPage = onboarding::WelcomePage;
    bool m_resuming = false;
    bool m_shown = false;
    QString m_liveProvider;
    QString m_liveAppId;
};

} // namespace paydesk
