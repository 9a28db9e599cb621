#pragma once

#include "core/reconcile/reconciliation.h"

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QSet>
#include <QString>

namespace paydesk {

/// One statement line as the reconciler needs it.
struct ReconLine
{
    bool refund = false;
    QString outTradeNo;
    QString outRequestNo;   ///< refunds only
    qint64 amountMinor = 0; ///< negative for refunds, as on the statement
    qint64 feeMinor = 0;    ///< charged > 0, returned < 0
};

/// A local order as the reconciler needs it.
struct ReconOrder
{
    QString outTradeNo;
    QString provider;
    QString status; ///< OrderStatus name: CREATED … CLOSED
    qint64 amountMinor = 0;
    QDate businessDay; ///< of its creation, in the provider's zone
};

/// A local refund as the reconciler needs it.
struct ReconRefund
{
    QString outRequestNo;
    QString outTradeNo;
    QString status;         ///< DECIDED, SENT, PROCESSING, SUCCESS, FAILED
    qint64 amountMinor = 0; ///< positive
    QDate businessDay;
};

/// Everything one provider's day is reconciled from.
struct ReconInput
{
    QString provider;
    QDate day;
    int feeRateBp = 0;          ///< the account's rate: 60 = 0.6 %
    QList<ReconLine> lines;     ///< the day's statement, in file order
    QList<ReconOrder> orders;   ///< every local order of the provider (a line may be late)
    QList<ReconRefund> refunds; ///< every local refund of the provider's orders
    /// out_trade_no / out_request_no seen on any statement of the provider, other days
    /// included: an order paid at 23:59:59 whose line is on the next day's bill is not
    /// missing at the provider.
    QSet<QString> keysOnOtherDays;
};

struct ReconResult
{
    ProviderDayTotals totals;
    QList<ReconException> exceptions; ///< every class but Matched, in statement order
};

/// Classifies a provider's business day (DESIGN §5): per statement line, payments keyed by
/// out_trade_no and refunds by out_request_no, against all local orders and refunds; then the
/// local payments and refunds of the day that no line names. Pure: no database, no clock.
class Reconciler
{
    Q_DECLARE_TR_FUNCTIONS(Reconciler)
public:
    static ReconResult run(const ReconInput &input);

    /// The fee the account's rate gives for \a amountMinor, rounded half up to the fen.
    static qint64 expectedFee(qint64 amountMinor, int feeRateBp);
    /// What a person should do about an exception of \a kind (translated).
    static QString suggestedAction(ReconClass kind);
};

} // namespace paydesk
