#include "ui/checkout/checkoutview.h"

#include "core/orders/orderqueries.h"
#include "ui/checkout/orderpanel.h"
#include "ui/checkout/receiptactions.h"

#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace paydesk {

namespace {

QFont scaled(QFont f, qreal factor, bool bold = false)
{
    f.setPointSizeF(f.pointSizeF() * factor);
    f.setBold(bold);
    return f;
}

} // namespace

CheckoutView::CheckoutView(CheckoutService &service, const OrderQueries &queries, QWidget *parent)
    : QWidget(parent), m_service(service), m_queries(queries)
{
    setObjectName(QStringLiteral("checkoutView"));
    build();
    m_keyClock.start();
    connect(&m_service, &CheckoutService::orderUpdated, this, &CheckoutView::onOrderUpdated);
    // A second charge for a sale is shown even after the sale left the screen.
    connect(&m_service, &CheckoutService::duplicateChargeDetected, this,
            [this](const QString &, const QString &outTradeNo) {
                if (const auto s = m_service.snapshot(outTradeNo))
                    showSnapshot(*s);
            });
    installFilters();
}

void CheckoutView::setScannerTiming(int maxIntervalMs, int minDigits)
{
    m_scanner.setTiming({maxIntervalMs, minDigits});
}

void CheckoutView::build()
{
    auto *root = new QHBoxLayout(this);

    // Left: entry and actions.
    auto *left = new QVBoxLayout;
    m_amountCaption = new QLabel(this);
    auto *amountCaption = m_amountCaption;
    m_amountEdit = new QLineEdit(this);
    m_amountEdit->setObjectName(QStringLiteral("amountEdit"));
    m_amountEdit->setPlaceholderText(QStringLiteral("0.00"));
    m_amountEdit->setFont(scaled(m_amountEdit->font(), 3.0, true));
    m_amountEdit->setAlignment(Qt::AlignRight);
    amountCaption->setBuddy(m_amountEdit);
    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("errorLabel"));
    m_errorLabel->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_errorLabel->setWordWrap(true);

    m_chargeButton = new QPushButton(this);
    m_chargeButton->setObjectName(QStringLiteral("chargeQrButton"));
    m_scanButton = new QPushButton(this);
    m_scanButton->setObjectName(QStringLiteral("scanCodeButton"));
    m_linkButton = new QPushButton(this);
    m_linkButton->setObjectName(QStringLiteral("paymentLinkButton"));
    m_cashButton = new QPushButton(this);
    m_cashButton->setObjectName(QStringLiteral("cashButton"));
    m_cancelButton = new QPushButton(this);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setEnabled(false);

    m_codePanel = new QFrame(this);
    m_codePanel->setObjectName(QStringLiteral("codePanel"));
    auto *codeLayout = new QHBoxLayout(m_codePanel);
    codeLayout->setContentsMargins(0, 0, 0, 0);
    m_codeCaption = new QLabel(m_codePanel);
    auto *codeCaption = m_codeCaption;
    m_codeEdit = new QLineEdit(m_codePanel);
    m_codeEdit->setObjectName(QStringLiteral("codeEdit"));
    codeCaption->setBuddy(m_codeEdit);
    codeLayout->addWidget(codeCaption);
    codeLayout->addWidget(m_codeEdit, 1);
    m_codePanel->hide();

    m_cashPanel = new QFrame(this);
    m_cashPanel->setObjectName(QStringLiteral("cashPanel"));
    auto *cashLayout = new QGridLayout(m_cashPanel);
    cashLayout->setContentsMargins(0, 0, 0, 0);
    m_tenderedCaption = new QLabel(m_cashPanel);
    auto *tenderedCaption = m_tenderedCaption;
    m_tenderedEdit = new QLineEdit(m_cashPanel);
    m_tenderedEdit->setObjectName(QStringLiteral("tenderedEdit"));
    tenderedCaption->setBuddy(m_tenderedEdit);
    m_changeLabel = new QLabel(m_cashPanel);
    m_changeLabel->setObjectName(QStringLiteral("changeLabel"));
    m_changeLabel->setFont(scaled(m_changeLabel->font(), 1.6, true));
    m_confirmCashButton = new QPushButton(m_cashPanel);
    m_confirmCashButton->setObjectName(QStringLiteral("confirmCashButton"));
    cashLayout->addWidget(tenderedCaption, 0, 0);
    cashLayout->addWidget(m_tenderedEdit, 0, 1);
    cashLayout->addWidget(m_changeLabel, 1, 0, 1, 2);
    cashLayout->addWidget(m_confirmCashButton, 2, 1);
    m_cashPanel->hide();

    left->addWidget(amountCaption);
    left->addWidget(m_amountEdit);
    left->addWidget(m_errorLabel);
    left->addWidget(m_chargeButton);
    left->addWidget(m_scanButton);
    left->addWidget(m_codePanel);
    left->addWidget(m_linkButton);
    left->addWidget(m_cashButton);
    left->addWidget(m_cashPanel);
    left->addWidget(m_cancelButton);
    left->addStretch(1);

    m_orderPanel = new OrderPanel(m_service.clock(), this);
    root->addLayout(left, 2);
    root->addWidget(m_orderPanel, 3);

    connect(m_amountEdit, &QLineEdit::returnPressed, this, &CheckoutView::chargeQr);
    connect(m_amountEdit, &QLineEdit::textEdited, this, [this] {
        m_errorLabel->clear();
        m_amountSpent = false;
        m_editedSinceAttempt = true;
        // A new amount after a finished attempt is a new sale.
        if (!m_current.outTradeNo.isEmpty() && !m_current.isOpen())
            m_saleId.clear();
        updateChange();
    });
    connect(m_chargeButton, &QPushButton::clicked, this, &CheckoutView::chargeQr);
    connect(m_scanButton, &QPushButton::clicked, this, &CheckoutView::showCodeEntry);
    connect(m_linkButton, &QPushButton::clicked, this, &CheckoutView::chargePaymentLink);
    connect(m_cashButton, &QPushButton::clicked, this, &CheckoutView::showCashEntry);
    connect(m_cancelButton, &QPushButton::clicked, this, &CheckoutView::cancelCurrent);
    connect(m_codeEdit, &QLineEdit::returnPressed, this,
            [this] { chargeCode(m_codeEdit->text()); });
    connect(m_tenderedEdit, &QLineEdit::textEdited, this, &CheckoutView::updateChange);
    connect(m_tenderedEdit, &QLineEdit::returnPressed, this, &CheckoutView::confirmCash);
    connect(m_confirmCashButton, &QPushButton::clicked, this, &CheckoutView::confirmCash);
    connect(m_orderPanel, &OrderPanel::printReceiptRequested, this, &CheckoutView::printReceipt);
    connect(m_orderPanel, &OrderPanel::pdfReceiptRequested, this, &CheckoutView::saveReceiptPdf);

    setFocusProxy(m_amountEdit);
    retranslateUi();
}

