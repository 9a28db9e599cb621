// ui/onboarding/pageids.h — shared by the onboarding helpers; create it with EXACTLY this
// content if it does not exist yet in your branch (identical files merge cleanly).
#pragma once

namespace paydesk::onboarding {

/// Page ids of the first-run wizard (QWizard::setPage). Signup pages live in 100..199.
enum PageId : int {
    WelcomePage = 0,
    OwnerPage = 1,
    ChooseProviderPage = 2,
    ConnectAccountPage = 3,
    SandboxPage = 4,
    BusinessPage = 100,
    LegalRepresentativePage = 101,
    DocumentsPage = 102,
    BankAccountPage = 103,
    FeaturesPage = 104,
    ReviewPage = 105,
    StatusPage = 106,
    FinishedPage = 200,
};

} // namespace paydesk::onboarding
