#include "core/analytics/analyticsstore.h"

#include "core/storage/database.h"
#include "core/storage/transaction.h"
#include "core/util/log.h"

namespace paydesk {

namespace {

// The same bucketing as the triggers of migration 0011, over the whole table at once.
const char *const kCounted = "status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')";
const char *const kFailed = "status IN ('FAILED', 'CLOSED') AND failure_reason IS NOT NULL"
                            " AND failure_reason NOT IN ('', 'none')";
const char *const kOffset =
    "(SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'";

QString recomputeSql(const QString &table)
{
    const QString counted = QString::fromLatin1(kCounted);
    const QString offset = QString::fromLatin1(kOffset);
    const QString day = QStringLiteral("strftime('%Y-%m-%d', created_at, %1)").arg(offset);
    const QString dims = QStringLiteral("COALESCE(till, ''), COALESCE(cashier, ''), provider");
    if (table == u"analytics_hourly")
        return QStringLiteral(
                   "INSERT INTO analytics_hourly SELECT strftime('%Y-%m-%dT%H', created_at, %1), "
                   "%2, kind, COUNT(*), SUM(amount_minor), SUM(refunded_minor), "
                   "SUM(refunded_minor > 0) FROM orders WHERE %3 GROUP BY 1, 2, 3, 4, 5")
            .arg(offset, dims, counted);
    if (table == u"analytics_hourly_total")
        return QStringLiteral("INSERT INTO analytics_hourly_total SELECT slot, provider, kind,"
                              " SUM(orders), SUM(gross_minor), SUM(refunded_minor),"
                              " SUM(refunded_orders) FROM analytics_hourly GROUP BY 1, 2, 3");
    if (table == u"analytics_tickets")
        return QStringLiteral(
                   "INSERT INTO analytics_tickets SELECT %1, %2, CASE WHEN amount_minor < 1000 "
                   "THEN 0 WHEN amount_minor < 2000 THEN 1 WHEN amount_minor < 5000 THEN 2 WHEN "
                   "amount_minor < 10000 THEN 3 WHEN amount_minor < 20000 THEN 4 WHEN "
                   "amount_minor < 50000 THEN 5 WHEN amount_minor < 100000 THEN 6 ELSE 7 END, "
                   "COUNT(*) FROM orders WHERE %3 GROUP BY 1, 2, 3, 4, 5")
            .arg(day, dims, counted);
    if (table == u"analytics_failures")
        return QStringLiteral("INSERT INTO analytics_failures SELECT %1, %2, failure_reason, "
                              "COUNT(*) FROM orders WHERE %3 GROUP BY 1, 2, 3, 4, 5")
            .arg(day, dims, QString::fromLatin1(kFailed));
    if (table == u"analytics_payer_days")
        return QStringLiteral("INSERT INTO analytics_payer_days SELECT %1, payer_hash, COUNT(*) "
                              "FROM orders WHERE %2 AND payer_hash IS NOT NULL AND payer_hash <> ''"
                              " GROUP BY 1, 2")
            .arg(day, counted);
    if (table == u"analytics_payers")
        return QStringLiteral("INSERT INTO analytics_payers SELECT payer_hash, MIN(day), MAX(day)"
                              " FROM analytics_payer_days GROUP BY payer_hash");
    // analytics_dimensions
    return QStringLiteral(
               "INSERT INTO analytics_dimensions SELECT DISTINCT 'till', till FROM orders WHERE "
               "%1 AND till IS NOT NULL AND till <> '' UNION SELECT DISTINCT 'cashier', cashier "
               "FROM orders WHERE %1 AND cashier IS NOT NULL AND cashier <> '' UNION SELECT "
               "DISTINCT 'provider', provider FROM orders WHERE %1")
        .arg(counted);
}

} // namespace

AnalyticsStore::AnalyticsStore(Database &db) : m_db(db) {}

QStringList AnalyticsStore::tables()
{
    // analytics_hourly_total and analytics_payers are derived from the table before them.
    return {QStringLiteral("analytics_hourly"),     QStringLiteral("analytics_hourly_total"),
            QStringLiteral("analytics_tickets"),    QStringLiteral("analytics_failures"),
            QStringLiteral("analytics_payer_days"), QStringLiteral("analytics_payers"),
            QStringLiteral("analytics_dimensions")};
}

Result<int> AnalyticsStore::offsetSeconds() const
{
    auto v =
        m_db.scalar(QStringLiteral("SELECT offset_seconds FROM analytics_config WHERE id = 1"));
    if (!v.ok())
        return v.error();
    return v.value() ? v.value()->toInt() : 0;
}

Status AnalyticsStore::useZone(const QTimeZone &zone, const QDateTime &nowUtc)
{
    if (!zone.isValid())
        return Error{QStringLiteral("analytics.bad_zone"),
                     tr("The store time zone is not valid; the dashboard cannot group sales by "
                        "day.")};
    const int offset = zone.standardTimeOffset(nowUtc);
    if (zone.offsetFromUtc(nowUtc) != offset || zone.offsetFromUtc(nowUtc.addMonths(6)) != offset)
        qCWarning(lcStorage) << "store zone" << zone.id()
                             << "observes daylight saving time; the dashboard uses its standard"
                                " offset all year";
    const QString id = QString::fromUtf8(zone.id());
    QString storedZone;
    int storedOffset = 0;
    bool built = false;
    {
        // Read and let go of the statement: a pending one would lock the rebuild's DROPs.
        auto q = m_db.exec(QStringLiteral(
            "SELECT zone, offset_seconds, built FROM analytics_config WHERE id = 1"));
        if (!q.ok())
            return q.error();
        if (q.value().next()) {
            storedZone = q.value().value(0).toString();
            storedOffset = q.value().value(1).toInt();
            built = q.value().value(2).toInt() == 1;
        }
    }
    if (built && storedOffset == offset) {
        if (storedZone == id)
            return {};
        auto renamed =
            m_db.exec(QStringLiteral("UPDATE analytics_config SET zone = ? WHERE id = 1"), {id});
        if (!renamed.ok())
            return renamed.error();
        return {};
    }
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    if (auto r = m_db.exec(QStringLiteral("UPDATE analytics_config SET zone = ?, offset_seconds = ?"
                                          " WHERE id = 1"),
                           {id, offset});
        !r.ok())
        return r.error();
    auto rebuilt = rebuild();
    if (!rebuilt.ok())
        return rebuilt.error();
    qCInfo(lcStorage) << "dashboard aggregates recomputed for" << id << offset
                      << "s:" << rebuilt.value().rows << "rows";
    return tx.commit();
}

Result<qint64> AnalyticsStore::countDifferences() const
{
    qint64 total = 0;
    for (const QString &table : tables()) {
        auto v = m_db.scalar(
            QStringLiteral("SELECT (SELECT COUNT(*) FROM (SELECT * FROM temp.old_%1 EXCEPT "
                           "SELECT * FROM main.%1)) + (SELECT COUNT(*) FROM (SELECT * FROM "
                           "main.%1 EXCEPT SELECT * FROM temp.old_%1))")
                .arg(table));
        if (!v.ok())
            return v.error();
        total += v.value() ? v.value()->toLongLong() : 0;
    }
    return total;
}

Result<RebuildReport> AnalyticsStore::rebuild()
{
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    RebuildReport report;
    for (const QString &table : tables()) {
        for (const QString &sql :
             {QStringLiteral("DROP TABLE IF EXISTS temp.old_%1").arg(table),
              QStringLiteral("CREATE TEMP TABLE old_%1 AS SELECT * FROM main.%1").arg(table),
              QStringLiteral("DELETE FROM main.%1").arg(table), recomputeSql(table)}) {
            if (auto r = m_db.exec(sql); !r.ok())
                return r.error();
        }
        auto rows = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM main.%1").arg(table));
        if (!rows.ok())
            return rows.error();
        report.rows += rows.value() ? rows.value()->toLongLong() : 0;
    }
    auto orders = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM orders"));
    if (!orders.ok())
        return orders.error();
    report.orders = orders.value() ? orders.value()->toLongLong() : 0;
    auto differences = countDifferences();
    if (!differences.ok())
        return differences.error();
    report.correctedRows = differences.value();
    for (const QString &table : tables())
        (void)m_db.exec(QStringLiteral("DROP TABLE IF EXISTS temp.old_%1").arg(table));
    if (auto r = m_db.exec(QStringLiteral("UPDATE analytics_config SET built = 1 WHERE id = 1"));
        !r.ok())
        return r.error();
    if (auto committed = tx.commit(); !committed.ok())
        return committed.error();
    return report;
}

Result<SalesDimensions> AnalyticsStore::dimensions() const
{
    auto q = m_db.exec(QStringLiteral(
        "SELECT dimension, value FROM analytics_dimensions ORDER BY dimension, value"));
    if (!q.ok())
        return q.error();
    SalesDimensions d;
    while (q.value().next()) {
        const QString dim = q.value().value(0).toString();
        const QString value = q.value().value(1).toString();
        (dim == u"till" ? d.tills : dim == u"cashier" ? d.cashiers : d.providers) << value;
    }
    return d;
}

} // namespace paydesk
