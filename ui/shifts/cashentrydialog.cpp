#include "ui/shifts/cashentrydialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace paydesk {

CashEntryDialog::CashEntryDialog(Mode mode, QWidget *parent) : QDialog(parent), m_mode(mode)
{
    const bool payout = mode == Mode::Payout;
    setObjectName(payout ? QStringLiteral("payoutDialog") : QStringLiteral("openShiftDialog"));
    setWindowTitle(payout ? tr("Pay out cash") : tr("Open your shift"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(payout ? tr("Cash taken out of the drawer (a supplier paid, change "
                                         "fetched): it is booked and the drawer count expects "
                                         "it.")
                                    : tr("Count the cash in the drawer before the first sale. "
                                         "The till expects this float plus your cash sales "
                                         "when you close the shift."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_amountEdit = new QLineEdit(this);
    m_amountEdit->setObjectName(QStringLiteral("cashAmountEdit"));
    m_amountEdit->setPlaceholderText(QStringLiteral("0.00"));
    form->addRow(payout ? tr("Amount paid out:") : tr("Cash in the drawer:"), m_amountEdit);
    if (payout) {
        m_reasonEdit = new QLineEdit(this);
        m_reasonEdit->setObjectName(QStringLiteral("payoutReasonEdit"));
        form->addRow(tr("What for:"), m_reasonEdit);
    }
    layout->addLayout(form);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("cashEntryError"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->setWordWrap(true);
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(this);
    QPushButton *ok =
        buttons->addButton(payout ? tr("Pay out") : tr("Open shift"), QDialogButtonBox::AcceptRole);
    ok->setObjectName(QStringLiteral("cashEntryOk"));
    ok->setDefault(true);
    buttons->addButton(payout ? tr("Cancel") : tr("Later"), QDialogButtonBox::RejectRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &CashEntryDialog::tryAccept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    m_amountEdit->setFocus();
}

QString CashEntryDialog::reason() const
{
    return m_reasonEdit ? m_reasonEdit->text().trimmed() : QString();
}

void CashEntryDialog::tryAccept()
{
    const QString text = m_amountEdit->text().trimmed();
    auto amount = Money::parse(
        text.isEmpty() && m_mode == Mode::OpeningFloat ? QStringLiteral("0") : text, QLocale());
    if (!amount.ok()) {
        m_error->setText(amount.error().message);
        m_amountEdit->setFocus();
        return;
    }
    if (m_mode == Mode::Payout && (amount.value().isZero() || reason().isEmpty())) {
        m_error->setText(amount.value().isZero() ? tr("A payout must be more than zero.")
                                                 : tr("Say what the cash was paid out for."));
        return;
    }
    m_amount = amount.value();
    accept();
}

} // namespace paydesk
