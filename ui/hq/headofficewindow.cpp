#include "ui/hq/headofficewindow.h"

#include "core/money/money.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace paydesk {

namespace {

QTableWidget *makeTable(const QString &name, const QStringList &headers, QWidget *parent)
{
    auto *t = new QTableWidget(0, int(headers.size()), parent);
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    return t;
}

QString amount(qint64 minor)
{
    return Money::fromMinor(minor).format(QLocale());
}

void setRow(QTableWidget *t, int row, const QStringList &cells, int firstNumeric)
{
    for (int c = 0; c < cells.size(); ++c) {
        auto *item = new QTableWidgetItem(cells.at(c));
        if (c >= firstNumeric)
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        t->setItem(row, c, item);
    }
}

} // namespace

HeadOfficeWindow::HeadOfficeWindow(HqReport &report, const QString &where, const QDate &day,
                                   QWidget *parent)
    : QMainWindow(parent), m_report(report)
{
    setObjectName(QStringLiteral("headOfficeWindow"));
    setWindowTitle(tr("Paydesk head office — %1").arg(where));
    setAttribute(Qt::WA_DeleteOnClose, false);

    auto *central = new QWidget(this);
    m_day = new QDateEdit(day, central);
    m_day->setObjectName(QStringLiteral("hqDay"));
    m_day->setCalendarPopup(true);
    m_day->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_store = new QComboBox(central);
    m_store->setObjectName(QStringLiteral("hqStoreFilter"));
    m_till = new QComboBox(central);
    m_till->setObjectName(QStringLiteral("hqTillFilter"));
    auto *refreshButton = new QPushButton(tr("&Refresh"), central);
    refreshButton->setObjectName(QStringLiteral("hqRefresh"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Business day:"), central));
    bar->addWidget(m_day);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Store:"), central));
    bar->addWidget(m_store);
    bar->addWidget(new QLabel(tr("Till:"), central));
    bar->addWidget(m_till);
    bar->addStretch();
    bar->addWidget(refreshButton);

    m_total = new QLabel(central);
    m_total->setObjectName(QStringLiteral("hqTotal"));
    QFont big = m_total->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_total->setFont(big);

    m_tabs = new QTabWidget(central);
    m_tabs->setObjectName(QStringLiteral("hqTabs"));
    m_daily = makeTable(QStringLiteral("hqDailyTable"),
                        {tr("Store"), tr("Till"), tr("Provider"), tr("Paid"), tr("Gross"),
                         tr("Refunded"), tr("Net"), tr("Failed"), tr("Open")},
                        m_tabs);
    m_recon = makeTable(QStringLiteral("hqReconTable"),
                        {tr("Store"), tr("Provider"), tr("Books"), tr("Statement"), tr("Lines"),
                         tr("Unmatched"), tr("Fees"), tr("Paid out"), tr("Difference")},
                        m_tabs);
    auto *dashboard = new QSplitter(Qt::Horizontal, m_tabs);
    dashboard->setObjectName(QStringLiteral("hqDashboard"));
    m_tills =
        makeTable(QStringLiteral("hqTillsTable"),
                  {tr("Store"), tr("Till"), tr("Paid"), tr("Net"), tr("Last push")}, dashboard);
    m_hours =
        makeTable(QStringLiteral("hqHoursTable"), {tr("Hour"), tr("Paid"), tr("Net")}, dashboard);
    dashboard->addWidget(m_tills);
    dashboard->addWidget(m_hours);
    m_tabs->addTab(m_daily, tr("Daily report"));
    m_tabs->addTab(m_recon, tr("Reconciliation"));
    m_tabs->addTab(dashboard, tr("Dashboard"));

    auto *layout = new QVBoxLayout(central);
    layout->addLayout(bar);
    layout->addWidget(m_total);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("hqStatus"));
    statusBar()->addWidget(m_status, 1);
    resize(980, 620);

    fillStores();
    connect(refreshButton, &QPushButton::clicked, this, &HeadOfficeWindow::refresh);
    connect(m_day, &QDateEdit::dateChanged, this, &HeadOfficeWindow::refresh);
    connect(m_store, &QComboBox::currentIndexChanged, this, [this] {
        fillTills();
        refresh();
    });
    connect(m_till, &QComboBox::currentIndexChanged, this, &HeadOfficeWindow::refresh);
    refresh();
}

void HeadOfficeWindow::fillStores()
{
    const QSignalBlocker block(m_store);
    m_store->clear();
    m_store->addItem(tr("All stores"), QString());
    if (auto stores = m_report.stores(); stores.ok())
        for (const QString &s : stores.value())
            m_store->addItem(s, s);
    else
        showError(stores.error().message);
    fillTills();
}

void HeadOfficeWindow::fillTills()
{
    const QSignalBlocker block(m_till);
    m_till->clear();
    m_till->addItem(tr("All tills"), QString());
    const QString store = m_store->currentData().toString();
    m_till->setEnabled(!store.isEmpty());
    if (store.isEmpty())
        return;
    if (auto tills = m_report.tillsOf(store); tills.ok())
        for (const QString &t : tills.value())
            m_till->addItem(t, t);
}

HqFilter HeadOfficeWindow::filter() const
{
    return {m_day->date(), m_store->currentData().toString(), m_till->currentData().toString()};
}

void HeadOfficeWindow::showError(const QString &message)
{
    m_status->setText(message);
    m_status->setStyleSheet(QStringLiteral("color: #b00020"));
}

bool HeadOfficeWindow::refresh()
{
    const HqFilter f = filter();
    auto lines = m_report.daily(f);
    auto recon = m_report.reconciliation(f);
    auto tills = m_report.tills(f);
    auto hours = m_report.hourly(f);
    for (const Error *e :
         {lines.ok() ? nullptr : &lines.error(), recon.ok() ? nullptr : &recon.error(),
          tills.ok() ? nullptr : &tills.error(), hours.ok() ? nullptr : &hours.error()})
        if (e) {
            showError(e->message);
            return false;
        }
    const QLocale locale;
    m_daily->setRowCount(int(lines.value().size()));
    for (int i = 0; i < lines.value().size(); ++i) {
        const HqReportLine &l = lines.value().at(i);
        setRow(m_daily, i,
               {l.store, l.till, l.provider, locale.toString(l.paidCount), amount(l.grossMinor),
                amount(l.refundedMinor), amount(l.netMinor()), locale.toString(l.failedCount),
                locale.toString(l.openCount)},
               3);
    }
    const HqReportLine total = HqReport::total(lines.value());
    m_total->setText(tr("Net %1 from %2 paid orders (gross %3, refunded %4)")
                         .arg(amount(total.netMinor()), locale.toString(total.paidCount),
                              amount(total.grossMinor), amount(total.refundedMinor)));
    m_recon->setRowCount(int(recon.value().size()));
    for (int i = 0; i < recon.value().size(); ++i) {
        const HqReconLine &r = recon.value().at(i);
        setRow(m_recon, i,
               {r.store, r.provider, amount(r.booksMinor), amount(r.statementMinor),
                locale.toString(r.statementCount), locale.toString(r.unmatchedLines),
                amount(r.feeMinor), amount(r.settledMinor), amount(r.differenceMinor())},
               2);
    }
    m_tills->setRowCount(int(tills.value().size()));
    for (int i = 0; i < tills.value().size(); ++i) {
        const HqTillStatus &t = tills.value().at(i);
        setRow(m_tills, i,
               {t.store, t.till, locale.toString(t.paidCount), amount(t.netMinor),
                t.pushedAt.isValid()
                    ? locale.toString(t.pushedAt.toLocalTime(), QLocale::ShortFormat)
                    : tr("never")},
               2);
    }
    m_hours->setRowCount(int(hours.value().size()));
    for (int i = 0; i < hours.value().size(); ++i) {
        const HqHour &h = hours.value().at(i);
        setRow(m_hours, i,
               {QStringLiteral("%1:00").arg(h.hour, 2, 10, QLatin1Char('0')),
                locale.toString(h.paidCount), amount(h.netMinor)},
               1);
    }
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Read at %1").arg(locale.toString(QTime::currentTime())));
    return true;
}

} // namespace paydesk
