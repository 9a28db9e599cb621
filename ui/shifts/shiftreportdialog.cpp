#include "ui/shifts/shiftreportdialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>

namespace paydesk {

ShiftReportDialog::ShiftReportDialog(ShiftReport report, Printer print, QWidget *parent)
    : QDialog(parent), m_report(std::move(report)), m_print(std::move(print))
{
    setObjectName(QStringLiteral("shiftReportDialog"));
    setWindowTitle(m_report.title());
    resize(520, 620);
    auto *layout = new QVBoxLayout(this);
    auto *table = new QTableWidget(0, 2, this);
    table->setObjectName(QStringLiteral("shiftReportTable"));
    table->horizontalHeader()->hide();
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    const QList<ShiftReport::Line> lines = m_report.lines();
    table->setRowCount(int(lines.size()));
    for (int row = 0; row < lines.size(); ++row) {
        auto *label = new QTableWidgetItem(lines[row].label);
        if (lines[row].heading) {
            QFont bold = label->font();
            bold.setBold(true);
            label->setFont(bold);
        }
        auto *value = new QTableWidgetItem(lines[row].value);
        value->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table->setItem(row, 0, label);
        table->setItem(row, 1, value);
    }
    layout->addWidget(table, 1);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("shiftReportMessage"));
    m_message->setWordWrap(true);
    layout->addWidget(m_message);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *printButton = buttons->addButton(tr("Print"), QDialogButtonBox::ActionRole);
    printButton->setObjectName(QStringLiteral("printShiftReport"));
    printButton->setEnabled(bool(m_print));
    if (!m_print)
        printButton->setToolTip(tr("No receipt printer is set up (Settings → Store)."));
    QPushButton *pdf = buttons->addButton(tr("Save as PDF…"), QDialogButtonBox::ActionRole);
    pdf->setObjectName(QStringLiteral("saveShiftReportPdf"));
    QPushButton *done = buttons->addButton(QDialogButtonBox::Close);
    done->setDefault(true);
    connect(done, &QPushButton::clicked, this, &QDialog::accept);
    connect(printButton, &QPushButton::clicked, this, [this] {
        m_message->setText(tr("Printing…"));
        m_print(m_report.escPos(), [self = QPointer<ShiftReportDialog>(this)](const Status &s) {
            if (!self)
                return;
            self->m_message->setText(s.ok() ? tr("Printed.") : s.error().message);
        });
    });
    connect(pdf, &QPushButton::clicked, this, [this] {
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save the shift report"), QDir(folder).filePath(tr("shift-report.pdf")),
            tr("PDF files (*.pdf)"));
        if (!path.isEmpty())
            (void)savePdf(path);
    });
}

Status ShiftReportDialog::savePdf(const QString &path)
{
    Status saved = m_report.toPdf(path);
    m_message->setText(saved.ok() ? tr("Saved to %1.").arg(path) : saved.error().message);
    return saved;
}

} // namespace paydesk
