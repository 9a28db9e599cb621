#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QString>

namespace paydesk {

class Clock;
class Database;

/// Refuses replayed or stale provider messages: a message whose timestamp is WindowSeconds or
/// more away from now (either direction), and any id/nonce already accepted within the window.
/// With a Database the accepted ids persist (table replay_nonces), so a restart does not reopen
/// the window; without one they live in memory.
class ReplayGuard
{
    Q_DECLARE_TR_FUNCTIONS(ReplayGuard)
public:
    static constexpr int DefaultWindowSeconds = 300;

    explicit ReplayGuard(Clock &clock, Database *db = nullptr,
                         int windowSeconds = DefaultWindowSeconds);

    /// Accepts \a id with its \a timestamp once. Codes: replay.stale, replay.duplicate,
    /// replay.bad_input.
    Status accept(const QString &id, const QDateTime &timestamp);
    /// Accepts \a id (a provider notification id without a usable timestamp) once per window.
    Status acceptId(const QString &id);

    /// Like accept() / acceptId() (\a timestamp may be invalid: no age check) but without
    /// recording \a id: a caller that acts on the message records it with markSeen() in the
    /// same transaction as the action, so a failed action leaves the id unseen and the
    /// sender's retry is processed.
    Status check(const QString &id, const QDateTime &timestamp = {});
    /// Records \a id as accepted. With a Database it is a write on that connection, part of
    /// the caller's open transaction.
    Status markSeen(const QString &id);

    bool seen(const QString &id) const;
    int windowSeconds() const { return m_window; }

private:
    void prune();

    Clock &m_clock;
    Database *m_db;
    int m_window;
    QHash<QString, QDateTime> m_seen; // id -> when accepted
};

} // namespace paydesk
