#include "core/analytics/salesanalytics.h"

namespace paydesk {

SalesAnalytics::SalesAnalytics(Database &db) : m_db(db), m_store(db) {}

Status SalesAnalytics::useZone(const QTimeZone &zone, const QDateTime &nowUtc)
{
    return m_store.useZone(zone, nowUtc);
}

Result<DashboardFigures> SalesAnalytics::compute(const DashboardRequest &request,
                                                 DashboardQueries::Source source) const
{
    // Read each time: another process (or a rebuild) may have moved the zone.
    auto offset = m_store.offsetSeconds();
    if (!offset.ok())
        return offset.error();
    return DashboardQueries(m_db, offset.value(), source).figures(request);
}

Result<DashboardFigures> SalesAnalytics::figures(const DashboardRequest &request) const
{
    return compute(request, DashboardQueries::Source::Aggregates);
}

Result<DashboardFigures> SalesAnalytics::figuresFromOrders(const DashboardRequest &request) const
{
    return compute(request, DashboardQueries::Source::Orders);
}

} // namespace paydesk
