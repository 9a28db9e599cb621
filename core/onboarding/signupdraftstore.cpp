#include "core/onboarding/signupdraftstore.h"

#include "core/crypto/secretvault.h"
#include "core/storage/database.h"
#include "core/util/clock.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace paydesk::onboarding {

SignupDraftStore::SignupDraftStore(Database &db, const SecretVault &vault, const Clock &clock)
    : m_db(db), m_vault(vault), m_clock(clock)
{
}

Status SignupDraftStore::save(const MerchantApplication &application, int page)
{
    auto secrets =
        m_vault.encrypt(QJsonDocument(application.secretJson()).toJson(QJsonDocument::Compact),
                        QByteArray(secretContext));
    if (!secrets.ok())
        return secrets.error();
    const QString data =
        QString::fromUtf8(QJsonDocument(application.publicJson()).toJson(QJsonDocument::Compact));
    auto done = m_db.exec(
        u"INSERT INTO signup_draft(id, page, data, secrets, updated_at) VALUES(1, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET page = excluded.page, data = excluded.data, "
        "secrets = excluded.secrets, updated_at = excluded.updated_at"_s,
        {page, data, QString::fromLatin1(secrets.value()),
         m_clock.nowUtc().toString(Qt::ISODateWithMs)});
    if (!done.ok())
        return done.error();
    return {};
}

Result<std::optional<SignupDraftStore::Draft>> SignupDraftStore::load() const
{
    using R = Result<std::optional<Draft>>;
    auto query = m_db.exec(u"SELECT page, data, secrets FROM signup_draft WHERE id = 1"_s);
    if (!query.ok())
        return query.error();
    QSqlQuery &q = query.value();
    if (!q.next())
        return std::optional<Draft>();
    auto secrets = m_vault.decrypt(q.value(2).toString().toLatin1(), QByteArray(secretContext));
    if (!secrets.ok())
        return R::failure(u"signup.draft_unreadable"_s,
                          tr("The saved application cannot be decrypted (%1). Start it again.")
                              .arg(secrets.error().message));
    Draft d;
    d.page = q.value(0).toInt();
    d.application =
        MerchantApplication::fromJson(QJsonDocument::fromJson(q.value(1).toByteArray()).object(),
                                      QJsonDocument::fromJson(secrets.value()).object());
    return std::optional<Draft>(std::move(d));
}

Status SignupDraftStore::clear()
{
    auto done = m_db.exec(u"DELETE FROM signup_draft"_s);
    if (!done.ok())
        return done.error();
    return {};
}

} // namespace paydesk::onboarding
