#pragma once

#include "core/checkout/checkoutconfig.h"
#include "core/orders/order.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QObject>

#include <functional>
#include <optional>

namespace paydesk {

class OrderQueries;

/// What the customer can show: the provider's transaction id or our order number (the
/// "merchant order number" on their phone, the receipt's order number), or the amount and
/// roughly when (and with which provider).
struct PaymentSearch
{
    QString reference;           ///< a transaction id or an out_trade_no; spaces are ignored
    std::optional<Money> amount; ///< with a time window
    QDateTime from;              ///< UTC; with an amount
    QDateTime to;                ///< UTC; with an amount
    QString provider;            ///< registry id; empty: any
};

/// Did money really move? The provider's own answer to a query, in three words.
struct MoneyCheck
{
    enum class Moved { Yes, No, Unknown };
    Moved moved = Moved::Unknown;
    Money providerTotal;    ///< what the provider says was paid (Yes)
    Money providerRefunded; ///< what the provider says went back already
    QString transactionId;
    QString message; ///< translated, one sentence for the cashier
};

QString moneyMovedName(MoneyCheck::Moved moved); ///< "yes", "no", "unknown"
std::optional<MoneyCheck::Moved> moneyMovedFromName(QStringView name);

/// The first step of every complaint: find the payment, then ask the provider whether money
/// moved. Reads orders through OrderQueries; asks the provider through the registry's adapter.
class PaymentLookup
{
    Q_DECLARE_TR_FUNCTIONS(PaymentLookup)
public:
    PaymentLookup(const OrderQueries &orders, ProviderLookup providers);

    /// The longest time window an amount search may span.
    static constexpr int MaxWindowDays = 31;

    /// Orders matching \a search, newest first. Bad input (nothing to search by, an amount
    /// without a window, a window the wrong way round or too long) is an error that says so.
    Result<QList<Order>> find(const PaymentSearch &search) const;
    /// Spaces and dashes typed from a phone screen removed, as the reference is compared.
    static QString normalizedReference(const QString &text);

    /// Asks the order's provider about it; \a done runs once (on \a context's thread, never
    /// after \a context is gone). A cash sale needs no provider: the money is in the drawer.
    void confirm(const Order &order, QObject *context,
                 std::function<void(const MoneyCheck &)> done);

private:
    const OrderQueries &m_orders;
    ProviderLookup m_providers;
};

} // namespace paydesk
