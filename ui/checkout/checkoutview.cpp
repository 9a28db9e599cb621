#include "ui/checkout/checkoutview.h"

#include "core/util/clock.h"
#include "core/util/qrcode.h"
#include "ui/checkout/receiptactions.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace paydesk {

namespace {

QFont scaled(QFont f, qreal factor, bool bold = false)
{
    f.setPointSizeF(f.pointSizeF() * factor);
    f.setBold(bold);
    return f;
}

bool isFinalForSale(const OrderSnapshot &s)
{
    return !s.isOpen();
}

} // namespace

CheckoutView::CheckoutView(CheckoutService &service, QWidget *parent)
    : QWidget(parent), m_service(service)
{
    setObjectName(QStringLiteral("checkoutView"));
    build();
    m_keyClock.start();
    connect(&m_service, &CheckoutService::orderUpdated, this, &CheckoutView::onOrderUpdated);
    installFilters();
}

void CheckoutView::setScannerTiming(int maxIntervalMs, int minDigits)
{
    m_scanIntervalMs = maxIntervalMs;
    m_scanMinDigits = minDigits;
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

    // Right: what the order is doing.
    auto *right = new QVBoxLayout;
    m_orderAmountLabel = new QLabel(this);
    m_orderAmountLabel->setObjectName(QStringLiteral("orderAmountLabel"));
    m_orderAmountLabel->setFont(scaled(m_orderAmountLabel->font(), 2.5, true));
    m_orderAmountLabel->setAlignment(Qt::AlignCenter);
    m_qrLabel = new QLabel(this);
    m_qrLabel->setObjectName(QStringLiteral("qrLabel"));
    m_qrLabel->setAlignment(Qt::AlignCenter);
    m_qrLabel->setMinimumSize(320, 320);
    m_qrLabel->hide();
    m_countdownLabel = new QLabel(this);
    m_countdownLabel->setObjectName(QStringLiteral("countdownLabel"));
    m_countdownLabel->setAlignment(Qt::AlignCenter);
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setFont(scaled(m_statusLabel->font(), 1.5, true));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setAlignment(Qt::AlignCenter);
    m_adviceLabel = new QLabel(this);
    m_adviceLabel->setObjectName(QStringLiteral("adviceLabel"));
    m_adviceLabel->setWordWrap(true);
    m_adviceLabel->setAlignment(Qt::AlignCenter);
    auto *linkRow = new QHBoxLayout;
    m_linkEdit = new QLineEdit(this);
    m_linkEdit->setObjectName(QStringLiteral("linkEdit"));
    m_linkEdit->setReadOnly(true);
    m_copyLinkButton = new QPushButton(this);
    m_copyLinkButton->setObjectName(QStringLiteral("copyLinkButton"));
    linkRow->addWidget(m_linkEdit, 1);
    linkRow->addWidget(m_copyLinkButton);
    m_linkEdit->hide();
    m_copyLinkButton->hide();
    auto *receiptRow = new QHBoxLayout;
    m_printReceiptButton = new QPushButton(this);
    m_printReceiptButton->setObjectName(QStringLiteral("printReceiptButton"));
    m_pdfReceiptButton = new QPushButton(this);
    m_pdfReceiptButton->setObjectName(QStringLiteral("pdfReceiptButton"));
    receiptRow->addWidget(m_printReceiptButton);
    receiptRow->addWidget(m_pdfReceiptButton);
    m_printReceiptButton->hide();
    m_pdfReceiptButton->hide();

    right->addWidget(m_orderAmountLabel);
    right->addWidget(m_qrLabel, 1);
    right->addWidget(m_countdownLabel);
    right->addWidget(m_statusLabel);
    right->addWidget(m_adviceLabel);
    right->addLayout(linkRow);
    right->addLayout(receiptRow);
    right->addStretch(1);

    // The order panel is a widget that expands like the entry column, so the two share the
    // width 2:3 whether or not a QR code is showing.
    auto *rightPanel = new QWidget(this);
    rightPanel->setObjectName(QStringLiteral("orderPanel"));
    rightPanel->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    right->setContentsMargins(0, 0, 0, 0);
    rightPanel->setLayout(right);
    root->addLayout(left, 2);
    root->addWidget(rightPanel, 3);

    m_countdown = new QTimer(this);
    m_countdown->setInterval(1000);
    connect(m_countdown, &QTimer::timeout, this, &CheckoutView::updateCountdown);

    connect(m_amountEdit, &QLineEdit::returnPressed, this, &CheckoutView::chargeQr);
    connect(m_amountEdit, &QLineEdit::textEdited, this, [this] {
        m_errorLabel->clear();
        // A new amount after a finished attempt is a new sale.
        if (!m_current.outTradeNo.isEmpty() && isFinalForSale(m_current))
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
    connect(m_printReceiptButton, &QPushButton::clicked, this, &CheckoutView::printReceipt);
    connect(m_pdfReceiptButton, &QPushButton::clicked, this, &CheckoutView::saveReceiptPdf);
    connect(m_copyLinkButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_linkEdit->text()); });

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
    m_copyLinkButton->setText(tr("Copy link"));
    m_printReceiptButton->setText(tr("Print receipt (F5)"));
    m_pdfReceiptButton->setText(tr("Receipt as PDF (F6)"));
    if (m_current.outTradeNo.isEmpty())
        m_statusLabel->setText(tr("Enter an amount and press Enter."));
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
    const bool newOrder = s.outTradeNo != m_current.outTradeNo;
    m_current = s;
    m_orderAmountLabel->setText(s.amount.format(locale()));
    m_statusLabel->setText(s.message);
    QString advice = s.cashierAdvice;
    if (!s.customerAdvice.isEmpty())
        advice += QLatin1Char('\n') + tr("Tell the customer: %1").arg(s.customerAdvice);
    if (s.changeMinor)
        advice = tr("Change to give: %1")
                     .arg(Money::fromMinor(*s.changeMinor, s.amount.currency()).format(locale())) +
                 QLatin1Char('\n') + advice;
    m_adviceLabel->setText(advice);

    const bool showQr =
        s.isOpen() && !s.qrCode.isEmpty() && (s.kind == OrderKind::Qr || s.kind == OrderKind::Link);
    if (showQr) {
        if (newOrder || m_qrLabel->property("qrText").toString() != s.qrCode) {
            const QImage image = renderQrCode(s.qrCode, 8);
            m_qrLabel->setPixmap(QPixmap::fromImage(image));
            m_qrLabel->setProperty("qrText", s.qrCode);
        }
        m_qrLabel->show();
    } else {
        m_qrLabel->clear();
        m_qrLabel->setProperty("qrText", QString());
        m_qrLabel->hide();
    }
    const bool link = s.kind == OrderKind::Link && s.isOpen() && !s.qrCode.isEmpty();
    m_linkEdit->setText(link ? s.qrCode : QString());
    m_linkEdit->setVisible(link);
    m_copyLinkButton->setVisible(link);

    m_cancelButton->setEnabled(s.isOpen() && !s.cancelling);
    if (s.isOpen()) {
        if (!m_countdown->isActive())
            m_countdown->start();
        updateCountdown();
    } else {
        m_countdown->stop();
        m_countdownLabel->clear();
    }
    const bool paid = s.status == OrderStatus::Paid && !s.needsRefund;
    m_lastPaid = paid ? s.outTradeNo : QString();
    m_printReceiptButton->setVisible(paid);
    m_pdfReceiptButton->setVisible(paid);
    if (paid) {
        m_statusLabel->setStyleSheet(QStringLiteral("color: #1b5e20;"));
        m_saleId.clear();
        m_amountEdit->clear();
        m_amountEdit->setFocus();
        emit salePaid(s.outTradeNo);
    } else if (s.status == OrderStatus::Failed || s.status == OrderStatus::Closed) {
        m_statusLabel->setStyleSheet(QStringLiteral("color: #b00020;"));
    } else {
        m_statusLabel->setStyleSheet(QString());
    }
}

