#include "core/security/loginthrottle.h"

#include "core/security/auditlog.h"
#include "core/storage/database.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QSqlQuery>

namespace paydesk {

LoginThrottle::LoginThrottle(Database &db, Clock &clock, AuditLog &audit)
    : m_db(db), m_clock(clock), m_audit(audit)
{
}

Error LoginThrottle::lockedError(const QDateTime &now, const QDateTime &until)
{
    const int minutes = int(std::max<qint64>(1, (now.secsTo(until) + 59) / 60));
    // Worded for OperatorService first; its translation lives under that context.
    return Error{QStringLiteral("security.locked"),
                 QCoreApplication::translate("paydesk::OperatorService",
                                             "Too many failed attempts. Try again in %n minute(s).",
                                             nullptr, minutes)};
}

QDateTime LoginThrottle::lockedUntil(qint64 operatorId) const
{
    auto v = m_db.scalar(QStringLiteral("SELECT locked_until FROM operators WHERE id = ?"),
                         {operatorId});
    if (!v.ok() || !v.value() || v.value()->isNull())
        return {};
    const QDateTime until = QDateTime::fromString(v.value()->toString(), Qt::ISODateWithMs);
    return until.isValid() && until > m_clock.nowUtc() ? until : QDateTime();
}

Error LoginThrottle::recordFailure(qint64 operatorId, const QString &operatorName,
                                   const QString &reason, const Error &otherwise)
{
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    // The increment and the read below run under the write lock BEGIN IMMEDIATE took: no
    // other till can slip a failure in between.
    auto counted = m_db.exec(
        QStringLiteral("UPDATE operators SET failed_attempts = failed_attempts + 1 WHERE id = ?"),
        {operatorId});
    if (!counted.ok())
        return counted.error();
    auto state = m_db.exec(
        QStringLiteral("SELECT failed_attempts, locked_until FROM operators WHERE id = ?"),
        {operatorId});
    if (!state.ok())
        return state.error();
    if (!state.value().next())
        return otherwise;
    const int failures = state.value().value(0).toInt();
    const QDateTime now = m_clock.nowUtc();
    const QDateTime lockedBefore =
        QDateTime::fromString(state.value().value(1).toString(), Qt::ISODateWithMs);
    if (auto a = m_audit.append(
            QStringLiteral("operator.login_failed"), operatorName,
            {{QStringLiteral("reason"), reason}, {QStringLiteral("attempt"), failures}});
        !a.ok())
        return a.error();
    const bool lockNow = failures >= MaxFailures;
    const QDateTime until = now.addSecs(qint64(LockoutMinutes) * 60);
    if (lockNow) {
        auto u = m_db.exec(
            QStringLiteral(
                "UPDATE operators SET failed_attempts = 0, locked_until = ? WHERE id = ?"),
            {AuditLog::formatTime(until), operatorId});
        if (!u.ok())
            return u.error();
        if (auto a = m_audit.append(QStringLiteral("operator.locked_out"), operatorName,
                                    {{QStringLiteral("until"), AuditLog::formatTime(until)},
                                     {QStringLiteral("failures"), failures}});
            !a.ok())
            return a.error();
        qCWarning(lcSecurity) << "operator locked out after" << failures << "failures";
    }
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    if (lockNow)
        return lockedError(now, until);
    if (lockedBefore.isValid() && lockedBefore > now)
        return lockedError(now, lockedBefore);
    return otherwise;
}

} // namespace paydesk
