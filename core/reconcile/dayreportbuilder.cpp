#include "core/reconcile/dayreportbuilder.h"

#include "core/reconcile/reconciliationstore.h"
#include "core/storage/database.h"

#include <QSqlQuery>
#include <QTimeZone>

namespace paydesk {

namespace {

const QTimeZone &storeZone()
{
    static const QTimeZone zone(QByteArrayLiteral("Asia/Shanghai"));
    return zone;
}

/// The UTC instant a store day starts, as the journal and orders write instants.
QString dayStartUtc(const QDate &day)
{
    return QDateTime(day, QTime(0, 0), storeZone()).toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

DayReportBuilder::DayReportBuilder(const Database &db, const ReconciliationStore &store)
    : m_db(db), m_store(store)
{
}

Result<qint64> DayReportBuilder::clearingBalanceAt(const QString &provider, const QDate &day) const
{
    auto v = m_db.scalar(QStringLiteral("SELECT COALESCE(SUM(p.amount_minor), 0) FROM postings p "
                                        "JOIN journal_entries e ON e.id = p.entry_id "
                                        "WHERE p.account = ? AND e.created_at < ?"),
                         {QStringLiteral("clearing:") + provider, dayStartUtc(day.addDays(1))});
    PAYDESK_TRY(v);
    return v.value() ? v.value()->toLongLong() : 0;
}

Result<qint64> DayReportBuilder::settledFor(const QString &provider, const QDate &day) const
{
    auto v = m_db.scalar(QStringLiteral("SELECT COALESCE(SUM(amount_minor), 0) FROM settlements "
                                        "WHERE provider = ? AND covers_day = ?"),
                         {provider, day.toString(Qt::ISODate)});
    PAYDESK_TRY(v);
    return v.value() ? v.value()->toLongLong() : 0;
}

Result<DayReport> DayReportBuilder::build(const QDate &day, const QString &storeName) const
{
    DayReport report;
    report.businessDay = day;
    report.storeName = storeName;

    QStringList providers;
    {
        auto q = m_db.exec(QStringLiteral("SELECT provider FROM recon_runs WHERE business_day = ? "
                                          "UNION SELECT provider FROM statement_files "
                                          "WHERE business_day = ? AND kind = 'trade' "
                                          "ORDER BY 1"),
                           {day.toString(Qt::ISODate), day.toString(Qt::ISODate)});
        PAYDESK_TRY(q);
        while (q.value().next())
            providers << q.value().value(0).toString();
    }
    for (const QString &p : providers) {
        auto last = m_store.lastTotals(p, day);
        PAYDESK_TRY(last);
        ProviderDayTotals t = last.value().value_or(ProviderDayTotals{});
        t.provider = p;
        auto clearing = clearingBalanceAt(p, day);
        PAYDESK_TRY(clearing);
        t.clearingBalanceMinor = clearing.value();
        auto settled = settledFor(p, day);
        PAYDESK_TRY(settled);
        t.settledMinor = settled.value();
        report.providers.append(t);
    }

    auto exceptions = m_store.exceptions(day);
    PAYDESK_TRY(exceptions);
    report.exceptions = exceptions.value();

    report.grossByHourMinor = QList<qint64>(24, 0);
    {
        auto q = m_db.exec(
            QStringLiteral("SELECT created_at, amount_minor FROM orders WHERE kind <> 'cash' "
                           "AND status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED') "
                           "AND created_at >= ? AND created_at < ?"),
            {dayStartUtc(day), dayStartUtc(day.addDays(1))});
        PAYDESK_TRY(q);
        while (q.value().next()) {
            const QDateTime at =
                QDateTime::fromString(q.value().value(0).toString(), Qt::ISODateWithMs)
                    .toTimeZone(storeZone());
            if (at.date() == day)
                report.grossByHourMinor[at.time().hour()] += q.value().value(1).toLongLong();
        }
    }

    auto signOff = m_store.signOff(day);
    PAYDESK_TRY(signOff);
    if (signOff.value()) {
        report.signedOffBy = signOff.value()->signedOffBy;
        report.signedOffAt = signOff.value()->signedOffAt;
        report.auditHeadId = signOff.value()->auditHeadId;
        report.auditHeadHash = signOff.value()->auditHeadHash;
    }
    return report;
}

} // namespace paydesk
