#include "ui/dashboard/dashboardview.h"

#include "core/analytics/salesanalytics.h"
#include "core/checkout/checkoutservice.h"
#include "core/orders/order.h"
#include "core/providers/providerregistry.h"
#include "core/security/anomalymonitor.h"
#include "ui/dashboard/chartcard.h"
#include "ui/dashboard/dashboardcharts.h"
#include "ui/dashboard/kpitile.h"
#include "ui/dashboard/monitorpanel.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace paydesk {

namespace {
/// Other processes (`paydesk charge`), refunds and Recovery write without telling this view.
constexpr int kPeriodicRefreshMs = 30000;
constexpr int kBurstDelayMs = 250;
} // namespace

DashboardView::DashboardView(SalesAnalytics &analytics, AnomalyMonitor &monitor,
                             const ProviderRegistry &registry, CheckoutService *checkout,
                             QWidget *parent)
    : QWidget(parent), m_analytics(analytics), m_monitor(monitor), m_registry(registry),
      m_heading(new QLabel(this)), m_range(new QComboBox(this)), m_till(new QComboBox(this)),
      m_cashier(new QComboBox(this)), m_provider(new QComboBox(this)),
      m_refresh(new QPushButton(this)), m_status(new QLabel(this)), m_tabs(new QTabWidget(this)),
      m_monitorPanel(new MonitorPanel(monitor, this)), m_soon(new QTimer(this)),
      m_periodic(new QTimer(this))
{
    setObjectName(QStringLiteral("dashboardView"));
    m_range->setObjectName(QStringLiteral("rangeCombo"));
    m_till->setObjectName(QStringLiteral("tillFilter"));
    m_cashier->setObjectName(QStringLiteral("cashierFilter"));
    m_provider->setObjectName(QStringLiteral("providerFilter"));
    m_refresh->setObjectName(QStringLiteral("refreshButton"));
    m_status->setObjectName(QStringLiteral("dashboardStatus"));
    m_tabs->setObjectName(QStringLiteral("dashboardTabs"));
    QFont headingFont = m_heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.4);
    headingFont.setBold(true);
    m_heading->setFont(headingFont);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_heading);
    bar->addSpacing(16);
    for (QComboBox *c : {m_range, m_till, m_cashier, m_provider}) {
        c->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        bar->addWidget(c);
    }
    bar->addWidget(m_refresh);
    bar->addStretch();
    bar->addWidget(m_status);

    auto *sales = new QWidget;
    auto *salesLayout = new QVBoxLayout(sales);
    auto *tiles = new QHBoxLayout;
    for (const char *name : {"tileToday", "tileWeek", "tileMonth"}) {
        auto *tile = new KpiTile(QLatin1String(name), sales);
        m_tiles << tile;
        tiles->addWidget(tile);
    }
    salesLayout->addLayout(tiles);
    auto *grid = new QGridLayout;
    int i = 0;
    for (const char *name : {"chartByDay", "chartByHour", "chartByProvider", "chartByKind",
                             "chartTickets", "chartPayers"}) {
        auto *card = new ChartCard(QLatin1String(name), sales);
        m_cards << card;
        grid->addWidget(card, i / 2, i % 2);
        ++i;
    }
    salesLayout->addLayout(grid, 1);
    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("salesScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(sales);
    m_tabs->addTab(scroll, QString());
    m_tabs->addTab(m_monitorPanel, QString());

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_tabs, 1);

    m_soon->setSingleShot(true);
    m_soon->setInterval(kBurstDelayMs);
    connect(m_soon, &QTimer::timeout, this, &DashboardView::refresh);
    m_periodic->setInterval(kPeriodicRefreshMs);
    connect(m_periodic, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    m_periodic->start();
    connect(m_refresh, &QPushButton::clicked, this, &DashboardView::refresh);
    for (QComboBox *c : {m_range, m_till, m_cashier, m_provider})
        connect(c, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_filling)
                refresh();
        });
    if (checkout)
        connect(checkout, &CheckoutService::orderFinished, this, &DashboardView::scheduleRefresh);
    connect(&m_monitor, &AnomalyMonitor::alertsChanged, this, &DashboardView::updateMonitorTitle);

    retranslate();
    refresh();
}

void DashboardView::setSession(const Session *session)
{
    m_monitorPanel->setSession(session);
}

void DashboardView::setNow(std::function<QDateTime()> now)
{
    m_now = std::move(now);
}

KpiTile *DashboardView::tile(int period) const
{
    return m_tiles.value(period);
}

void DashboardView::scheduleRefresh()
{
    m_soon->start();
}

