#include "core/receipts/receiptrenderer.h"

#include "core/util/qrcode.h"

#include <QFile>
#include <QFont>
#include <QFontMetricsF>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

namespace paydesk {

ReceiptRenderer::ReceiptRenderer(ReceiptData data, QLocale locale)
    : m_data(std::move(data)), m_locale(std::move(locale))
{
}

qreal ReceiptRenderer::drawLine(QPainter &painter, const QRectF &area, qreal y,
                                const QString &label, const QString &value, const QFont &body)
{
    painter.setFont(body);
    const QFontMetricsF fm(body, painter.device());
    const qreal row = fm.height() * 1.25;
    const qreal gap = fm.horizontalAdvance(QStringLiteral("  "));
    if (fm.horizontalAdvance(label) + gap + fm.horizontalAdvance(value) <= area.width()) {
        const QRectF r(area.left(), y, area.width(), row);
        painter.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, label);
        painter.drawText(r, Qt::AlignRight | Qt::AlignVCenter, value);
        return y + row;
    }
    // A long value (a 28-digit transaction id) gets its own row, never cut: a right-aligned
    // text wider than its box loses its first characters. Shrink it to fit, down to a size
    // still readable; beyond that, wrap it.
    painter.drawText(QRectF(area.left(), y, area.width(), row), Qt::AlignLeft | Qt::AlignVCenter,
                     label);
    y += row;
    QFont small = body;
    for (qreal size = body.pointSizeF(); size > 5.5; size -= 0.5) {
        small.setPointSizeF(size);
        if (QFontMetricsF(small, painter.device()).horizontalAdvance(value) <= area.width())
            break;
    }
    painter.setFont(small);
    const QFontMetricsF sm(small, painter.device());
    const QRectF needed = sm.boundingRect(QRectF(area.left(), y, area.width(), 1e6),
                                          Qt::AlignRight | Qt::TextWrapAnywhere, value);
    const QRectF r(area.left(), y, area.width(), std::max(needed.height(), sm.height()) * 1.15);
    painter.drawText(r, Qt::AlignRight | Qt::AlignVCenter | Qt::TextWrapAnywhere, value);
    painter.setFont(body);
    return y + r.height();
}

void ReceiptRenderer::render(QPainter &painter, const QRectF &area) const
{
    painter.save();
    const qreal dpi = painter.device() ? painter.device()->logicalDpiY() : 96.0;
    const auto px = [dpi](qreal points) { return points * dpi / 72.0; };

    QFont title = painter.font();
    title.setPointSizeF(12);
    title.setBold(true);
    QFont body = painter.font();
    body.setPointSizeF(8);
    QFont big = body;
    big.setPointSizeF(14);
    big.setBold(true);

    qreal y = area.top();
    const auto centered = [&](const QString &text, const QFont &font) {
        painter.setFont(font);
        const QFontMetricsF fm(font, painter.device());
        const QRectF r(area.left(), y, area.width(), fm.height() * 1.3);
        painter.drawText(r, Qt::AlignHCenter | Qt::AlignVCenter | Qt::TextWordWrap, text);
        y += r.height();
    };
    centered(m_data.storeName.isEmpty() ? tr("Receipt") : m_data.storeName, title);
    if (m_data.reprint)
        centered(tr("REPRINT"), body);
    if (m_data.refund)
        centered(tr("REFUND"), title);
    centered((m_data.refund ? m_data.refund->amount : m_data.amount).format(m_locale), big);
    y += px(4);
    painter.setPen(QPen(Qt::black, px(0.5), Qt::DashLine));
    painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
    y += px(4);

    for (const auto &[label, value] : m_data.lines(m_locale))
        y = drawLine(painter, area, y, label, value, body);
    if (!m_data.transactionId.isEmpty()) {
        const QImage qr = renderQrCode(m_data.transactionId, 4);
        if (!qr.isNull()) {
            y += px(6);
            const qreal side = std::min(area.width() * 0.5, px(90));
            painter.drawImage(QRectF(area.center().x() - side / 2, y, side, side), qr);
            y += side;
        }
    }
    y += px(6);
    centered(tr("Thank you"), body);
    painter.restore();
}

Status ReceiptRenderer::toPdf(const QString &path) const
{
    QPdfWriter writer(path);
    writer.setPageSize(
        QPageSize(QSizeF(80, 200), QPageSize::Millimeter, QStringLiteral("Receipt")));
    writer.setPageMargins(QMarginsF(4, 4, 4, 4), QPageLayout::Millimeter);
    writer.setResolution(300);
    writer.setTitle(tr("Receipt %1").arg(m_data.outTradeNo));
    writer.setCreator(QStringLiteral("Paydesk"));
    QPainter painter;
    if (!painter.begin(&writer))
        return Error{QStringLiteral("receipt.pdf_open"),
                     tr("Cannot write the PDF file %1.").arg(path)};
    const QRect page = writer.pageLayout().paintRectPixels(writer.resolution());
    render(painter, QRectF(0, 0, page.width(), page.height()));
    if (!painter.end())
        return Error{QStringLiteral("receipt.pdf_write"),
                     tr("Writing the PDF file %1 failed.").arg(path)};
    if (!QFile::exists(path))
        return Error{QStringLiteral("receipt.pdf_write"),
                     tr("Writing the PDF file %1 failed.").arg(path)};
    return {};
}

} // namespace paydesk
