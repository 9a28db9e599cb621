#pragma once

#include "core/shifts/shift.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QObject>

namespace paydesk {

class AuditLog;
class Clock;
class Database;
class Ledger;
class Session;

/// The cashier's shift and the drawer count (ARCHITECTURE §11). One shift is open per till at a
/// time; orders created while it is open carry it (a database trigger sets orders.shift_id).
/// Payouts and a counted difference are booked in the journal (cash against
/// expense:cash_payouts / expense:cash_over_short); every step is audited.
class ShiftService : public QObject
{
    Q_OBJECT
public:
    ShiftService(Database &db, AuditLog &audit, Ledger &ledger, const Clock &clock,
                 QObject *parent = nullptr);

    /// The shift open on \a till, if any.
    Result<std::optional<Shift>> current(const QString &till) const;
    Result<Shift> shift(qint64 id) const;
    /// The latest shifts of \a till, newest first.
    Result<QList<Shift>> recent(const QString &till, int limit = 20) const;

    /// Opens \a cashier's shift on \a till with \a openingFloat in the drawer. Refused while
    /// another shift is open there (code shift.already_open).
    Result<Shift> open(const QString &till, const QString &cashier, const Money &openingFloat);

    /// Cash taken out of the drawer during the open shift \a shiftId.
    Result<qint64> payout(qint64 shiftId, const Money &amount, const QString &reason,
                          const QString &operatorName);

    /// The figures of \a shiftId now (expected cash, takings, counts, open orders).
    Result<ShiftSummary> summary(qint64 shiftId) const;

    struct CloseRequest
    {
        Money counted;               ///< cash in the drawer as counted
        Denominations denominations; ///< optional; when given, must add up to counted
        QString reason;              ///< required when counted differs from expected
        QString closedBy;
        /// A manager or owner with a fresh step-up, required when the difference is larger
        /// than \a differenceLimit (Permission::SignOffDay: the drawer count is a sign-off).
        const Session *approver = nullptr;
    };
    /// Closes \a shiftId with the count: records expected, counted and the difference and
    /// books the difference. Codes: shift.not_open, shift.reason_required,
    /// shift.denominations_mismatch, shift.approval_required (and the approver's
    /// security.* codes).
    Result<ShiftSummary> close(qint64 shiftId, const CloseRequest &request,
                               const Money &differenceLimit);

    /// True when \a difference is further off than \a limit.
    static bool needsApproval(const Money &difference, const Money &limit);

signals:
    void shiftOpened(const paydesk::Shift &shift);
    void shiftClosed(const paydesk::ShiftSummary &summary);

private:
    Result<QList<ShiftTakings>> takingsOf(qint64 shiftId) const;

    Database &m_db;
    AuditLog &m_audit;
    Ledger &m_ledger;
    const Clock &m_clock;
};

} // namespace paydesk
