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

namespace paydesk {

namespace {

const QByteArray kHeadContext = QByteArrayLiteral("audit.head");
const QString kHeadKey = QStringLiteral("audit.head");

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

AuditLog::AuditLog(Database &db, Clock &clock, const SecretVault *headSeal)
    : m_db(db), m_clock(clock), m_seal(headSeal)
{
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

QString AuditLog::chainHash(const QString &prevHash, const QByteArray &payload)
{
    return QString::fromLatin1(crypto::sha256(prevHash.toLatin1() + payload).toHex());
}

Result<qint64> AuditLog::append(const QString &action, const QString &operatorName,
                                const QJsonObject &details)
{
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
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
    const QString time = formatTime(m_clock.nowUtc());
    const QString hash = chainHash(prev, canonicalPayload(id, time, action, operatorName, details));
    auto ins = m_db.exec(QStringLiteral("INSERT INTO audit_log(id, at, action, operator, details,"
                                        " prev_hash, hash) VALUES(?, ?, ?, ?, ?, ?, ?)"),
                         {id, time, action, operatorName, compactJson(details), prev, hash});
    if (!ins.ok())
        return ins.error();
    if (m_seal) {
        auto sealed =
            m_seal->encryptString(QString::number(id) + QLatin1Char(':') + hash, kHeadContext);
        if (!sealed.ok())
            return sealed.error();
        SettingsStore settings(m_db);
        if (auto s = settings.setValue(kHeadKey, sealed.value()); !s.ok())
            return s.error();
    }
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    qCDebug(lcSecurity) << "audit" << id << action << operatorName;
    return id;
}

AuditVerification AuditLog::verify() const
{
    AuditVerification v;
    auto fail = [&v](qint64 id, const QString &reason) {
        v.ok = false;
        v.firstBadId = id;
        v.reason = reason;
        qCWarning(lcSecurity) << "audit chain broken at" << id << reason;
        return v;
    };
    auto q = m_db.exec(QStringLiteral(
        "SELECT id, at, action, operator, details, prev_hash, hash FROM audit_log ORDER BY id"));
    if (!q.ok()) {
        v.ok = false;
        v.reason = q.error().message;
        return v;
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
        const QString expected =
            chainHash(prev, canonicalPayload(id, time, action, op, doc.object()));
        if (!crypto::constantTimeEquals(expected.toLatin1(), hash.toLatin1()))
            return fail(id, tr("Entry %1 was altered after it was written.").arg(id));
        prev = hash;
        ++v.entries;
        ++expectedId;
    }
    if (m_seal) {
        SettingsStore settings(m_db);
        const auto head = settings.value(kHeadKey);
        if (head) {
            auto plain = m_seal->decryptString(*head, kHeadContext);
            if (!plain.ok())
                return fail(expectedId, tr("The sealed head of the audit log is damaged."));
            const qint64 headId = plain.value().section(QLatin1Char(':'), 0, 0).toLongLong();
            const QString headHash = plain.value().section(QLatin1Char(':'), 1);
            if (headId > v.entries)
                return fail(v.entries + 1,
                            tr("Entries %1 to %2 were removed from the end of the log.")
                                .arg(v.entries + 1)
                                .arg(headId));
            if (headId == v.entries && headHash != prev)
                return fail(headId, tr("Entry %1 was altered after it was written.").arg(headId));
            // headId < entries: entries appended by a writer without the vault (still chained).
        } else if (v.entries > 0) {
            // Every append through a sealed log writes the head: its absence is itself tampering.
            return fail(v.entries, tr("The sealed head of the audit log is missing."));
        }
    }
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
