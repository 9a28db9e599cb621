#pragma once

#include "core/onboarding/application.h"
#include "core/util/result.h"

#include <QCoreApplication>

#include <optional>

namespace paydesk {
class Clock;
class Database;
class SecretVault;
} // namespace paydesk

namespace paydesk::onboarding {

/// The signup wizard's saved application (table signup_draft, migration 0014): written at
/// every page, read back after a restart. Secret fields go through the SecretVault only.
class SignupDraftStore
{
    Q_DECLARE_TR_FUNCTIONS(SignupDraftStore)
public:
    struct Draft
    {
        MerchantApplication application;
        int page = 0; ///< the page to reopen at
    };

    SignupDraftStore(Database &db, const SecretVault &vault, const Clock &clock);

    Status save(const MerchantApplication &application, int page);
    /// nullopt when nothing was saved; an error when the stored secrets do not decrypt.
    Result<std::optional<Draft>> load() const;
    Status clear();

    static constexpr char secretContext[] = "signup_draft.secrets";

private:
    Database &m_db;
    const SecretVault &m_vault;
    const Clock &m_clock;
};

} // namespace paydesk::onboarding
