#include "ui/shifts/closeshiftdialog.h"

#include "core/shifts/shiftreport.h"
#include "core/shifts/shiftservice.h"
#include "ui/shifts/managerapprovaldialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace paydesk {

CloseShiftDialog::CloseShiftDialog(Context context, QWidget *parent)
    : QDialog(parent), m_ctx(std::move(context))
{
    setObjectName(QStringLiteral("closeShiftDialog"));
    setWindowTitle(tr("Close the shift"));
    resize(560, 640);
    auto *layout = new QVBoxLayout(this);

    m_figures = new QTableWidget(0, 2, this);
    m_figures->setObjectName(QStringLiteral("shiftFigures"));
    m_figures->horizontalHeader()->hide();
    m_figures->verticalHeader()->hide();
    m_figures->verticalHeader()->setDefaultSectionSize(m_figures->fontMetrics().height() + 8);
    m_figures->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_figures->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_figures->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_figures->setFocusPolicy(Qt::NoFocus);
    m_figures->setSelectionMode(QAbstractItemView::NoSelection);
    layout->addWidget(m_figures, 1);

    auto *form = new QFormLayout;
    m_counted = new QLineEdit(this);
    m_counted->setObjectName(QStringLiteral("countedCashEdit"));
    m_counted->setPlaceholderText(QStringLiteral("0.00"));
    form->addRow(tr("Cash counted in the drawer:"), m_counted);
    m_byDenomination = new QCheckBox(tr("Count by banknote and coin"), this);
    m_byDenomination->setObjectName(QStringLiteral("countByDenomination"));
    form->addRow(QString(), m_byDenomination);
    layout->addLayout(form);

    m_denominationBox = new QWidget(this);
    auto *grid = new QGridLayout(m_denominationBox);
    grid->setContentsMargins(0, 0, 0, 0);
    const QList<qint64> faces = cnyDenominations();
    for (int i = 0; i < faces.size(); ++i) {
        auto *spin = new QSpinBox(m_denominationBox);
        spin->setObjectName(QStringLiteral("denomination%1").arg(faces[i]));
        spin->setRange(0, 100000);
        m_denominationSpins.insert(faces[i], spin);
        grid->addWidget(
            new QLabel(Money::fromMinor(faces[i]).format(QLocale()) + QStringLiteral(" ×"),
                       m_denominationBox),
            i / 4, (i % 4) * 2, Qt::AlignRight);
        grid->addWidget(spin, i / 4, (i % 4) * 2 + 1);
        connect(spin, &QSpinBox::valueChanged, this, [this] {
            m_counted->setText(denominationsTotal(denominations()).format(QLocale(), false));
        });
    }
    m_denominationBox->setVisible(false);
    layout->addWidget(m_denominationBox);
    connect(m_byDenomination, &QCheckBox::toggled, this, [this](bool on) {
        m_denominationBox->setVisible(on);
        m_counted->setReadOnly(on);
        if (on)
            m_counted->setText(denominationsTotal(denominations()).format(QLocale(), false));
    });

    m_difference = new QLabel(this);
    m_difference->setObjectName(QStringLiteral("shiftDifference"));
    QFont big = m_difference->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_difference->setFont(big);
    layout->addWidget(m_difference);

    auto *reasonForm = new QFormLayout;
    m_reason = new QComboBox(this);
    m_reason->setObjectName(QStringLiteral("differenceReason"));
    m_reason->setEditable(true);
    m_reason->addItems({QString(), tr("Wrong change given"), tr("Cash sale not entered"),
                        tr("Counting error"), tr("Cash taken without a payout")});
    reasonForm->addRow(tr("Reason for a difference:"), m_reason);
    layout->addLayout(reasonForm);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("closeShiftError"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->setWordWrap(true);
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *close = buttons->addButton(tr("Close shift"), QDialogButtonBox::AcceptRole);
    close->setObjectName(QStringLiteral("closeShiftButton"));
    close->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &CloseShiftDialog::tryClose);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_counted, &QLineEdit::textChanged, this, &CloseShiftDialog::updateDifference);
    reloadSummary();
    updateDifference();
    m_counted->setFocus();
}