void CheckoutView::retranslateUi()
{
    m_amountCaption->setText(tr("Amount"));
    m_amountEdit->setAccessibleName(tr("Amount to charge"));
    m_chargeButton->setText(tr("Charge by QR (Enter)"));
    m_scanButton->setText(tr("Scan code (F2)"));
    m_linkButton->setText(tr("Payment link (F3)"));
    m_cashButton->setText(tr("Cash (F4)"));
    m_cancelButton->setText(tr("Cancel (Esc)"));
    m_codeCaption->setText(tr("Payment code"));
    m_codeEdit->setPlaceholderText(tr("Scan or type the customer's payment code"));
    m_tenderedCaption->setText(tr("Cash tendered"));
    m_confirmCashButton->setText(tr("Take cash"));
    m_orderPanel->retranslateUi();
}

void CheckoutView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void CheckoutView::installFilters()
{
    installEventFilter(this);
    for (QWidget *w : findChildren<QWidget *>())
        w->installEventFilter(this);
}

void CheckoutView::showError(const QString &text)
{
    m_errorLabel->setText(text);
}

std::optional<Money> CheckoutView::amountFromField()
{
    const QString text = m_amountEdit->text().trimmed();
    if (text.isEmpty()) {
        showError(tr("Enter the amount first."));
        return std::nullopt;
    }
    auto m = Money::parse(text, locale());
    if (!m.ok()) {
        showError(m.error().message);
        return std::nullopt;
    }
    if (m.value().minor() <= 0) {
        showError(tr("Enter an amount greater than zero."));
        return std::nullopt;
    }
    return m.value();
}

std::optional<Money> CheckoutView::saleAmount()
{
    if (!m_current.outTradeNo.isEmpty() && m_current.isOpen())
        return m_current.amount;
    return amountFromField();
}

void CheckoutView::ensureSale()
{
    if (m_saleId.isEmpty())
        m_saleId = m_service.newSaleId();
}

