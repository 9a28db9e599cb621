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
    /// Entries 1..legacyEntries were written before the chain was keyed (Paydesk before the
    /// keyed chain): they are checked with the old unkeyed hash, and protected by the keyed
    /// cut-over entry that follows them. 0 for a log that was keyed from its first entry.
    qint64 legacyEntries = 0;
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
/// Each entry's hash is HMAC-SHA256(K, prev_hash || canonical payload), where K is derived from
/// the vault's data key (SecretVault::deriveKey("audit.chain")), the payload is the compact JSON
/// of {action, details, id, operator, time} with keys sorted (QJsonObject order), and prev_hash
/// of the first entry is 64 zeros. Without the key nobody can recompute a hash, so an edited,
/// deleted or inserted entry cannot be re-linked. Triggers refuse UPDATE and DELETE; verify()
/// finds an edit anyway (someone can drop a trigger or edit the file).
///
/// The head of the chain (last id and hash, and where the keyed part starts) is sealed with the
/// vault into the settings table under "audit.head" in the same transaction as every append, so
/// the head must name the last entry exactly: a cut tail, or entries after a put-back older
/// seal, are detected.
///
/// Logs written before the keyed chain (unkeyed SHA-256 links) are upgraded once by
/// upgradeChain(): it appends an "audit.chain_keyed" entry, keyed and linked to the last
/// legacy entry, recording the cut-over point and whether the legacy part verified. Legacy
/// entries keep their unkeyed hashes (they cannot be re-keyed honestly); verify() reports them
/// as legacyEntries.
class AuditLog
{
    Q_DECLARE_TR_FUNCTIONS(AuditLog)
public:
    static constexpr auto GenesisHash =
        "0000000000000000000000000000000000000000000000000000000000000000";

    AuditLog(Database &db, Clock &clock, const SecretVault &vault);

    /// Who an entry names when append() is given no operator: set once per process by the
    /// composition root or a headless command (e.g. "pos:<os user>").
    void setDefaultActor(const QString &actor) { m_defaultActor = actor; }
    QString defaultActor() const { return m_defaultActor; }
    /// "<prefix>:<name of the OS user running this process>".
    static QString osUserActor(const QString &prefix = QStringLiteral("pos"));

    /// Appends an entry (in its own transaction, or a savepoint of the caller's). Returns its id.
    /// An empty \a operatorName records defaultActor().
    Result<qint64> append(const QString &action, const QString &operatorName,
                          const QJsonObject &details = {});

    /// Keys a legacy (unkeyed) log: see the class comment. Nothing to do for a keyed or empty
    /// log. append() does it by itself; the composition root calls it at start so the cut-over
    /// is recorded when the new version first runs.
    Status upgradeChain();

    AuditVerification verify() const;

    Result<QList<AuditEntry>> query(const AuditFilter &filter = {}) const;
    Result<qint64> count() const;

    /// The canonical bytes hashed for an entry (exposed for tests and external verifiers).
    static QByteArray canonicalPayload(qint64 id, const QString &time, const QString &action,
                                       const QString &operatorName, const QJsonObject &details);
    /// The link of a keyed entry.
    QString chainHash(const QString &prevHash, const QByteArray &payload) const;
    /// The link of an entry written before the chain was keyed: SHA-256(prev || payload).
    static QString legacyChainHash(const QString &prevHash, const QByteArray &payload);
    static QString formatTime(const QDateTime &utc);

private:
    struct Head;
    std::optional<Head> readHead(QString *problem) const;
    Status writeHead(const Head &head);
    Result<qint64> insert(const QString &action, const QString &operatorName,
                          const QJsonObject &details);
    struct Walk;
    /// Checks ids, links and hashes (unkeyed below \a keyedFrom); notes the hash at \a headId.
    Walk walkChain(qint64 keyedFrom, qint64 headId) const;

    Database &m_db;
    Clock &m_clock;
    const SecretVault &m_vault;
    QByteArray m_chainKey;
    QString m_defaultActor;
};

} // namespace paydesk
