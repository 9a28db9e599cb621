#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QStringList>
#include <QTimeZone>

namespace paydesk {

class Database;

/// What `paydesk analytics rebuild` found and did.
struct RebuildReport
{
    qint64 orders = 0;        ///< rows of `orders` read
    qint64 rows = 0;          ///< aggregate rows written
    qint64 correctedRows = 0; ///< aggregate rows that differed from the recomputation
};

/// The tills, cashiers and providers that ever sold: the dashboard's filter choices.
struct SalesDimensions
{
    QStringList tills;
    QStringList cashiers;
    QStringList providers;
};

/// The dashboard's aggregate tables (migration 0011): their time zone, their recomputation
/// and the filter choices. The triggers keep the tables current; this class only sets the
/// offset they bucket with and recomputes everything when that changes or was never done.
class AnalyticsStore
{
    Q_DECLARE_TR_FUNCTIONS(AnalyticsStore)
public:
    explicit AnalyticsStore(Database &db);

    /// Buckets by \a zone's standard offset at \a nowUtc from now on. When the offset differs
    /// from the stored one, or the aggregates were never computed (a book that predates 0011),
    /// rebuilds them. A zone with daylight saving time is bucketed at its standard offset all
    /// year (logged; the stores Paydesk serves use DST-free zones).
    Status useZone(const QTimeZone &zone, const QDateTime &nowUtc);
    /// The UTC offset (seconds) the triggers bucket with.
    Result<int> offsetSeconds() const;

    /// Recomputes every aggregate from `orders` in one transaction and reports how many
    /// rows were wrong before.
    Result<RebuildReport> rebuild();

    Result<SalesDimensions> dimensions() const;

    /// The aggregate tables, for rebuild and its check.
    static QStringList tables();

private:
    Result<qint64> countDifferences() const;

    Database &m_db;
};

} // namespace paydesk
