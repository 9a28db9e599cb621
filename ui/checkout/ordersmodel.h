#pragma once

#include "core/orders/order.h"

#include <QAbstractTableModel>

#include <QList>
#include <functional>

namespace paydesk {

/// Table model over a list of orders (OrderQueries::list).
class OrdersModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Time,
        OutTradeNo,
        Kind,
        Provider,
        Amount,
        Status,
        TransactionId,
        Cashier,
        Message,
        ColumnCount
    };

    using QAbstractTableModel::QAbstractTableModel;

    void setOrders(QList<Order> orders);
    /// How a provider id is shown (the registry's display name); the id itself without it.
    void setProviderNames(std::function<QString(const QString &)> names)
    {
        m_providerNames = std::move(names);
    }
    const Order *orderAt(int row) const;
    int rowOf(const QString &outTradeNo) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::function<QString(const QString &)> m_providerNames;
    QList<Order> m_orders;
};

} // namespace paydesk
