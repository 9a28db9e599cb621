#include "core/security/auditlog.h"

#include "core/crypto/crypto.h"
#include "core/crypto/secretvault.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QJsonDocument>
#include <QSqlQuery>

#include <algorithm>
#include <limits>

#include <pwd.h>
#include <unistd.h>

namespace paydesk {

namespace {

const QByteArray kHeadContext = QByteArrayLiteral("audit.head");
const QString kHeadKey = QStringLiteral("audit.head");
const QByteArray kChainKeyPurpose = QByteArrayLiteral("audit.chain");
const QString kKeyedTag = QStringLiteral("keyed");
const QString kChainKeyedAction = QStringLiteral("audit.chain_keyed");
const QString kHeadLostAction = QStringLiteral("audit.head_lost");

QString compactJson(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString likeEscaped(const QString &text)
{
    QString s = text;
    s.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    s.replace(QLatin1Char('%'), QStringLiteral("\\%"));
    s.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return s;
}

} // namespace

struct AuditLog::Head
{
    bool legacy = false;  ///< written by a version before the keyed chain: "id:hash"
    qint64 keyedFrom = 1; ///< first entry hashed with the key (keyed heads only)
    qint64 id = 0;
    QString hash;
};

struct AuditLog::Walk
{
    AuditVerification v;
    QString hashAtHead; ///< the hash of the entry the sealed head names
};

AuditLog::AuditLog(Database &db, Clock &clock, const SecretVault &vault)
    : m_db(db), m_clock(clock), m_vault(vault), m_chainKey(vault.deriveKey(kChainKeyPurpose)),
      m_defaultActor(QStringLiteral("system"))
{
}

QString AuditLog::osUserActor(const QString &prefix)
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("LOGNAME");
    if (const passwd *pw = ::getpwuid(::geteuid()); pw && pw->pw_name)
        user = QString::fromLocal8Bit(pw->pw_name);
    return prefix + QLatin1Char(':') + (user.isEmpty() ? QStringLiteral("unknown") : user);
}

QString AuditLog::formatTime(const QDateTime &utc)
{
    return utc.toUTC().toString(Qt::ISODateWithMs);
}

QByteArray AuditLog::canonicalPayload(qint64 id, const QString &time, const QString &action,
                                      const QString &operatorName, const QJsonObject &details)
{
    QJsonObject o;
    o.insert(QStringLiteral("action"), action);
    o.insert(QStringLiteral("details"), details);
    o.insert(QStringLiteral("id"), QString::number(id)); // as text: exact beyond 2^53
    o.insert(QStringLiteral("operator"), operatorName);
    o.insert(QStringLiteral("time"), time);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString AuditLog::chainHash(const QString &prevHash, const QByteArray &payload) const
{
    return QString::fromLatin1(
        crypto::hmacSha256(m_chainKey, prevHash.toLatin1() + payload).toHex());
}

QString AuditLog::legacyChainHash(const QString &prevHash, const QByteArray &payload)
{
    return QString::fromLatin1(crypto::sha256(prevHash.toLatin1() + payload).toHex());
}

std::optional<AuditLog::Head> AuditLog::readHead(QString *problem) const
{
    const auto sealed = SettingsStore(m_db).value(kHeadKey);
    if (!sealed)
        return std::nullopt;
    auto plain = m_vault.decryptString(*sealed, kHeadContext);
    const QStringList parts = plain.ok() ? plain.value().split(QLatin1Char(':')) : QStringList();
    Head head;
    bool okId = false;
    bool okFrom = true;
    if (parts.size() == 4 && parts.at(0) == kKeyedTag) {
        head.keyedFrom = parts.at(1).toLongLong(&okFrom);
        head.id = parts.at(2).toLongLong(&okId);
        head.hash = parts.at(3);
    } else if (parts.size() == 2) {
        head.legacy = true;
        head.id = parts.at(0).toLongLong(&okId);
        head.hash = parts.at(1);
    }
    if (!okId || !okFrom) {
        if (problem)
            *problem = tr("The sealed head of the audit log is damaged.");
        return std::nullopt;
    }
    return head;
}

Status AuditLog::writeHead(const Head &head)
{
    const QString plain =
        QStringList{kKeyedTag, QString::number(head.keyedFrom), QString::number(head.id), head.hash}
            .join(QLatin1Char(':'));
    auto sealed = m_vault.encryptString(plain, kHeadContext);
    if (!sealed.ok())
        return sealed.error();
    return SettingsStore(m_db).setValue(kHeadKey, sealed.value());
}

Result<qint64> AuditLog::insert(const QString &action, const QString &operatorName,
                                const QJsonObject &details)
{
    auto last =
        m_db.exec(QStringLiteral("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"));
    if (!last.ok())
        return last.error();
    qint64 id = 1;
    QString prev = QString::fromLatin1(GenesisHash);
    if (last.value().next()) {
        id = last.value().value(0).toLongLong() + 1;
        prev = last.value().value(1).toString();
    }
    const auto head = readHead(nullptr);
    Head next;
    // A legacy head: this entry is the first keyed one. No head: a new log, or one whose head
    // was lost (upgradeChain() recorded that); production logs were always sealed, so keyed.
    next.keyedFrom = head ? (head->legacy ? id : head->keyedFrom) : 1;
    next.id = id;
    const QString time = formatTime(m_clock.nowUtc());
    next.hash = chainHash(prev, canonicalPayload(id, time, action, operatorName, details));
    auto ins = m_db.exec(QStringLiteral("INSERT INTO audit_log(id, at, action, operator, details,"
                                        " prev_hash, hash) VALUES(?, ?, ?, ?, ?, ?, ?)"),
                         {id, time, action, operatorName, compactJson(details), prev, next.hash});
    if (!ins.ok())
        return ins.error();
    if (auto s = writeHead(next); !s.ok())
        return s.error();
    qCDebug(lcSecurity) << "audit" << id << action << operatorName;
    return id;
}

Status AuditLog::upgradeChain()
{
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    auto count = m_db.scalar(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM audit_log"));
    if (!count.ok())
        return count.error();
    const qint64 lastId = count.value() ? count.value()->toLongLong() : 0;
    if (lastId == 0)
        return {};
    QString problem;
    const auto head = readHead(&problem);
    if (head && !head->legacy)
        return {};
    if (!head) {
        // Keep the loss visible for ever: verify() fails at this entry. Re-sealing silently
        // would hide a tail cut before the loss.
        qCCritical(lcSecurity) << "audit head missing or damaged; recording it at" << lastId + 1;
        PAYDESK_TRY(
            insert(kHeadLostAction, QStringLiteral("system"),
                   {{QStringLiteral("last_entry"), QString::number(lastId)},
                    {QStringLiteral("problem"),
                     problem.isEmpty() ? QStringLiteral("missing") : QStringLiteral("damaged")}}));
        return tx.commit();
    }
    const Walk walk = walkChain(std::numeric_limits<qint64>::max(), head->id);
    AuditVerification legacy = walk.v;
    if (legacy.ok && (head->id != lastId || walk.hashAtHead != head->hash)) {
        legacy.ok = false;
        legacy.firstBadId = head->id > lastId   ? lastId + 1
                            : head->id < lastId ? head->id + 1
                                                : head->id;
    }
    QJsonObject details{{QStringLiteral("legacy_until"), QString::number(lastId)},
                        {QStringLiteral("legacy_verified"), legacy.ok}};
    if (legacy.firstBadId)
        details.insert(QStringLiteral("legacy_first_bad"), QString::number(*legacy.firstBadId));
    PAYDESK_TRY(insert(kChainKeyedAction, QStringLiteral("system"), details));
    PAYDESK_TRY(tx.commit());
    qCInfo(lcSecurity) << "audit log keyed from entry" << lastId + 1
                       << "legacy part verified:" << legacy.ok;
    return {};
}

Result<qint64> AuditLog::append(const QString &action, const QString &operatorName,
                                const QJsonObject &details)
{
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    PAYDESK_TRY(upgradeChain());
    auto id = insert(action, operatorName.isEmpty() ? m_defaultActor : operatorName, details);
    if (!id.ok())
        return id;
    PAYDESK_TRY(tx.commit());
    return id;
}

AuditLog::Walk AuditLog::walkChain(qint64 keyedFrom, qint64 headId) const
{
    Walk w;
    AuditVerification &v = w.v;
    auto fail = [&w](qint64 id, const QString &reason) {
        w.v.ok = false;
        w.v.firstBadId = id;
        w.v.reason = reason;
        return w;
    };
    auto q = m_db.exec(QStringLiteral(
        "SELECT id, at, action, operator, details, prev_hash, hash FROM audit_log ORDER BY id"));
    if (!q.ok()) {
        v.ok = false;
        v.reason = q.error().message;
        return w;
    }
    QSqlQuery &rows = q.value();
    qint64 expectedId = 1;
    QString prev = QString::fromLatin1(GenesisHash);
    while (rows.next()) {
        const qint64 id = rows.value(0).toLongLong();
        const QString time = rows.value(1).toString();
        const QString action = rows.value(2).toString();
        const QString op = rows.value(3).toString();
        const QString detailsText = rows.value(4).toString();
        const QString prevHash = rows.value(5).toString();
        const QString hash = rows.value(6).toString();
        if (id != expectedId)
            return fail(
                id,
                tr("Entry %1 follows entry %2: entries are missing.").arg(id).arg(expectedId - 1));
        if (prevHash != prev)
            return fail(id, tr("Entry %1 does not link to the entry before it.").arg(id));
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(detailsText.toUtf8(), &err);
        if (err.error != QJsonParseError::NoError || !doc.isObject() ||
            compactJson(doc.object()) != detailsText)
            return fail(id, tr("Entry %1 has altered details.").arg(id));
        const QByteArray payload = canonicalPayload(id, time, action, op, doc.object());
        const QString expected =
            id < keyedFrom ? legacyChainHash(prev, payload) : chainHash(prev, payload);
        if (!crypto::constantTimeEquals(expected.toLatin1(), hash.toLatin1()))
            return fail(id, tr("Entry %1 was altered after it was written.").arg(id));
        if (action == kHeadLostAction && id >= keyedFrom)
            return fail(id, tr("The sealed head of the audit log was lost before entry %1: "
                               "entries at its end may have been removed.")
                                .arg(id));
        prev = hash;
        if (id == headId)
            w.hashAtHead = hash;
        ++v.entries;
        ++expectedId;
    }
    return w;
}

AuditVerification AuditLog::verify() const
{
    QString problem;
    const auto head = readHead(&problem);
    const qint64 keyedFrom = !head          ? 1
                             : head->legacy ? std::numeric_limits<qint64>::max()
                                            : head->keyedFrom;
    Walk w = walkChain(keyedFrom, head ? head->id : 0);
    AuditVerification &v = w.v;
    auto fail = [&v](qint64 id, const QString &reason) {
        v.ok = false;
        v.firstBadId = id;
        v.reason = reason;
        qCWarning(lcSecurity) << "audit chain broken at" << id << reason;
        return v;
    };
    if (!v.ok) {
        qCWarning(lcSecurity) << "audit chain broken at" << v.firstBadId.value_or(0) << v.reason;
        return v;
    }
    if (!head) {
        if (!problem.isEmpty())
            return fail(v.entries + 1, problem);
        // Every append writes the head in its transaction: its absence is itself tampering.
        if (v.entries > 0)
            return fail(v.entries, tr("The sealed head of the audit log is missing."));
        return v;
    }
    // The head names the last entry exactly, whatever follows it.
    if (head->id > v.entries)
        return fail(v.entries + 1, tr("Entries %1 to %2 were removed from the end of the log.")
                                       .arg(v.entries + 1)
                                       .arg(head->id));
    if (w.hashAtHead != head->hash)
        return fail(head->id, tr("Entry %1 was altered after it was written.").arg(head->id));
    if (head->id < v.entries)
        return fail(head->id + 1,
                    tr("Entries %1 to %2 were added behind the sealed head of the log.")
                        .arg(head->id + 1)
                        .arg(v.entries));
    v.legacyEntries = std::min(keyedFrom - 1, v.entries);
    return v;
}
Result<QList<AuditEntry>> AuditLog::query(const AuditFilter &filter) const
{
    QString sql = QStringLiteral(
        "SELECT id, at, action, operator, details, prev_hash, hash FROM audit_log WHERE 1=1");
    QVariantList binds;
    if (!filter.action.isEmpty()) {
        if (filter.action.endsWith(QLatin1Char('.'))) {
            sql += QStringLiteral(" AND action LIKE ? ESCAPE '\\'");
            binds << likeEscaped(filter.action) + QLatin1Char('%');
        } else {
            sql += QStringLiteral(" AND action = ?");
            binds << filter.action;
        }
    }
    if (!filter.operatorName.isEmpty()) {
        sql += QStringLiteral(" AND operator = ? COLLATE NOCASE");
        binds << filter.operatorName;
    }
    if (filter.from.isValid()) {
        sql += QStringLiteral(" AND at >= ?");
        binds << formatTime(filter.from);
    }
    if (filter.to.isValid()) {
        sql += QStringLiteral(" AND at < ?");
        binds << formatTime(filter.to);
    }
    if (!filter.text.isEmpty()) {
        sql += QStringLiteral(" AND (action LIKE ? ESCAPE '\\' OR operator LIKE ? ESCAPE '\\'"
                              " OR details LIKE ? ESCAPE '\\')");
        const QString pattern = QLatin1Char('%') + likeEscaped(filter.text) + QLatin1Char('%');
        binds << pattern << pattern << pattern;
    }
    sql +=
        filter.newestFirst ? QStringLiteral(" ORDER BY id DESC") : QStringLiteral(" ORDER BY id");
    sql += QStringLiteral(" LIMIT ? OFFSET ?");
    binds << filter.limit << filter.offset;
    auto q = m_db.exec(sql, binds);
    if (!q.ok())
        return q.error();
    QList<AuditEntry> out;
    while (q.value().next()) {
        AuditEntry e;
        e.id = q.value().value(0).toLongLong();
        e.at = QDateTime::fromString(q.value().value(1).toString(), Qt::ISODateWithMs);
        e.action = q.value().value(2).toString();
        e.operatorName = q.value().value(3).toString();
        e.details = QJsonDocument::fromJson(q.value().value(4).toString().toUtf8()).object();
        e.prevHash = q.value().value(5).toString();
        e.hash = q.value().value(6).toString();
        out << e;
    }
    return out;
}

Result<qint64> AuditLog::count() const
{
    auto v = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log"));
    if (!v.ok())
        return v.error();
    return v.value() ? v.value()->toLongLong() : 0;
}

} // namespace paydesk
