#pragma once

#include "core/ledger/ledger.h"
#include "core/reconcile/reconciler.h"
#include "core/reconcile/reconciliationstore.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace paydesk {

class AuditLog;
class Clock;
class Database;
class Ledger;
class Session;
class SettingsStore;

/// One provider's day as reconcile() leaves it.
struct ReconDayRun
{
    ProviderDayTotals totals;
    QList<ReconException> exceptions; ///< as stored: open and resolved (gone ones left out)
    int lines = 0;
    bool closed = false; ///< signed off: shown as it was, nothing changed
};

/// Reconciles a provider's business day from the database (statement_lines of the day's trade
/// statement, every local order and refund of the provider) through the Reconciler, keeps the
/// run and its exceptions (ReconciliationStore), resolves exceptions with their adjusting entry,
/// and signs a day off (docs/RECONCILIATION.md).
class ReconciliationService
{
    Q_DECLARE_TR_FUNCTIONS(ReconciliationService)
public:
    ReconciliationService(Database &db, Ledger &ledger, AuditLog &audit,
                          const SettingsStore &settings, const Clock &clock);

    ReconciliationStore &store() { return m_store; }

    /// Called after a run with the out_trade_nos of its late payments and duplicate lines, so
    /// the cases desk (DuplicateDetector::scanOrders) can open refund cases for them.
    void setCaseScanner(std::function<void(const QStringList &)> scanner)
    {
        m_caseScanner = std::move(scanner);
    }

    /// Whether \a provider has a trade statement for \a day in the database.
    Result<bool> hasStatement(const QString &provider, const QDate &day) const;
    /// Providers with a trade statement for \a day, sorted.
    Result<QStringList> providersWithStatement(const QDate &day) const;

    /// Reconciles \a provider's \a day. Error reconcile.no_statement without a statement.
    /// A signed-off day is not re-run: its stored figures come back with closed = true.
    Result<ReconDayRun> reconcile(const QString &provider, const QDate &day);

    /// The fee rate in basis points the account agreed (setting reconcile.fee_rate_bp.<p>;
    /// default 60, the standard 0.6 %).
    int feeRateBp(const QString &provider) const;

    /// The entry resolving \a e posts (empty: nothing to book), before it is posted.
    static QList<Posting> adjustingPostings(const ReconException &e);

    /// Resolves an open exception: Permission::Reconcile (manager or owner), a reason; posts
    /// the class's adjusting entry (balanced, referenced, memo with the reason, the operator),
    /// marks it resolved and audits "reconcile.resolved", all in one transaction. Refused on
    /// a closed day (reconcile.closed).
    Result<ReconException> resolve(qint64 exceptionId, const QString &reason, const Session &by);

    /// Signs \a day off: Permission::SignOffDay (manager or owner with a fresh TOTP step-up),
    /// every exception of the day resolved, at least one provider reconciled. Appends the
    /// "reconcile.signed_off" audit entry and records the audit log's head (that entry: its
    /// number and keyed hash); the day is closed from then on.
    Result<DaySignOff> signOff(const QDate &day, const Session &by);

    /// The provider's business day of a UTC instant (Asia/Shanghai, DESIGN §5).
    static QDate businessDayOf(const QDateTime &utc);

private:
    /// The engine over \a provider's \a day; \a lines gets the statement's line count.
    Result<ReconResult> runEngine(const QString &provider, const QDate &day, int *lines) const;
    /// The fee the statement's duplicate copy of \a e carries (booked by the import).
    Result<qint64> duplicateFee(qint64 exceptionId, const ReconException &e) const;

    Database &m_db;
    Ledger &m_ledger;
    AuditLog &m_audit;
    const SettingsStore &m_settings;
    const Clock &m_clock;
    ReconciliationStore m_store;
    std::function<void(const QStringList &)> m_caseScanner;
};

} // namespace paydesk
