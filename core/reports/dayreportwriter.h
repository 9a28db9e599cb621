#pragma once

#include "core/reconcile/reconciliation.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

#include <functional>

namespace paydesk {

/// Writes a reconciled business day (DayReport) as CSV, JSON or a finance-style PDF. The JSON is
/// the fixed shape of `paydesk reconcile --json` (DESIGN §7) plus per-provider totals and the
/// sign-off; the CSV is one section per table; the PDF has a header, the totals, the exceptions,
/// the sign-off block with the audit head, and page numbers.
class DayReportWriter
{
    Q_DECLARE_TR_FUNCTIONS(DayReportWriter)
public:
    enum class Format { Csv, Json, Pdf };

    /// Called with 0..100 while a long write runs; return false to cancel.
    using Progress = std::function<bool(int percent)>;

    /// The format a file name asks for (".csv", ".json", ".pdf"), or none.
    static std::optional<Format> formatForPath(const QString &path);

    static QJsonObject toJson(const DayReport &report);
    static QByteArray toCsv(const DayReport &report);
    /// The PDF document as HTML (what writePdf renders), exposed for tests and previews.
    static QString toHtml(const DayReport &report);

    /// Writes \a report to \a path in the format its suffix names. Codes: reports.bad_format,
    /// reports.write_failed, reports.cancelled.
    static Status write(const DayReport &report, const QString &path,
                        const Progress &progress = {});
    static Status writePdf(const DayReport &report, const QString &path,
                           const Progress &progress = {});

    /// Sums over every provider of the day.
    static ProviderDayTotals totals(const DayReport &report);
};

} // namespace paydesk
