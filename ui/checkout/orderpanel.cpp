#include "ui/checkout/orderpanel.h"

#include "core/util/clock.h"
#include "core/util/qrcode.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace paydesk {

namespace {
// These texts were the checkout view's before the panel was split out of it; they keep its
// translation context so the existing translations still apply (spelled out at each call with
// QT_TRANSLATE_NOOP so lupdate finds them).
QString ct(const char *text)
{
    return QCoreApplication::translate("paydesk::CheckoutView", text);
}

QFont scaled(QFont f, qreal factor)
{
    f.setPointSizeF(f.pointSizeF() * factor);
    f.setBold(true);
    return f;
}
} // namespace

OrderPanel::OrderPanel(Clock &clock, QWidget *parent) : QWidget(parent), m_clock(clock)
{
    setObjectName(QStringLiteral("orderPanel"));
    auto *right = new QVBoxLayout(this);
    right->setContentsMargins(0, 0, 0, 0);
    m_orderAmountLabel = new QLabel(this);
    m_orderAmountLabel->setObjectName(QStringLiteral("orderAmountLabel"));
    m_orderAmountLabel->setFont(scaled(m_orderAmountLabel->font(), 2.5));
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
    m_statusLabel->setFont(scaled(m_statusLabel->font(), 1.5));
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
    // Expands like the entry column, so the two share the width 2:3 with or without a QR.
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

    m_countdown = new QTimer(this);
    m_countdown->setInterval(1000);
    connect(m_countdown, &QTimer::timeout, this, &OrderPanel::updateCountdown);
    connect(m_printReceiptButton, &QPushButton::clicked, this, &OrderPanel::printReceiptRequested);
    connect(m_pdfReceiptButton, &QPushButton::clicked, this, &OrderPanel::pdfReceiptRequested);
    connect(m_copyLinkButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_linkEdit->text()); });
    retranslateUi();
}

void OrderPanel::retranslateUi()
{
    m_copyLinkButton->setText(ct(QT_TRANSLATE_NOOP("paydesk::CheckoutView", "Copy link")));
    m_printReceiptButton->setText(
        ct(QT_TRANSLATE_NOOP("paydesk::CheckoutView", "Print receipt (F5)")));
    m_pdfReceiptButton->setText(
        ct(QT_TRANSLATE_NOOP("paydesk::CheckoutView", "Receipt as PDF (F6)")));
    if (m_idle)
        m_statusLabel->setText(
            ct(QT_TRANSLATE_NOOP("paydesk::CheckoutView", "Enter an amount and press Enter.")));
}

void OrderPanel::showNote(const QString &text)
{
    m_adviceLabel->setText(text);
}

void OrderPanel::showSnapshot(const OrderSnapshot &s)
{
    const bool newOrder = s.outTradeNo != m_current.outTradeNo;
    m_current = s;
    m_idle = false;
    m_orderAmountLabel->setText(s.amount.format(locale()));
    m_statusLabel->setText(s.message);
    QString advice = s.cashierAdvice;
    if (!s.customerAdvice.isEmpty())
        advice += QLatin1Char('\n') +
                  ct(QT_TRANSLATE_NOOP("paydesk::CheckoutView", "Tell the customer: %1"))
                      .arg(s.customerAdvice);
    if (s.changeMinor)
        advice = ct(QT_TRANSLATE_NOOP("paydesk::CheckoutView", "Change to give: %1"))
                     .arg(Money::fromMinor(*s.changeMinor, s.amount.currency()).format(locale())) +
                 QLatin1Char('\n') + advice;
    m_adviceLabel->setText(advice);

    const bool showQr =
        s.isOpen() && !s.qrCode.isEmpty() && (s.kind == OrderKind::Qr || s.kind == OrderKind::Link);
    if (showQr) {
        if (newOrder || m_qrLabel->property("qrText").toString() != s.qrCode) {
            m_qrLabel->setPixmap(QPixmap::fromImage(renderQrCode(s.qrCode, 8)));
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

    if (s.isOpen()) {
        if (!m_countdown->isActive())
            m_countdown->start();
        updateCountdown();
    } else {
        m_countdown->stop();
        m_countdownLabel->clear();
    }
    const bool paid = s.status == OrderStatus::Paid && !s.needsRefund;
    m_printReceiptButton->setVisible(paid);
    m_pdfReceiptButton->setVisible(paid);
    if (paid)
        m_statusLabel->setStyleSheet(QStringLiteral("color: #1b5e20;"));
    else if (s.status == OrderStatus::Failed || s.status == OrderStatus::Closed)
        m_statusLabel->setStyleSheet(QStringLiteral("color: #b00020;"));
    else
        m_statusLabel->setStyleSheet(QString());
}

void OrderPanel::updateCountdown()
{
    if (!m_current.isOpen() || !m_current.expiresAt.isValid()) {
        m_countdownLabel->clear();
        return;
    }
    const qint64 secs =
        std::max<qint64>(0, (m_clock.nowUtc().msecsTo(m_current.expiresAt) + 999) / 1000);
    m_countdownLabel->setText(
        secs >= 3600 ? ct(QT_TRANSLATE_NOOP("paydesk::CheckoutView", "Valid for %1 h %2 min"))
                           .arg(secs / 3600)
                           .arg((secs % 3600) / 60)
                     : ct(QT_TRANSLATE_NOOP("paydesk::CheckoutView", "%1:%2 left"))
                           .arg(secs / 60)
                           .arg(secs % 60, 2, 10, QLatin1Char('0')));
}

} // namespace paydesk
