#pragma once

#include "core/receipts/receiptdata.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRectF>

class QFont;
class QPainter;

namespace paydesk {

/// Lays out a receipt on any paint device: a PDF here (QPdfWriter, QtGui only), a
/// QPrinter in the UI. Needs a QGuiApplication (fonts).
class ReceiptRenderer
{
    Q_DECLARE_TR_FUNCTIONS(ReceiptRenderer)
public:
    explicit ReceiptRenderer(ReceiptData data, QLocale locale = QLocale());

    /// Paints the receipt into \a area (device coordinates of \a painter).
    void render(QPainter &painter, const QRectF &area) const;
    /// Writes a one-page PDF (80 mm wide receipt paper) to \a path.
    Status toPdf(const QString &path) const;

private:
    /// One label/value line at \a y; returns the y below it.
    static qreal drawLine(QPainter &painter, const QRectF &area, qreal y, const QString &label,
                          const QString &value, const QFont &body);

    ReceiptData m_data;
    QLocale m_locale;
};

} // namespace paydesk
