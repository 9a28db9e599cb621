#pragma once

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace paydesk {

/// What one statement line (or one local order without a line) turned out to be when a day was
/// reconciled (DESIGN §5). The names are the wire names of `paydesk reconcile --json`.
enum class ReconClass {
    Matched,
    AmountMismatch,
    StatusMismatch,
    LatePayment,
    MissingAtProvider,
    MissingLocally,
    RefundMismatch,
    FeeMismatch,
    DuplicateLine,
};

/// One difference between the till's books and the provider's statement for a business day.
struct ReconException
{
    qint64 id = 0; ///< 0 until stored
    QString provider;
    QDate businessDay;
    ReconClass kind = ReconClass::Matched;
    QString outTradeNo;
    QString outRequestNo;                ///< refund exceptions only
    std::optional<qint64> localMinor;    ///< what the till booked (none: nothing booked)
    std::optional<qint64> providerMinor; ///< what the statement says (none: no line)
    QString suggestedAction;             ///< translated, for the person resolving it
    // Resolution (empty while open): who, when, why, and the adjusting entry it posted.
    QString resolvedBy;
    QDateTime resolvedAt;
    QString resolution;
    qint64 adjustingEntryId = 0;
    bool isOpen() const { return resolvedBy.isEmpty(); }
};

/// A provider's figures for one business day, all in minor units.
struct ProviderDayTotals
{
    QString provider;
    qint64 grossMinor = 0;           ///< payments on the statement
    qint64 refundsMinor = 0;         ///< refunds on the statement (positive)
    qint64 feesMinor = 0;            ///< fees charged minus fees returned
    qint64 netMinor = 0;             ///< gross - refunds - fees: the expected settlement
    qint64 clearingBalanceMinor = 0; ///< clearing:<provider> at the end of the day
    qint64 settledMinor = 0;         ///< paid out to the bank for this day so far
    int payments = 0;
    int refunds = 0;
    int matched = 0;
};

/// Everything the daily report shows: one business day across every provider of the till.
struct DayReport
{
    QDate businessDay;
    QString storeName;
    QList<ProviderDayTotals> providers;
    QList<ReconException> exceptions;
    QList<qint64> grossByHourMinor; ///< 24 buckets, local payments by store hour
    // Sign-off (empty until a manager signs the day off).
    QString signedOffBy;
    QDateTime signedOffAt;
    qint64 auditHeadId = 0; ///< audit log entry number at sign-off
    QString auditHeadHash;  ///< its keyed hash, hex
    /// Display names by provider id for printed reports (the caller fills it from the
    /// provider registry); an id without one is shown as the id.
    QHash<QString, QString> providerNames;
    bool closed() const { return !signedOffBy.isEmpty(); }
    QString providerName(const QString &id) const { return providerNames.value(id, id); }
};

/// What reconciling one provider's day found: its totals and every class but Matched.
struct ReconResult
{
    ProviderDayTotals totals;
    QList<ReconException> exceptions;
};

/// The wire name of a class ("amount_mismatch"), and back.
QString reconClassName(ReconClass kind);
std::optional<ReconClass> reconClassFromName(const QString &name);
/// The class as a person reads it ("Amount mismatch"), translated.
QString reconClassLabel(ReconClass kind);

} // namespace paydesk
