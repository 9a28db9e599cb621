#pragma once

#include "core/analytics/salesfigures.h"

#include <QCoreApplication>

#include <functional>

namespace paydesk {

class ChartCard;

/// Fills the dashboard's chart cards from DashboardFigures: the chart and the rows its CSV
/// export writes. Amounts in CSV are exact decimal strings; the bars only draw them.
class DashboardCharts
{
    Q_DECLARE_TR_FUNCTIONS(DashboardCharts)
public:
    /// Display name of a provider id ("cash" included).
    using NameOf = std::function<QString(const QString &)>;

    static void byDay(ChartCard &card, const DashboardFigures &f);
    static void byHour(ChartCard &card, const DashboardFigures &f);
    static void byProvider(ChartCard &card, const DashboardFigures &f, const NameOf &providerName);
    static void byKind(ChartCard &card, const DashboardFigures &f);
    static void tickets(ChartCard &card, const DashboardFigures &f);
    static void payers(ChartCard &card, const DashboardFigures &f);

    /// "QR code", "Payment code", "Payment link", "Cash".
    static QString kindName(const QString &kind);
    /// "12:00–13:00"
    static QString hourName(int hour);
};

} // namespace paydesk
