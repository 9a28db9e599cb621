#pragma once

#include "core/checkout/checkoutservice.h"
#include "core/checkout/scannerburst.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QWidget>

#include <functional>

class QLabel;
class QKeyEvent;
class QLineEdit;
class QPushButton;
class QFrame;

namespace paydesk {

class OrderQueries;

class OrderPanel;

/// The cashier's screen: type the amount, Enter charges by QR (default provider), a
/// scanner's burst of digits + Enter anywhere in the view charges that payment code,
/// Esc cancels. Shows the QR large with amount and countdown, live status and what to
/// tell the customer. Keyboard-first: F2 scan code, F3 payment link, F4 cash.
class CheckoutView : public QWidget
{
    Q_OBJECT
public:
    /// Orders are read through \a queries (the read model), never through the service.
    CheckoutView(CheckoutService &service, const OrderQueries &queries, QWidget *parent = nullptr);

    /// Keys closer together than \a maxIntervalMs, at least \a minDigits digits, then Enter:
    /// that is a scanner, not a person.
    void setScannerTiming(int maxIntervalMs, int minDigits);
    QString currentOrder() const { return m_current.outTradeNo; }
    QString currentSale() const { return m_saleId; }
    const OrderSnapshot &currentSnapshot() const { return m_current; }

signals:
    /// The current sale was paid (wallet or cash): print the receipt, open the drawer...
    void salePaid(const QString &outTradeNo);

public slots:
    void chargeQr();
    void chargePaymentLink();
    void chargeCode(const QString &code);
    void showCodeEntry();
    void showCashEntry();
    void cancelCurrent();
    /// The receipt of the last paid sale: on a printer (F5) or as a PDF file (F6).
    void printReceipt();
    void saveReceiptPdf();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void build();
    void retranslateUi();
    /// The last paid order of this screen, for its receipt; nullopt when there is none.
    std::optional<Order> lastPaidOrder();
    /// Keys arriving at the amount field: after an attempt ended, the first key typed starts
    /// a new amount instead of extending the old one (which stays for a retry with Enter).
    void beforeAmountKey(const QKeyEvent &key);
    void markAmountSpent();
    std::optional<Money> amountFromField();
    std::optional<Money> saleAmount();
    void showError(const QString &text);
    void onOrderUpdated(const OrderSnapshot &s);
    void showSnapshot(const OrderSnapshot &s);
    void updateChange();
    void confirmCash();
    void ensureSale();
    /// Starts a QR-like sale (QR or payment link) for the typed amount unless one is open.
    void startSale(const std::function<Result<QString>(const Money &)> &start);
    void installFilters();

    CheckoutService &m_service;

    const OrderQueries &m_queries;
    QLabel *m_amountCaption = nullptr;
    QLabel *m_codeCaption = nullptr;
    QLabel *m_tenderedCaption = nullptr;
    QLineEdit *m_amountEdit = nullptr;
    QLabel *m_errorLabel = nullptr;
    QPushButton *m_chargeButton = nullptr;
    QPushButton *m_scanButton = nullptr;
    QPushButton *m_linkButton = nullptr;
    QPushButton *m_cashButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QFrame *m_codePanel = nullptr;
    QLineEdit *m_codeEdit = nullptr;
    QFrame *m_cashPanel = nullptr;
    QLineEdit *m_tenderedEdit = nullptr;
    QLabel *m_changeLabel = nullptr;
    QPushButton *m_confirmCashButton = nullptr;
    OrderPanel *m_orderPanel = nullptr;
    QString m_lastPaid; ///< out_trade_no of the last paid sale, for its receipt

    QString m_saleId;
    OrderSnapshot m_current;

    /// The amount on screen belongs to an attempt that ended unpaid.
    bool m_amountSpent = false;
    /// The cashier typed in the amount field since the current attempt started.
    bool m_editedSinceAttempt = false;

    // Scanner detection: which keys are a scanner is ScannerBurst's call; the view only
    // remembers what the focused field held so a scan does not leave digits in it.
    ScannerBurst m_scanner;
    QElapsedTimer m_keyClock;
    const QEvent *m_lastKeyEvent = nullptr; // identity only, never dereferenced
    QPointer<QWidget> m_lastKeyReceiver;
    QPointer<QLineEdit> m_burstTarget;
    QString m_burstTargetText;
    int m_burstCursor = 0;
};

} // namespace paydesk
