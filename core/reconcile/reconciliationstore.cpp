#include "core/reconcile/reconciliationstore.h"

#include "core/storage/database.h"
#include "core/storage/transaction.h"

#include <QHash>
#include <QSqlQuery>

namespace paydesk {

namespace {

QString dayText(const QDate &day)
{
    return day.toString(Qt::ISODate);
}

QString identity(ReconClass kind, const QString &outTradeNo, const QString &outRequestNo,
                 int occurrence)
{
    return reconClassName(kind) + QLatin1Char('\x1f') + outTradeNo + QLatin1Char('\x1f') +
           outRequestNo + QLatin1Char('\x1f') + QString::number(occurrence);
}

/// SQLite binds a null QString as NULL: the key columns take '' for "none".
QString notNull(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

QVariant optionalMinor(const std::optional<qint64> &v)
{
    return v ? QVariant(*v) : QVariant(QMetaType(QMetaType::LongLong));
}

const char *const kExceptionColumns =
    "id, provider, business_day, kind, out_trade_no, out_request_no, local_minor, "
    "provider_minor, suggested_action, COALESCE(resolved_by, ''), COALESCE(resolved_at, ''), "
    "COALESCE(resolution, ''), COALESCE(adjusting_entry_id, 0)";

ReconException exceptionFrom(const QSqlQuery &q)
{
    ReconException e;
    e.id = q.value(0).toLongLong();
    e.provider = q.value(1).toString();
    e.businessDay = QDate::fromString(q.value(2).toString(), Qt::ISODate);
    e.kind = reconClassFromName(q.value(3).toString()).value_or(ReconClass::Matched);
    e.outTradeNo = q.value(4).toString();
    e.outRequestNo = q.value(5).toString();
    if (!q.value(6).isNull())
        e.localMinor = q.value(6).toLongLong();
    if (!q.value(7).isNull())
        e.providerMinor = q.value(7).toLongLong();
    e.suggestedAction = q.value(8).toString();
    e.resolvedBy = q.value(9).toString();
    if (const QString at = q.value(10).toString(); !at.isEmpty())
        e.resolvedAt = QDateTime::fromString(at, Qt::ISODateWithMs);
    e.resolution = q.value(11).toString();
    e.adjustingEntryId = q.value(12).toLongLong();
    return e;
}

} // namespace

Result<qint64> ReconciliationStore::recordRun(const QString &provider, const QDate &day, int lines,
                                              const ReconResult &result, const QDateTime &nowUtc)
{
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    const ProviderDayTotals &t = result.totals;
    auto run = m_db.exec(
        QStringLiteral("INSERT INTO recon_runs(provider, business_day, run_at, lines, payments, "
                       "refunds, matched, exceptions, gross_minor, refunds_minor, fees_minor, "
                       "net_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {provider, dayText(day), nowUtc.toString(Qt::ISODateWithMs), lines, t.payments, t.refunds,
         t.matched, int(result.exceptions.size()), t.grossMinor, t.refundsMinor, t.feesMinor,
         t.netMinor});
    PAYDESK_TRY(run);
    const qint64 runId = run.value().lastInsertId().toLongLong();

    // What is stored for the day: identity -> (id, state).
    struct Stored
    {
        qint64 id;
        QString state;
    };
    QHash<QString, Stored> stored;
    {
        auto q = m_db.exec(QStringLiteral("SELECT id, kind, out_trade_no, out_request_no, "
                                          "occurrence, state FROM recon_exceptions "
                                          "WHERE provider = ? AND business_day = ?"),
                           {provider, dayText(day)});
        PAYDESK_TRY(q);
        QSqlQuery &rows = q.value();
        while (rows.next()) {
            const auto kind = reconClassFromName(rows.value(1).toString());
            if (!kind)
                continue;
            stored.insert(identity(*kind, rows.value(2).toString(), rows.value(3).toString(),
                                   rows.value(4).toInt()),
                          {rows.value(0).toLongLong(), rows.value(5).toString()});
        }
    }

    QHash<QString, int> copies;
    QHash<qint64, bool> seen;
    for (const ReconException &e : result.exceptions) {
        const QString base = identity(e.kind, e.outTradeNo, e.outRequestNo, 0);
        const int occurrence = ++copies[base];
        const QString key = identity(e.kind, e.outTradeNo, e.outRequestNo, occurrence);
        const auto it = stored.constFind(key);
        if (it == stored.cend()) {
            auto ins = m_db.exec(
                QStringLiteral("INSERT INTO recon_exceptions(provider, business_day, kind, "
                               "out_trade_no, out_request_no, occurrence, local_minor, "
                               "provider_minor, suggested_action, first_run_id, last_run_id) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                {provider, dayText(day), reconClassName(e.kind), notNull(e.outTradeNo),
                 notNull(e.outRequestNo), occurrence, optionalMinor(e.localMinor),
                 optionalMinor(e.providerMinor), e.suggestedAction, runId, runId});
            PAYDESK_TRY(ins);
            continue;
        }
        seen.insert(it->id, true);
        if (it->state == QLatin1String("resolved"))
            continue; // a resolution is final: the row keeps what was resolved
        PAYDESK_TRY(
            m_db.exec(QStringLiteral("UPDATE recon_exceptions SET state = 'open', local_minor = ?, "
                                     "provider_minor = ?, suggested_action = ?, last_run_id = ? "
                                     "WHERE id = ?"),
                      {optionalMinor(e.localMinor), optionalMinor(e.providerMinor),
                       e.suggestedAction, runId, it->id}));
    }
    for (const Stored &s : std::as_const(stored)) {
        if (seen.contains(s.id) || s.state != QLatin1String("open"))
            continue;
        PAYDESK_TRY(m_db.exec(
            QStringLiteral("UPDATE recon_exceptions SET state = 'gone' WHERE id = ?"), {s.id}));
    }
    PAYDESK_TRY(tx.commit());
    return runId;
}

Result<QList<ReconException>>
ReconciliationStore::exceptions(const QDate &day, const QString &provider, bool includeGone) const
{
    QString sql = QStringLiteral("SELECT %1 FROM recon_exceptions WHERE business_day = ?")
                      .arg(QLatin1String(kExceptionColumns));
    QVariantList binds{dayText(day)};
    if (!provider.isEmpty()) {
        sql += QStringLiteral(" AND provider = ?");
        binds << provider;
    }
    if (!includeGone)
        sql += QStringLiteral(" AND state <> 'gone'");
    sql += QStringLiteral(" ORDER BY id");
    auto q = m_db.exec(sql, binds);
    PAYDESK_TRY(q);
    QList<ReconException> out;
    while (q.value().next())
        out.append(exceptionFrom(q.value()));
    return out;
}

Result<std::optional<ReconException>> ReconciliationStore::exception(qint64 id) const
{
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM recon_exceptions WHERE id = ?")
                           .arg(QLatin1String(kExceptionColumns)),
                       {id});
    PAYDESK_TRY(q);
    if (!q.value().next())
        return std::optional<ReconException>();
    return std::optional<ReconException>(exceptionFrom(q.value()));
}

Result<QString> ReconciliationStore::state(qint64 id) const
{
    auto v = m_db.scalar(QStringLiteral("SELECT state FROM recon_exceptions WHERE id = ?"), {id});
    PAYDESK_TRY(v);
    return v.value() ? v.value()->toString() : QString();
}

Result<std::optional<ProviderDayTotals>> ReconciliationStore::lastTotals(const QString &provider,
                                                                         const QDate &day) const
{
    auto q = m_db.exec(
        QStringLiteral("SELECT gross_minor, refunds_minor, fees_minor, net_minor, matched, "
                       "payments, refunds FROM recon_runs WHERE provider = ? AND business_day = ? "
                       "ORDER BY id DESC LIMIT 1"),
        {provider, dayText(day)});
    PAYDESK_TRY(q);
    if (!q.value().next())
        return std::optional<ProviderDayTotals>();
    ProviderDayTotals t;
    t.provider = provider;
    t.grossMinor = q.value().value(0).toLongLong();
    t.refundsMinor = q.value().value(1).toLongLong();
    t.feesMinor = q.value().value(2).toLongLong();
    t.netMinor = q.value().value(3).toLongLong();
    t.matched = q.value().value(4).toInt();
    t.payments = q.value().value(5).toInt();
    t.refunds = q.value().value(6).toInt();
    return std::optional<ProviderDayTotals>(t);
}

Result<QStringList> ReconciliationStore::reconciledProviders(const QDate &day) const
{
    auto q = m_db.exec(QStringLiteral("SELECT DISTINCT provider FROM recon_runs "
                                      "WHERE business_day = ? ORDER BY provider"),
                       {dayText(day)});
    PAYDESK_TRY(q);
    QStringList out;
    while (q.value().next())
        out << q.value().value(0).toString();
    return out;
}

Status ReconciliationStore::markResolved(qint64 id, const QString &by, const QDateTime &atUtc,
                                         const QString &resolution, qint64 entryId)
{
    auto q =
        m_db.exec(QStringLiteral("UPDATE recon_exceptions SET state = 'resolved', resolved_by = ?, "
                                 "resolved_at = ?, resolution = ?, adjusting_entry_id = ? "
                                 "WHERE id = ? AND state = 'open'"),
                  {by, atUtc.toString(Qt::ISODateWithMs), resolution,
                   entryId > 0 ? QVariant(entryId) : QVariant(QMetaType(QMetaType::LongLong)), id});
    PAYDESK_TRY(q);
    if (q.value().numRowsAffected() != 1)
        return Status::failure(QStringLiteral("reconcile.not_open"),
                               tr("Exception %1 is not open.").arg(id));
    return {};
}

Result<std::optional<DaySignOff>> ReconciliationStore::signOff(const QDate &day) const
{
    auto q = m_db.exec(QStringLiteral("SELECT signed_off_by, signed_off_at, audit_head_id, "
                                      "audit_head_hash FROM recon_signoffs "
                                      "WHERE business_day = ?"),
                       {dayText(day)});
    PAYDESK_TRY(q);
    if (!q.value().next())
        return std::optional<DaySignOff>();
    DaySignOff s;
    s.businessDay = day;
    s.signedOffBy = q.value().value(0).toString();
    s.signedOffAt = QDateTime::fromString(q.value().value(1).toString(), Qt::ISODateWithMs);
    s.auditHeadId = q.value().value(2).toLongLong();
    s.auditHeadHash = q.value().value(3).toString();
    return std::optional<DaySignOff>(s);
}

Status ReconciliationStore::recordSignOff(const DaySignOff &s)
{
    PAYDESK_TRY(m_db.exec(
        QStringLiteral("INSERT INTO recon_signoffs(business_day, signed_off_by, signed_off_at, "
                       "audit_head_id, audit_head_hash) VALUES (?, ?, ?, ?, ?)"),
        {dayText(s.businessDay), s.signedOffBy, s.signedOffAt.toString(Qt::ISODateWithMs),
         s.auditHeadId, s.auditHeadHash}));
    return {};
}

} // namespace paydesk
