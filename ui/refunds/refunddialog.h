#pragma once

#include "core/orders/order.h"
#include "core/refunds/refundservice.h"
#include "core/util/result.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace paydesk {

class CheckoutService;
class OperatorService;
class OrderQueries;
class Session;
class StoreSettings;

/// What the refund dialog works with (all outlive it).
struct RefundTools
{
    RefundService *refunds = nullptr;
    OperatorService *operators = nullptr;      ///< checks a manager's approval
    StoreSettings *settings = nullptr;         ///< the refund limit and the cashier rule
    Session *session = nullptr;                ///< who is at the till
    const CheckoutService *checkout = nullptr; ///< store and wallet names for the receipt
    const OrderQueries *queries = nullptr;     ///< the order as stored after the refund

    bool ready() const
    {
        return refunds && operators && settings && session && checkout && queries;
    }
};

/// Refunds one order: the amount (all that is left, prefilled, or part of it), a reason from the
/// list and/or free text, the remainder shown; a manager's password and authenticator code when
/// RefundApproval asks for it (or the manager's own step-up); then the progress until the
/// provider's final answer, and the refund receipt as a PDF. Keyboard-first: amount, Tab to the
/// reason, Enter refunds, Esc closes.
class RefundDialog : public QDialog
{
    Q_OBJECT
public:
    RefundDialog(const RefundTools &tools, const Order &order, QWidget *parent = nullptr);

    /// The refund this dialog made, as last heard of.
    std::optional<RefundRecord> record() const { return m_record; }
    /// Writes the refund receipt as a PDF (after a successful refund).
    Status saveReceiptPdf(const QString &path) const;

signals:
    /// The refund reached SUCCESS or FAILED.
    void refundFinished(const paydesk::RefundRecord &record);

private:
    void updateApproval();
    void submit();
    Result<QString> reason() const;
    /// The approver's name once the approval holds; an error to show otherwise.
    Result<QString> approve(const Money &amount);
    void showRecord(const RefundRecord &record);
    void saveReceipt();
    void showError(const QString &text);
    Money remainder() const;

    RefundTools m_tools;
    Order m_order;
    std::optional<RefundRecord> m_record;
    QLabel *m_summary;
    QLabel *m_remainder;
    QLineEdit *m_amount;
    QComboBox *m_reason;
    QLineEdit *m_note;
    QGroupBox *m_approval;
    QLabel *m_approvalWhy;
    QLineEdit *m_approver;
    QLineEdit *m_approverPassword;
    QLineEdit *m_approverCode;
    QLabel *m_status;
    QPushButton *m_submit;
    QPushButton *m_pdf;
    QPushButton *m_close;
};

} // namespace paydesk
