#pragma once

#include "core/analytics/analyticsstore.h"
#include "core/analytics/dashboardqueries.h"

namespace paydesk {

/// The dashboard's entry point in core: figures from the aggregates, the same figures from
/// `orders` for a check, the filter choices, and the recomputation. Views and commands use
/// this; they never read the tables themselves.
class SalesAnalytics
{
public:
    explicit SalesAnalytics(Database &db);

    /// See AnalyticsStore::useZone().
    Status useZone(const QTimeZone &zone, const QDateTime &nowUtc);
    Result<DashboardFigures> figures(const DashboardRequest &request) const;
    /// The same figures by plain GROUP BY over `orders` (slow on a large book).
    Result<DashboardFigures> figuresFromOrders(const DashboardRequest &request) const;
    Result<SalesDimensions> dimensions() const { return m_store.dimensions(); }
    Result<RebuildReport> rebuild() { return m_store.rebuild(); }

private:
    Result<DashboardFigures> compute(const DashboardRequest &request,
                                     DashboardQueries::Source source) const;

    Database &m_db;
    AnalyticsStore m_store;
};

} // namespace paydesk
