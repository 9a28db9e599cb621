#include "ui/refunds/refunddialog.h"

#include "core/checkout/checkoutservice.h"
#include "core/orders/orderqueries.h"
#include "core/receipts/receiptrenderer.h"
#include "core/refunds/refundapproval.h"
#include "core/refunds/refundreasons.h"
#include "core/refunds/refundreceipt.h"
#include "core/security/operatorservice.h"
#include "core/security/session.h"
#include "core/settings/storesettings.h"
#include "ui/stepupdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace paydesk {

namespace {

RefundApproval approvalOf(const StoreSettings &settings)
{
    const StoreSettings::Values v = settings.values();
    return RefundApproval({v.refundLimit, v.cashierRefundsNeedApproval});
}

} // namespace

RefundDialog::RefundDialog(const RefundTools &tools, const Order &order, QWidget *parent)
    : QDialog(parent), m_tools(tools), m_order(order)
{
    setObjectName(QStringLiteral("refundDialog"));
    setWindowTitle(tr("Refund order %1").arg(order.outTradeNo));
    auto *root = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("refundOrderLabel"));
    m_summary->setWordWrap(true);
    m_remainder = new QLabel(this);
    m_remainder->setObjectName(QStringLiteral("refundRemainderLabel"));
    root->addWidget(m_summary);
    root->addWidget(m_remainder);

    auto *form = new QFormLayout;
    m_amount = new QLineEdit(this);
    m_amount->setObjectName(QStringLiteral("refundAmountEdit"));
    m_reason = new QComboBox(this);
    m_reason->setObjectName(QStringLiteral("refundReasonCombo"));
    for (const QString &key : refundReasonKeys())
        m_reason->addItem(refundReasonDisplay(key), key);
    m_reason->addItem(tr("Other (say why below)"), QString());
    m_note = new QLineEdit(this);
    m_note->setObjectName(QStringLiteral("refundNoteEdit"));
    m_note->setPlaceholderText(tr("Optional note; required for \"Other\""));
    form->addRow(tr("&Amount to refund:"), m_amount);
    form->addRow(tr("&Reason:"), m_reason);
    form->addRow(tr("&Note:"), m_note);
    root->addLayout(form);

    m_approval = new QGroupBox(tr("Manager's approval"), this);
    m_approval->setObjectName(QStringLiteral("refundApprovalBox"));
    auto *approvalForm = new QFormLayout(m_approval);
    m_approvalWhy = new QLabel(m_approval);
    m_approvalWhy->setWordWrap(true);
    m_approver = new QLineEdit(m_approval);
    m_approver->setObjectName(QStringLiteral("approverNameEdit"));
    m_approverPassword = new QLineEdit(m_approval);
    m_approverPassword->setObjectName(QStringLiteral("approverPasswordEdit"));
    m_approverPassword->setEchoMode(QLineEdit::Password);
    m_approverCode = new QLineEdit(m_approval);
    m_approverCode->setObjectName(QStringLiteral("approverCodeEdit"));
    m_approverCode->setInputMethodHints(Qt::ImhDigitsOnly);
    approvalForm->addRow(m_approvalWhy);
    approvalForm->addRow(tr("Manager:"), m_approver);
    approvalForm->addRow(tr("Password:"), m_approverPassword);
    approvalForm->addRow(tr("Authenticator code:"), m_approverCode);
    root->addWidget(m_approval);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("refundStatusLabel"));
    m_status->setWordWrap(true);
    root->addWidget(m_status);

    auto *buttons = new QDialogButtonBox(this);
    m_submit = buttons->addButton(tr("Refund"), QDialogButtonBox::AcceptRole);
    m_submit->setObjectName(QStringLiteral("refundSubmitButton"));
    m_submit->setDefault(true);
    m_pdf = buttons->addButton(tr("Save refund receipt as PDF…"), QDialogButtonBox::ActionRole);
    m_pdf->setObjectName(QStringLiteral("refundReceiptPdfButton"));
    m_pdf->setEnabled(false);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_close->setObjectName(QStringLiteral("refundCloseButton"));
    m_close->setAutoDefault(false);
    root->addWidget(buttons);
    // The button box would accept() the dialog: a refund keeps it open to show the progress.
    disconnect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_submit, &QPushButton::clicked, this, &RefundDialog::submit);
    connect(m_pdf, &QPushButton::clicked, this, &RefundDialog::saveReceipt);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_amount, &QLineEdit::textChanged, this, &RefundDialog::updateApproval);
    connect(m_tools.refunds, &RefundService::refundChanged, this, [this](const RefundRecord &r) {
        if (m_record && r.id == m_record->id)
            showRecord(r);
    });

    const Money left = remainder();
    QStringList lines{tr("Order %1").arg(order.outTradeNo),
                      tr("Paid: %1").arg(order.amount.format(locale()))};
    if (order.refundedMinor > 0)
        lines << tr("Refunded so far: %1")
                     .arg(Money::fromMinor(order.refundedMinor, order.amount.currency())
                              .format(locale()));
    m_summary->setText(lines.join(QLatin1Char('\n')));
    m_remainder->setText(tr("Can still be refunded: %1").arg(left.format(locale())));
    m_amount->setText(left.format(locale(), false));
    m_amount->selectAll();
    m_amount->setFocus();
    updateApproval();
}