void CheckoutView::chargeQr()
{
    startSale([this](const Money &amount) { return m_service.startQr(amount, {}, m_saleId); });
}

void CheckoutView::chargePaymentLink()
{
    startSale(
        [this](const Money &amount) { return m_service.startPaymentLink(amount, {}, m_saleId); });
}

void CheckoutView::startSale(const std::function<Result<QString>(const Money &)> &start)
{
    m_errorLabel->clear();
    if (!m_current.outTradeNo.isEmpty() && m_current.isOpen()) {
        showError(tr("A payment is in progress. Wait for it or press Esc to cancel it."));
        return;
    }
    const auto amount = amountFromField();
    if (!amount)
        return;
    ensureSale();
    auto r = start(*amount);
    if (!r.ok())
        showError(r.error().message);
    else
        m_editedSinceAttempt = false;
}

void CheckoutView::chargeCode(const QString &code)
{
    m_errorLabel->clear();
    const auto amount = saleAmount();
    if (!amount)
        return;
    ensureSale();
    auto r = m_service.chargeCode(*amount, code, m_saleId);
    m_codeEdit->clear();
    if (!r.ok()) {
        showError(r.error().message);
        return;
    }
    m_editedSinceAttempt = false;
    m_codePanel->hide();
}

void CheckoutView::showCodeEntry()
{
    m_cashPanel->hide();
    m_codePanel->show();
    m_codeEdit->setFocus();
}

void CheckoutView::showCashEntry()
{
    m_codePanel->hide();
    m_cashPanel->show();
    updateChange();
    m_tenderedEdit->setFocus();
}

void CheckoutView::updateChange()
{
    if (!m_cashPanel->isVisible())
        return;
    const QString tenderedText = m_tenderedEdit->text().trimmed();
    auto amount = Money::parse(m_amountEdit->text().trimmed(), locale());
    auto tendered = Money::parse(tenderedText, locale());
    if (tenderedText.isEmpty() || !amount.ok() || !tendered.ok()) {
        m_changeLabel->setText(tenderedText.isEmpty() || tendered.ok() ? QString()
                                                                       : tendered.error().message);
        return;
    }
    auto change = tendered.value().minus(amount.value());
    if (!change.ok() || change.value().isNegative()) {
        m_changeLabel->setText(
            tr("Not enough: %1 short")
                .arg(amount.value().minus(tendered.value()).value().format(locale())));
        return;
    }
    m_changeLabel->setText(tr("Change: %1").arg(change.value().format(locale())));
}

void CheckoutView::confirmCash()
{
    m_errorLabel->clear();
    const auto amount = amountFromField();
    if (!amount)
        return;
    auto tendered = Money::parse(m_tenderedEdit->text().trimmed(), locale());
    if (!tendered.ok()) {
        showError(tendered.error().message);
        return;
    }
    ensureSale();
    auto r = m_service.recordCash(*amount, tendered.value(), m_saleId);
    if (!r.ok()) {
        showError(r.error().message);
        return;
    }
    m_cashPanel->hide();
    m_tenderedEdit->clear();
}

void CheckoutView::cancelCurrent()
{
    if (m_current.outTradeNo.isEmpty() || !m_current.isOpen()) {
        // Nothing in flight: Esc clears the entry.
        m_amountEdit->clear();
        m_errorLabel->clear();
        m_codePanel->hide();
        m_cashPanel->hide();
        m_saleId.clear();
        return;
    }
    auto r = m_service.cancel(m_current.outTradeNo);
    if (!r.ok())
        showError(r.error().message);
    else
        markAmountSpent(); // typing while the cancel runs already starts the next amount
}

void CheckoutView::onOrderUpdated(const OrderSnapshot &s)
{
    const bool ours =
        (!m_saleId.isEmpty() && s.saleId == m_saleId) || s.outTradeNo == m_current.outTradeNo;
    if (!ours)
        return;
    // Of several attempts in one sale, follow the newest one: an older attempt that
    // finishes while a newer one runs (it was replaced) does not take the screen back.
    if (!m_current.outTradeNo.isEmpty() && s.outTradeNo != m_current.outTradeNo &&
        m_current.isOpen() && !s.isOpen())
        return;
    showSnapshot(s);
}

void CheckoutView::showSnapshot(const OrderSnapshot &s)
{
    m_current = s;
    m_orderPanel->showSnapshot(s);
    m_cancelButton->setEnabled(s.isOpen() && !s.cancelling);
    const bool paid = s.status == OrderStatus::Paid && !s.needsRefund;
    m_lastPaid = paid ? s.outTradeNo : QString();
    if (paid) {
        m_saleId.clear();
        m_amountEdit->clear();
        m_amountSpent = false;
        m_amountEdit->setFocus();
        emit salePaid(s.outTradeNo);
    } else if (!s.isOpen() && !m_editedSinceAttempt) {
        markAmountSpent();
    }
}

