#include "core/reports/dayreportwriter.h"

#include "core/money/money.h"

#include <QAbstractTextDocumentLayout>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

namespace paydesk {

namespace {

QString amount(qint64 minor)
{
    return Money::fromMinor(minor).toDecimalString();
}

QString amount(const std::optional<qint64> &minor)
{
    return minor ? amount(*minor) : QString();
}

QJsonValue minorOrNull(const std::optional<qint64> &minor)
{
    return minor ? QJsonValue(double(*minor)) : QJsonValue(QJsonValue::Null);
}

/// RFC 4180: quote a field that holds a comma, a quote or a line break.
QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString csvRow(const QStringList &fields)
{
    QStringList out;
    out.reserve(fields.size());
    for (const QString &f : fields)
        out << csvField(f);
    return out.join(QLatin1Char(',')) + QStringLiteral("\r\n");
}

QString html(const QString &text)
{
    return text.toHtmlEscaped();
}

QString statusText(const ReconException &e)
{
    return e.isOpen() ? DayReportWriter::tr("open") : DayReportWriter::tr("resolved");
}

Status failed(const QString &path, const QString &why)
{
    return Error{QStringLiteral("reports.write_failed"),
                 DayReportWriter::tr("Could not write %1: %2").arg(path, why)};
}

Status cancelled()
{
    return Error{QStringLiteral("reports.cancelled"),
                 DayReportWriter::tr("The export was cancelled.")};
}

} // namespace

std::optional<DayReportWriter::Format> DayReportWriter::formatForPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"csv")
        return Format::Csv;
    if (suffix == u"json")
        return Format::Json;
    if (suffix == u"pdf")
        return Format::Pdf;
    return std::nullopt;
}

ProviderDayTotals DayReportWriter::totals(const DayReport &report)
{
    ProviderDayTotals sum;
    for (const ProviderDayTotals &p : report.providers) {
        sum.grossMinor += p.grossMinor;
        sum.refundsMinor += p.refundsMinor;
        sum.feesMinor += p.feesMinor;
        sum.netMinor += p.netMinor;
        sum.clearingBalanceMinor += p.clearingBalanceMinor;
        sum.settledMinor += p.settledMinor;
        sum.payments += p.payments;
        sum.refunds += p.refunds;
        sum.matched += p.matched;
    }
    return sum;
}

QJsonObject DayReportWriter::toJson(const DayReport &report)
{
    const ProviderDayTotals sum = totals(report);
    QJsonArray exceptions;
    for (const ReconException &e : report.exceptions) {
        QJsonObject o{{QStringLiteral("class"), reconClassName(e.kind)},
                      {QStringLiteral("out_trade_no"), e.outTradeNo},
                      {QStringLiteral("local_minor"), minorOrNull(e.localMinor)},
                      {QStringLiteral("provider_minor"), minorOrNull(e.providerMinor)},
                      {QStringLiteral("suggested_action"), e.suggestedAction},
                      {QStringLiteral("provider"), e.provider},
                      {QStringLiteral("status"),
                       e.isOpen() ? QStringLiteral("open") : QStringLiteral("resolved")}};
        if (e.id > 0)
            o.insert(QStringLiteral("id"), double(e.id));
        if (!e.outRequestNo.isEmpty())
            o.insert(QStringLiteral("out_request_no"), e.outRequestNo);
        if (!e.isOpen()) {
            o.insert(QStringLiteral("resolved_by"), e.resolvedBy);
            o.insert(QStringLiteral("resolved_at"), e.resolvedAt.toUTC().toString(Qt::ISODate));
            o.insert(QStringLiteral("resolution"), e.resolution);
            if (e.adjustingEntryId > 0)
                o.insert(QStringLiteral("adjusting_entry"), double(e.adjustingEntryId));
        }
        exceptions.append(o);
    }
    QJsonArray providers;
    for (const ProviderDayTotals &p : report.providers)
        providers.append(QJsonObject{
            {QStringLiteral("provider"), p.provider},
            {QStringLiteral("gross_minor"), double(p.grossMinor)},
            {QStringLiteral("refunds_minor"), double(p.refundsMinor)},
            {QStringLiteral("fees_minor"), double(p.feesMinor)},
            {QStringLiteral("net_minor"), double(p.netMinor)},
            {QStringLiteral("clearing_balance_minor"), double(p.clearingBalanceMinor)},
            {QStringLiteral("settled_minor"), double(p.settledMinor)},
            {QStringLiteral("payments"), p.payments},
            {QStringLiteral("refunds"), p.refunds},
            {QStringLiteral("matched"), p.matched},
        });
    QJsonObject json{
        {QStringLiteral("date"), report.businessDay.toString(Qt::ISODate)},
        {QStringLiteral("store"), report.storeName},
        {QStringLiteral("matched"), sum.matched},
        {QStringLiteral("exceptions"), exceptions},
        {QStringLiteral("totals"),
         QJsonObject{{QStringLiteral("gross_minor"), double(sum.grossMinor)},
                     {QStringLiteral("refunds_minor"), double(sum.refundsMinor)},
                     {QStringLiteral("fees_minor"), double(sum.feesMinor)},
                     {QStringLiteral("net_minor"), double(sum.netMinor)},
                     {QStringLiteral("clearing_balance_minor"), double(sum.clearingBalanceMinor)},
                     {QStringLiteral("settled_minor"), double(sum.settledMinor)}}},
        {QStringLiteral("providers"), providers},
    };
    if (report.closed())
        json.insert(
            QStringLiteral("sign_off"),
            QJsonObject{{QStringLiteral("by"), report.signedOffBy},
                        {QStringLiteral("at"), report.signedOffAt.toUTC().toString(Qt::ISODate)},
                        {QStringLiteral("audit_entry"), double(report.auditHeadId)},
                        {QStringLiteral("audit_hash"), report.auditHeadHash}});
    else
        json.insert(QStringLiteral("sign_off"), QJsonValue::Null);
    return json;
}

