#pragma once

#include "sandbox/tradestore.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

namespace paydesk::sandbox {

/// One change of a merchant's provider balance, as a fund-flow bill lists it.
struct FundMovement
{
    enum class Kind {
        Payment,     ///< a buyer paid (income)
        Fee,         ///< the fee on a payment (expense)
        Refund,      ///< money back to a buyer (expense)
        FeeReturned, ///< the part of the fee given back on a refund (income)
        Payout,      ///< the settlement of a business day to the merchant's bank (expense)
    };
    Kind kind = Kind::Payment;
    QDateTime atUtc;
    qint64 amountMinor = 0; ///< positive: money in; negative: money out
    const Trade *trade = nullptr;
    QString outRequestNo; ///< refunds
    QString reference;    ///< payouts: the provider's payout id
    QDate coversDay;      ///< payouts: the business day they settle
};

/// How the sandbox settles (docs/SANDBOX.md): each Beijing business day's net (payments -
/// refunds - fees, exactly what that day's trade bill says, counting every trade once) is paid
/// out to the bank T+1 at 06:00 Beijing, unless POST /sandbox/settlement made it late (N days)
/// or short (by an amount). Pure functions of the trades and the instructions, so a day's fund
/// bill is the same whenever it is downloaded; it is served for any day, those still to come
/// included, so tests and demos see a payout without waiting for it.
class Settlement
{
public:
    static constexpr int payoutHourBeijing = 6;

    /// The net of \a app's business \a day: what its payout would be in full.
    static qint64 dayNet(const App &app, const QList<const Trade *> &trades, QDate day);
    /// The movements booked on \a day (Beijing), in time order.
    static QList<FundMovement> movements(const App &app, const TradeStore &store, QDate day);
    /// The balance before the first movement of \a day.
    static qint64 openingBalance(const App &app, const TradeStore &store, QDate day);
    /// The deterministic payout id of \a app's \a day (digits only, like both providers').
    static QString payoutReference(const App &app, QDate coversDay, QDate bookedDay);

private:
    /// Every movement of \a app up to and including \a lastDay.
    static QList<FundMovement> allMovements(const App &app, const TradeStore &store, QDate lastDay);
};

} // namespace paydesk::sandbox
