#pragma once

#include "core/checkout/checkoutservice.h"
#include "core/orders/orderqueries.h"
#include "ui/refunds/refunddialog.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableView;

namespace paydesk {

class OrdersModel;

/// Orders of a business day with search and status filter, the selected order's timeline,
/// and receipt reprint (PDF or printer). Reads orders only through \a queries; from
/// \a service it takes the clock, the store name and the news that an order finished.
class OrdersView : public QWidget
{
    Q_OBJECT
public:
    OrdersView(CheckoutService &service, const OrderQueries &queries, QWidget *parent = nullptr);

    OrdersModel *model() const { return m_model; }
    QString selectedOrder() const;
    void selectOrder(const QString &outTradeNo);
    /// Writes the selected order's receipt (marked REPRINT) as a PDF to \a path.
    Status saveReceiptPdf(const QString &path);
    /// Offers "Refund…" (F6) for a paid order: opens a RefundDialog with \a tools.
    void setRefunds(const RefundTools &tools);

public slots:
    void refresh();
    void reprintToPdf();
    void reprintToPrinter();
    /// Opens the refund dialog for the selected order (when refunds are set and it is paid).
    void refundSelected();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    QLabel *m_dayLabel = nullptr;
    QLabel *m_timelineCaption = nullptr;
    void showDetail();

    CheckoutService &m_service;
    const OrderQueries &m_queries;
    OrdersModel *m_model = nullptr;
    QDateEdit *m_dateEdit = nullptr;
    QCheckBox *m_allDates = nullptr;
    QComboBox *m_statusCombo = nullptr;
    QLineEdit *m_searchEdit = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_detailLabel = nullptr;
    QListWidget *m_timeline = nullptr;
    QPushButton *m_reprintPdfButton = nullptr;
    QPushButton *m_reprintButton = nullptr;
    QPushButton *m_refundButton = nullptr;
    RefundTools m_refunds;
    QLabel *m_errorLabel = nullptr;
};

} // namespace paydesk
