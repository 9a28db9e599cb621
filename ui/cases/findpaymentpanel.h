#pragma once

#include "core/orders/order.h"

#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace paydesk {

class PaymentLookup;
class ProviderRegistry;

/// "Find payment": from what the customer shows (the provider's transaction id or our order
/// number on their phone or receipt, or the amount and roughly when), the order; then the
/// provider's own answer to "did money really move?" as yes / no / not known.
class FindPaymentPanel : public QWidget
{
    Q_OBJECT
public:
    FindPaymentPanel(PaymentLookup &lookup, const ProviderRegistry &registry,
                     QWidget *parent = nullptr);

    /// Searches as if the cashier had typed \a reference and pressed Enter.
    void searchReference(const QString &reference);
    /// The order shown in the detail pane; empty when none is selected.
    QString selectedOrder() const;
    /// Adds a button for an action on the selected order (e.g. "Refund…"), enabled only while
    /// a refundable order is selected.
    QPushButton *addOrderAction(const QString &objectName);

signals:
    /// The cashier wants to log a complaint about \a outTradeNo.
    void logIssueRequested(const QString &outTradeNo);
    /// An action button added with addOrderAction() was clicked for \a order.
    void orderActionTriggered(const QString &objectName, const paydesk::Order &order);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void search();
    void showResults(const QList<Order> &orders);
    void showOrder(int row);
    void confirmMoney();

    PaymentLookup &m_lookup;
    const ProviderRegistry &m_registry;
    QList<Order> m_found;
    QList<QPushButton *> m_orderActions;
    QLabel *m_intro;
    QLineEdit *m_reference;
    QLineEdit *m_amount;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    QComboBox *m_provider;
    QPushButton *m_search;
    QLabel *m_message;
    QTableWidget *m_results;
    QLabel *m_detail;
    QPushButton *m_confirm;
    QLabel *m_moved;
    QPushButton *m_logIssue;
};

} // namespace paydesk
