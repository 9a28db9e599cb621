#pragma once

#include "core/receipts/receiptdata.h"
#include "core/util/result.h"

#include <QLocale>

class QWidget;

namespace paydesk {

/// What the cashier does with a receipt on paper or as a file; shared by the checkout
/// and the orders views.
namespace receiptactions {

/// Asks where to save and writes the receipt as a PDF. Returns the path written, an empty
/// string when the cashier cancelled, or the error.
Result<QString> saveAsPdf(QWidget *parent, const ReceiptData &receipt, const QLocale &locale);
/// Prints on a printer chosen in the print dialog (which also offers printing to a PDF file).
/// Returns false when the cashier cancelled, or the error.
Result<bool> print(QWidget *parent, const ReceiptData &receipt, const QLocale &locale);

} // namespace receiptactions
} // namespace paydesk
