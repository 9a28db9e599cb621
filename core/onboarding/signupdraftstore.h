#pragma once

#include "core/onboarding/application.h"
#include "core/onboarding/draftstore.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QHash>

#include <optional>

namespace paydesk::onboarding {

/// The signup wizard's saved application, kept in the first-run wizard's DraftStore: the
/// application under one page key, written at every page, and each photo under its own key,
/// written only when it changes (photos are megabytes; a page's fields are not). Read back
/// after a restart. The ID and account numbers,
/// contact details, photos and the partner's key are its sensitive part, so they reach the
/// database only inside the DraftStore's SecretVault blob.
class SignupDraftStore
{
    Q_DECLARE_TR_FUNCTIONS(SignupDraftStore)
public:
    struct Draft
    {
        MerchantApplication application;
        int page = 0; ///< the page to reopen at
    };

    explicit SignupDraftStore(DraftStore &drafts);

    Status save(const MerchantApplication &application, int page);
    /// nullopt when nothing was saved; an error when the stored secrets do not decrypt.
    Result<std::optional<Draft>> load() const;
    Status clear();

    static constexpr char pageKey[] = "signup.application";
    static constexpr char photoKeyPrefix[] = "signup.photo.";

private:
    Status savePhotos(const MerchantApplication &application);

    DraftStore &m_drafts;
    /// SHA-256 of each photo as last stored, so an unchanged photo is not written again.
    mutable QHash<QString, QByteArray> m_storedPhotos;
};

} // namespace paydesk::onboarding
