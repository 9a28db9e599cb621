#include "ui/cases/findpaymentpanel.h"

#include "core/cases/paymentlookup.h"
#include "core/providers/providerregistry.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace paydesk {

namespace {
QTableWidgetItem *cell(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
}

bool refundable(const Order &o)
{
    return o.kind != OrderKind::Cash &&
           (o.status == OrderStatus::Paid || o.status == OrderStatus::PartiallyRefunded);
}
} // namespace

FindPaymentPanel::FindPaymentPanel(PaymentLookup &lookup, const ProviderRegistry &registry,
                                   QWidget *parent)
    : QWidget(parent), m_lookup(lookup), m_registry(registry)
{
    setObjectName(QStringLiteral("findPaymentPanel"));
    auto *layout = new QVBoxLayout(this);
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    m_reference = new QLineEdit(this);
    m_reference->setObjectName(QStringLiteral("lookupReferenceEdit"));
    m_reference->setClearButtonEnabled(true);
    m_amount = new QLineEdit(this);
    m_amount->setObjectName(QStringLiteral("lookupAmountEdit"));
    const QDateTime now = QDateTime::currentDateTime();
    m_from = new QDateTimeEdit(now.addSecs(-2 * 3600), this);
    m_from->setObjectName(QStringLiteral("lookupFromEdit"));
    m_to = new QDateTimeEdit(now.addSecs(3600), this);
    m_to->setObjectName(QStringLiteral("lookupToEdit"));
    for (QDateTimeEdit *e : {m_from, m_to}) {
        e->setCalendarPopup(true);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    }
    m_provider = new QComboBox(this);
    m_provider->setObjectName(QStringLiteral("lookupProviderCombo"));
    m_search = new QPushButton(this);
    m_search->setObjectName(QStringLiteral("lookupSearchButton"));
    m_search->setDefault(true);
    auto *form = new QFormLayout;
    form->addRow(QString(), m_reference);
    auto *window = new QHBoxLayout;
    window->addWidget(m_amount, 1);
    window->addWidget(m_from);
    window->addWidget(m_to);
    window->addWidget(m_provider);
    form->addRow(QString(), window);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("lookupMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_results = new QTableWidget(0, 6, this);
    m_results->setObjectName(QStringLiteral("lookupResults"));
    m_results->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_results->setSelectionMode(QAbstractItemView::SingleSelection);
    m_results->horizontalHeader()->setStretchLastSection(true);
    m_results->verticalHeader()->hide();
    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("lookupDetail"));
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_confirm = new QPushButton(this);
    m_confirm->setObjectName(QStringLiteral("lookupConfirmButton"));
    m_moved = new QLabel(this);
    m_moved->setObjectName(QStringLiteral("lookupMovedLabel"));
    m_moved->setWordWrap(true);
    m_logIssue = new QPushButton(this);
    m_logIssue->setObjectName(QStringLiteral("lookupLogIssueButton"));
    auto *actions = new QHBoxLayout;
    actions->setObjectName(QStringLiteral("lookupActions"));
    actions->addWidget(m_confirm);
    actions->addWidget(m_logIssue);
    actions->addStretch(1);

    layout->addWidget(m_intro);
    layout->addLayout(form);
    layout->addWidget(m_search, 0, Qt::AlignLeft);
    layout->addWidget(m_message);
    layout->addWidget(m_results, 1);
    layout->addWidget(m_detail);
    layout->addLayout(actions);
    layout->addWidget(m_moved);

    connect(m_search, &QPushButton::clicked, this, &FindPaymentPanel::search);
    connect(m_reference, &QLineEdit::returnPressed, this, &FindPaymentPanel::search);
    connect(m_amount, &QLineEdit::returnPressed, this, &FindPaymentPanel::search);
    connect(m_results, &QTableWidget::currentCellChanged, this,
            [this](int row) { showOrder(row); });
    connect(m_confirm, &QPushButton::clicked, this, &FindPaymentPanel::confirmMoney);
    connect(m_logIssue, &QPushButton::clicked, this, [this] {
        if (!selectedOrder().isEmpty())
            emit logIssueRequested(selectedOrder());
    });
    retranslateUi();
    showOrder(-1);
}

QPushButton *FindPaymentPanel::addOrderAction(const QString &objectName)
{
    auto *button = new QPushButton(this);
    button->setObjectName(objectName);
    if (auto *row = findChild<QHBoxLayout *>(QStringLiteral("lookupActions")))
        row->insertWidget(row->count() - 1, button);
    m_orderActions << button;
    connect(button, &QPushButton::clicked, this, [this, button, objectName] {
        const int row = m_results->currentRow();
        if (row >= 0 && row < m_found.size())
            emit orderActionTriggered(objectName, m_found.at(row));
        Q_UNUSED(button);
    });
    showOrder(m_results->currentRow());
    return button;
}

void FindPaymentPanel::searchReference(const QString &reference)
{
    m_reference->setText(reference);
    m_amount->clear();
    search();
}

QString FindPaymentPanel::selectedOrder() const
{
    const int row = m_results->currentRow();
    return row >= 0 && row < m_found.size() ? m_found.at(row).outTradeNo : QString();
}

void FindPaymentPanel::search()
{
    m_message->clear();
    PaymentSearch s;
    s.reference = m_reference->text();
    if (!m_amount->text().trimmed().isEmpty()) {
        auto amount = Money::parse(m_amount->text().trimmed(), locale());
        if (!amount.ok()) {
            m_message->setText(amount.error().message);
            return;
        }
        s.amount = amount.value();
        s.from = m_from->dateTime().toUTC();
        s.to = m_to->dateTime().toUTC();
    }
    s.provider = m_provider->currentData().toString();
    auto found = m_lookup.find(s);
    if (!found.ok()) {
        m_message->setText(found.error().message);
        showResults({});
        return;
    }
    if (found.value().isEmpty())
        m_message->setText(tr("No payment on this till matches. Check the number with the "
                              "customer; a payment taken at another till is not listed here."));
    showResults(found.value());
}

