#include "ui/dashboard/dashboardcharts.h"

#include "core/money/money.h"
#include "core/orders/order.h"
#include "ui/dashboard/chartcard.h"
#include "ui/dashboard/kpitile.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QLocale>
#include <QPieSeries>
#include <QValueAxis>

namespace paydesk {

namespace {

QString decimal(qint64 minor)
{
    return Money::fromMinor(minor).toDecimalString();
}

/// Yuan for drawing only; every figure a person reads comes from the integer minor units.
qreal drawn(qint64 minor)
{
    return qreal(minor) / 100.0;
}

QChart *newChart()
{
    auto *chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    return chart;
}

QChart *barChart(const QString &setName, const QStringList &categories, const QList<qreal> &values,
                 bool showLegend = false)
{
    QChart *chart = newChart();
    auto *set = new QBarSet(setName);
    for (qreal v : values)
        *set << v;
    auto *series = new QBarSeries;
    series->append(set);
    chart->addSeries(series);
    QAbstractAxis *xAxis = nullptr;
    if (categories.size() <= 12) {
        auto *x = new QBarCategoryAxis;
        x->append(categories);
        xAxis = x;
    } else {
        // 24 hours or 30 days: a label under every third bar, at the bar, so none is cut.
        auto *x = new QCategoryAxis;
        x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        x->setRange(-0.5, qreal(categories.size()) - 0.5);
        x->setStartValue(-0.5);
        for (int i = 0; i < categories.size(); i += 3)
            x->append(categories[i], i);
        x->setGridLineVisible(false);
        xAxis = x;
    }
    chart->addAxis(xAxis, Qt::AlignBottom);
    series->attachAxis(xAxis);
    auto *y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%.0f"));
    qreal top = 0;
    for (qreal v : values)
        top = qMax(top, v);
    y->setRange(0, top > 0 ? top * 1.1 : 1);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    chart->legend()->setVisible(showLegend);
    return chart;
}

QChart *pieChart(const QList<QPair<QString, qreal>> &slices)
{
    QChart *chart = newChart();
    auto *series = new QPieSeries;
    for (const auto &[label, value] : slices)
        if (value > 0)
            series->append(label, value);
    for (QPieSlice *slice : series->slices())
        slice->setLabel(QStringLiteral("%1 %2%").arg(
            slice->label(), QLocale().toString(slice->percentage() * 100, 'f', 0)));
    chart->addSeries(series); // the legend names each slice with its share
    chart->legend()->setAlignment(Qt::AlignRight);
    return chart;
}

QStringList salesHeaders(const QString &first)
{
    return {first, DashboardCharts::tr("Sales"), DashboardCharts::tr("Gross"),
            DashboardCharts::tr("Refunds"), DashboardCharts::tr("Net")};
}

QStringList salesRow(const QString &first, const SalesTotals &t)
{
    return {first, QString::number(t.orders), decimal(t.grossMinor), decimal(t.refundedMinor),
            decimal(t.netMinor())};
}

} // namespace

QString DashboardCharts::kindName(const QString &kind)
{
    switch (orderKindFromName(kind).value_or(OrderKind::Qr)) {
    case OrderKind::Qr:
        return tr("QR code");
    case OrderKind::Code:
        return tr("Payment code");
    case OrderKind::Link:
        return tr("Payment link");
    case OrderKind::Cash:
        return tr("Cash");
    }
    return kind;
}

QString DashboardCharts::hourName(int hour)
{
    return QStringLiteral("%1:00–%2:00")
        .arg(hour, 2, 10, QLatin1Char('0'))
        .arg((hour + 1) % 24, 2, 10, QLatin1Char('0'));
}

void DashboardCharts::byDay(ChartCard &card, const DashboardFigures &f)
{
    QStringList categories;
    QList<qreal> values;
    QList<QStringList> rows;
    qint64 orders = 0;
    for (const DayTotals &d : f.byDay) {
        categories << (f.rangeDays > 7 ? QString::number(d.day.day())
                                       : QLocale().toString(d.day, QStringLiteral("MM-dd")));
        values << drawn(d.totals.grossMinor);
        rows << salesRow(d.day.toString(Qt::ISODate), d.totals);
        orders += d.totals.orders;
    }
    card.setTitle(tr("Sales by day, last %n day(s) (gross, ¥)", nullptr, f.rangeDays));
    card.setChart(barChart(tr("Gross"), categories, values), salesHeaders(tr("Day")), rows,
                  orders == 0);
}

void DashboardCharts::byHour(ChartCard &card, const DashboardFigures &f)
{
    QStringList categories;
    QList<qreal> values;
    QList<QStringList> rows;
    qint64 orders = 0;
    for (int h = 0; h < 24; ++h) {
        categories << QString::number(h);
        values << drawn(f.byHour[h].grossMinor);
        rows << salesRow(hourName(h), f.byHour[h]);
        orders += f.byHour[h].orders;
    }
    card.setTitle(tr("Sales by hour of day (gross, ¥)"));
    QStringList best;
    for (int h : f.bestHours())
        best << hourName(h);
    card.setNote(best.isEmpty() ? QString()
                                : tr("Best hours: %1").arg(best.join(QStringLiteral(", "))));
    card.setChart(barChart(tr("Gross"), categories, values), salesHeaders(tr("Hour")), rows,
                  orders == 0);
}

void DashboardCharts::byProvider(ChartCard &card, const DashboardFigures &f,
                                 const NameOf &providerName)
{
    QList<QPair<QString, qreal>> slices;
    QList<QStringList> rows;
    for (const KeyedTotals &k : f.byProvider) {
        slices.append({providerName(k.key), drawn(k.totals.grossMinor)});
        rows << salesRow(providerName(k.key), k.totals);
    }
    card.setTitle(tr("Sales by provider (gross)"));
    card.setChart(pieChart(slices), salesHeaders(tr("Provider")), rows, f.byProvider.isEmpty());
}

void DashboardCharts::byKind(ChartCard &card, const DashboardFigures &f)
{
    QList<QPair<QString, qreal>> slices;
    QList<QStringList> rows;
    for (const KeyedTotals &k : f.byKind) {
        slices.append({kindName(k.key), drawn(k.totals.grossMinor)});
        rows << salesRow(kindName(k.key), k.totals);
    }
    card.setTitle(tr("Sales by payment kind (gross)"));
    card.setChart(pieChart(slices), salesHeaders(tr("Payment kind")), rows, f.byKind.isEmpty());
}

void DashboardCharts::tickets(ChartCard &card, const DashboardFigures &f)
{
    QStringList categories;
    QList<qreal> values;
    QList<QStringList> rows;
    qint64 orders = 0;
    for (int b = 0; b < TicketBuckets::Count; ++b) {
        categories << TicketBuckets::shortLabel(b);
        values << qreal(f.tickets[b]);
        rows << QStringList{TicketBuckets::label(b), QString::number(f.tickets[b])};
        orders += f.tickets[b];
    }
    card.setTitle(tr("Ticket sizes (number of sales per ¥ band)"));
    card.setChart(barChart(tr("Sales"), categories, values), {tr("Ticket size"), tr("Sales")}, rows,
                  orders == 0);
}

void DashboardCharts::payers(ChartCard &card, const DashboardFigures &f)
{
    const qint64 fresh = f.payers.payers - f.payers.returning;
    card.setTitle(tr("Returning payers (all tills)"));
    const auto share = f.payers.sharePercent();
    card.setNote(share ? tr("%1% of %n payer(s) in this range had paid before it.", nullptr,
                            int(f.payers.payers))
                             .arg(QLocale().toString(*share, 'f', 1))
                       : QString());
    card.setChart(
        pieChart({{tr("Returning"), qreal(f.payers.returning)}, {tr("First time"), qreal(fresh)}}),
        {tr("Payers"), tr("Count")},
        {{tr("Returning"), QString::number(f.payers.returning)},
         {tr("First time"), QString::number(fresh)}},
        f.payers.payers == 0);
}

} // namespace paydesk
