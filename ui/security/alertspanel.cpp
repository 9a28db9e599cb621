#include "ui/security/alertspanel.h"

#include "core/security/anomalymonitor.h"
#include "core/security/session.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace paydesk {

AlertsPanel::AlertsPanel(AnomalyMonitor &monitor, QWidget *parent)
    : QWidget(parent), m_monitor(monitor), m_table(new QTableWidget(this)),
      m_showAll(new QCheckBox(tr("Show acknowledged"), this)),
      m_ack(new QPushButton(tr("Acknowledge..."), this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("alertsPanel"));
    m_table->setObjectName(QStringLiteral("alertsTable"));
    m_table->setColumnCount(5);
    m_table->setHorizontalHeaderLabels(
        {tr("Time"), tr("Severity"), tr("Cashier"), tr("Alert"), tr("Acknowledged")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_showAll->setObjectName(QStringLiteral("showAcknowledgedCheck"));
    m_ack->setObjectName(QStringLiteral("acknowledgeButton"));
    m_status->setObjectName(QStringLiteral("statusLabel"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_showAll);
    bar->addStretch();
    bar->addWidget(m_status);
    bar->addWidget(m_ack);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addLayout(bar);

    connect(m_showAll, &QCheckBox::toggled, this, &AlertsPanel::refresh);
    connect(m_ack, &QPushButton::clicked, this, &AlertsPanel::acknowledgeSelected);
    connect(&m_monitor, &AnomalyMonitor::alertsChanged, this, &AlertsPanel::refresh);
    refresh();
}

void AlertsPanel::setSession(const Session *session)
{
    m_session = session;
    refresh();
}

int AlertsPanel::rowCount() const
{
    return m_table->rowCount();
}

void AlertsPanel::refresh()
{
    auto alerts = m_monitor.alerts(!m_showAll->isChecked());
    m_table->setRowCount(0);
    if (!alerts.ok()) {
        m_status->setText(alerts.error().message);
        return;
    }
    const QLocale locale;
    for (const Alert &a : alerts.value()) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto *time =
            new QTableWidgetItem(locale.toString(a.at.toLocalTime(), QLocale::ShortFormat));
        time->setData(Qt::UserRole, a.id);
        m_table->setItem(row, 0, time);
        m_table->setItem(
            row, 1,
            new QTableWidgetItem(a.severity == Alert::Severity::Critical  ? tr("Critical")
                                 : a.severity == Alert::Severity::Warning ? tr("Warning")
                                                                          : tr("Info")));
        m_table->setItem(row, 2, new QTableWidgetItem(a.cashier));
        m_table->setItem(row, 3, new QTableWidgetItem(a.message));
        m_table->setItem(
            row, 4,
            new QTableWidgetItem(a.isAcknowledged()
                                     ? tr("%1, %2").arg(a.acknowledgedBy, a.acknowledgeNote)
                                     : QString()));
    }
    m_ack->setEnabled(m_session && m_session->can(Permission::ViewAudit));
    emit openCountChanged(m_monitor.openAlertCount());
}

void AlertsPanel::acknowledgeSelected()
{
    const auto rows = m_table->selectionModel()->selectedRows();
    if (!m_session || rows.isEmpty())
        return;
    const qint64 id = m_table->item(rows.first().row(), 0)->data(Qt::UserRole).toLongLong();
    bool ok = false;
    const QString note = QInputDialog::getText(
        this, tr("Acknowledge alert"), tr("What did you find?"), QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    const Status s = m_monitor.acknowledge(id, *m_session, note);
    m_status->setText(s.ok() ? tr("Acknowledged.") : s.error().message);
    refresh();
}

} // namespace paydesk
