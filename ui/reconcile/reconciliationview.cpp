#include "ui/reconcile/reconciliationview.h"

#include "core/money/money.h"
#include "core/reports/dayreportwriter.h"
#include "core/security/session.h"
#include "ui/shifts/managerapprovaldialog.h"
#include "ui/stepupdialog.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateEdit>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QProgressDialog>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

namespace paydesk {

namespace {

QString money(qint64 minor)
{
    return Money::fromMinor(minor).format(QLocale(), false);
}

QString money(const std::optional<qint64> &minor)
{
    return minor ? money(*minor) : QStringLiteral("—");
}

QTableWidgetItem *cell(const QString &text, bool number = false)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QChart *barChart(const QString &setName, const QStringList &categories, const QList<qreal> &values)
{
    auto *chart = new QChart;
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto *set = new QBarSet(setName);
    qreal top = 1;
    for (qreal v : values) {
        *set << v;
        top = std::max(top, v);
    }
    set->setColor(QColor(0x2f, 0x6f, 0xdf));
    auto *series = new QBarSeries;
    series->append(set);
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    x->append(categories);
    QFont small = x->labelsFont();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() - 2)); // 24 hours fit without "…"
    x->setLabelsFont(small);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto *y = new QValueAxis;
    // Nice round ticks (never "0 0 1 1 1" on an empty or small day).
    y->setRange(0, std::max<qreal>(top * 1.1, 5));
    y->applyNiceNumbers();
    y->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    return chart;
}

} // namespace