Money RefundDialog::remainder() const
{
    return m_tools.refunds->refundableRemainder(m_order.id);
}

void RefundDialog::updateApproval()
{
    auto amount = Money::parse(m_amount->text(), locale());
    const RefundApproval approval = approvalOf(*m_tools.settings);
    const bool needed = amount.ok() && approval.needsApproval(*m_tools.session, amount.value());
    // A manager or owner approves with their own second factor (asked on Refund); a cashier
    // needs a manager to type theirs here.
    const bool byOther = needed && !m_tools.session->can(Permission::RefundOverLimit);
    m_approval->setVisible(byOther);
    m_approvalWhy->setText(
        tr("This refund needs a manager's password and authenticator code (refunds above %1%2).")
            .arg(m_tools.settings->values().refundLimit.format(locale()),
                 m_tools.settings->values().cashierRefundsNeedApproval
                     ? tr(", and every refund by a cashier")
                     : QString()));
}

Result<QString> RefundDialog::reason() const
{
    const QString key = m_reason->currentData().toString();
    const QString note = m_note->text().trimmed();
    if (key.isEmpty() && note.isEmpty())
        return Error{QStringLiteral("refunds.no_reason"), tr("Say why the money is refunded.")};
    if (key.isEmpty())
        return note;
    return note.isEmpty() ? key : key + QStringLiteral(": ") + note;
}

Result<QString> RefundDialog::approve(const Money &amount)
{
    const RefundApproval approval = approvalOf(*m_tools.settings);
    Session &session = *m_tools.session;
    if (!approval.needsApproval(session, amount)) {
        PAYDESK_TRY(approval.authorize(session, amount));
        return QString();
    }
    if (session.can(Permission::RefundOverLimit)) {
        if (!StepUpDialog::ensure(session, tr("This refund needs your authenticator code."), this))
            return Error{QStringLiteral("security.step_up_required"),
                         tr("The refund needs your authenticator code.")};
        PAYDESK_TRY(approval.authorize(session, amount));
        return session.operatorName();
    }
    if (m_approver->text().trimmed().isEmpty()) {
        m_approver->setFocus();
        return Error{QStringLiteral("refunds.approval_required"), m_approvalWhy->text()};
    }
    auto approver = m_tools.operators->authenticate(
        m_approver->text().trimmed(), m_approverPassword->text(), m_approverCode->text().trimmed());
    m_approverPassword->clear();
    m_approverCode->clear();
    if (!approver.ok()) {
        if (approver.error().code == u"security.totp_required")
            return Error{approver.error().code,
                         tr("Type the manager's current authenticator code too.")};
        return approver.error();
    }
    PAYDESK_TRY(approval.authorize(session, amount, &approver.value()));
    return approver.value().operatorName();
}

