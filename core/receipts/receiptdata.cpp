#include "core/receipts/receiptdata.h"

#include "core/orders/orderrepository.h"

namespace paydesk {

ReceiptData ReceiptData::fromOrder(const Order &order, const QString &storeName,
                                   const QString &providerName)
{
    ReceiptData r;
    r.storeName = storeName;
    r.cashier = order.cashier;
    r.till = order.till;
    r.time = order.updatedAt.isValid() ? order.updatedAt : order.createdAt;
    r.amount = order.amount;
    r.provider = order.provider;
    r.providerName = providerName;
    r.transactionId = order.transactionId;
    r.outTradeNo = order.outTradeNo;
    r.status = orderStatusName(order.status);
    if (order.tenderedMinor)
        r.tendered = Money::fromMinor(*order.tenderedMinor, order.amount.currency());
    if (order.changeMinor)
        r.change = Money::fromMinor(*order.changeMinor, order.amount.currency());
    return r;
}

QString ReceiptData::providerDisplayName() const
{
    if (provider == u"cash")
        return tr("Cash");
    return providerName.isEmpty() ? provider : providerName;
}

QList<QPair<QString, QString>> ReceiptData::lines(const QLocale &locale) const
{
    QList<QPair<QString, QString>> l;
    const QDateTime local = time.toTimeZone(OrderRepository::businessZone());
    l.append({tr("Time"), local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))});
    if (!cashier.isEmpty())
        l.append({tr("Cashier"), cashier});
    if (!till.isEmpty())
        l.append({tr("Till"), till});
    l.append({tr("Paid with"), providerDisplayName()});
    l.append({tr("Amount"), amount.format(locale)});
    if (tendered)
        l.append({tr("Tendered"), tendered->format(locale)});
    if (change)
        l.append({tr("Change"), change->format(locale)});
    l.append({tr("Order no."), outTradeNo});
    if (!transactionId.isEmpty())
        l.append({tr("Transaction"), transactionId});
    if (refund) {
        l.append({tr("Refunded"), refund->amount.format(locale)});
        l.append({tr("Refund no."), refund->outRequestNo});
        if (!refund->reason.isEmpty())
            l.append({tr("Reason"), refund->reason});
        l.append({tr("Refunded in total"), refund->refundedTotal.format(locale)});
    }
    return l;
}

} // namespace paydesk
