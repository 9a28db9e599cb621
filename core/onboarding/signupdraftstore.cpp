#include "core/onboarding/signupdraftstore.h"

using namespace Qt::StringLiterals;

namespace paydesk::onboarding {

SignupDraftStore::SignupDraftStore(DraftStore &drafts) : m_drafts(drafts) {}

Status SignupDraftStore::save(const MerchantApplication &application, int page)
{
    return m_drafts.save(QString::fromLatin1(pageKey),
                         {{u"page"_s, page},
                          {u"application"_s, application.publicJson()},
                          {u"secrets"_s, application.secretJson()}},
                         {u"secrets"_s});
}

Result<std::optional<SignupDraftStore::Draft>> SignupDraftStore::load() const
{
    using R = Result<std::optional<Draft>>;
    auto fields = m_drafts.load(QString::fromLatin1(pageKey));
    if (!fields.ok())
        return R::failure(u"signup.draft_unreadable"_s,
                          tr("The saved application cannot be read (%1). Start it again.")
                              .arg(fields.error().message));
    if (fields.value().isEmpty())
        return std::optional<Draft>();
    Draft d;
    d.page = fields.value().value(u"page"_s).toInt();
    d.application = MerchantApplication::fromJson(fields.value().value(u"application"_s).toObject(),
                                                  fields.value().value(u"secrets"_s).toObject());
    return std::optional<Draft>(std::move(d));
}

Status SignupDraftStore::clear()
{
    return m_drafts.remove(QString::fromLatin1(pageKey));
}

} // namespace paydesk::onboarding