void RefundDialog::submit()
{
    if (m_record) {
        showError(tr("This refund has been made; close the dialog to start another one."));
        return;
    }
    auto amount = Money::parse(m_amount->text(), locale());
    if (!amount.ok()) {
        showError(amount.error().message);
        m_amount->setFocus();
        return;
    }
    auto why = reason();
    if (!why.ok()) {
        showError(why.error().message);
        m_note->setFocus();
        return;
    }
    auto approvedBy = approve(amount.value());
    if (!approvedBy.ok()) {
        showError(approvedBy.error().message);
        return;
    }
    RefundInput input;
    input.orderId = m_order.id;
    input.amount = amount.value();
    input.reason = why.value();
    input.operatorName = m_tools.session->operatorName();
    input.approvedBy = approvedBy.value();
    m_submit->setEnabled(false);
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Refunding %1…").arg(amount.value().format(locale())));
    QPointer<RefundDialog> self(this);
    m_tools.refunds->refund(input, [self](const Result<RefundRecord> &r) {
        if (!self)
            return;
        if (!r.ok()) {
            self->m_submit->setEnabled(true);
            self->showError(r.error().message);
            return;
        }
        self->showRecord(r.value());
    });
}

void RefundDialog::showRecord(const RefundRecord &record)
{
    const bool wasFinal = m_record && m_record->isFinal();
    m_record = record;
    for (QWidget *w : std::initializer_list<QWidget *>{m_amount, m_reason, m_note, m_approval})
        w->setEnabled(false);
    m_status->setStyleSheet(record.status == u"FAILED" ? QStringLiteral("color: #b00020;")
                                                       : QString());
    if (record.status == u"SUCCESS") {
        m_status->setText(tr("Refunded %1 (%2). The money goes back to the customer's wallet.")
                              .arg(record.amount.format(locale()), record.outRequestNo));
        m_pdf->setEnabled(true);
        m_pdf->setFocus();
    } else if (record.status == u"FAILED") {
        m_status->setText(tr("Not refunded: %1").arg(record.message));
        m_close->setFocus();
    } else {
        m_status->setText(tr("Refund %1 in progress: %2").arg(record.outRequestNo, record.message));
    }
    if (record.isFinal())
        m_remainder->setText(tr("Can still be refunded: %1").arg(remainder().format(locale())));
    if (record.isFinal() && !wasFinal)
        emit refundFinished(record);
}

Status RefundDialog::saveReceiptPdf(const QString &path) const
{
    if (!m_record || m_record->status != u"SUCCESS")
        return Error{QStringLiteral("refunds.no_receipt"), tr("There is no refund to print yet.")};
    auto stored = m_tools.queries->byOutTradeNo(m_order.outTradeNo);
    if (!stored.ok())
        return stored.error();
    const Order order = stored.value().value_or(m_order);
    return ReceiptRenderer(refundReceipt(order, *m_record, m_tools.checkout->config().storeName,
                                         m_tools.checkout->walletName(order.provider)),
                           locale())
        .toPdf(path);
}

void RefundDialog::saveReceipt()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save refund receipt"),
        QStringLiteral("refund-%1.pdf").arg(m_record ? m_record->outRequestNo : m_order.outTradeNo),
        tr("PDF files (*.pdf)"));
    if (path.isEmpty())
        return;
    if (auto saved = saveReceiptPdf(path); !saved.ok())
        showError(saved.error().message);
    else
        m_status->setText(m_status->text() + QLatin1Char('\n') +
                          tr("Receipt saved to %1").arg(path));
}

void RefundDialog::showError(const QString &text)
{
    m_status->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_status->setText(text);
}

} // namespace paydesk
