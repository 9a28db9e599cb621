#pragma once

#include "core/reconcile/reconciler.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QDate>
#include <QStringList>

namespace paydesk {

class AuditLog;
class CaseRepository;
class Clock;
class Database;
class Ledger;
class Session;
class SettingsStore;

/// Reconciles business days from what the till holds (statement_lines of migration 0012,
/// orders, refunds), keeps what it found (migration 0014), settles each difference with an
/// adjusting entry, and lets a manager sign a day off. Re-running a day is idempotent: the same
/// difference is one row, a resolved one stays resolved, one no longer found is marked gone.
class ReconciliationService
{
    Q_DECLARE_TR_FUNCTIONS(ReconciliationService)
public:
    ReconciliationService(Database &db, Ledger &ledger, AuditLog &audit, SettingsStore &settings,
                          const Clock &clock, CaseRepository *cases = nullptr);

    /// Providers with a statement for \a day on this till.
    Result<QStringList> providersWithStatement(const QDate &day) const;
    /// Reconciles \a provider's \a day (its statement must be imported). A closed day is
    /// reported as stored, not re-run.
    Result<ReconResult> reconcile(const QString &provider, const QDate &day);

    /// The stored exceptions of \a day (all providers), open ones first; gone ones left out.
    Result<QList<ReconException>> exceptions(const QDate &day) const;
    Result<std::optional<ReconException>> exception(qint64 id) const;

    /// Settles exception \a id: records who, when and why and posts the class's adjusting
    /// entry (none where the books are already right). Needs Permission::Reconcile.
    Result<ReconException> resolve(qint64 id, const Session &by, const QString &reason);

    /// Signs \a day off (Permission::SignOffDay with a fresh second factor): the audit entry
    /// of the sign-off is the head recorded with the day, and the day is closed.
    Result<DayReport> signOff(const QDate &day, const Session &by);
    Result<bool> isClosed(const QDate &day) const;

    /// Everything the daily report shows for \a day.
    Result<DayReport> report(const QDate &day, const QString &storeName = {}) const;

    /// The account's fee rate for \a provider in basis points: the setting
    /// "reconcile.fee_rate_bp.<provider>" when set, else the provider catalogue's standard rate.
    int feeRateBp(const QString &provider) const;
    static QString feeRateKey(const QString &provider);

private:
    Result<ReconInput> load(const QString &provider, const QDate &day) const;
    Status store(const QString &provider, const QDate &day, const ReconResult &result, int lines);
    Result<qint64> postAdjustment(const ReconException &e, const QString &reason,
                                  const QString &operatorName);

    Database &m_db;
    Ledger &m_ledger;
    AuditLog &m_audit;
    SettingsStore &m_settings;
    const Clock &m_clock;
    CaseRepository *m_cases;
};

} // namespace paydesk
