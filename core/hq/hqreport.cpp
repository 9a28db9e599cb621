#include "core/hq/hqreport.h"

#include "core/hq/hqconnection.h"

#include <QSqlQuery>

namespace paydesk {

namespace {

const QString kPaid = QStringLiteral("('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')");

/// "AND <alias>.store_id = ? AND <alias>.till_id = ?" as the filter asks, with its binds.
QString where(const HqFilter &f, const QString &alias, QVariantList &binds, bool withTill = true)
{
    QString sql;
    if (!f.store.isEmpty()) {
        sql += QStringLiteral(" AND %1.store_id = ?").arg(alias);
        binds << f.store;
    }
    if (withTill && !f.till.isEmpty()) {
        sql += QStringLiteral(" AND %1.till_id = ?").arg(alias);
        binds << f.till;
    }
    return sql;
}

Error badDay()
{
    return Error{QStringLiteral("hq.day"),
                 QCoreApplication::translate("HqReport", "The report needs a business day.")};
}

} // namespace

namespace {

Result<QList<HqReportLine>> readLines(HqConnection &db, const QString &sql,
                                      const QVariantList &binds)
{
    auto q = db.exec(sql, binds);
    if (!q.ok())
        return q.error();
    QList<HqReportLine> lines;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        lines.append({r.value(0).toString(), r.value(1).toString(), r.value(2).toString(),
                      r.value(3).toLongLong(), r.value(4).toLongLong(), r.value(5).toLongLong(),
                      r.value(6).toLongLong(), r.value(7).toLongLong()});
    }
    return lines;
}

} // namespace

Result<QList<HqReportLine>> HqReport::daily(const HqFilter &f) const
{
    if (!f.day.isValid())
        return badDay();
    QVariantList binds{f.day};
    const QString sql =
        QStringLiteral("SELECT d.store_id, d.till_id, d.provider, d.paid_count, d.gross_minor,"
                       " d.refunded_minor, d.failed_count, d.open_count FROM hq.daily_totals d"
                       " WHERE d.business_day = ?") +
        where(f, QStringLiteral("d"), binds) +
        QStringLiteral(" AND (d.paid_count, d.failed_count, d.open_count) <> (0, 0, 0)"
                       " ORDER BY 1, 2, 3");
    return readLines(m_db, sql, binds);
}

Result<QList<HqReportLine>> HqReport::dailyFromOrders(const HqFilter &f) const
{
    if (!f.day.isValid())
        return badDay();
    QVariantList binds{f.day};
    const QString sql =
        QStringLiteral("SELECT o.store_id, o.till_id, o.provider,"
                       " count(*) FILTER (WHERE o.status IN %1),"
                       " COALESCE(sum(o.amount_minor) FILTER (WHERE o.status IN %1), 0),"
                       " COALESCE(sum(o.refunded_minor) FILTER (WHERE o.status IN %1), 0),"
                       " count(*) FILTER (WHERE o.status IN ('FAILED', 'CLOSED')),"
                       " count(*) FILTER (WHERE o.status IN ('CREATED', 'PENDING', 'UNKNOWN'))"
                       " FROM hq.orders o WHERE o.business_day = ?")
            .arg(kPaid) +
        where(f, QStringLiteral("o"), binds) + QStringLiteral(" GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
    return readLines(m_db, sql, binds);
}

HqReportLine HqReport::total(const QList<HqReportLine> &lines)
{
    HqReportLine t;
    for (const HqReportLine &l : lines) {
        t.paidCount += l.paidCount;
        t.grossMinor += l.grossMinor;
        t.refundedMinor += l.refundedMinor;
        t.failedCount += l.failedCount;
        t.openCount += l.openCount;
    }
    return t;
}

Result<QList<HqReconLine>> HqReport::reconciliation(const HqFilter &f) const
{
    if (!f.day.isValid())
        return badDay();
    // Statements are the merchant account's, not a till's: the till filter does not apply.
    QVariantList binds{f.day};
    QString sql =
        QStringLiteral("WITH books AS (SELECT o.store_id, o.provider,"
                       "   sum(o.amount_minor - o.refunded_minor) AS net FROM hq.orders o"
                       "   WHERE o.business_day = ? AND o.status IN %1 AND o.kind <> 'cash'")
            .arg(kPaid) +
        where(f, QStringLiteral("o"), binds, false) +
        QStringLiteral("   GROUP BY 1, 2),"
                       " stmt AS (SELECT l.store_id, l.provider, count(*) AS n,"
                       "   sum(l.amount_minor) AS amount, sum(l.fee_minor) AS fee,"
                       "   count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM hq.orders o"
                       "     WHERE o.store_id = l.store_id AND o.out_trade_no = l.out_trade_no))"
                       "     AS unmatched"
                       "   FROM hq.statement_lines l WHERE l.business_day = ?");
    binds << f.day;
    sql += where(f, QStringLiteral("l"), binds, false) +
           QStringLiteral("   GROUP BY 1, 2),"
                          " paid AS (SELECT s.store_id, s.provider, sum(s.amount_minor) AS amount"
                          "   FROM hq.settlements s WHERE s.covers_day = ?");
    binds << f.day;
    sql += where(f, QStringLiteral("s"), binds, false) +
           QStringLiteral("   GROUP BY 1, 2),"
                          " keys AS (SELECT store_id, provider FROM books UNION"
                          "   SELECT store_id, provider FROM stmt UNION"
                          "   SELECT store_id, provider FROM paid)"
                          " SELECT k.store_id, k.provider, COALESCE(b.net, 0), COALESCE(t.n, 0),"
                          "   COALESCE(t.amount, 0), COALESCE(t.fee, 0), COALESCE(p.amount, 0),"
                          "   COALESCE(t.unmatched, 0)"
                          " FROM keys k LEFT JOIN books b USING (store_id, provider)"
                          "   LEFT JOIN stmt t USING (store_id, provider)"
                          "   LEFT JOIN paid p USING (store_id, provider)"
                          " ORDER BY 1, 2");
    auto q = m_db.exec(sql, binds);
    if (!q.ok())
        return q.error();
    QList<HqReconLine> lines;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        lines.append({r.value(0).toString(), r.value(1).toString(), r.value(2).toLongLong(),
                      r.value(3).toLongLong(), r.value(4).toLongLong(), r.value(5).toLongLong(),
                      r.value(6).toLongLong(), r.value(7).toLongLong()});
    }
    return lines;
}

