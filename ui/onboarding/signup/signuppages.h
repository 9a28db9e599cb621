#pragma once

#include "core/providers/providerregistry.h"

#include <QString>

#include <functional>

class QWizard;

namespace paydesk::onboarding {
class SignupSession;
}

namespace paydesk::ui::onboarding {

/// What the signup pages need from the wizard that hosts them.
struct SignupContext
{
    paydesk::onboarding::SignupSession *session = nullptr; ///< outlives the wizard
    /// The provider chosen on the wizard's Choose provider page; empty = keep the draft's.
    std::function<QString()> chosenProvider;
    /// How often the status page asks the provider, in ms.
    int pollMs = 3000;
    /// The account is stored and the till may take payments with it.
    std::function<void(const paydesk::ProviderAccount &)> onLive;
};

/// Adds the signup pages (ui/onboarding/pageids.h, 100–106) to \a wizard.
void addSignupPages(QWizard *wizard, SignupContext context);

/// The page a saved draft reopens at (resumes the session from its draft), or -1 when there
/// is none. Call before showing the wizard and pass a valid id to setStartId().
int resumeSignup(paydesk::onboarding::SignupSession &session);

/// The page that edits \a field (an ApplicationFields id).
int pageOfField(const QString &field);

/// Shows page \a pageId of \a wizard: back through the history when it was visited, else a
/// restart there.
void goToPage(QWizard *wizard, int pageId);

} // namespace paydesk::ui::onboarding
