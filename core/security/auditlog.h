#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace paydesk {

class Clock;
class Database;
class SecretVault;

/// One row of the audit log.
struct AuditEntry
{
    qint64 id = 0;
    QDateTime at;
    QString action; ///< stable dotted id, e.g. "operator.login", "refund.created"
    QString operatorName;
    QJsonObject details;
    QString prevHash; ///< hex
    QString hash;     ///< hex
};

/// The result of AuditLog::verify().
struct AuditVerification
{
    bool ok = true;
    qint64 entries = 0;
    /// The first entry whose content, position or link is wrong (for a deleted entry: the one
    /// after the gap; for a truncated tail: the id of the first missing entry).
    std::optional<qint64> firstBadId;
    QString reason; ///< translated, empty when ok
};

/// Filters for AuditLog::query(). Empty fields do not filter.
struct AuditFilter
{
    QString action;       ///< exact, or a prefix ending in '.' ("operator.")
    QString operatorName; ///< exact (case-insensitive)
    QDateTime from;       ///< inclusive
    QDateTime to;         ///< exclusive
    QString text;         ///< substring of action, operator or details
    int limit = 1000;
    int offset = 0;
    bool newestFirst = true;
};

/// The tamper-evident, append-only log of every security- and money-relevant action.
///
/// Each entry's hash is SHA-256(prev_hash || canonical payload), where the payload is the
/// compact JSON of {action, details, id, operator, time} with keys sorted (QJsonObject order),
/// and prev_hash of the first entry is 64 zeros. Triggers refuse UPDATE and DELETE; verify()
/// finds an edit anyway (someone can drop a trigger or edit the file).
///
/// With a SecretVault, the head of the chain (last id and hash) is also sealed into the settings
/// table under "audit.head", so cutting entries off the END of the log is detected too.
class AuditLog
{
    Q_DECLARE_TR_FUNCTIONS(AuditLog)
public:
    static constexpr auto GenesisHash =
        "0000000000000000000000000000000000000000000000000000000000000000";

    AuditLog(Database &db, Clock &clock, const SecretVault *headSeal = nullptr);

    /// Appends an entry (in its own transaction, or a savepoint of the caller's). Returns its id.
    Result<qint64> append(const QString &action, const QString &operatorName,
                          const QJsonObject &details = {});

    AuditVerification verify() const;

    Result<QList<AuditEntry>> query(const AuditFilter &filter = {}) const;
    Result<qint64> count() const;

    /// The canonical bytes hashed for an entry (exposed for tests and external verifiers).
    static QByteArray canonicalPayload(qint64 id, const QString &time, const QString &action,
                                       const QString &operatorName, const QJsonObject &details);
    static QString chainHash(const QString &prevHash, const QByteArray &payload);
    static QString formatTime(const QDateTime &utc);

private:
    Database &m_db;
    Clock &m_clock;
    const SecretVault *m_seal;
};

} // namespace paydesk
