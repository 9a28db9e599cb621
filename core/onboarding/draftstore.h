#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace paydesk {

class Clock;
class Database;
class SecretVault;

/// The first-run wizard's draft: one JSON object per page, saved whenever a page is left and
/// read back when the wizard opens again, so quitting midway (or cancelling) loses nothing.
/// Fields named in \a sensitiveKeys (private keys, ID and bank account numbers...) never reach
/// the database in clear: they are stored together as one SecretVault blob bound to the page
/// key, and load() returns them decrypted beside the plain ones. Owns onboarding_drafts.
///
/// Page keys are short stable names chosen by each page ("owner", "connect",
/// "signup.business"...); a page that saves again replaces its previous draft.
class DraftStore
{
    Q_DECLARE_TR_FUNCTIONS(DraftStore)
public:
    DraftStore(Database &db, const SecretVault &vault, const Clock &clock);

    /// Replaces the draft of \a pageKey with \a fields; the keys in \a sensitiveKeys are
    /// encrypted. Empty values of sensitive keys are simply not stored.
    Status save(const QString &pageKey, const QJsonObject &fields,
                const QStringList &sensitiveKeys = {});
    /// The draft of \a pageKey, sensitive fields decrypted; empty when there is none. A blob
    /// that no longer decrypts (another data key) is an error, not an empty draft.
    Result<QJsonObject> load(const QString &pageKey) const;
    /// Page keys that have a draft, oldest first.
    Result<QStringList> pages() const;
    /// Forgets the draft of \a pageKey.
    Status remove(const QString &pageKey);
    /// Forgets every draft (the wizard finished).
    Status clear();

    /// The SecretVault context of \a pageKey's sensitive fields.
    static QByteArray secretsContext(const QString &pageKey);

private:
    Database &m_db;
    const SecretVault &m_vault;
    const Clock &m_clock;
};

} // namespace paydesk
