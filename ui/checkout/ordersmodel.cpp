#include "ui/checkout/ordersmodel.h"

#include "core/orders/orderrepository.h"
#include "core/receipts/receiptdata.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace paydesk {

void OrdersModel::setOrders(QList<Order> orders)
{
    beginResetModel();
    m_orders = std::move(orders);
    endResetModel();
}

const Order *OrdersModel::orderAt(int row) const
{
    return row >= 0 && row < m_orders.size() ? &m_orders.at(row) : nullptr;
}

int OrdersModel::rowOf(const QString &outTradeNo) const
{
    for (int i = 0; i < m_orders.size(); ++i)
        if (m_orders.at(i).outTradeNo == outTradeNo)
            return i;
    return -1;
}

int OrdersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_orders.size());
}

int OrdersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrdersModel::data(const QModelIndex &index, int role) const
{
    const Order *o = orderAt(index.row());
    if (!o)
        return {};
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Time:
            return o->createdAt.toTimeZone(OrderRepository::businessZone())
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case OutTradeNo:
            return o->outTradeNo;
        case Kind:
            switch (o->kind) {
            case OrderKind::Qr:
                return tr("QR");
            case OrderKind::Code:
                return tr("Payment code");
            case OrderKind::Link:
                return tr("Payment link");
            case OrderKind::Cash:
                return tr("Cash");
            }
            return {};
        case Provider:
            return ReceiptData::fromOrder(
                       *o, QString(), m_providerNames ? m_providerNames(o->provider) : QString())
                .providerDisplayName();
        case Amount:
            return o->amount.format(QLocale());
        case Status:
            return o->needsRefund ? tr("%1 (refund due)").arg(orderStatusDisplayName(o->status))
                                  : orderStatusDisplayName(o->status);
        case TransactionId:
            return o->transactionId;
        case Cashier:
            return o->cashier;
        case Message:
            return o->message;
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == Amount)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == Status) {
        if (o->needsRefund || o->status == OrderStatus::Failed)
            return QBrush(QColor(0xb0, 0x00, 0x20));
        if (o->status == OrderStatus::Paid)
            return QBrush(QColor(0x1b, 0x5e, 0x20));
    }
    if (role == Qt::UserRole)
        return o->outTradeNo;
    return {};
}

QVariant OrdersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case OutTradeNo:
        return tr("Order no.");
    case Kind:
        return tr("Kind");
    case Provider:
        return tr("Provider");
    case Amount:
        return tr("Amount");
    case Status:
        return tr("Status");
    case TransactionId:
        return tr("Transaction");
    case Cashier:
        return tr("Cashier");
    case Message:
        return tr("Message");
    }
    return {};
}

} // namespace paydesk
