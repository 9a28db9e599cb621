#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

namespace paydesk {

class HqConnection;

/// Which part of the chain a head-office view shows: one business day, optionally one store
/// and one till of it.
struct HqFilter
{
    QDate day;
    QString store; ///< empty: every store
    QString till;  ///< empty: every till
};

/// One store / till / provider line of the consolidated daily report.
struct HqReportLine
{
    bool operator==(const HqReportLine &) const = default;
    QString store;
    QString till;
    QString provider;
    qint64 paidCount = 0;
    qint64 grossMinor = 0;    ///< paid orders' amounts (refunded ones included)
    qint64 refundedMinor = 0; ///< what was refunded of them
    qint64 failedCount = 0;   ///< FAILED or CLOSED
    qint64 openCount = 0;     ///< CREATED, PENDING or UNKNOWN: not final yet
    qint64 netMinor() const { return grossMinor - refundedMinor; }
};

/// One store / provider line of the reconciliation summary: the books against the
/// provider's statement and payouts for the day.
struct HqReconLine
{
    QString store;
    QString provider;
    qint64 booksMinor = 0;     ///< net of the paid wallet orders the tills booked (not cash)
    qint64 statementCount = 0; ///< statement lines (payments and refunds)
    qint64 statementMinor = 0; ///< their amounts (refunds negative)
    qint64 feeMinor = 0;
    qint64 settledMinor = 0;   ///< payouts covering the day
    qint64 unmatchedLines = 0; ///< statement lines naming an order no till pushed
    qint64 differenceMinor() const { return booksMinor - statementMinor; }
};

/// A till as head office sees it: how far it has pushed and when.
struct HqTillStatus
{
    QString store;
    QString till;
    qint64 lastSeq = 0;
    qint64 rows = 0;
    QDateTime pushedAt; ///< invalid: never pushed
    qint64 paidCount = 0;
    qint64 netMinor = 0;
};

/// The dashboard's takings per hour of the day (the store's zone), across the filter.
struct HqHour
{
    int hour = 0;
    qint64 paidCount = 0;
    qint64 netMinor = 0;
};

/// The consolidated read models over the head-office schema (resources/hq/), for the GUI's
/// Head office window and `paydeskctl hq report`. Needs a role that reads every row
/// (the owner or a member of paydesk_hq); a till role sees only its own.
class HqReport
{
    Q_DECLARE_TR_FUNCTIONS(HqReport)
public:
    explicit HqReport(HqConnection &db) : m_db(db) {}

    /// The daily report from hq.daily_totals (kept by triggers as orders arrive: fast).
    Result<QList<HqReportLine>> daily(const HqFilter &filter) const;
    /// The same lines aggregated from the orders themselves: what daily() must equal.
    Result<QList<HqReportLine>> dailyFromOrders(const HqFilter &filter) const;
    Result<QList<HqReconLine>> reconciliation(const HqFilter &filter) const;
    Result<QList<HqTillStatus>> tills(const HqFilter &filter) const;
    Result<QList<HqHour>> hourly(const HqFilter &filter) const;
    /// Every store id, then every "store/till", for the filters.
    Result<QStringList> stores() const;
    Result<QStringList> tillsOf(const QString &store) const;

    static HqReportLine total(const QList<HqReportLine> &lines);

private:
    HqConnection &m_db;
};

} // namespace paydesk