void FindPaymentPanel::showResults(const QList<Order> &orders)
{
    m_found = orders;
    m_results->setRowCount(0);
    for (const Order &o : orders) {
        const int row = m_results->rowCount();
        m_results->insertRow(row);
        m_results->setItem(
            row, 0, cell(QLocale().toString(o.createdAt.toLocalTime(), QLocale::ShortFormat)));
        m_results->setItem(row, 1, cell(o.outTradeNo));
        m_results->setItem(row, 2, cell(o.amount.format(QLocale())));
        m_results->setItem(row, 3, cell(orderStatusDisplayName(o.status)));
        m_results->setItem(row, 4, cell(m_registry.displayName(o.provider)));
        m_results->setItem(row, 5, cell(o.transactionId));
    }
    m_results->resizeColumnsToContents();
    if (!orders.isEmpty())
        m_results->setCurrentCell(0, 0);
    else
        showOrder(-1);
}

void FindPaymentPanel::showOrder(int row)
{
    const bool any = row >= 0 && row < m_found.size();
    m_confirm->setEnabled(any);
    m_logIssue->setEnabled(any);
    for (QPushButton *b : std::as_const(m_orderActions))
        b->setEnabled(any && refundable(m_found.at(row)));
    m_moved->clear();
    if (!any) {
        m_detail->clear();
        return;
    }
    const Order &o = m_found.at(row);
    QStringList lines{
        tr("Order %1 — %2, %3")
            .arg(o.outTradeNo, o.amount.format(QLocale()), orderStatusDisplayName(o.status))};
    if (!o.transactionId.isEmpty())
        lines << tr("Transaction id at %1: %2")
                     .arg(m_registry.displayName(o.provider), o.transactionId);
    if (o.refundedMinor > 0)
        lines << tr("Refunded so far: %1")
                     .arg(Money::fromMinor(o.refundedMinor, o.amount.currency()).format(QLocale()));
    if (o.needsRefund)
        lines << tr("Flagged: this payment should be refunded (see Cases).");
    if (!o.message.isEmpty() && o.message != orderStatusDisplayName(o.status))
        lines << o.message;
    if (const QString hotline = m_registry.hotline(o.provider); !hotline.isEmpty())
        lines << tr("%1 customer service: %2 (give them the transaction id)")
                     .arg(m_registry.displayName(o.provider), hotline);
    m_detail->setText(lines.join(QLatin1Char('\n')));
}

void FindPaymentPanel::confirmMoney()
{
    const int row = m_results->currentRow();
    if (row < 0 || row >= m_found.size())
        return;
    m_confirm->setEnabled(false);
    m_moved->setStyleSheet(QString());
    m_moved->setText(tr("Asking the provider…"));
    const QString asked = m_found.at(row).outTradeNo;
    m_lookup.confirm(m_found.at(row), this, [this, asked](const MoneyCheck &c) {
        m_confirm->setEnabled(true);
        if (selectedOrder() != asked)
            return;
        const QString word = c.moved == MoneyCheck::Moved::Yes  ? tr("Money moved: YES")
                             : c.moved == MoneyCheck::Moved::No ? tr("Money moved: NO")
                                                                : tr("Money moved: NOT KNOWN");
        m_moved->setStyleSheet(c.moved == MoneyCheck::Moved::Yes ? QStringLiteral("color: #1b6e2d;")
                               : c.moved == MoneyCheck::Moved::No
                                   ? QStringLiteral("color: #333;")
                                   : QStringLiteral("color: #9a5b00;"));
        m_moved->setText(QStringLiteral("<b>%1</b> — %2").arg(word, c.message.toHtmlEscaped()));
        m_moved->setProperty("moved", moneyMovedName(c.moved));
    });
}

void FindPaymentPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void FindPaymentPanel::retranslateUi()
{
    m_intro->setText(tr("Type what the customer shows: the transaction id or the merchant order "
                        "number from their phone, or the order number on the receipt. Or give "
                        "the amount and when they paid."));
    m_reference->setPlaceholderText(tr("Transaction id or order number"));
    m_amount->setPlaceholderText(tr("Amount, e.g. 12.50"));
    const QString current = m_provider->currentData().toString();
    m_provider->clear();
    m_provider->addItem(tr("Any provider"), QString());
    for (const QString &id : m_registry.ids())
        if (m_registry.find(id)->hasAdapter())
            m_provider->addItem(m_registry.displayName(id), id);
    m_provider->addItem(tr("Cash"), QStringLiteral("cash"));
    m_provider->setCurrentIndex(std::max(0, m_provider->findData(current)));
    m_search->setText(tr("Find"));
    m_results->setHorizontalHeaderLabels({tr("Time"), tr("Order number"), tr("Amount"),
                                          tr("Status"), tr("Provider"), tr("Transaction id")});
    m_confirm->setText(tr("Did money move? Ask the provider"));
    m_logIssue->setText(tr("Log a complaint…"));
    if (auto *form = findChild<QFormLayout *>()) {
        const QStringList labels{tr("Transaction id / order number:"),
                                 tr("Or amount, from, to, provider:")};
        for (int i = 0; i < labels.size(); ++i)
            if (auto *item = form->itemAt(i, QFormLayout::LabelRole); item && item->widget())
                static_cast<QLabel *>(item->widget())->setText(labels[i]);
            else
                form->setWidget(i, QFormLayout::LabelRole, new QLabel(labels[i], this));
    }
}

} // namespace paydesk
