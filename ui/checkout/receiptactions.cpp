#include "ui/checkout/receiptactions.h"

#include "core/checkout/checkoutservice.h"

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

ReceiptData receiptOf(const Order &order, const CheckoutService &checkout, Copy copy)
{
    ReceiptData data = ReceiptData::fromOrder(order, checkout.config().storeName,
                                              checkout.walletName(order.provider));
    data.reprint = copy == Copy::Reprint;
    return data;
}

Status writePdf(const Order &order, const CheckoutService &checkout, Copy copy, const QString &path,
                const QLocale &locale)
{
    return ReceiptRenderer(receiptOf(order, checkout, copy), locale).toPdf(path);
}

Result<QString> saveAsPdf(QWidget *parent, const Order &order, const CheckoutService &checkout,
                          Copy copy, const QLocale &locale)
{
    const QString path =
        QFileDialog::getSaveFileName(parent, ReceiptActions::tr("Save receipt"),
                                     QStringLiteral("receipt-%1.pdf").arg(order.outTradeNo),
                                     ReceiptActions::tr("PDF files (*.pdf)"));
    if (path.isEmpty())
        return QString();
    PAYDESK_TRY(writePdf(order, checkout, copy, path, locale));
    return path;
}

Result<bool> print(QWidget *parent, const Order &order, const CheckoutService &checkout, Copy copy,
                   const QLocale &locale)
{
    QPrinter printer(QPrinter::HighResolution);
    QPrintDialog dialog(&printer, parent);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    QPainter painter;
    if (!painter.begin(&printer))
        return Error{QStringLiteral("receipt.printer_open"),
                     ReceiptActions::tr("The printer could not be opened.")};
    ReceiptRenderer(receiptOf(order, checkout, copy), locale)
        .render(painter, printer.pageLayout().paintRectPixels(printer.resolution()));
    painter.end();
    return true;
}

} // namespace paydesk::receiptactions
