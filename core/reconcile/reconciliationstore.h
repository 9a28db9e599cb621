#pragma once

#include "core/reconcile/reconciler.h"
#include "core/reconcile/reconciliation.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace paydesk {

class Database;

/// The sign-off of a business day (migration 0014's recon_signoffs).
struct DaySignOff
{
    QDate businessDay;
    QString signedOffBy;
    QDateTime signedOffAt;
    qint64 auditHeadId = 0;
    QString auditHeadHash;
};

/// What migration 0014 keeps: the runs of a provider's day, its exceptions across runs, and the
/// day's sign-off. Merging a run is idempotent: an exception is identified by (provider, day,
/// class, out_trade_no, out_request_no, occurrence); one found again keeps its row (and, when
/// resolved, its resolution); one no longer found becomes "gone" (kept, not deleted), and comes
/// back "open" if a later run finds it again.
class ReconciliationStore
{
    Q_DECLARE_TR_FUNCTIONS(ReconciliationStore)
public:
    explicit ReconciliationStore(Database &db) : m_db(db) {}

    /// Stores a run of \a provider's \a day and merges its exceptions (inside the caller's
    /// Transaction when there is one). Returns the run's id.
    Result<qint64> recordRun(const QString &provider, const QDate &day, int lines,
                             const ReconResult &result, const QDateTime &nowUtc);

    /// The day's exceptions (open and resolved; with \a includeGone also the gone ones), for one
    /// provider or, with an empty \a provider, all of them; in id order.
    Result<QList<ReconException>> exceptions(const QDate &day, const QString &provider = {},
                                             bool includeGone = false) const;
    Result<std::optional<ReconException>> exception(qint64 id) const;
    /// "open", "resolved" or "gone"; empty for an unknown id.
    Result<QString> state(qint64 id) const;
    /// The last run's totals of \a provider's \a day, if it was reconciled.
    Result<std::optional<ProviderDayTotals>> lastTotals(const QString &provider,
                                                        const QDate &day) const;
    /// Providers reconciled on \a day, sorted.
    Result<QStringList> reconciledProviders(const QDate &day) const;

    /// Marks an open exception resolved. Fails (reconcile.not_open) when it is not open.
    Status markResolved(qint64 id, const QString &by, const QDateTime &atUtc,
                        const QString &resolution, qint64 entryId);

    Result<std::optional<DaySignOff>> signOff(const QDate &day) const;
    Status recordSignOff(const DaySignOff &signOff);

private:
    Database &m_db;
};

} // namespace paydesk