void CheckoutView::printReceipt()
{
    if (m_lastPaid.isEmpty())
        return;
    auto order = m_service.orders().load(m_lastPaid);
    if (!order.ok() || !order.value())
        return;
    const auto printed = receiptactions::print(
        this, ReceiptData::fromOrder(*order.value(), m_service.config().storeName), locale());
    if (!printed.ok())
        showError(printed.error().message);
}

void CheckoutView::saveReceiptPdf()
{
    if (m_lastPaid.isEmpty())
        return;
    auto order = m_service.orders().load(m_lastPaid);
    if (!order.ok() || !order.value())
        return;
    const auto saved = receiptactions::saveAsPdf(
        this, ReceiptData::fromOrder(*order.value(), m_service.config().storeName), locale());
    if (!saved.ok())
        showError(saved.error().message);
    else if (!saved.value().isEmpty())
        m_adviceLabel->setText(tr("Receipt saved to %1").arg(saved.value()));
}

void CheckoutView::updateCountdown()
{
    if (!m_current.isOpen() || !m_current.expiresAt.isValid()) {
        m_countdownLabel->clear();
        return;
    }
    const qint64 secs =
        std::max<qint64>(0, (m_service.clock().nowUtc().msecsTo(m_current.expiresAt) + 999) / 1000);
    m_countdownLabel->setText(
        secs >= 3600 ? tr("Valid for %1 h %2 min").arg(secs / 3600).arg((secs % 3600) / 60)
                     : tr("%1:%2 left").arg(secs / 60).arg(secs % 60, 2, 10, QLatin1Char('0')));
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
    const qint64 now = m_keyClock.elapsed();
    const bool quick = m_lastKeyMs >= 0 && now - m_lastKeyMs <= m_scanIntervalMs;
    const QString text = ke->text();
    if (ke->key() == Qt::Key_Escape) {
        m_burst.clear();
        cancelCurrent();
        return true;
    }
    if (ke->key() == Qt::Key_Return || ke->key() == Qt::Key_Enter) {
        const bool scanned = m_burst.size() >= m_scanMinDigits && m_lastKeyMs >= 0 &&
                             now - m_lastKeyMs <= 2 * m_scanIntervalMs;
        const QString code = m_burst;
        m_burst.clear();
        m_lastKeyMs = -1;
        if (!scanned)
            return QWidget::eventFilter(watched, event);
        // The scanner typed into whatever had focus: put that field back as it was.
        if (m_burstTarget) {
            m_burstTarget->setText(m_burstTargetText);
            m_burstTarget->setCursorPosition(m_burstCursor);
        }
        m_burstTarget.clear();
        chargeCode(code);
        return true;
    }
    if (text.size() == 1 && text.at(0) >= u'0' && text.at(0) <= u'9') {
        if (!quick || m_burst.isEmpty()) {
            m_burst.clear();
            m_burstTarget = qobject_cast<QLineEdit *>(watched);
            if (m_burstTarget) {
                m_burstTargetText = m_burstTarget->text();
                m_burstCursor = m_burstTarget->cursorPosition();
            }
        }
        m_burst += text;
        m_lastKeyMs = now;
        return QWidget::eventFilter(watched, event);
    }
    const bool modifierOnly = ke->key() == Qt::Key_Shift || ke->key() == Qt::Key_Control ||
                              ke->key() == Qt::Key_Alt || ke->key() == Qt::Key_Meta;
    if (!modifierOnly) {
        m_burst.clear();
        m_lastKeyMs = -1;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace paydesk