Result<QList<HqTillStatus>> HqReport::tills(const HqFilter &f) const
{
    // Without a day the per-day figures are zero (no order has business day 1970-01-01).
    QVariantList b{f.day.isValid() ? f.day : QDate(1970, 1, 1)};
    QString s =
        QStringLiteral("SELECT t.store_id, t.till_id, COALESCE(p.last_seq, 0), COALESCE(p.rows, 0),"
                       " p.pushed_at, COALESCE(d.n, 0), COALESCE(d.net, 0)"
                       " FROM hq.tills t LEFT JOIN hq.till_progress p USING (store_id, till_id)"
                       " LEFT JOIN (SELECT d.store_id, d.till_id, sum(d.paid_count) AS n,"
                       "   sum(d.gross_minor - d.refunded_minor) AS net FROM hq.daily_totals d"
                       "   WHERE d.business_day = ? GROUP BY 1, 2) d"
                       "   USING (store_id, till_id) WHERE true");
    s += where(f, QStringLiteral("t"), b) + QStringLiteral(" ORDER BY 1, 2");
    auto q = m_db.exec(s, b);
    if (!q.ok())
        return q.error();
    QList<HqTillStatus> list;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        HqTillStatus t;
        t.store = r.value(0).toString();
        t.till = r.value(1).toString();
        t.lastSeq = r.value(2).toLongLong();
        t.rows = r.value(3).toLongLong();
        t.pushedAt = r.value(4).toDateTime();
        t.paidCount = r.value(5).toLongLong();
        t.netMinor = r.value(6).toLongLong();
        list.append(t);
    }
    return list;
}

Result<QList<HqHour>> HqReport::hourly(const HqFilter &f) const
{
    if (!f.day.isValid())
        return badDay();
    QVariantList binds{f.day};
    const QString sql =
        QStringLiteral("SELECT extract(hour FROM o.created_at AT TIME ZONE s.time_zone)::int,"
                       " count(*), sum(o.amount_minor - o.refunded_minor)"
                       " FROM hq.orders o JOIN hq.stores s USING (store_id)"
                       " WHERE o.business_day = ? AND o.status IN %1")
            .arg(kPaid) +
        where(f, QStringLiteral("o"), binds) + QStringLiteral(" GROUP BY 1 ORDER BY 1");
    auto q = m_db.exec(sql, binds);
    if (!q.ok())
        return q.error();
    QList<HqHour> hours;
    while (q.value().next())
        hours.append({q.value().value(0).toInt(), q.value().value(1).toLongLong(),
                      q.value().value(2).toLongLong()});
    return hours;
}

Result<QStringList> HqReport::stores() const
{
    auto q = m_db.exec(QStringLiteral("SELECT store_id FROM hq.stores ORDER BY 1"));
    if (!q.ok())
        return q.error();
    QStringList ids;
    while (q.value().next())
        ids << q.value().value(0).toString();
    return ids;
}

Result<QStringList> HqReport::tillsOf(const QString &store) const
{
    auto q = m_db.exec(QStringLiteral("SELECT till_id FROM hq.tills WHERE store_id = ? ORDER BY 1"),
                       {store});
    if (!q.ok())
        return q.error();
    QStringList ids;
    while (q.value().next())
        ids << q.value().value(0).toString();
    return ids;
}

} // namespace paydesk
