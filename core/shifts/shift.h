#pragma once

#include "core/money/money.h"
#include "core/orders/order.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace paydesk {

/// Banknotes and coins in the drawer: face value in minor units → how many.
using Denominations = QMap<qint64, int>;

/// One cashier's shift on one till (ARCHITECTURE §11): opened with the float, closed with the
/// drawer count. Closed shifts are history.
struct Shift
{
    qint64 id = 0;
    QString till;
    QString cashier;
    QDateTime openedAt; ///< UTC
    Money openingFloat;
    QDateTime closedAt; ///< UTC; invalid while open
    QString closedBy;
    std::optional<Money> expectedCash;
    std::optional<Money> countedCash;
    std::optional<Money> difference; ///< counted − expected: positive over, negative short
    QString differenceReason;
    QString approvedBy; ///< the manager who confirmed a difference over the limit
    Denominations denominations;

    bool isOpen() const { return !closedAt.isValid(); }
};

/// Wallet (and cash) takings of a shift for one provider and kind of payment.
struct ShiftTakings
{
    QString provider; ///< registry id, or "cash"
    OrderKind kind = OrderKind::Qr;
    int count = 0;
    Money amount;   ///< paid (before refunds)
    Money refunded; ///< refunded on those orders so far
};

/// What the till knows about a shift at one moment: the figures of the close-out screen and
/// the shift report.
struct ShiftSummary
{
    Shift shift;
    QDateTime at; ///< UTC, when the figures were taken
    Money cashSales;
    int cashSaleCount = 0;
    Money cashRefunds;
    Money payouts;
    int payoutCount = 0;
    Money expectedCash; ///< float + cash sales − cash refunds − payouts
    QList<ShiftTakings> takings;
    int paidCount = 0; ///< orders paid (wallet and cash)
    Money gross;       ///< their amounts
    Money refunds;     ///< refunded on them (wallet and cash)
    int refundedCount = 0;
    int openOrders = 0; ///< still CREATED / PENDING / UNKNOWN
    int failedCount = 0;
    Money net() const { return Money::fromMinor(gross.minor() - refunds.minor()); }
};

/// Chinese banknotes and coins in circulation, largest first (minor units).
QList<qint64> cnyDenominations();
/// The total of a count.
Money denominationsTotal(const Denominations &count);

} // namespace paydesk
