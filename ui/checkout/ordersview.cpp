#include "ui/checkout/ordersview.h"

#include "core/util/clock.h"
#include "ui/checkout/ordersmodel.h"
#include "ui/checkout/receiptactions.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace paydesk {

OrdersView::OrdersView(CheckoutService &service, const OrderQueries &queries, QWidget *parent)
    : QWidget(parent), m_service(service), m_queries(queries)
{
    setObjectName(QStringLiteral("ordersView"));
    auto *root = new QVBoxLayout(this);

    auto *filters = new QHBoxLayout;
    m_dateEdit = new QDateEdit(this);
    m_dateEdit->setObjectName(QStringLiteral("dateEdit"));
    m_dateEdit->setCalendarPopup(true);
    m_dateEdit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_dateEdit->setDate(
        m_service.clock().nowUtc().toTimeZone(OrderRepository::businessZone()).date());
    m_allDates = new QCheckBox(this);
    m_allDates->setObjectName(QStringLiteral("allDatesCheck"));
    m_statusCombo = new QComboBox(this);
    m_statusCombo->setObjectName(QStringLiteral("statusCombo"));
    m_statusCombo->addItem(QString(), QString());
    for (OrderStatus s : allOrderStatuses())
        m_statusCombo->addItem(QString(), orderStatusName(s));
    m_searchEdit = new QLineEdit(this);
    m_searchEdit->setObjectName(QStringLiteral("searchEdit"));
    m_searchEdit->setClearButtonEnabled(true);
    m_refreshButton = new QPushButton(this);
    m_refreshButton->setObjectName(QStringLiteral("refreshButton"));
    m_dayLabel = new QLabel(this);
    auto *dayLabel = m_dayLabel;
    dayLabel->setBuddy(m_dateEdit);
    filters->addWidget(dayLabel);
    filters->addWidget(m_dateEdit);
    filters->addWidget(m_allDates);
    filters->addWidget(m_statusCombo);
    filters->addWidget(m_searchEdit, 1);
    filters->addWidget(m_refreshButton);
    root->addLayout(filters);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_model = new OrdersModel(this);
    m_model->setProviderNames([this](const QString &id) { return m_service.walletName(id); });
    m_table = new QTableView(splitter);
    m_table->setObjectName(QStringLiteral("ordersTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();

    auto *detail = new QWidget(splitter);
    auto *detailLayout = new QVBoxLayout(detail);
    m_detailLabel = new QLabel(detail);
    m_detailLabel->setObjectName(QStringLiteral("detailLabel"));
    m_detailLabel->setWordWrap(true);
    m_detailLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_timeline = new QListWidget(detail);
    m_timeline->setObjectName(QStringLiteral("timelineList"));
    m_reprintPdfButton = new QPushButton(detail);
    m_reprintPdfButton->setObjectName(QStringLiteral("reprintPdfButton"));
    m_reprintButton = new QPushButton(detail);
    m_reprintButton->setObjectName(QStringLiteral("reprintButton"));
    m_refundButton = new QPushButton(detail);
    m_refundButton->setObjectName(QStringLiteral("refundButton"));
    m_refundButton->setVisible(false); // until setRefunds()
    m_errorLabel = new QLabel(detail);
    m_errorLabel->setObjectName(QStringLiteral("ordersErrorLabel"));
    m_errorLabel->setWordWrap(true);
    detailLayout->addWidget(m_detailLabel);
    m_timelineCaption = new QLabel(detail);
    detailLayout->addWidget(m_timelineCaption);
    detailLayout->addWidget(m_timeline, 1);
    detailLayout->addWidget(m_reprintButton);
    detailLayout->addWidget(m_reprintPdfButton);
    detailLayout->addWidget(m_refundButton);
    detailLayout->addWidget(m_errorLabel);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    root->addWidget(splitter, 1);

    retranslateUi();
    connect(m_dateEdit, &QDateEdit::dateChanged, this, &OrdersView::refresh);
    connect(m_allDates, &QCheckBox::toggled, this, [this](bool all) {
        m_dateEdit->setEnabled(!all);
        refresh();
    });
    connect(m_statusCombo, &QComboBox::currentIndexChanged, this, &OrdersView::refresh);
    connect(m_searchEdit, &QLineEdit::textChanged, this, &OrdersView::refresh);
    connect(m_refreshButton, &QPushButton::clicked, this, &OrdersView::refresh);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &OrdersView::showDetail);
    connect(m_reprintPdfButton, &QPushButton::clicked, this, &OrdersView::reprintToPdf);
    connect(m_reprintButton, &QPushButton::clicked, this, &OrdersView::reprintToPrinter);
    connect(m_refundButton, &QPushButton::clicked, this, &OrdersView::refundSelected);
    connect(&m_service, &CheckoutService::orderFinished, this, &OrdersView::refresh);
    refresh();
}

void OrdersView::refresh()
{
    const QString keep = selectedOrder();
    OrderFilter f;
    if (!m_allDates->isChecked())
        f.day = m_dateEdit->date();
    if (const QString s = m_statusCombo->currentData().toString(); !s.isEmpty())
        f.status = orderStatusFromName(s);
    f.text = m_searchEdit->text();
    auto list = m_queries.list(f);
    if (!list.ok()) {
        m_errorLabel->setText(list.error().message);
        return;
    }
    m_errorLabel->clear();
    m_model->setOrders(list.value());
    if (!keep.isEmpty())
        selectOrder(keep);
    showDetail();
}

QString OrdersView::selectedOrder() const
{
    const Order *o = m_model->orderAt(m_table->currentIndex().row());
    return o ? o->outTradeNo : QString();
}

void OrdersView::selectOrder(const QString &outTradeNo)
{
    const int row = m_model->rowOf(outTradeNo);
    if (row >= 0)
        m_table->setCurrentIndex(m_model->index(row, 0));
}

void OrdersView::showDetail()
{
    m_timeline->clear();
    const Order *o = m_model->orderAt(m_table->currentIndex().row());
    // A refunded sale was still a sale: its receipt can be reprinted.
    const bool sold =
        o && (o->status == OrderStatus::Paid || o->status == OrderStatus::PartiallyRefunded ||
              o->status == OrderStatus::Refunded);
    m_reprintButton->setEnabled(sold);
    m_reprintPdfButton->setEnabled(sold);
    m_refundButton->setEnabled(
        o && o->kind != OrderKind::Cash &&
        (o->status == OrderStatus::Paid || o->status == OrderStatus::PartiallyRefunded));
    if (!o) {
        m_detailLabel->setText(tr("Select an order to see its timeline."));
        return;
    }
    QStringList lines;
    lines << tr("Order %1").arg(o->outTradeNo);
    lines << tr("Amount: %1").arg(o->amount.format(locale()));
    lines << tr("Status: %1").arg(orderStatusDisplayName(o->status));
    if (!o->transactionId.isEmpty())
        lines << tr("Transaction: %1").arg(o->transactionId);
    if (!o->authCodeMasked.isEmpty())
        lines << tr("Payment code: %1").arg(o->authCodeMasked);
    if (o->saleId != o->outTradeNo)
        lines << tr("Sale: %1").arg(o->saleId);
    if (o->refundedMinor > 0)
        lines << tr("Refunded: %1")
                     .arg(
                         Money::fromMinor(o->refundedMinor, o->amount.currency()).format(locale()));
    if (o->needsRefund)
        lines << tr("Paid after it was closed: the customer must be refunded.");
    m_detailLabel->setText(lines.join(QLatin1Char('\n')));
    auto events = m_queries.timeline(o->outTradeNo);
    if (!events.ok()) {
        m_errorLabel->setText(events.error().message);
        return;
    }
    for (const OrderEvent &e : events.value()) {
        const QString when =
            e.at.toTimeZone(OrderRepository::businessZone()).toString(QStringLiteral("HH:mm:ss"));
        QString text = e.from && *e.from != e.to
                           ? QStringLiteral("%1  %2 → %3")
                                 .arg(when, orderStatusName(*e.from), orderStatusName(e.to))
                           : QStringLiteral("%1  %2").arg(when, orderStatusName(e.to));
        if (!e.note.isEmpty())
            text += QStringLiteral("  ") + e.note;
        m_timeline->addItem(text);
    }
}

Status OrdersView::saveReceiptPdf(const QString &path)
{
    const Order *o = m_model->orderAt(m_table->currentIndex().row());
    if (!o)
        return Error{QStringLiteral("orders.no_selection"), tr("Select an order first.")};
    return receiptactions::writePdf(*o, m_service, receiptactions::Copy::Reprint, path, locale());
}

void OrdersView::reprintToPdf()
{
    const Order *o = m_model->orderAt(m_table->currentIndex().row());
    if (!o)
        return;
    const auto saved =
        receiptactions::saveAsPdf(this, *o, m_service, receiptactions::Copy::Reprint, locale());
    if (!saved.ok())
        m_errorLabel->setText(saved.error().message);
    else if (!saved.value().isEmpty())
        m_errorLabel->setText(tr("Receipt saved to %1").arg(saved.value()));
}

void OrdersView::reprintToPrinter()
{
    const Order *o = m_model->orderAt(m_table->currentIndex().row());
    if (!o)
        return;
    if (const auto printed =
            receiptactions::print(this, *o, m_service, receiptactions::Copy::Reprint, locale());
        !printed.ok())
        m_errorLabel->setText(printed.error().message);
}

void OrdersView::setRefunds(const RefundTools &tools)
{
    m_refunds = tools;
    m_refundButton->setVisible(tools.ready());
    connect(tools.refunds, &RefundService::refundChanged, this, [this](const RefundRecord &r) {
        if (r.isFinal())
            refresh();
    });
}

void OrdersView::refundSelected()
{
    const Order *o = m_model->orderAt(m_table->currentIndex().row());
    if (!o || !m_refunds.ready() || !m_refundButton->isEnabled())
        return;
    auto *dialog = new RefundDialog(m_refunds, *o, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void OrdersView::retranslateUi()
{
    m_allDates->setText(tr("All days"));
    m_statusCombo->setItemText(0, tr("All statuses"));
    const QList<OrderStatus> statuses = allOrderStatuses();
    for (int i = 0; i < statuses.size(); ++i)
        m_statusCombo->setItemText(i + 1, orderStatusDisplayName(statuses.at(i)));
    m_searchEdit->setPlaceholderText(tr("Search order no., transaction, cashier, amount"));
    m_refreshButton->setText(tr("Refresh"));
    m_dayLabel->setText(tr("Business day"));
    m_reprintPdfButton->setText(tr("Reprint receipt as PDF…"));
    m_reprintButton->setText(tr("Reprint receipt…"));
    m_refundButton->setText(tr("Refund… (F6)"));
    m_refundButton->setShortcut(Qt::Key_F6); // after setText, which resets it
    m_timelineCaption->setText(tr("Timeline"));
}

void OrdersView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        showDetail();
        emit m_model->layoutChanged(); // headers and status names are translated on demand
    }
    QWidget::changeEvent(event);
}

} // namespace paydesk
