#pragma once

#include "core/analytics/salescalendar.h"
#include "core/analytics/salesfigures.h"
#include "core/util/result.h"

#include <QVariantList>

namespace paydesk {

class Database;

/// What to compute: the moment, the filter and the chart range (7 or 30 local days up to
/// and including today).
struct DashboardRequest
{
    QDateTime nowUtc;
    SalesFilter filter;
    int rangeDays = 7;
};

/// The dashboard's read model over core/orders. Reads the aggregate tables kept by the
/// triggers of migration 0011 (Source::Aggregates, what the dashboard uses), or computes the
/// same figures with plain GROUP BY over `orders` (Source::Orders: the reference the tests
/// and the benchmark compare with, and what `paydesk analytics check` uses).
class DashboardQueries
{
public:
    enum class Source { Aggregates, Orders };

    DashboardQueries(const Database &db, int offsetSeconds, Source source = Source::Aggregates);

    Result<DashboardFigures> figures(const DashboardRequest &request) const;

    const SalesCalendar &calendar() const { return m_calendar; }

private:
    struct Bounds;
    Status readSales(const Bounds &b, const SalesFilter &filter, DashboardFigures &out) const;
    Status readTickets(const Bounds &b, const SalesFilter &filter, DashboardFigures &out) const;
    Status readFailures(const Bounds &b, const SalesFilter &filter, DashboardFigures &out) const;
    Status readPayers(const Bounds &b, DashboardFigures &out) const;
    /// " AND till = ? ..." for the set fields of \a filter; appends the binds.
    QString filterSql(const SalesFilter &filter, QVariantList &binds) const;

    const Database &m_db;
    SalesCalendar m_calendar;
    Source m_source;
};

} // namespace paydesk
