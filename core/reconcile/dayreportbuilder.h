#pragma once

#include "core/reconcile/reconciliation.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QDate>
#include <QString>

namespace paydesk {

class Database;
class ReconciliationStore;

/// Builds the DayReport of a business day across every provider reconciled (or with a
/// statement) that day: the last run's totals, the clearing balance at the end of the day from
/// the journal, what was settled for the day (settlements), the exceptions (gone ones left out),
/// local payments by store hour and the sign-off.
class DayReportBuilder
{
    Q_DECLARE_TR_FUNCTIONS(DayReportBuilder)
public:
    DayReportBuilder(const Database &db, const ReconciliationStore &store);

    Result<DayReport> build(const QDate &day, const QString &storeName = {}) const;

    /// clearing:<provider>'s balance over entries booked before the end of \a day (store zone).
    Result<qint64> clearingBalanceAt(const QString &provider, const QDate &day) const;
    Result<qint64> settledFor(const QString &provider, const QDate &day) const;

private:
    const Database &m_db;
    const ReconciliationStore &m_store;
};

} // namespace paydesk
