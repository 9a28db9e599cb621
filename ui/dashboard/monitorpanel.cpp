#include "ui/dashboard/monitorpanel.h"

#include "ui/security/alertspanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace paydesk {

MonitorPanel::MonitorPanel(AnomalyMonitor &monitor, QWidget *parent)
    : QWidget(parent), m_alerts(new AlertsPanel(monitor, this)), m_alertsTitle(new QLabel(this)),
      m_failuresTitle(new QLabel(this)), m_failures(new QTableWidget(this))
{
    setObjectName(QStringLiteral("monitorPanel"));
    m_failures->setObjectName(QStringLiteral("failuresTable"));
    m_failures->setColumnCount(5);
    m_failures->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_failures->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_failures->verticalHeader()->hide();
    // Rows follow their wrapped advice whenever the columns change width.
    m_failures->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_failures->setWordWrap(true);
    // Reason and counts as wide as they need; the two advice texts share the rest, wrapped.
    for (int col = 0; col < 3; ++col)
        m_failures->horizontalHeader()->setSectionResizeMode(col, QHeaderView::ResizeToContents);
    for (int col = 3; col < 5; ++col)
        m_failures->horizontalHeader()->setSectionResizeMode(col, QHeaderView::Stretch);
    QFont bold = m_alertsTitle->font();
    bold.setBold(true);
    m_alertsTitle->setFont(bold);
    m_failuresTitle->setFont(bold);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_alertsTitle);
    topLayout->addWidget(m_alerts);
    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_failuresTitle);
    bottomLayout->addWidget(m_failures);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(bottom);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
    connect(m_alerts, &AlertsPanel::openCountChanged, this, &MonitorPanel::openAlertsChanged);
    retranslate();
}

void MonitorPanel::setSession(const Session *session)
{
    m_alerts->setSession(session);
}

int MonitorPanel::failureRows() const
{
    return m_failures->rowCount();
}

void MonitorPanel::retranslate()
{
    m_alertsTitle->setText(tr("Alerts (bursts, unusual tickets, refund ratios, repeated failed "
                              "codes, reversals)"));
    m_failures->setHorizontalHeaderLabels(
        {tr("Reason"), tr("Today"), tr("Last %n day(s)", nullptr, m_rangeDays),
         tr("What the till told the cashier"), tr("What the customer was told")});
    setFailures(m_shown, m_rangeDays);
}

void MonitorPanel::setFailures(const QList<FailureCount> &failures, int rangeDays)
{
    const bool rangeChanged = rangeDays != m_rangeDays;
    m_shown = failures;
    m_rangeDays = rangeDays;
    if (rangeChanged) {
        retranslate();
        return;
    }
    qint64 total = 0;
    for (const FailureCount &f : failures)
        total += f.attempts;
    m_failuresTitle->setText(
        failures.isEmpty()
            ? tr("Failed payments: none in the last %n day(s)", nullptr, rangeDays)
            : tr("Failed payments by reason: %1 in the last %n day(s)", nullptr, rangeDays)
                  .arg(QLocale().toString(total)));
    m_failures->setRowCount(int(failures.size()));
    for (int row = 0; row < failures.size(); ++row) {
        const FailureCount &f = failures[row];
        const QStringList cells{FailureLabels::label(f.reason), QLocale().toString(f.attemptsToday),
                                QLocale().toString(f.attempts),
                                FailureLabels::cashierAdvice(f.reason),
                                FailureLabels::customerAdvice(f.reason)};
        for (int col = 0; col < cells.size(); ++col) {
            auto *item = new QTableWidgetItem(cells[col]);
            item->setToolTip(cells[col]);
            if (col == 0)
                item->setData(Qt::UserRole, f.reason);
            m_failures->setItem(row, col, item);
        }
    }
}

} // namespace paydesk