ReconciliationView::ReconciliationView(ReconciliationSource source, QWidget *parent)
    : QWidget(parent), m_source(std::move(source)), m_title(new QLabel(this)),
      m_date(new QDateEdit(this)), m_reload(new QPushButton(this)), m_status(new QLabel(this)),
      m_totals(new QTableWidget(this)), m_exceptions(new QTableWidget(this)),
      m_resolve(new QPushButton(this)), m_signOff(new QPushButton(this)),
      m_export(new QPushButton(this)), m_byHour(new QChartView(this)),
      m_byProvider(new QChartView(this)), m_error(new QLabel(this)), m_syncSlot(new QWidget(this))
{
    setObjectName(QStringLiteral("reconciliationView"));
    m_date->setObjectName(QStringLiteral("reconDate"));
    m_date->setCalendarPopup(true);
    m_date->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_date->setDate(QDate::currentDate());
    m_reload->setObjectName(QStringLiteral("reconReload"));
    m_status->setObjectName(QStringLiteral("reconStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_totals->setObjectName(QStringLiteral("reconTotals"));
    m_exceptions->setObjectName(QStringLiteral("reconExceptions"));
    m_resolve->setObjectName(QStringLiteral("reconResolve"));
    m_signOff->setObjectName(QStringLiteral("reconSignOff"));
    m_export->setObjectName(QStringLiteral("reconExport"));
    m_byHour->setObjectName(QStringLiteral("reconByHour"));
    m_byProvider->setObjectName(QStringLiteral("reconByProvider"));
    m_error->setObjectName(QStringLiteral("reconError"));
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->setWordWrap(true);
    m_title->setStyleSheet(QStringLiteral("font-size: 20px; font-weight: 600;"));

    for (QTableWidget *t : {m_totals, m_exceptions}) {
        t->verticalHeader()->hide();
        t->setSelectionBehavior(QAbstractItemView::SelectRows);
        t->setSelectionMode(QAbstractItemView::SingleSelection);
    }
    m_exceptions->horizontalHeader()->setStretchLastSection(true);
    m_totals->setColumnCount(8);
    m_exceptions->setColumnCount(7);
    m_totals->setMinimumHeight(110);
    m_totals->setMaximumHeight(150);
    m_exceptions->setMinimumHeight(120);
    for (QChartView *v : {m_byHour, m_byProvider}) {
        v->setRenderHint(QPainter::Antialiasing);
        v->setMinimumHeight(170);
    }

    auto *top = new QHBoxLayout;
    top->addWidget(m_title);
    top->addStretch(1);
    top->addWidget(m_date);
    top->addWidget(m_reload);
    top->addWidget(m_export);
    top->addWidget(m_signOff);
    auto *slotLayout = new QVBoxLayout(m_syncSlot);
    slotLayout->setContentsMargins(0, 0, 0, 0);
    m_syncSlot->hide();
    auto *charts = new QHBoxLayout;
    charts->addWidget(m_byHour, 3);
    charts->addWidget(m_byProvider, 2);
    auto *actions = new QHBoxLayout;
    actions->addStretch(1);
    actions->addWidget(m_resolve);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_status);
    layout->addWidget(m_syncSlot);
    layout->addWidget(m_totals);
    layout->addWidget(m_exceptions, 1);
    layout->addLayout(actions);
    layout->addLayout(charts);
    layout->addWidget(m_error);

    connect(m_date, &QDateEdit::dateChanged, this, [this](QDate day) {
        reload();
        emit dayChanged(day);
    });
    connect(m_reload, &QPushButton::clicked, this, &ReconciliationView::reload);
    connect(m_resolve, &QPushButton::clicked, this, &ReconciliationView::askResolve);
    connect(m_signOff, &QPushButton::clicked, this, &ReconciliationView::askSignOff);
    connect(m_export, &QPushButton::clicked, this, &ReconciliationView::askExport);
    connect(m_exceptions, &QTableWidget::itemSelectionChanged, this, [this] {
        const int row = m_exceptions->currentRow();
        m_resolve->setEnabled(row >= 0 && row < m_report.exceptions.size() &&
                              m_report.exceptions[row].isOpen() && !m_report.closed());
    });
    retranslateUi();
}

void ReconciliationView::setSession(Session *session)
{
    m_session = session;
}

void ReconciliationView::setOperators(OperatorService *operators)
{
    m_operators = operators;
}

void ReconciliationView::setSyncPanel(QWidget *panel)
{
    m_syncSlot->layout()->addWidget(panel);
    // The panel takes what it needs; the totals and the exceptions take the rest.
    m_syncSlot->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_syncSlot->show();
}

QDate ReconciliationView::day() const
{
    return m_date->date();
}

void ReconciliationView::setDay(QDate day)
{
    if (m_date->date() == day)
        reload();
    else
        m_date->setDate(day); // reloads
}

void ReconciliationView::reload()
{
    m_error->clear();
    if (!m_source.load)
        return;
    auto loaded = m_source.load(day());
    if (!loaded.ok()) {
        m_error->setText(loaded.error().message);
        DayReport empty;
        empty.businessDay = day();
        showReport(empty);
        return;
    }
    showReport(loaded.value());
}

void ReconciliationView::showReport(const DayReport &report)
{
    m_report = report;
    const ProviderDayTotals sum = DayReportWriter::totals(report);

    m_totals->setRowCount(0);
    auto addTotals = [this](const QString &name, const ProviderDayTotals &p) {
        const int row = m_totals->rowCount();
        m_totals->insertRow(row);
        m_totals->setItem(row, 0, cell(name));
        const QList<qint64> values{p.grossMinor, p.refundsMinor, p.feesMinor, p.netMinor,
                                   p.clearingBalanceMinor};
        for (int i = 0; i < values.size(); ++i)
            m_totals->setItem(row, 1 + i, cell(money(values[i]), true));
        m_totals->setItem(row, 6, cell(QString::number(p.payments), true));
        m_totals->setItem(row, 7, cell(QString::number(p.refunds), true));
    };
    for (const ProviderDayTotals &p : report.providers)
        addTotals(report.providerName(p.provider), p);
    addTotals(tr("Total"), sum);
    if (const int last = m_totals->rowCount() - 1; last >= 0)
        for (int c = 0; c < m_totals->columnCount(); ++c) {
            QFont f = m_totals->item(last, c)->font();
            f.setBold(true);
            m_totals->item(last, c)->setFont(f);
        }
    m_totals->resizeColumnsToContents();

    m_exceptions->setRowCount(int(report.exceptions.size()));
    for (int row = 0; row < report.exceptions.size(); ++row) {
        const ReconException &e = report.exceptions[row];
        QString order = e.outTradeNo;
        if (!e.outRequestNo.isEmpty())
            order += QStringLiteral(" / ") + e.outRequestNo;
        m_exceptions->setItem(row, 0, cell(reconClassLabel(e.kind)));
        m_exceptions->setItem(row, 1, cell(report.providerName(e.provider)));
        m_exceptions->setItem(row, 2, cell(order));
        m_exceptions->setItem(row, 3, cell(money(e.localMinor), true));
        m_exceptions->setItem(row, 4, cell(money(e.providerMinor), true));
        m_exceptions->setItem(row, 5, cell(e.suggestedAction));
        m_exceptions->setItem(row, 6,
                              cell(e.isOpen()
                                       ? tr("Open")
                                       : tr("Resolved by %1: %2").arg(e.resolvedBy, e.resolution)));
    }
    m_exceptions->resizeColumnsToContents();
    m_resolve->setEnabled(false);

    int open = 0;
    for (const ReconException &e : report.exceptions)
        open += e.isOpen() ? 1 : 0;
    if (report.closed()) {
        m_status->setText(
            tr("Closed: signed off by %1 on %2. Audit log head: entry %3, %4.")
                .arg(report.signedOffBy,
                     QLocale().toString(report.signedOffAt.toLocalTime(), QLocale::ShortFormat))
                .arg(report.auditHeadId)
                .arg(report.auditHeadHash.left(16)));
        m_status->setStyleSheet(QStringLiteral("color: #1e6b34; font-weight: 600;"));
    } else {
        m_status->setText(
            tr("Open: %n exception(s) to resolve before the day is signed off.", nullptr, open) +
            QLatin1Char(' ') + tr("%n line(s) matched.", nullptr, sum.matched));
        m_status->setStyleSheet(QString());
    }
    m_signOff->setEnabled(!report.closed() && open == 0 && !report.providers.isEmpty());

    QStringList hours;
    QList<qreal> byHour;
    for (int h = 0; h < 24; ++h) {
        hours << QString::number(h);
        byHour << (h < report.grossByHourMinor.size() ? report.grossByHourMinor[h] / 100.0 : 0.0);
    }
    QChart *old = m_byHour->chart();
    m_byHour->setChart(barChart(tr("Gross"), hours, byHour));
    m_byHour->chart()->setTitle(tr("Payments by hour (CNY)"));
    delete old;
    QStringList names;
    QList<qreal> gross;
    for (const ProviderDayTotals &p : report.providers) {
        names << report.providerName(p.provider);
        gross << p.grossMinor / 100.0;
    }
    old = m_byProvider->chart();
    m_byProvider->setChart(barChart(tr("Gross"), names, gross));
    m_byProvider->chart()->setTitle(tr("Gross by provider (CNY)"));
    delete old;
}

const Session *ReconciliationView::managerFor(const QString &why)
{
    if (m_session && m_session->isValid() && m_session->role() != Role::Cashier) {
        if (!StepUpDialog::ensure(*m_session, why, this))
            return nullptr;
        return m_session;
    }
    if (!m_operators)
        return nullptr;
    ManagerApprovalDialog approval(*m_operators, why, this);
    approval.setObjectName(QStringLiteral("reconApproval"));
    if (approval.exec() != QDialog::Accepted)
        return nullptr;
    m_approved = approval.session();
    return &m_approved;
}

Status ReconciliationView::resolveRow(int row, const QString &reason)
{
    if (row < 0 || row >= m_report.exceptions.size() || !m_report.exceptions[row].isOpen())
        return Error{QStringLiteral("reconcile.not_open"), tr("Pick an open exception.")};
    if (reason.trimmed().isEmpty())
        return Error{QStringLiteral("reconcile.no_reason"), tr("A reason is required.")};
    const Session *by = managerFor(tr("Resolve a reconciliation exception"));
    if (!by)
        return Error{QStringLiteral("security.step_up_required"),
                     tr("A manager must confirm this.")};
    PAYDESK_TRY(by->authorize(Permission::Reconcile));
    if (!m_source.resolve)
        return Error{QStringLiteral("reconcile.unavailable"), tr("Resolving is not available.")};
    PAYDESK_TRY(m_source.resolve(m_report.exceptions[row].id, reason.trimmed(), *by));
    reload();
    return {};
}

Status ReconciliationView::signOffDay()
{
    const Session *by = managerFor(tr("Sign off the business day"));
    if (!by)
        return Error{QStringLiteral("security.step_up_required"),
                     tr("A manager must confirm this.")};
    PAYDESK_TRY(by->authorize(Permission::SignOffDay));
    if (!m_source.signOff)
        return Error{QStringLiteral("reconcile.unavailable"), tr("Sign-off is not available.")};
    PAYDESK_TRY(m_source.signOff(day(), *by));
    reload();
    return {};
}

Status ReconciliationView::exportTo(const QString &path)
{
    QProgressDialog progress(tr("Writing the report…"), tr("Cancel"), 0, 100, this);
    progress.setObjectName(QStringLiteral("reconExportProgress"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(300);
    return DayReportWriter::write(m_report, path, [&](int percent) {
        progress.setValue(percent);
        return !progress.wasCanceled();
    });
}

void ReconciliationView::askResolve()
{
    const int row = m_exceptions->currentRow();
    if (row < 0 || row >= m_report.exceptions.size())
        return;
    bool ok = false;
    const QString reason = QInputDialog::getMultiLineText(
        this, tr("Resolve exception"),
        tr("Why is %1 resolved? This is kept with your name and posts an adjusting entry.")
            .arg(m_report.exceptions[row].outTradeNo),
        QString(), &ok);
    if (!ok)
        return;
    if (auto r = resolveRow(row, reason); !r.ok())
        m_error->setText(r.error().message);
}

void ReconciliationView::askSignOff()
{
    if (auto r = signOffDay(); !r.ok())
        m_error->setText(r.error().message);
}

void ReconciliationView::askExport()
{
    const QString suggested = QStringLiteral("paydesk-%1.pdf").arg(day().toString(Qt::ISODate));
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export the daily report"), suggested,
                                     tr("PDF (*.pdf);;CSV (*.csv);;JSON (*.json)"));
    if (path.isEmpty())
        return;
    if (auto r = exportTo(path); !r.ok())
        m_error->setText(r.error().message);
    else
        m_error->clear();
}

void ReconciliationView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        showReport(m_report);
    }
    QWidget::changeEvent(event);
}

void ReconciliationView::retranslateUi()
{
    m_title->setText(tr("Daily reconciliation"));
    m_reload->setText(tr("Reload"));
    m_resolve->setText(tr("Resolve…"));
    m_signOff->setText(tr("Sign off…"));
    m_export->setText(tr("Export…"));
    m_totals->setHorizontalHeaderLabels({tr("Provider"), tr("Gross"), tr("Refunds"), tr("Fees"),
                                         tr("Net (expected settlement)"), tr("Clearing balance"),
                                         tr("Payments"), tr("Refund count")});
    m_exceptions->setHorizontalHeaderLabels({tr("Class"), tr("Provider"), tr("Order"), tr("Local"),
                                             tr("Provider amount"), tr("Suggested action"),
                                             tr("Status")});
}

} // namespace paydesk
