#pragma once

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <array>
#include <optional>

namespace paydesk {

/// Which sales the dashboard counts; an empty field means "all".
struct SalesFilter
{
    QString till;
    QString cashier;
    QString provider; ///< a ProviderRegistry id, or "cash"

    friend bool operator==(const SalesFilter &, const SalesFilter &) = default;
};

/// Sums over a set of sales (orders PAID, PARTIALLY_REFUNDED or REFUNDED).
struct SalesTotals
{
    qint64 orders = 0;
    qint64 grossMinor = 0;
    qint64 refundedMinor = 0;
    qint64 refundedOrders = 0; ///< sales with any refund

    qint64 netMinor() const { return grossMinor - refundedMinor; }
    /// Gross / orders rounded half up to the fen; none without sales.
    std::optional<qint64> averageTicketMinor() const;
    /// Provider fees are not known yet (orders carry none): always empty, shown as "—".
    std::optional<qint64> feesMinor() const { return std::nullopt; }
    void add(const SalesTotals &other);

    friend bool operator==(const SalesTotals &, const SalesTotals &) = default;
};

/// A period (today, this week, this month) and the previous one up to the same point.
struct PeriodFigures
{
    QDate start; ///< first local day
    QDate end;   ///< local day after the last
    SalesTotals current;
    SalesTotals previous; ///< the previous period, cut at the same elapsed hour
    /// Gross change against previous in percent; none when the previous period sold nothing.
    std::optional<double> grossChangePercent() const;

    friend bool operator==(const PeriodFigures &, const PeriodFigures &) = default;
};

struct DayTotals
{
    QDate day;
    SalesTotals totals;
    friend bool operator==(const DayTotals &, const DayTotals &) = default;
};

/// A key (provider id, payment kind "qr"/"code"/"link"/"cash", failure reason) and its figure.
struct KeyedTotals
{
    QString key;
    SalesTotals totals;
    friend bool operator==(const KeyedTotals &, const KeyedTotals &) = default;
};

struct FailureCount
{
    QString reason;           ///< failureReasonName(): "insufficient_balance", ...
    qint64 attempts = 0;      ///< over the range
    qint64 attemptsToday = 0; ///< today only
    friend bool operator==(const FailureCount &, const FailureCount &) = default;
};

/// Payers (salted hashes) seen in the range and how many of them had paid before it.
struct ReturningPayers
{
    qint64 payers = 0;
    qint64 returning = 0;
    std::optional<double> sharePercent() const;
    friend bool operator==(const ReturningPayers &, const ReturningPayers &) = default;
};

/// Ticket-size buckets: bucket i holds sales of at least lowerBound(i) and below
/// lowerBound(i + 1). The SQL of migration 0011 and DashboardQueries use the same bounds.
struct TicketBuckets
{
    Q_DECLARE_TR_FUNCTIONS(TicketBuckets)
public:
    static constexpr int Count = 8;
    static qint64 lowerBoundMinor(int bucket); ///< 0, 1000, 2000, 5000, ... 100000
    static QString label(int bucket);          ///< "< ¥10", "¥10–20", ..., "≥ ¥1000"
    static QString shortLabel(int bucket);     ///< "0+", "10+", ..., "1000+" (yuan, for axes)
};

/// A translated name for a stored failure reason ("insufficient_balance" → "Insufficient
/// balance"), and the advice the till gave the cashier and the customer for it.
struct FailureLabels
{
    Q_DECLARE_TR_FUNCTIONS(FailureLabels)
public:
    static QString label(const QString &reasonName);
    static QString cashierAdvice(const QString &reasonName);
    static QString customerAdvice(const QString &reasonName);
};

/// Everything the dashboard shows, computed for one moment and filter.
struct DashboardFigures
{
    QDateTime asOfUtc;
    QDate today; ///< local
    int rangeDays = 7;
    PeriodFigures todayPeriod;
    PeriodFigures weekPeriod; ///< weeks start on Monday
    PeriodFigures monthPeriod;
    QList<DayTotals> byDay;               ///< rangeDays entries, oldest first, zero-filled
    std::array<SalesTotals, 24> byHour{}; ///< local hour of day, over the range
    QList<KeyedTotals> byProvider;        ///< over the range, largest gross first
    QList<KeyedTotals> byKind;            ///< over the range, largest gross first
    std::array<qint64, TicketBuckets::Count> tickets{}; ///< sales per bucket, over the range
    ReturningPayers payers;                             ///< the whole store (filters do not apply)
    QList<FailureCount> failures;                       ///< over the range, most frequent first

    /// Up to \a n hours of day with the highest gross over the range (none without sales).
    QList<int> bestHours(int n = 3) const;

    friend bool operator==(const DashboardFigures &, const DashboardFigures &) = default;
};

} // namespace paydesk
