#pragma once

#include "core/orders/order.h"
#include "core/receipts/receiptdata.h"
#include "core/util/result.h"

#include <QLocale>

class QWidget;

namespace paydesk {

/// What the cashier does with a receipt on paper or as a file: the one place the checkout
/// and the orders views go through, so a receipt looks the same wherever it is made.
/// The store's current name comes from \a checkout's config (kept up to date from
/// StoreSettings, never one remembered by a view), the provider's name from its registry.
class CheckoutService;

namespace receiptactions {

enum class Copy {
    Original,
    Reprint, ///< marked "REPRINT"
};

ReceiptData receiptOf(const Order &order, const CheckoutService &checkout, Copy copy);
/// Writes the receipt of \a order as a PDF to \a path (no dialog).
Status writePdf(const Order &order, const CheckoutService &checkout, Copy copy, const QString &path,
                const QLocale &locale);
/// Asks where to save and writes the receipt as a PDF. Returns the path written, an empty
/// string when the cashier cancelled, or the error.
Result<QString> saveAsPdf(QWidget *parent, const Order &order, const CheckoutService &checkout,
                          Copy copy, const QLocale &locale);
/// Prints on a printer chosen in the print dialog (which also offers printing to a PDF file).
/// Returns false when the cashier cancelled, or the error.
Result<bool> print(QWidget *parent, const Order &order, const CheckoutService &checkout, Copy copy,
                   const QLocale &locale);

} // namespace receiptactions
} // namespace paydesk
