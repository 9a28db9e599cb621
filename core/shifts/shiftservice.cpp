#include "core/shifts/shiftservice.h"

#include "core/ledger/ledger.h"
#include "core/security/auditlog.h"
#include "core/security/session.h"
#include "core/storage/database.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTimeZone>

namespace paydesk {

namespace {

const QString kCash = QStringLiteral("cash");
const QString kPayoutAccount = QStringLiteral("expense:cash_payouts");
const QString kOverShortAccount = QStringLiteral("expense:cash_over_short");
const QString kShiftColumns = QStringLiteral(
    "id, till, cashier, opened_at, opening_float_minor, closed_at, closed_by, "
    "expected_cash_minor, counted_cash_minor, difference_minor, difference_reason, approved_by, "
    "denominations");

QString isoUtc(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromIso(const QVariant &v)
{
    if (v.isNull())
        return {};
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    t.setTimeZone(QTimeZone::utc());
    return t;
}

std::optional<Money> optionalMoney(const QVariant &v)
{
    if (v.isNull())
        return std::nullopt;
    return Money::fromMinor(v.toLongLong());
}

QString denominationsJson(const Denominations &count)
{
    QJsonObject o;
    for (auto it = count.cbegin(); it != count.cend(); ++it)
        if (it.value() != 0)
            o.insert(QString::number(it.key()), it.value());
    return o.isEmpty() ? QString()
                       : QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

Denominations denominationsFrom(const QString &json)
{
    Denominations count;
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    for (auto it = o.begin(); it != o.end(); ++it)
        count.insert(it.key().toLongLong(), it.value().toInt());
    return count;
}

Shift shiftFrom(const QSqlQuery &q)
{
    Shift s;
    s.id = q.value(0).toLongLong();
    s.till = q.value(1).toString();
    s.cashier = q.value(2).toString();
    s.openedAt = fromIso(q.value(3));
    s.openingFloat = Money::fromMinor(q.value(4).toLongLong());
    s.closedAt = fromIso(q.value(5));
    s.closedBy = q.value(6).toString();
    s.expectedCash = optionalMoney(q.value(7));
    s.countedCash = optionalMoney(q.value(8));
    s.difference = optionalMoney(q.value(9));
    s.differenceReason = q.value(10).toString();
    s.approvedBy = q.value(11).toString();
    s.denominations = denominationsFrom(q.value(12).toString());
    return s;
}

Error notOpen()
{
    return {QStringLiteral("shift.not_open"),
            ShiftService::tr("This shift is already closed; open a new one to go on.")};
}

} // namespace

QList<qint64> cnyDenominations()
{
    return {10000, 5000, 2000, 1000, 500, 100, 50, 10};
}

Money denominationsTotal(const Denominations &count)
{
    qint64 total = 0;
    for (auto it = count.cbegin(); it != count.cend(); ++it)
        total += it.key() * it.value();
    return Money::fromMinor(total);
}

ShiftService::ShiftService(Database &db, AuditLog &audit, Ledger &ledger, const Clock &clock,
                           QObject *parent)
    : QObject(parent), m_db(db), m_audit(audit), m_ledger(ledger), m_clock(clock)
{
}

Result<std::optional<Shift>> ShiftService::current(const QString &till) const
{
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM shifts WHERE till = ? AND closed_at IS NULL")
                           .arg(kShiftColumns),
                       {till});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return std::optional<Shift>();
    return std::optional<Shift>(shiftFrom(q.value()));
}

Result<Shift> ShiftService::shift(qint64 id) const
{
    auto q =
        m_db.exec(QStringLiteral("SELECT %1 FROM shifts WHERE id = ?").arg(kShiftColumns), {id});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return Error{QStringLiteral("shift.not_found"), tr("There is no shift %1.").arg(id)};
    return shiftFrom(q.value());
}

Result<QList<Shift>> ShiftService::recent(const QString &till, int limit) const
{
    auto q =
        m_db.exec(QStringLiteral("SELECT %1 FROM shifts WHERE till = ? ORDER BY id DESC LIMIT ?")
                      .arg(kShiftColumns),
                  {till, limit});
    if (!q.ok())
        return q.error();
    QList<Shift> shifts;
    while (q.value().next())
        shifts << shiftFrom(q.value());
    return shifts;
}

Result<Shift> ShiftService::open(const QString &till, const QString &cashier,
                                 const Money &openingFloat)
{
    if (openingFloat.isNegative())
        return Error{QStringLiteral("shift.bad_float"),
                     tr("The opening float cannot be negative.")};
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    auto existing = current(till);
    if (!existing.ok())
        return existing.error();
    if (existing.value())
        return Error{QStringLiteral("shift.already_open"),
                     tr("%1's shift is still open on this till; close it (count the drawer) "
                        "before a new shift opens.")
                         .arg(existing.value()->cashier)};
    const QDateTime now = m_clock.nowUtc();
    auto inserted = m_db.exec(QStringLiteral("INSERT INTO shifts(till, cashier, opened_at, "
                                             "opening_float_minor) VALUES (?, ?, ?, ?)"),
                              {till, cashier, isoUtc(now), openingFloat.minor()});
    if (!inserted.ok())
        return inserted.error();
    const qint64 id = inserted.value().lastInsertId().toLongLong();
    PAYDESK_TRY(m_audit.append(QStringLiteral("shift.opened"), cashier,
                               {{QStringLiteral("shift"), id},
                                {QStringLiteral("till"), till},
                                {QStringLiteral("float_minor"), openingFloat.minor()}}));
    PAYDESK_TRY(tx.commit());
    auto opened = shift(id);
    if (opened.ok())
        emit shiftOpened(opened.value());
    return opened;
}

Result<qint64> ShiftService::payout(qint64 shiftId, const Money &amount, const QString &reason,
                                    const QString &operatorName)
{
    if (amount.minor() <= 0)
        return Error{QStringLiteral("shift.bad_payout"), tr("A payout must be more than zero.")};
    if (reason.trimmed().isEmpty())
        return Error{QStringLiteral("shift.reason_required"),
                     tr("Say what the cash was paid out for.")};
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    auto s = shift(shiftId);
    if (!s.ok())
        return s.error();
    if (!s.value().isOpen())
        return notOpen();
    auto inserted = m_db.exec(
        QStringLiteral("INSERT INTO shift_payouts(shift_id, at, "
                       "amount_minor, reason, operator) "
                       "VALUES (?, ?, ?, ?, ?)"),
        {shiftId, isoUtc(m_clock.nowUtc()), amount.minor(), reason.trimmed(), operatorName});
    if (!inserted.ok())
        return inserted.error();
    const qint64 id = inserted.value().lastInsertId().toLongLong();
    const QString reference = QStringLiteral("shift:%1:payout:%2").arg(shiftId).arg(id);
    PAYDESK_TRY(m_ledger.post(QStringLiteral("Cash payout: %1").arg(reason.trimmed()),
                              {{kPayoutAccount, amount.minor()}, {kCash, -amount.minor()}},
                              reference, operatorName));
    PAYDESK_TRY(m_audit.append(QStringLiteral("shift.payout"), operatorName,
                               {{QStringLiteral("shift"), shiftId},
                                {QStringLiteral("amount_minor"), amount.minor()},
                                {QStringLiteral("reason"), reason.trimmed()}}));
    PAYDESK_TRY(tx.commit());
    return id;
}

Result<QList<ShiftTakings>> ShiftService::takingsOf(qint64 shiftId) const
{
    auto q = m_db.exec(QStringLiteral("SELECT provider, kind, COUNT(*), SUM(amount_minor), "
                                      "SUM(refunded_minor) FROM orders WHERE shift_id = ? AND "
                                      "status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED') "
                                      "GROUP BY provider, kind ORDER BY provider, kind"),
                       {shiftId});
    if (!q.ok())
        return q.error();
    QList<ShiftTakings> takings;
    while (q.value().next()) {
        ShiftTakings t;
        t.provider = q.value().value(0).toString();
        t.kind = orderKindFromName(q.value().value(1).toString()).value_or(OrderKind::Qr);
        t.count = q.value().value(2).toInt();
        t.amount = Money::fromMinor(q.value().value(3).toLongLong());
        t.refunded = Money::fromMinor(q.value().value(4).toLongLong());
        takings << t;
    }
    return takings;
}

Result<ShiftSummary> ShiftService::summary(qint64 shiftId) const
{
    ShiftSummary sum;
    auto s = shift(shiftId);
    if (!s.ok())
        return s.error();
    sum.shift = s.value();
    sum.at = m_clock.nowUtc();
    auto takings = takingsOf(shiftId);
    if (!takings.ok())
        return takings.error();
    sum.takings = takings.value();
    qint64 gross = 0, refunds = 0, cashSales = 0, cashRefunds = 0;
    for (const ShiftTakings &t : sum.takings) {
        sum.paidCount += t.count;
        gross += t.amount.minor();
        refunds += t.refunded.minor();
        if (t.kind == OrderKind::Cash) {
            sum.cashSaleCount += t.count;
            cashSales += t.amount.minor();
            cashRefunds += t.refunded.minor();
        }
    }
    auto counts = m_db.exec(
        QStringLiteral("SELECT "
                       "SUM(CASE WHEN status IN ('CREATED', 'PENDING', 'UNKNOWN') THEN 1 END), "
                       "SUM(CASE WHEN status IN ('FAILED', 'CLOSED') THEN 1 END), "
                       "SUM(CASE WHEN refunded_minor > 0 THEN 1 END) "
                       "FROM orders WHERE shift_id = ?"),
        {shiftId});
    if (!counts.ok())
        return counts.error();
    if (counts.value().next()) {
        sum.openOrders = counts.value().value(0).toInt();
        sum.failedCount = counts.value().value(1).toInt();
        sum.refundedCount = counts.value().value(2).toInt();
    }
    auto payouts = m_db.exec(QStringLiteral("SELECT COUNT(*), COALESCE(SUM(amount_minor), 0) "
                                            "FROM shift_payouts WHERE shift_id = ?"),
                             {shiftId});
    if (!payouts.ok())
        return payouts.error();
    if (payouts.value().next()) {
        sum.payoutCount = payouts.value().value(0).toInt();
        sum.payouts = Money::fromMinor(payouts.value().value(1).toLongLong());
    }
    sum.gross = Money::fromMinor(gross);
    sum.refunds = Money::fromMinor(refunds);
    sum.cashSales = Money::fromMinor(cashSales);
    sum.cashRefunds = Money::fromMinor(cashRefunds);
    sum.expectedCash = Money::fromMinor(sum.shift.openingFloat.minor() + cashSales - cashRefunds -
                                        sum.payouts.minor());
    return sum;
}

bool ShiftService::needsApproval(const Money &difference, const Money &limit)
{
    return std::abs(difference.minor()) > limit.minor();
}

Result<ShiftSummary> ShiftService::close(qint64 shiftId, const CloseRequest &request,
                                         const Money &differenceLimit)
{
    if (request.counted.isNegative())
        return Error{QStringLiteral("shift.bad_count"), tr("The counted cash cannot be negative.")};
    if (!request.denominations.isEmpty() &&
        denominationsTotal(request.denominations) != request.counted)
        return Error{QStringLiteral("shift.denominations_mismatch"),
                     tr("The banknotes and coins add up to %1, not to the counted %2.")
                         .arg(denominationsTotal(request.denominations).format(QLocale()),
                              request.counted.format(QLocale()))};
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    auto before = summary(shiftId);
    if (!before.ok())
        return before.error();
    if (!before.value().shift.isOpen())
        return notOpen();
    const Money expected = before.value().expectedCash;
    const qint64 difference = request.counted.minor() - expected.minor();
    const QString reason = request.reason.trimmed();
    if (difference != 0 && reason.isEmpty())
        return Error{QStringLiteral("shift.reason_required"),
                     tr("The drawer is %1 off what the till expects: say why.")
                         .arg(Money::fromMinor(difference).format(QLocale()))};
    QString approvedBy;
    if (needsApproval(Money::fromMinor(difference), differenceLimit)) {
        if (!request.approver)
            return Error{QStringLiteral("shift.approval_required"),
                         tr("The difference of %1 is more than the limit of %2: a manager must "
                            "confirm the count.")
                             .arg(Money::fromMinor(difference).format(QLocale()),
                                  differenceLimit.format(QLocale()))};
        PAYDESK_TRY(request.approver->authorize(Permission::SignOffDay));
        approvedBy = request.approver->operatorName();
    }
    const QDateTime now = m_clock.nowUtc();
    PAYDESK_TRY(m_db.exec(
        QStringLiteral("UPDATE shifts SET closed_at = ?, closed_by = ?, expected_cash_minor = ?, "
                       "counted_cash_minor = ?, difference_minor = ?, difference_reason = ?, "
                       "approved_by = ?, denominations = ? WHERE id = ? AND closed_at IS NULL"),
        {isoUtc(now), request.closedBy, expected.minor(), request.counted.minor(), difference,
         reason.isEmpty() ? QVariant() : QVariant(reason),
         approvedBy.isEmpty() ? QVariant() : QVariant(approvedBy),
         request.denominations.isEmpty() ? QVariant()
                                         : QVariant(denominationsJson(request.denominations)),
         shiftId}));
    if (difference != 0)
        // Short: the missing cash is an expense; over: the extra cash reduces it.
        PAYDESK_TRY(m_ledger.post(QStringLiteral("Drawer count difference: %1").arg(reason),
                                  {{kOverShortAccount, -difference}, {kCash, difference}},
                                  QStringLiteral("shift:%1:count").arg(shiftId), request.closedBy));
    PAYDESK_TRY(m_audit.append(QStringLiteral("shift.closed"), request.closedBy,
                               {{QStringLiteral("shift"), shiftId},
                                {QStringLiteral("expected_minor"), expected.minor()},
                                {QStringLiteral("counted_minor"), request.counted.minor()},
                                {QStringLiteral("difference_minor"), difference},
                                {QStringLiteral("reason"), reason},
                                {QStringLiteral("approved_by"), approvedBy}}));
    PAYDESK_TRY(tx.commit());
    auto after = summary(shiftId);
    if (after.ok())
        emit shiftClosed(after.value());
    return after;
}

} // namespace paydesk
