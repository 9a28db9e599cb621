#include "core/cases/paymentlookup.h"

#include "core/orders/orderqueries.h"
#include "core/providers/paymentprovider.h"

#include <QPointer>
#include <QRegularExpression>

namespace paydesk {

namespace {
QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}
} // namespace

QString moneyMovedName(MoneyCheck::Moved moved)
{
    switch (moved) {
    case MoneyCheck::Moved::Yes:
        return QStringLiteral("yes");
    case MoneyCheck::Moved::No:
        return QStringLiteral("no");
    case MoneyCheck::Moved::Unknown:
        return QStringLiteral("unknown");
    }
    return {};
}

std::optional<MoneyCheck::Moved> moneyMovedFromName(QStringView name)
{
    for (auto m : {MoneyCheck::Moved::Yes, MoneyCheck::Moved::No, MoneyCheck::Moved::Unknown})
        if (moneyMovedName(m) == name)
            return m;
    return std::nullopt;
}

PaymentLookup::PaymentLookup(const OrderQueries &orders, ProviderLookup providers)
    : m_orders(orders), m_providers(std::move(providers))
{
}

QString PaymentLookup::normalizedReference(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s\\x{3000}]"));
    QString out = text;
    out.remove(separators);
    return out;
}

Result<QList<Order>> PaymentLookup::find(const PaymentSearch &search) const
{
    const QString reference = normalizedReference(search.reference);
    QStringList where;
    QVariantList binds;
    if (!reference.isEmpty()) {
        // Our order numbers are upper case; a customer may read them out in any case.
        where << QStringLiteral("(transaction_id = ? OR UPPER(out_trade_no) = UPPER(?))");
        binds << reference << reference;
    }
    if (search.amount) {
        if (!search.from.isValid() || !search.to.isValid())
            return Error{QStringLiteral("lookup.no_window"),
                         tr("Give the time window in which the customer paid.")};
        if (search.to < search.from)
            return Error{QStringLiteral("lookup.bad_window"),
                         tr("The end of the time window is before its start.")};
        if (search.from.daysTo(search.to) > MaxWindowDays)
            return Error{QStringLiteral("lookup.window_too_long"),
                         tr("Search at most %n days at a time.", nullptr, MaxWindowDays)};
        if (search.amount->minor() <= 0)
            return Error{QStringLiteral("lookup.bad_amount"),
                         tr("Enter the amount the customer paid, more than zero.")};
        where << QStringLiteral("amount_minor = ? AND created_at >= ? AND created_at <= ?");
        binds << search.amount->minor() << iso(search.from) << iso(search.to);
    }
    if (where.isEmpty())
        return Error{QStringLiteral("lookup.nothing"),
                     tr("Enter the transaction id or order number from the customer's phone or "
                        "receipt, or the amount and when they paid.")};
    if (!search.provider.isEmpty()) {
        where << QStringLiteral("provider = ?");
        binds << search.provider;
    }
    return m_orders.select(where.join(QStringLiteral(" AND ")), binds,
                           QStringLiteral("ORDER BY created_at DESC, id DESC LIMIT 200"));
}

void PaymentLookup::confirm(const Order &order, QObject *context,
                            std::function<void(const MoneyCheck &)> done)
{
    if (order.kind == OrderKind::Cash) {
        MoneyCheck c;
        c.moved = MoneyCheck::Moved::Yes;
        c.providerTotal = order.amount;
        c.message = tr("A cash sale: the money is in the drawer, no provider was involved.");
        done(c);
        return;
    }
    PaymentProvider *provider = m_providers ? m_providers(order.provider) : nullptr;
    if (!provider) {
        MoneyCheck c;
        c.message = tr("The provider of this order is not connected, so it cannot be asked now. "
                       "Try again when the till is online.");
        done(c);
        return;
    }
    QPointer<QObject> guard(context);
    const Money orderAmount = order.amount;
    provider->query(order.outTradeNo, [guard, done, orderAmount](const TradeReply &reply) {
        if (!guard)
            return;
        MoneyCheck c;
        c.transactionId = reply.transactionId;
        if (reply.status.unknown()) {
            c.message = tr("The provider did not answer; whether money moved is not known yet. "
                           "Ask again in a moment.");
        } else if (reply.status.failed() && reply.state != TradeState::NotExist) {
            c.message = tr("The provider refused the question (%1). Ask again later.")
                            .arg(reply.status.code);
        } else if (reply.state == TradeState::Success || reply.state == TradeState::Finished) {
            c.moved = MoneyCheck::Moved::Yes;
            c.providerTotal = reply.total.isZero() ? orderAmount : reply.total;
            c.providerRefunded = reply.refunded;
            c.message =
                reply.refunded.isZero()
                    ? tr("The provider holds a payment of %1.")
                          .arg(c.providerTotal.format(QLocale()))
                    : tr("The provider holds a payment of %1, of which %2 went back "
                         "to the customer.")
                          .arg(c.providerTotal.format(QLocale()), reply.refunded.format(QLocale()));
        } else if (reply.state == TradeState::Closed && !reply.refunded.isZero()) {
            c.moved = MoneyCheck::Moved::No;
            c.providerRefunded = reply.refunded;
            c.message = tr("No money is held any more: the payment was refunded in full (%1).")
                            .arg(reply.refunded.format(QLocale()));
        } else if (reply.state == TradeState::UserPaying) {
            c.message = tr("Not yet: the customer is still confirming on their phone.");
        } else {
            c.moved = MoneyCheck::Moved::No;
            c.message = tr("The provider holds no payment for this order.");
        }
        done(c);
    });
}

} // namespace paydesk
