#include "core/analytics/dashboardqueries.h"

#include "core/storage/database.h"
#include "core/util/log.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <functional>

namespace paydesk {

namespace {

const QString kCounted = QStringLiteral("status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')");

/// Like Database::exec, forward-only: the rows are read once, so the driver need not cache
/// them (a refresh reads thousands).
Result<QSqlQuery> query(const Database &db, const QString &sql, const QVariantList &binds)
{
    QSqlQuery q(db.connection());
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return Error{QStringLiteral("analytics.query"), q.lastError().text()};
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (!q.exec())
        return Error{QStringLiteral("analytics.query"), q.lastError().text()};
    return q;
}

SalesTotals totalsAt(const QSqlQuery &q, int first)
{
    return {q.value(first).toLongLong(), q.value(first + 1).toLongLong(),
            q.value(first + 2).toLongLong(), q.value(first + 3).toLongLong()};
}

void addKeyed(QList<KeyedTotals> &list, const QString &key, const SalesTotals &t)
{
    for (KeyedTotals &k : list) {
        if (k.key == key) {
            k.totals.add(t);
            return;
        }
    }
    list.append({key, t});
}

void sortByGross(QList<KeyedTotals> &list)
{
    std::sort(list.begin(), list.end(), [](const KeyedTotals &a, const KeyedTotals &b) {
        return a.totals.grossMinor != b.totals.grossMinor
                   ? a.totals.grossMinor > b.totals.grossMinor
                   : a.key < b.key;
    });
}

} // namespace

/// The spans one refresh reads, all derived from the request's moment.
struct DashboardQueries::Bounds
{
    QDate today;
    SalesCalendar::Periods day, week, month;
    SlotSpan range; ///< the chart range: rangeDays local days up to and including today
    SlotSpan all;   ///< everything any figure needs
};

DashboardQueries::DashboardQueries(const Database &db, int offsetSeconds, Source source)
    : m_db(db), m_calendar(offsetSeconds), m_source(source)
{
}

QString DashboardQueries::filterSql(const SalesFilter &filter, QVariantList &binds) const
{
    // The aggregates store a missing till/cashier as ''; orders keep NULL.
    const bool raw = m_source == Source::Orders;
    QString sql;
    if (!filter.till.isEmpty()) {
        sql +=
            raw ? QStringLiteral(" AND COALESCE(till, '') = ?") : QStringLiteral(" AND till = ?");
        binds << filter.till;
    }
    if (!filter.cashier.isEmpty()) {
        sql += raw ? QStringLiteral(" AND COALESCE(cashier, '') = ?")
                   : QStringLiteral(" AND cashier = ?");
        binds << filter.cashier;
    }
    if (!filter.provider.isEmpty()) {
        sql += QStringLiteral(" AND provider = ?");
        binds << filter.provider;
    }
    return sql;
}

Result<DashboardFigures> DashboardQueries::figures(const DashboardRequest &request) const
{
    const QDateTime nowUtc =
        request.nowUtc.isValid() ? request.nowUtc.toUTC() : QDateTime::currentDateTimeUtc();
    const QDateTime nowLocal = m_calendar.toLocal(nowUtc);
    const int rangeDays = std::clamp(request.rangeDays, 1, 366);
    Bounds b;
    b.today = nowLocal.date();
    const QDate weekStart = b.today.addDays(1 - b.today.dayOfWeek());
    const QDate monthStart(b.today.year(), b.today.month(), 1);
    b.day = m_calendar.periods(b.today, b.today.addDays(-1), nowLocal);
    b.week = m_calendar.periods(weekStart, weekStart.addDays(-7), nowLocal);
    b.month = m_calendar.periods(monthStart, monthStart.addMonths(-1), nowLocal);
    const QDate rangeStart = b.today.addDays(1 - rangeDays);
    const QDate tomorrow = b.today.addDays(1);
    b.range = m_calendar.span(rangeStart, 0, tomorrow, 0);
    const QDate first = std::min({rangeStart, weekStart.addDays(-7), monthStart.addMonths(-1)});
    b.all = m_calendar.span(first, 0, tomorrow, 0);

    DashboardFigures out;
    out.asOfUtc = nowUtc;
    out.today = b.today;
    out.rangeDays = rangeDays;
    out.todayPeriod = {b.today, tomorrow, {}, {}};
    out.weekPeriod = {weekStart, weekStart.addDays(7), {}, {}};
    out.monthPeriod = {monthStart, monthStart.addMonths(1), {}, {}};
    for (int i = 0; i < rangeDays; ++i)
        out.byDay.append({rangeStart.addDays(i), {}});
    // Where a refresh spends its time: QT_LOGGING_RULES="paydesk.storage.debug=true".
    QElapsedTimer timer;
    timer.start();
    const std::pair<const char *, std::function<Status()>> reads[] = {
        {"sales", [&] { return readSales(b, request.filter, out); }},
        {"tickets", [&] { return readTickets(b, request.filter, out); }},
        {"failures", [&] { return readFailures(b, request.filter, out); }},
        {"payers", [&] { return readPayers(b, out); }}};
    for (const auto &[name, read] : reads) {
        if (Status s = read(); !s.ok())
            return s.error();
        qCDebug(lcStorage) << "dashboard read" << name
                           << (m_source == Source::Orders ? "(orders)" : "")
                           << double(timer.nsecsElapsed()) / 1e6 << "ms";
        timer.restart();
    }
    return out;
}

Status DashboardQueries::readSales(const Bounds &b, const SalesFilter &filter,
                                   DashboardFigures &out) const
{
    QVariantList binds;
    QString sql;
    if (m_source == Source::Aggregates) {
        // Without a till or cashier filter the narrow table has all it needs, in a few rows
        // per hour (measured: this read is most of a refresh).
        const bool detailed = !filter.till.isEmpty() || !filter.cashier.isEmpty();
        sql = QStringLiteral("SELECT slot, provider, kind, SUM(orders), SUM(gross_minor),"
                             " SUM(refunded_minor), SUM(refunded_orders) FROM %1"
                             " WHERE slot >= ? AND slot < ?")
                  .arg(detailed ? QStringLiteral("analytics_hourly")
                                : QStringLiteral("analytics_hourly_total"));
        binds << b.all.fromSlot << b.all.toSlot;
    } else {
        sql = QStringLiteral("SELECT strftime('%Y-%m-%dT%H', created_at, ? || ' seconds') AS s,"
                             " provider, kind, COUNT(*), SUM(amount_minor), SUM(refunded_minor),"
                             " SUM(refunded_minor > 0) FROM orders WHERE %1"
                             " AND created_at >= ? AND created_at < ?")
                  .arg(kCounted);
        binds << m_calendar.offsetSeconds() << b.all.fromUtc << b.all.toUtc;
    }
    sql += filterSql(filter, binds) + QStringLiteral(" GROUP BY 1, 2, 3");
    auto q = query(m_db, sql, binds);
    if (!q.ok())
        return q.error();

    QHash<QString, int> dayIndex;
    for (int i = 0; i < out.byDay.size(); ++i)
        dayIndex.insert(SalesCalendar::dayKey(out.byDay[i].day), i);
    QSqlQuery &rows = q.value();
    while (rows.next()) {
        const QString slot = rows.value(0).toString();
        const SalesTotals t = totalsAt(rows, 3);
        const std::pair<const SalesCalendar::Periods *, PeriodFigures *> periods[] = {
            {&b.day, &out.todayPeriod}, {&b.week, &out.weekPeriod}, {&b.month, &out.monthPeriod}};
        for (const auto &[span, figures] : periods) {
            if (span->current.contains(slot))
                figures->current.add(t);
            else if (span->previous.contains(slot))
                figures->previous.add(t);
        }
        if (!b.range.contains(slot))
            continue;
        if (auto it = dayIndex.constFind(slot.left(10)); it != dayIndex.constEnd())
            out.byDay[*it].totals.add(t);
        const int hour = QStringView(slot).mid(11, 2).toInt();
        if (hour >= 0 && hour < 24)
            out.byHour[hour].add(t);
        addKeyed(out.byProvider, rows.value(1).toString(), t);
        addKeyed(out.byKind, rows.value(2).toString(), t);
    }
    sortByGross(out.byProvider);
    sortByGross(out.byKind);
    return {};
}

Status DashboardQueries::readTickets(const Bounds &b, const SalesFilter &filter,
                                     DashboardFigures &out) const
{
    QVariantList binds;
    QString sql;
    if (m_source == Source::Aggregates) {
        sql = QStringLiteral("SELECT bucket, SUM(orders) FROM analytics_tickets"
                             " WHERE day >= ? AND day < ?");
        binds << b.range.fromSlot.left(10) << b.range.toSlot.left(10);
    } else {
        sql = QStringLiteral(
                  "SELECT CASE WHEN amount_minor < 1000 THEN 0 WHEN amount_minor < 2000 THEN 1"
                  " WHEN amount_minor < 5000 THEN 2 WHEN amount_minor < 10000 THEN 3"
                  " WHEN amount_minor < 20000 THEN 4 WHEN amount_minor < 50000 THEN 5"
                  " WHEN amount_minor < 100000 THEN 6 ELSE 7 END, COUNT(*) FROM orders"
                  " WHERE %1 AND created_at >= ? AND created_at < ?")
                  .arg(kCounted);
        binds << b.range.fromUtc << b.range.toUtc;
    }
    sql += filterSql(filter, binds) + QStringLiteral(" GROUP BY 1");
    auto q = query(m_db, sql, binds);
    if (!q.ok())
        return q.error();
    while (q.value().next()) {
        const int bucket = q.value().value(0).toInt();
        if (bucket >= 0 && bucket < TicketBuckets::Count)
            out.tickets[bucket] += q.value().value(1).toLongLong();
    }
    return {};
}

Status DashboardQueries::readFailures(const Bounds &b, const SalesFilter &filter,
                                      DashboardFigures &out) const
{
    QVariantList binds;
    QString sql;
    if (m_source == Source::Aggregates) {
        sql = QStringLiteral("SELECT reason, SUM(orders), SUM(CASE WHEN day >= ? THEN orders"
                             " ELSE 0 END) FROM analytics_failures WHERE day >= ? AND day < ?");
        binds << SalesCalendar::dayKey(b.today) << b.range.fromSlot.left(10)
              << b.range.toSlot.left(10);
    } else {
        sql = QStringLiteral("SELECT failure_reason, COUNT(*), SUM(created_at >= ?) FROM orders"
                             " WHERE status IN ('FAILED', 'CLOSED') AND failure_reason IS NOT NULL"
                             " AND failure_reason NOT IN ('', 'none')"
                             " AND created_at >= ? AND created_at < ?");
        binds << b.day.current.fromUtc << b.range.fromUtc << b.range.toUtc;
    }
    sql += filterSql(filter, binds) + QStringLiteral(" GROUP BY 1");
    auto q = query(m_db, sql, binds);
    if (!q.ok())
        return q.error();
    while (q.value().next())
        out.failures.append({q.value().value(0).toString(), q.value().value(1).toLongLong(),
                             q.value().value(2).toLongLong()});
    std::sort(out.failures.begin(), out.failures.end(),
              [](const FailureCount &x, const FailureCount &y) {
                  return x.attempts != y.attempts ? x.attempts > y.attempts : x.reason < y.reason;
              });
    return {};
}

Status DashboardQueries::readPayers(const Bounds &b, DashboardFigures &out) const
{
    const bool raw = m_source == Source::Orders;
    const QString distinct =
        raw ? QStringLiteral("SELECT COUNT(DISTINCT payer_hash) FROM orders WHERE %1"
                             " AND payer_hash <> '' AND created_at >= ? AND created_at < ?")
                  .arg(kCounted)
            // The range ends today, so its payers are those whose last payment is in it.
            : QStringLiteral("SELECT COUNT(*) FROM analytics_payers"
                             " WHERE last_day >= ? AND first_day < ?");
    // A payer is new in the range when their first payment ever falls in it.
    const QString fresh =
        raw ? QStringLiteral("SELECT COUNT(*) FROM (SELECT MIN(created_at) AS f FROM orders"
                             " WHERE %1 AND payer_hash <> '' GROUP BY payer_hash)"
                             " WHERE f >= ? AND f < ?")
                  .arg(kCounted)
            : QStringLiteral("SELECT COUNT(*) FROM analytics_payers"
                             " WHERE first_day >= ? AND first_day < ?");
    const QVariantList binds =
        raw ? QVariantList{b.range.fromUtc, b.range.toUtc}
            : QVariantList{b.range.fromSlot.left(10), b.range.toSlot.left(10)};
    auto payers = m_db.scalar(distinct, binds);
    if (!payers.ok())
        return payers.error();
    auto newPayers = m_db.scalar(fresh, binds);
    if (!newPayers.ok())
        return newPayers.error();
    out.payers.payers = payers.value() ? payers.value()->toLongLong() : 0;
    out.payers.returning =
        out.payers.payers - (newPayers.value() ? newPayers.value()->toLongLong() : 0);
    return {};
}

} // namespace paydesk
