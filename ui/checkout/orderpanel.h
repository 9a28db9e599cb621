#pragma once

#include "core/checkout/checkoutservice.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;

namespace paydesk {

class Clock;

/// The right half of the cashier's screen: what the current order is doing. Amount, the QR
/// (large) or payment link, countdown, status, what to tell the customer, and the receipt
/// buttons once paid. Shows; decides nothing.
class OrderPanel : public QWidget
{
    Q_OBJECT
public:
    explicit OrderPanel(Clock &clock, QWidget *parent = nullptr);

    void showSnapshot(const OrderSnapshot &s);
    /// A note under the status, e.g. where a receipt was saved.
    void showNote(const QString &text);
    void retranslateUi();

signals:
    void printReceiptRequested();
    void pdfReceiptRequested();

private:
    void updateCountdown();

    Clock &m_clock;
    OrderSnapshot m_current;
    bool m_idle = true; ///< no order shown yet
    QLabel *m_qrLabel = nullptr;
    QLabel *m_orderAmountLabel = nullptr;
    QLabel *m_countdownLabel = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_adviceLabel = nullptr;
    QLineEdit *m_linkEdit = nullptr;
    QPushButton *m_copyLinkButton = nullptr;
    QPushButton *m_printReceiptButton = nullptr;
    QPushButton *m_pdfReceiptButton = nullptr;
    QTimer *m_countdown = nullptr;
};

} // namespace paydesk
