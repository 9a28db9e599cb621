#include "core/security/replayguard.h"

#include "core/storage/database.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QSqlQuery>

namespace paydesk {

ReplayGuard::ReplayGuard(Clock &clock, Database *db, int windowSeconds)
    : m_clock(clock), m_db(db), m_window(windowSeconds)
{
}

void ReplayGuard::prune()
{
    const QDateTime cutoff = m_clock.nowUtc().addSecs(-m_window);
    for (auto it = m_seen.begin(); it != m_seen.end();) {
        if (it.value() < cutoff)
            it = m_seen.erase(it);
        else
            ++it;
    }
    if (m_db)
        logIfFailed(m_db->exec(QStringLiteral("DELETE FROM replay_nonces WHERE seen_at < ?"),
                               {cutoff.toString(Qt::ISODateWithMs)}),
                    lcSecurity(), "pruning replay ids");
}

bool ReplayGuard::seen(const QString &id) const
{
    const QDateTime cutoff = m_clock.nowUtc().addSecs(-m_window);
    if (auto it = m_seen.constFind(id); it != m_seen.constEnd() && it.value() >= cutoff)
        return true;
    if (m_db) {
        auto v =
            m_db->scalar(QStringLiteral("SELECT seen_at FROM replay_nonces WHERE nonce = ?"), {id});
        if (v.ok() && v.value())
            return QDateTime::fromString(v.value()->toString(), Qt::ISODateWithMs) >= cutoff;
    }
    return false;
}

Status ReplayGuard::check(const QString &id, const QDateTime &timestamp)
{
    if (id.isEmpty())
        return Status::failure(QStringLiteral("replay.bad_input"), tr("The message has no id."));
    if (timestamp.isValid()) {
        const qint64 skew = std::abs(timestamp.secsTo(m_clock.nowUtc()));
        if (skew >= m_window) {
            qCWarning(lcSecurity) << "stale message refused" << id << "skew" << skew << "s";
            return Status::failure(
                QStringLiteral("replay.stale"),
                tr("The message is too old or from the future (%1 s off).").arg(skew));
        }
    }
    prune();
    if (seen(id)) {
        qCWarning(lcSecurity) << "replayed message refused" << id;
        return Status::failure(QStringLiteral("replay.duplicate"),
                               tr("This message was already received."));
    }
    return {};
}

Status ReplayGuard::markSeen(const QString &id)
{
    const QDateTime now = m_clock.nowUtc();
    if (!m_db) {
        m_seen.insert(id, now);
        return {};
    }
    // Only in the table: a rolled-back transaction must leave the id unseen, and a copy in
    // memory would outlive the rollback.
    auto r = m_db->exec(
        QStringLiteral("INSERT OR REPLACE INTO replay_nonces(nonce, seen_at) VALUES(?, ?)"),
        {id, now.toString(Qt::ISODateWithMs)});
    if (!r.ok())
        return r.error();
    return {};
}

Status ReplayGuard::acceptId(const QString &id)
{
    PAYDESK_TRY(check(id));
    return markSeen(id);
}

Status ReplayGuard::accept(const QString &id, const QDateTime &timestamp)
{
    if (!timestamp.isValid())
        return Status::failure(QStringLiteral("replay.bad_input"),
                               tr("The message has no valid timestamp."));
    PAYDESK_TRY(check(id, timestamp));
    return markSeen(id);
}

} // namespace paydesk
