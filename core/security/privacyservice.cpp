#include "core/security/privacyservice.h"

#include "core/security/auditlog.h"
#include "core/security/session.h"
#include "core/settings/storesettings.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>

namespace paydesk {

namespace {

bool isIdentifier(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,62}$"));
    return re.match(s).hasMatch();
}

bool isMoneyOrAuditTable(const QString &table)
{
    static const QStringList forbidden{
        QStringLiteral("journal_entries"), QStringLiteral("postings"), QStringLiteral("accounts"),
        QStringLiteral("audit_log"),       QStringLiteral("orders"),   QStringLiteral("refunds"),
        QStringLiteral("statement_lines")};
    return forbidden.contains(table.toLower());
}

// Money tables that also carry a personal column: only that column may be purged, never an
// amount, a status or an identifier the books and the reconciliation need.
bool onlyPersonalColumnsOfMoneyTable(const PersonalDataSource &source)
{
    static const QHash<QString, QStringList> personal{
        {QStringLiteral("orders"), {QStringLiteral("payer_hash")}}};
    const QStringList allowed = personal.value(source.table.toLower());
    if (allowed.isEmpty())
        return false;
    for (const QString &c : source.personalColumns)
        if (!allowed.contains(c.toLower()))
            return false;
    return true;
}

QString masked(const QString &subject)
{
    if (subject.size() <= 6)
        return QStringLiteral("***");
    return subject.left(3) + QStringLiteral("***") + subject.right(3);
}

} // namespace

PrivacyService::PrivacyService(Database &db, SettingsStore &settings, AuditLog &audit, Clock &clock)
    : m_db(db), m_settings(settings), m_audit(audit), m_clock(clock)
{
    m_sources << PersonalDataSource{QStringLiteral("security_payment_events"),
                                    QStringLiteral("at"),
                                    {QStringLiteral("payer_hash")},
                                    {QStringLiteral("payer_hash")}}
              << PersonalDataSource{QStringLiteral("alerts"),
                                    QStringLiteral("at"),
                                    {QStringLiteral("payer_hash")},
                                    {QStringLiteral("payer_hash")}};
}

Status PrivacyService::addSource(const PersonalDataSource &source)
{
    QStringList names{source.table, source.timeColumn};
    names << source.personalColumns << source.matchColumns;
    for (const QString &n : std::as_const(names)) {
        if (!isIdentifier(n))
            return Status::failure(QStringLiteral("privacy.bad_source"),
                                   tr("%1 is not a valid column or table name.").arg(n));
    }
    if (isMoneyOrAuditTable(source.table) && !onlyPersonalColumnsOfMoneyTable(source))
        return Status::failure(
            QStringLiteral("privacy.money_table"),
            tr("%1 holds money or audit records and is never purged.").arg(source.table));
    if (source.personalColumns.isEmpty())
        return Status::failure(QStringLiteral("privacy.bad_source"),
                               tr("A personal-data source needs columns."));
    m_sources << source;
    return {};
}

bool PrivacyService::tableExists(const QString &table) const
{
    auto v = m_db.scalar(
        QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"),
        {table});
    return v.ok() && v.value() && v.value()->toInt() > 0;
}

int PrivacyService::retentionMonths() const
{
    return std::max(0, StoreSettings::read(m_settings).retentionMonths);
}

Result<int> PrivacyService::purgePersonalData(const QDateTime &olderThan,
                                              const QString &operatorName)
{
    const QString cutoff = AuditLog::formatTime(olderThan);
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    int total = 0;
    QJsonObject perTable;
    for (const PersonalDataSource &s : std::as_const(m_sources)) {
        if (!tableExists(s.table))
            continue;
        QStringList sets, nonNull;
        for (const QString &c : s.personalColumns) {
            sets << c + QStringLiteral(" = NULL");
            nonNull << c + QStringLiteral(" IS NOT NULL");
        }
        auto u = m_db.exec(QStringLiteral("UPDATE %1 SET %2 WHERE %3 < ? AND (%4)")
                               .arg(s.table, sets.join(QStringLiteral(", ")), s.timeColumn,
                                    nonNull.join(QStringLiteral(" OR "))),
                           {cutoff});
        if (!u.ok())
            return u.error();
        const int n = u.value().numRowsAffected();
        total += n;
        perTable.insert(s.table, perTable.value(s.table).toInt() + n);
    }
    if (auto a = m_audit.append(QStringLiteral("privacy.purged"), operatorName,
                                {{QStringLiteral("older_than"), cutoff},
                                 {QStringLiteral("rows"), total},
                                 {QStringLiteral("tables"), perTable}});
        !a.ok())
        return a.error();
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    qCInfo(lcSecurity) << "purged personal data from" << total << "rows older than" << cutoff;
    return total;
}

Result<int> PrivacyService::purgeExpired(const QString &operatorName)
{
    const int months = retentionMonths();
    if (months == 0)
        return 0;
    return purgePersonalData(m_clock.nowUtc().addMonths(-months), operatorName);
}

Result<QJsonObject> PrivacyService::exportCustomerData(const Session &by, const QString &rawSubject)
{
    if (auto s = by.authorize(Permission::ExportData); !s.ok())
        return s.error();
    const QString subject = rawSubject.trimmed();
    if (subject.isEmpty())
        return Result<QJsonObject>::failure(
            QStringLiteral("privacy.empty_subject"),
            tr("Give the customer's payer id hash or phone number."));
    QJsonObject records;
    int rows = 0;
    for (const PersonalDataSource &s : std::as_const(m_sources)) {
        if (s.matchColumns.isEmpty() || !tableExists(s.table))
            continue;
        QStringList where;
        QVariantList binds;
        for (const QString &c : s.matchColumns) {
            where << c + QStringLiteral(" = ?");
            binds << subject;
        }
        auto q = m_db.exec(QStringLiteral("SELECT * FROM %1 WHERE %2")
                               .arg(s.table, where.join(QStringLiteral(" OR "))),
                           binds);
        if (!q.ok())
            return q.error();
        QJsonArray list = records.value(s.table).toArray();
        while (q.value().next()) {
            const QSqlRecord rec = q.value().record();
            QJsonObject row;
            for (int i = 0; i < rec.count(); ++i)
                row.insert(rec.fieldName(i), QJsonValue::fromVariant(rec.value(i)));
            list.append(row);
            ++rows;
        }
        if (!list.isEmpty())
            records.insert(s.table, list);
    }
    QJsonObject out{{QStringLiteral("subject"), subject},
                    {QStringLiteral("generated_at"), AuditLog::formatTime(m_clock.nowUtc())},
                    {QStringLiteral("operator"), by.operatorName()},
                    {QStringLiteral("records"), records}};
    if (auto a = m_audit.append(
            QStringLiteral("privacy.exported"), by.operatorName(),
            {{QStringLiteral("subject"), masked(subject)}, {QStringLiteral("rows"), rows}});
        !a.ok())
        return a.error();
    return out;
}

} // namespace paydesk
