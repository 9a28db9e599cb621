#pragma once

#include "core/shifts/shift.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QLocale>
#include <QMap>

namespace paydesk {

/// The shift report (ARCHITECTURE §11): the figures of a ShiftSummary laid out for people —
/// as label/value lines, ESC/POS bytes for the receipt printer, or a PDF.
class ShiftReport
{
    Q_DECLARE_TR_FUNCTIONS(ShiftReport)
public:
    struct Line
    {
        QString label;
        QString value;
        bool heading = false; ///< a section title (value empty)
    };

    /// \a providerNames: registry id → display name (ids without a name print as they are).
    ShiftReport(ShiftSummary summary, QString storeName, QMap<QString, QString> providerNames,
                QLocale locale = QLocale());

    QString title() const;
    /// Every line in print order, translated and formatted.
    QList<Line> lines() const;
    /// The report for a thermal printer of \a columns characters (32 on 58 mm, 48 on 80 mm).
    QByteArray escPos(int columns = 32) const;
    /// Writes an A4 PDF. Needs a QGuiApplication (fonts).
    Status toPdf(const QString &path) const;

private:
    QString money(const Money &m) const;
    QString time(const QDateTime &utc) const;
    QString providerName(const QString &id) const;

    ShiftSummary m_summary;
    QString m_storeName;
    QMap<QString, QString> m_providerNames;
    QLocale m_locale;
};

} // namespace paydesk