std::optional<Order> CheckoutView::lastPaidOrder()
{
    if (m_lastPaid.isEmpty())
        return std::nullopt;
    auto order = m_queries.byOutTradeNo(m_lastPaid);
    return order.ok() ? order.value() : std::nullopt;
}

void CheckoutView::printReceipt()
{
    const auto order = lastPaidOrder();
    if (!order)
        return;
    if (const auto printed = receiptactions::print(this, *order, m_service,
                                                   receiptactions::Copy::Original, locale());
        !printed.ok())
        showError(printed.error().message);
}

void CheckoutView::saveReceiptPdf()
{
    const auto order = lastPaidOrder();
    if (!order)
        return;
    const auto saved = receiptactions::saveAsPdf(this, *order, m_service,
                                                 receiptactions::Copy::Original, locale());
    if (!saved.ok())
        showError(saved.error().message);
    else if (!saved.value().isEmpty())
        m_orderPanel->showNote(tr("Receipt saved to %1").arg(saved.value()));
}

void CheckoutView::markAmountSpent()
{
    // Cancelled, expired or failed: the amount stays for another try with Enter, and the
    // next key typed replaces it (66.60, Esc, "15.00" used to give "66.6015.00").
    m_amountSpent = true;
    m_amountEdit->selectAll();
}

void CheckoutView::beforeAmountKey(const QKeyEvent &key)
{
    const QString text = key.text();
    if (!m_amountSpent || text.isEmpty() || !text.at(0).isPrint() ||
        (key.modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)))
        return;
    m_amountSpent = false;
    m_amountEdit->selectAll();
}

bool CheckoutView::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    auto *ke = static_cast<QKeyEvent *>(event);
    // A key a child does not take travels up to its parents as the same event object, and
    // every one of them is watched here: count each key press once, where it first arrives.
    auto *widget = qobject_cast<QWidget *>(watched);
    const bool propagated = ke == m_lastKeyEvent && widget && m_lastKeyReceiver &&
                            widget != m_lastKeyReceiver && widget->isAncestorOf(m_lastKeyReceiver);
    m_lastKeyEvent = ke;
    m_lastKeyReceiver = widget;
    if (propagated)
        return QWidget::eventFilter(watched, event);
    switch (ke->key()) {
    case Qt::Key_F2:
        showCodeEntry();
        return true;
    case Qt::Key_F3:
        chargePaymentLink();
        return true;
    case Qt::Key_F4:
        showCashEntry();
        return true;
    case Qt::Key_F5:
        printReceipt();
        return true;
    case Qt::Key_F6:
        saveReceiptPdf();
        return true;
    default:
        break;
    }
    if (ke->key() == Qt::Key_Escape) {
        m_scanner.reset();
        cancelCurrent();
        return true;
    }
    const bool modifierOnly = ke->key() == Qt::Key_Shift || ke->key() == Qt::Key_Control ||
                              ke->key() == Qt::Key_Alt || ke->key() == Qt::Key_Meta;
    if (modifierOnly)
        return QWidget::eventFilter(watched, event);
    const bool enter = ke->key() == Qt::Key_Return || ke->key() == Qt::Key_Enter;
    const QString text = ke->text();
    const QChar key = enter ? QChar(u'\r') : text.size() == 1 ? text.at(0) : QChar();
    const ScannerBurst::Outcome seen = m_scanner.feed(key, m_keyClock.elapsed());
    if (seen.step == ScannerBurst::Step::Started) {
        m_burstTarget = qobject_cast<QLineEdit *>(watched);
        if (m_burstTarget) {
            m_burstTargetText = m_burstTarget->text();
            m_burstCursor = m_burstTarget->cursorPosition();
        }
    }
    if (!seen.complete()) {
        if (watched == m_amountEdit)
            beforeAmountKey(*ke);
        return QWidget::eventFilter(watched, event);
    }
    // The scanner typed into whatever had focus: put that field back as it was.
    if (m_burstTarget) {
        m_burstTarget->setText(m_burstTargetText);
        m_burstTarget->setCursorPosition(m_burstCursor);
    }
    m_burstTarget.clear();
    chargeCode(seen.code);
    return true;
}

} // namespace paydesk
