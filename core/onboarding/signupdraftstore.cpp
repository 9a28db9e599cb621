#include "core/onboarding/signupdraftstore.h"

#include "core/crypto/crypto.h"

using namespace Qt::StringLiterals;

namespace paydesk::onboarding {

SignupDraftStore::SignupDraftStore(DraftStore &drafts) : m_drafts(drafts) {}

Status SignupDraftStore::savePhotos(const MerchantApplication &application)
{
    for (auto it = application.documents.begin(); it != application.documents.end(); ++it) {
        const QByteArray hash = crypto::sha256(it->bytes);
        if (m_storedPhotos.value(it.key()) == hash)
            continue;
        const QString base64 = QString::fromLatin1(it->bytes.toBase64());
        PAYDESK_TRY(m_drafts.save(QString::fromLatin1(photoKeyPrefix) + it.key(),
                                  {{u"file_name"_s, it->fileName}, {u"bytes"_s, base64}},
                                  {u"bytes"_s}));
        m_storedPhotos.insert(it.key(), hash);
    }
    return {};
}

Status SignupDraftStore::save(const MerchantApplication &application, int page)
{
    PAYDESK_TRY(savePhotos(application));
    return m_drafts.save(QString::fromLatin1(pageKey),
                         {{u"page"_s, page},
                          {u"application"_s, application.publicJson()},
                          {u"secrets"_s, application.secretJson(false)}},
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
    for (auto it = d.application.documents.begin(); it != d.application.documents.end(); ++it) {
        auto photo = m_drafts.load(QString::fromLatin1(photoKeyPrefix) + it.key());
        if (!photo.ok())
            return R::failure(
                u"signup.draft_unreadable"_s,
                tr("A saved photo cannot be read (%1): add it again.").arg(photo.error().message));
        it->bytes = QByteArray::fromBase64(photo.value().value(u"bytes"_s).toString().toLatin1());
        m_storedPhotos.insert(it.key(), crypto::sha256(it->bytes));
    }
    return std::optional<Draft>(std::move(d));
}

Status SignupDraftStore::clear()
{
    auto pages = m_drafts.pages();
    if (!pages.ok())
        return pages.error();
    for (const QString &page : pages.value())
        if (page.startsWith(QLatin1String(photoKeyPrefix)))
            PAYDESK_TRY(m_drafts.remove(page));
    m_storedPhotos.clear();
    return m_drafts.remove(QString::fromLatin1(pageKey));
}

} // namespace paydesk::onboarding