Denominations CloseShiftDialog::denominations() const
{
    Denominations count;
    for (auto it = m_denominationSpins.cbegin(); it != m_denominationSpins.cend(); ++it)
        if (it.value()->value() > 0)
            count.insert(it.key(), it.value()->value());
    return count;
}

void CloseShiftDialog::reloadSummary()
{
    auto summary = m_ctx.shifts->summary(m_ctx.shiftId);
    if (!summary.ok()) {
        m_error->setText(summary.error().message);
        return;
    }
    m_summary = summary.value();
    const ShiftReport report(m_summary, m_ctx.storeName, m_ctx.providerNames);
    const QList<ShiftReport::Line> lines = report.lines();
    m_figures->setRowCount(int(lines.size()));
    for (int row = 0; row < lines.size(); ++row) {
        auto *label = new QTableWidgetItem(lines[row].label);
        auto *value = new QTableWidgetItem(lines[row].value);
        value->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (lines[row].heading) {
            QFont bold = label->font();
            bold.setBold(true);
            label->setFont(bold);
        }
        m_figures->setItem(row, 0, label);
        m_figures->setItem(row, 1, value);
    }
}

void CloseShiftDialog::updateDifference()
{
    auto counted = Money::parse(m_counted->text().trimmed(), QLocale());
    if (!counted.ok()) {
        m_difference->setStyleSheet({});
        m_difference->setText(
            tr("Expected in the drawer: %1").arg(m_summary.expectedCash.format(QLocale())));
        return;
    }
    const Money diff = Money::fromMinor(counted.value().minor() - m_summary.expectedCash.minor());
    const bool over = ShiftService::needsApproval(diff, m_ctx.differenceLimit);
    m_difference->setStyleSheet(diff.isZero() ? QStringLiteral("color: #1b5e20;")
                                : over        ? QStringLiteral("color: #b00020;")
                                              : QStringLiteral("color: #8a5300;"));
    if (diff.isZero())
        m_difference->setText(tr("The drawer matches: %1").arg(counted.value().format(QLocale())));
    else if (diff.isNegative())
        m_difference->setText(
            tr("Short by %1").arg(Money::fromMinor(-diff.minor()).format(QLocale())) +
            (over ? tr(" — a manager must confirm") : QString()));
    else
        m_difference->setText(tr("Over by %1").arg(diff.format(QLocale())) +
                              (over ? tr(" — a manager must confirm") : QString()));
}

void CloseShiftDialog::tryClose()
{
    auto counted = Money::parse(m_counted->text().trimmed(), QLocale());
    if (!counted.ok()) {
        m_error->setText(tr("Counted cash: %1").arg(counted.error().message));
        m_counted->setFocus();
        return;
    }
    ShiftService::CloseRequest request;
    request.counted = counted.value();
    request.denominations = m_byDenomination->isChecked() ? denominations() : Denominations();
    request.reason = m_reason->currentText();
    request.closedBy = m_ctx.closedBy;
    auto closed = m_ctx.shifts->close(m_ctx.shiftId, request, m_ctx.differenceLimit);
    if (!closed.ok() && closed.error().code == u"shift.approval_required") {
        ManagerApprovalDialog approval(*m_ctx.operators, closed.error().message, this);
        if (approval.exec() != QDialog::Accepted)
            return;
        request.approver = &approval.session();
        closed = m_ctx.shifts->close(m_ctx.shiftId, request, m_ctx.differenceLimit);
    }
    if (!closed.ok()) {
        m_error->setText(closed.error().message);
        reloadSummary(); // a sale may have come in meanwhile
        updateDifference();
        return;
    }
    m_closed = closed.value();
    accept();
}

} // namespace paydesk
