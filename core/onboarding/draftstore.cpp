#include "core/onboarding/draftstore.h"

#include "core/crypto/secretvault.h"
#include "core/storage/database.h"
#include "core/util/clock.h"

#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

DraftStore::DraftStore(Database &db, const SecretVault &vault, const Clock &clock)
    : m_db(db), m_vault(vault), m_clock(clock)
{
}

QByteArray DraftStore::secretsContext(const QString &pageKey)
{
    return "onboarding_drafts." + pageKey.toUtf8() + ".secrets";
}

Status DraftStore::save(const QString &pageKey, const QJsonObject &fields,
                        const QStringList &sensitiveKeys)
{
    if (pageKey.isEmpty())
        return Error{u"onboarding.draft_key"_s, tr("A draft needs a page key.")};
    QJsonObject plain = fields;
    QJsonObject secret;
    for (const QString &key : sensitiveKeys) {
        const QJsonValue value = plain.take(key);
        if (!value.isUndefined() && !value.isNull() && value != QJsonValue(QString()))
            secret.insert(key, value);
    }
    QVariant blob; // NULL when nothing sensitive was typed yet
    if (!secret.isEmpty()) {
        auto encrypted = m_vault.encryptString(compact(secret), secretsContext(pageKey));
        if (!encrypted.ok())
            return encrypted.error();
        blob = encrypted.value();
    }
    auto stored =
        m_db.exec(u"INSERT OR REPLACE INTO onboarding_drafts(page_key, data, secrets,"
                  " updated_at) VALUES(?, ?, ?, ?)"_s,
                  {pageKey, compact(plain), blob, m_clock.nowUtc().toString(Qt::ISODateWithMs)});
    if (!stored.ok())
        return stored.error();
    return {};
}

Result<QJsonObject> DraftStore::load(const QString &pageKey) const
{
    auto q =
        m_db.exec(u"SELECT data, secrets FROM onboarding_drafts WHERE page_key = ?"_s, {pageKey});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return QJsonObject();
    QJsonObject fields = QJsonDocument::fromJson(q.value().value(0).toString().toUtf8()).object();
    const QString blob = q.value().value(1).toString();
    if (!blob.isEmpty()) {
        auto plain = m_vault.decryptString(blob, secretsContext(pageKey));
        if (!plain.ok())
            return Error{u"onboarding.draft_secrets"_s,
                         tr("The saved draft of this page cannot be decrypted: %1")
                             .arg(plain.error().message)};
        const QJsonObject secret = QJsonDocument::fromJson(plain.value().toUtf8()).object();
        for (auto it = secret.begin(); it != secret.end(); ++it)
            fields.insert(it.key(), it.value());
    }
    return fields;
}

Result<QStringList> DraftStore::pages() const
{
    auto q = m_db.exec(u"SELECT page_key FROM onboarding_drafts ORDER BY updated_at, page_key"_s);
    if (!q.ok())
        return q.error();
    QStringList out;
    while (q.value().next())
        out << q.value().value(0).toString();
    return out;
}

Status DraftStore::remove(const QString &pageKey)
{
    auto q = m_db.exec(u"DELETE FROM onboarding_drafts WHERE page_key = ?"_s, {pageKey});
    if (!q.ok())
        return q.error();
    return {};
}

Status DraftStore::clear()
{
    auto q = m_db.exec(u"DELETE FROM onboarding_drafts"_s);
    if (!q.ok())
        return q.error();
    return {};
}

} // namespace paydesk