QByteArray DayReportWriter::toCsv(const DayReport &report)
{
    // Sections a spreadsheet reads as one sheet: the day, the totals per provider (and in all),
    // the exceptions, the sign-off. Amounts are decimal yuan so they sum as numbers.
    QString out;
    out += csvRow({QStringLiteral("date"), QStringLiteral("store")});
    out += csvRow({report.businessDay.toString(Qt::ISODate), report.storeName});
    out += QStringLiteral("\r\n");
    out +=
        csvRow({QStringLiteral("provider"), QStringLiteral("gross"), QStringLiteral("refunds"),
                QStringLiteral("fees"), QStringLiteral("net"), QStringLiteral("clearing_balance"),
                QStringLiteral("settled"), QStringLiteral("payments"),
                QStringLiteral("refund_count"), QStringLiteral("matched")});
    auto totalsRow = [](const QString &name, const ProviderDayTotals &p) {
        return csvRow({name, amount(p.grossMinor), amount(p.refundsMinor), amount(p.feesMinor),
                       amount(p.netMinor), amount(p.clearingBalanceMinor), amount(p.settledMinor),
                       QString::number(p.payments), QString::number(p.refunds),
                       QString::number(p.matched)});
    };
    for (const ProviderDayTotals &p : report.providers)
        out += totalsRow(p.provider, p);
    out += totalsRow(QStringLiteral("total"), totals(report));
    out += QStringLiteral("\r\n");
    out += csvRow({QStringLiteral("class"), QStringLiteral("provider"),
                   QStringLiteral("out_trade_no"), QStringLiteral("out_request_no"),
                   QStringLiteral("local"), QStringLiteral("provider_amount"),
                   QStringLiteral("suggested_action"), QStringLiteral("status"),
                   QStringLiteral("resolved_by"), QStringLiteral("resolution")});
    for (const ReconException &e : report.exceptions)
        out += csvRow({reconClassName(e.kind), e.provider, e.outTradeNo, e.outRequestNo,
                       amount(e.localMinor), amount(e.providerMinor), e.suggestedAction,
                       e.isOpen() ? QStringLiteral("open") : QStringLiteral("resolved"),
                       e.resolvedBy, e.resolution});
    out += QStringLiteral("\r\n");
    out += csvRow({QStringLiteral("signed_off_by"), QStringLiteral("signed_off_at"),
                   QStringLiteral("audit_entry"), QStringLiteral("audit_hash")});
    if (report.closed())
        out += csvRow({report.signedOffBy, report.signedOffAt.toUTC().toString(Qt::ISODate),
                       QString::number(report.auditHeadId), report.auditHeadHash});
    return out.toUtf8();
}

