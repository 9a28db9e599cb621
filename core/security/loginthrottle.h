#pragma once

#include "core/util/result.h"

#include <QDateTime>
#include <QString>

namespace paydesk {

class AuditLog;
class Clock;
class Database;

/// Lock-out after repeated failed proofs of identity: wrong passwords at login and wrong
/// second-factor codes at login or step-up count alike, because guessing a code at an unlocked
/// till is guessing the second half of a credential.
///
/// The counter lives in operators.failed_attempts and is only ever changed by one
/// `failed_attempts = failed_attempts + 1` inside the write transaction that also decides the
/// lock-out, so failures typed at several tills at once are all counted.
class LoginThrottle
{
public:
    static constexpr int MaxFailures = 5;
    static constexpr int LockoutMinutes = 15;

    LoginThrottle(Database &db, Clock &clock, AuditLog &audit);

    /// Counts one failure of \a operatorId (audited as "operator.login_failed" with \a reason),
    /// locking the operator out when it reaches MaxFailures. Returns the lock-out error when the
    /// operator is locked (by this failure or an earlier one), else \a otherwise.
    Error recordFailure(qint64 operatorId, const QString &operatorName, const QString &reason,
                        const Error &otherwise);
    /// Until when \a operatorId is locked out; invalid when not locked.
    QDateTime lockedUntil(qint64 operatorId) const;
    /// "Too many failed attempts. Try again in N minutes."
    static Error lockedError(const QDateTime &now, const QDateTime &until);

private:
    Database &m_db;
    Clock &m_clock;
    AuditLog &m_audit;
};

} // namespace paydesk
