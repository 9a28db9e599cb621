#include "checkout/receiptactions.h"

#include "checkout/receiptrenderer.h"

#include <QCoreApplication>
#include <QFileDialog>
#include <QPainter>
#include <QPrintDialog>
#include <QPrinter>

namespace paydesk::receiptactions {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("paydesk::ReceiptActions", text);
}
} // namespace

Result<QString> saveAsPdf(QWidget *parent, const ReceiptData &receipt, const QLocale &locale)
{
    const QString path = QFileDialog::getSaveFileName(parent, tr("Save receipt"),
                                                      QStringLiteral("receipt-%1.pdf").arg(receipt.outTradeNo),
                                                      tr("PDF files (*.pdf)"));
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
        return Error{QStringLiteral("receipt.printer_open"), tr("The printer could not be opened.")};
    ReceiptRenderer(receipt, locale).render(painter, printer.pageLayout().paintRectPixels(printer.resolution()));
    painter.end();
    return true;
}

} // namespace paydesk::receiptactions
