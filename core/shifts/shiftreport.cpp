#include "core/shifts/shiftreport.h"

#include "core/orders/orderrepository.h"
#include "core/receipts/escposencoder.h"

#include <QFont>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

namespace paydesk {

namespace {

QString kindName(OrderKind kind)
{
    switch (kind) {
    case OrderKind::Qr:
        return ShiftReport::tr("QR code");
    case OrderKind::Code:
        return ShiftReport::tr("payment code");
    case OrderKind::Link:
        return ShiftReport::tr("payment link");
    case OrderKind::Cash:
        return ShiftReport::tr("cash");
    }
    return {};
}

} // namespace

ShiftReport::ShiftReport(ShiftSummary summary, QString storeName,
                         QMap<QString, QString> providerNames, QLocale locale)
    : m_summary(std::move(summary)), m_storeName(std::move(storeName)),
      m_providerNames(std::move(providerNames)), m_locale(std::move(locale))
{
}

QString ShiftReport::money(const Money &m) const
{
    return m.format(m_locale);
}

QString ShiftReport::time(const QDateTime &utc) const
{
    if (!utc.isValid())
        return tr("open");
    return m_locale.toString(utc.toTimeZone(OrderRepository::businessZone()),
                             QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString ShiftReport::providerName(const QString &id) const
{
    if (id == QLatin1String("cash"))
        return tr("Cash");
    return m_providerNames.value(id, id);
}

QString ShiftReport::title() const
{
    return m_summary.shift.isOpen() ? tr("Shift report (interim)") : tr("Shift report");
}

QList<ShiftReport::Line> ShiftReport::lines() const
{
    const ShiftSummary &s = m_summary;
    const Shift &shift = s.shift;
    QList<Line> out;
    const auto heading = [&out](const QString &text) { out.append({text, {}, true}); };
    const auto add = [&out](const QString &label, const QString &value) {
        out.append({label, value, false});
    };

    add(tr("Shift"), QString::number(shift.id));
    add(tr("Till"), shift.till);
    add(tr("Cashier"), shift.cashier);
    add(tr("Opened"), time(shift.openedAt));
    add(tr("Closed"), time(shift.closedAt));

    heading(tr("Cash drawer"));
    add(tr("Opening float"), money(shift.openingFloat));
    add(tr("Cash sales (%n)", nullptr, s.cashSaleCount), money(s.cashSales));
    add(tr("Cash refunds"), money(Money::fromMinor(-s.cashRefunds.minor())));
    add(tr("Payouts (%n)", nullptr, s.payoutCount), money(Money::fromMinor(-s.payouts.minor())));
    add(tr("Expected in drawer"), money(shift.expectedCash.value_or(s.expectedCash)));
    if (shift.countedCash) {
        add(tr("Counted"), money(*shift.countedCash));
        add(tr("Difference"), money(shift.difference.value_or(Money())));
        if (!shift.differenceReason.isEmpty())
            add(tr("Reason"), shift.differenceReason);
        if (!shift.approvedBy.isEmpty())
            add(tr("Confirmed by"), shift.approvedBy);
        for (auto it = shift.denominations.cbegin(); it != shift.denominations.cend(); ++it)
            add(tr("  %1 × %2").arg(money(Money::fromMinor(it.key()))).arg(it.value()),
                money(Money::fromMinor(it.key() * it.value())));
    }

    heading(tr("Takings"));
    for (const ShiftTakings &t : s.takings)
        add(tr("%1, %2 (%n)", nullptr, t.count).arg(providerName(t.provider), kindName(t.kind)),
            money(t.amount));
    add(tr("Gross (%n)", nullptr, s.paidCount), money(s.gross));
    add(tr("Refunded (%n)", nullptr, s.refundedCount), money(Money::fromMinor(-s.refunds.minor())));
    add(tr("Net"), money(s.net()));
    add(tr("Failed or closed"), QString::number(s.failedCount));
    add(tr("Still open"), QString::number(s.openOrders));
    return out;
}

QByteArray ShiftReport::escPos(int columns) const
{
    const QByteArray rule = QByteArray(columns, '-') + '\n';
    QByteArray out = EscPosEncoder::init() + EscPosEncoder::align(1) + EscPosEncoder::bold(true);
    if (!m_storeName.isEmpty())
        out += EscPosEncoder::text(m_storeName) + '\n';
    out += EscPosEncoder::size(1, 2) + EscPosEncoder::text(title()) + '\n';
    out += EscPosEncoder::size(1, 1) + EscPosEncoder::bold(false) + EscPosEncoder::align(0);
    out += rule;
    for (const Line &line : lines()) {
        if (line.heading) {
            out += rule + EscPosEncoder::bold(true) + EscPosEncoder::text(line.label) + '\n' +
                   EscPosEncoder::bold(false);
            continue;
        }
        out += EscPosEncoder::labelValue(line.label, line.value, columns);
    }
    out += rule;
    if (!m_summary.shift.isOpen())
        out += EscPosEncoder::text(tr("Signature:")) + "\n\n\n";
    out += EscPosEncoder::feed(4) + EscPosEncoder::cut();
    return out;
}

Status ShiftReport::toPdf(const QString &path) const
{
    // Fonts need a GUI application; a headless command has none and says so instead of crashing.
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return Error{QStringLiteral("shift.pdf_needs_gui"),
                     tr("A PDF of the shift report can only be made in the till's window "
                        "(Shift menu); from the command line use --escpos or --json.")};
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(300);
    writer.setTitle(title());
    writer.setCreator(QStringLiteral("Paydesk"));
    QPainter painter;
    if (!painter.begin(&writer))
        return Error{QStringLiteral("shift.pdf"),
                     tr("Cannot write the shift report to %1.").arg(path)};
    const qreal dpi = writer.resolution();
    const QRectF page(dpi * 0.8, dpi * 0.8, writer.width() - dpi * 1.6,
                      writer.height() - dpi * 1.6);
    QFont titleFont = painter.font();
    titleFont.setPointSizeF(16);
    titleFont.setBold(true);
    QFont body = painter.font();
    body.setPointSizeF(10);
    QFont bold = body;
    bold.setBold(true);

    qreal y = page.top();
    const auto row = [&](const QString &left, const QString &right, const QFont &font) {
        painter.setFont(font);
        const qreal h = QFontMetricsF(font, &writer).height() * 1.35;
        if (y + h > page.bottom()) {
            writer.newPage();
            y = page.top();
        }
        const QRectF r(page.left(), y, page.width(), h);
        painter.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, left);
        painter.drawText(r, Qt::AlignRight | Qt::AlignVCenter, right);
        y += h;
    };
    row(m_storeName.isEmpty() ? title() : m_storeName + QStringLiteral(" — ") + title(), {},
        titleFont);
    y += dpi * 0.1;
    for (const Line &line : lines()) {
        if (line.heading) {
            y += dpi * 0.12;
            row(line.label, {}, bold);
            painter.drawLine(QPointF(page.left(), y), QPointF(page.right(), y));
            continue;
        }
        row(line.label, line.value, body);
    }
    if (!m_summary.shift.isOpen()) {
        y += dpi * 0.5;
        row(tr("Signature:") + QStringLiteral(" ________________________"), {}, body);
    }
    if (!painter.end())
        return Error{QStringLiteral("shift.pdf"),
                     tr("Cannot write the shift report to %1.").arg(path)};
    return {};
}

} // namespace paydesk