QString DayReportWriter::toHtml(const DayReport &report)
{
    const ProviderDayTotals sum = totals(report);
    QString h;
    h += QStringLiteral("<html><body>");
    h += QStringLiteral("<h1>%1</h1>").arg(html(tr("Daily reconciliation report")));
    h += QStringLiteral("<table cellpadding='2'>");
    h += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
             .arg(html(tr("Store")), html(report.storeName));
    h +=
        QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
            .arg(html(tr("Period")), html(tr("Business day %1 (00:00 to 24:00, the providers' day)")
                                              .arg(report.businessDay.toString(Qt::ISODate))));
    h += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
             .arg(html(tr("Status")),
                  html(report.closed() ? tr("Closed (signed off)") : tr("Open (not signed off)")));
    h += QStringLiteral("</table>");

    h += QStringLiteral("<h2>%1</h2>").arg(html(tr("Totals (CNY)")));
    h += QStringLiteral(
        "<table border='1' cellspacing='0' cellpadding='3' width='100%' style='font-size:8pt'>"
        "<tr bgcolor='#e8e8e8'>");
    for (const QString &head :
         {tr("Provider"), tr("Gross"), tr("Refunds"), tr("Fees"), tr("Net (expected settlement)"),
          tr("Clearing balance"), tr("Settled"), tr("Payments"), tr("Refund count")})
        h += QStringLiteral("<th>%1</th>").arg(html(head));
    h += QStringLiteral("</tr>");
    auto row = [](const QString &name, const ProviderDayTotals &p, bool bold) {
        const QString b = bold ? QStringLiteral("<b>") : QString();
        const QString eb = bold ? QStringLiteral("</b>") : QString();
        QString r = QStringLiteral("<tr><td>%1%2%3</td>").arg(b, html(name), eb);
        for (qint64 v : {p.grossMinor, p.refundsMinor, p.feesMinor, p.netMinor,
                         p.clearingBalanceMinor, p.settledMinor})
            r += QStringLiteral("<td align='right'>%1%2%3</td>").arg(b, amount(v), eb);
        r += QStringLiteral("<td align='right'>%1</td><td align='right'>%2</td></tr>")
                 .arg(p.payments)
                 .arg(p.refunds);
        return r;
    };
    for (const ProviderDayTotals &p : report.providers)
        h += row(report.providerName(p.provider), p, false);
    h += row(tr("Total"), sum, true);
    h += QStringLiteral("</table>");
    h += QStringLiteral("<p>%1</p>")
             .arg(html(tr("%1 statement line(s) matched, %2 exception(s).")
                           .arg(sum.matched)
                           .arg(report.exceptions.size())));

    h += QStringLiteral("<h2>%1</h2>").arg(html(tr("Exceptions")));
    if (report.exceptions.isEmpty()) {
        h += QStringLiteral("<p>%1</p>").arg(html(tr("None: the books match the statements.")));
    } else {
        // Order numbers and class names never wrap mid-word: fixed column shares, and the
        // provider under the class rather than in a column of its own.
        h += QStringLiteral("<table border='1' cellspacing='0' cellpadding='3' width='100%' "
                            "style='font-size:8pt'><tr bgcolor='#e8e8e8'>");
        const QList<std::pair<QString, int>> heads{{tr("Class / provider"), 19},
                                                   {tr("Order"), 25},
                                                   {tr("Local"), 9},
                                                   {tr("Provider amount"), 10},
                                                   {tr("Suggested action"), 21},
                                                   {tr("Status"), 16}};
        for (const auto &[head, width] : heads)
            h += QStringLiteral("<th width='%1%'>%2</th>").arg(width).arg(html(head));
        h += QStringLiteral("</tr>");
        for (const ReconException &e : report.exceptions) {
            QString order = html(e.outTradeNo);
            if (!e.outRequestNo.isEmpty())
                order += QStringLiteral("<br/>") + html(e.outRequestNo);
            QString status = statusText(e);
            if (!e.isOpen())
                status += QStringLiteral(" (%1: %2)").arg(e.resolvedBy, e.resolution);
            h += QStringLiteral("<tr><td>%1<br/><i>%2</i></td><td>%3</td><td align='right'>%4</td>"
                                "<td align='right'>%5</td><td>%6</td><td>%7</td></tr>")
                     .arg(html(reconClassLabel(e.kind)), html(report.providerName(e.provider)),
                          order, amount(e.localMinor), amount(e.providerMinor),
                          html(e.suggestedAction), html(status));
        }
        h += QStringLiteral("</table>");
    }

    h += QStringLiteral("<h2>%1</h2>").arg(html(tr("Sign-off")));
    if (report.closed()) {
        h += QStringLiteral("<table cellpadding='2'>");
        h += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                 .arg(html(tr("Signed off by")), html(report.signedOffBy));
        h +=
            QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                .arg(html(tr("At (UTC)")),
                     html(report.signedOffAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
        h += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                 .arg(html(tr("Audit log head")), html(tr("entry %1, keyed hash %2")
                                                           .arg(report.auditHeadId)
                                                           .arg(report.auditHeadHash)));
        h += QStringLiteral("</table>");
    } else {
        h += QStringLiteral("<p>%1</p>")
                 .arg(html(tr("Not signed off yet: these figures may still change.")));
    }
    h += QStringLiteral("</body></html>");
    return h;
}

Status DayReportWriter::writePdf(const DayReport &report, const QString &path,
                                 const Progress &progress)
{
    if (progress && !progress(0))
        return cancelled();
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return failed(path, tr("a PDF needs the fonts of a graphical session (run it from paydesk "
                               "or paydeskctl with --out FILE.pdf)."));
    QPdfWriter writer(path);
    writer.setResolution(300);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter));
    writer.setTitle(
        tr("Daily reconciliation report %1").arg(report.businessDay.toString(Qt::ISODate)));
    writer.setCreator(QStringLiteral("Paydesk"));

    QPainter painter;
    if (!painter.begin(&writer))
        return failed(path, tr("the PDF could not be started"));

    // Latin text in DejaVu Sans, Chinese in Noto Sans CJK (both embedded). Not CJK alone: its
    // digit glyphs in mixed runs lose their Unicode mapping, so a PDF reader cannot find
    // "2026-11-23" or copy an order number.
    QFont font;
    font.setFamilies({QStringLiteral("DejaVu Sans"), QStringLiteral("Noto Sans CJK SC")});
    font.setPointSizeF(9);
    QTextDocument doc;
    doc.setDefaultFont(font);
    doc.documentLayout()->setPaintDevice(&writer);
    doc.setHtml(toHtml(report));

    const QRect page = painter.viewport();
    const int footer = writer.resolution() / 3; // a third of an inch for the page number
    const QSizeF body(page.width(), page.height() - footer);
    doc.setPageSize(body);
    const int pages = doc.pageCount();
    QFont footerFont = font;
    footerFont.setPointSizeF(8);
    for (int i = 0; i < pages; ++i) {
        if (progress && !progress(10 + 90 * i / qMax(1, pages))) {
            painter.end();
            QFile::remove(path);
            return cancelled();
        }
        if (i > 0)
            writer.newPage();
        painter.save();
        painter.translate(0, -body.height() * i);
        const QRectF clip(0, body.height() * i, body.width(), body.height());
        doc.drawContents(&painter, clip);
        painter.restore();
        painter.setFont(footerFont);
        painter.drawText(QRect(0, page.height() - footer, page.width(), footer),
                         Qt::AlignRight | Qt::AlignBottom,
                         tr("%1 · %2 · page %3 of %4")
                             .arg(report.storeName, report.businessDay.toString(Qt::ISODate))
                             .arg(i + 1)
                             .arg(pages));
    }
    if (!painter.end())
        return failed(path, tr("the PDF could not be finished"));
    if (QFileInfo(path).size() == 0)
        return failed(path, tr("nothing was written"));
    if (progress)
        (void)progress(100);
    return {};
}

Status DayReportWriter::write(const DayReport &report, const QString &path,
                              const Progress &progress)
{
    const auto format = formatForPath(path);
    if (!format)
        return Error{QStringLiteral("reports.bad_format"),
                     tr("%1: the file name must end in .csv, .json or .pdf.").arg(path)};
    if (*format == Format::Pdf)
        return writePdf(report, path, progress);
    if (progress && !progress(0))
        return cancelled();
    const QByteArray bytes = *format == Format::Csv
                                 ? toCsv(report)
                                 : QJsonDocument(toJson(report)).toJson(QJsonDocument::Indented);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failed(path, file.errorString());
    if (file.write(bytes) != bytes.size() || !file.commit())
        return failed(path, file.errorString());
    if (progress)
        (void)progress(100);
    return {};
}

} // namespace paydesk
