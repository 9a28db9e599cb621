#include "ui/checkout/receiptactions.h"

#include "core/receipts/receiptrenderer.h"

#include <QCoreApplication>
#include <QFileDialog>
#include <QPainter>
#include <QPrintDialog>
#include <QPrinter>

namespace paydesk::receiptactions {

namespace {
struct ReceiptActions
{
    Q_DECLARE_TR_FUNCTIONS(ReceiptActions)
};
} // namespace

Result<QString> saveAsPdf(QWidget *parent, const ReceiptData &receipt, const QLocale &locale)
{
    const QString path =
        QFileDialog::getSaveFileName(parent, ReceiptActions::tr("Save receipt"),
                                     QStringLiteral("receipt-%1.pdf").arg(receipt.outTradeNo),
                                     ReceiptActions::tr("PDF files (*.pdf)"));
    if (path.isEmpty())
        return QString();
    if (auto s = ReceiptRenderer(receipt, locale).toPdf(path); !s.ok())
        return s.error();
    return path;
}

Result<bool> print(QWidget *parent, const ReceiptData &receipt, const QLocale &locale)
{
    QPrinter printer(QPrinter::HighResolution);
    QPrintDialog dialog(&printer, parent);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    QPainter painter;
    if (!painter.begin(&printer))
        return Error{QStringLiteral("receipt.printer_open"),
                     ReceiptActions::tr("The printer could not be opened.")};
    ReceiptRenderer(receipt, locale)
        .render(painter, printer.pageLayout().paintRectPixels(printer.resolution()));
    painter.end();
    return true;
}

} // namespace paydesk::receiptactions