QString DashboardView::providerName(const QString &id) const
{
    if (id == orderKindName(OrderKind::Cash))
        return DashboardCharts::kindName(id);
    return m_registry.displayName(id);
}

void DashboardView::fillCombo(QComboBox *combo, const QString &all, const QStringList &values,
                              const std::function<QString(const QString &)> &label)
{
    QStringList shown;
    for (int i = 1; i < combo->count(); ++i)
        shown << combo->itemData(i).toString();
    if (combo->count() > 0 && shown == values && combo->itemText(0) == all)
        return; // unchanged: leave an open list alone
    const QString current = combo->currentData().toString();
    combo->clear();
    combo->addItem(all, QString());
    for (const QString &v : values)
        combo->addItem(label(v), v);
    const int index = combo->findData(current);
    combo->setCurrentIndex(index >= 0 ? index : 0);
}

void DashboardView::fillFilters()
{
    m_filling = true;
    if (m_range->count() == 0 || m_range->itemText(0) != tr("Last 7 days")) {
        const int days = m_range->currentData().isValid() ? m_range->currentData().toInt() : 7;
        m_range->clear();
        m_range->addItem(tr("Last 7 days"), 7);
        m_range->addItem(tr("Last 30 days"), 30);
        m_range->setCurrentIndex(qMax(0, m_range->findData(days)));
    }
    const auto dims = m_analytics.dimensions();
    const SalesDimensions d = dims.ok() ? dims.value() : SalesDimensions{};
    const auto same = [](const QString &v) { return v; };
    fillCombo(m_till, tr("All tills"), d.tills, same);
    fillCombo(m_cashier, tr("All cashiers"), d.cashiers, same);
    fillCombo(m_provider, tr("All providers"), d.providers,
              [this](const QString &id) { return providerName(id); });
    m_filling = false;
}

bool DashboardView::refresh()
{
    m_soon->stop();
    fillFilters(); // a new till, cashier or provider may have sold since
    DashboardRequest request;
    request.nowUtc = m_now ? m_now() : QDateTime::currentDateTimeUtc();
    request.rangeDays = m_range->currentData().toInt();
    request.filter = {m_till->currentData().toString(), m_cashier->currentData().toString(),
                      m_provider->currentData().toString()};
    auto figures = m_analytics.figures(request);
    if (!figures.ok()) {
        m_status->setText(tr("The figures could not be read: %1").arg(figures.error().message));
        return false;
    }
    m_figures = figures.value();
    render();
    m_status->setText(
        tr("Updated %1")
            .arg(QLocale().toString(QDateTime::currentDateTime().time(), QLocale::ShortFormat)));
    return true;
}

void DashboardView::render()
{
    const QString previous[] = {tr("yesterday"), tr("last week"), tr("last month")};
    const PeriodFigures *periods[] = {&m_figures.todayPeriod, &m_figures.weekPeriod,
                                      &m_figures.monthPeriod};
    for (int i = 0; i < m_tiles.size(); ++i)
        m_tiles[i]->setFigures(*periods[i], previous[i]);
    DashboardCharts::byDay(*m_cards[0], m_figures);
    DashboardCharts::byHour(*m_cards[1], m_figures);
    DashboardCharts::byProvider(*m_cards[2], m_figures,
                                [this](const QString &id) { return providerName(id); });
    DashboardCharts::byKind(*m_cards[3], m_figures);
    DashboardCharts::tickets(*m_cards[4], m_figures);
    DashboardCharts::payers(*m_cards[5], m_figures);
    m_monitorPanel->setFailures(m_figures.failures, m_figures.rangeDays);
    updateMonitorTitle();
}

void DashboardView::updateMonitorTitle()
{
    const int open = m_monitor.openAlertCount();
    m_tabs->setTabText(1, open > 0 ? tr("Live monitoring (%n open alert(s))", nullptr, open)
                                   : tr("Live monitoring"));
}

void DashboardView::retranslate()
{
    m_heading->setText(tr("Dashboard"));
    m_refresh->setText(tr("Refresh"));
    m_tabs->setTabText(0, tr("Sales"));
    const QString titles[] = {tr("Today"), tr("This week"), tr("This month")};
    for (int i = 0; i < m_tiles.size(); ++i) {
        m_tiles[i]->setTitle(titles[i]);
        m_tiles[i]->retranslate();
    }
    for (ChartCard *card : m_cards)
        card->retranslate();
    m_monitorPanel->retranslate();
    fillFilters();
    render();
}

void DashboardView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void DashboardView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

} // namespace paydesk
