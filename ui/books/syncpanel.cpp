#include "ui/books/syncpanel.h"

#include "core/books/statementfiles.h"
#include "core/books/statementimporter.h"
#include "core/books/syncservice.h"
#include "core/money/money.h"
#include "core/providers/providerregistry.h"

#include <QColor>
#include <QDateEdit>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace paydesk {

SyncPanel::SyncPanel(SyncService &sync, StatementImporter &importer,
                     const ProviderRegistry &registry, SettlementTracker *settlement,
                     QWidget *parent)
    : QWidget(parent), m_sync(sync), m_importer(importer), m_tracker(settlement),
      m_registry(registry)
{
    setObjectName(u"syncPanel"_s);
    auto *layout = new QVBoxLayout(this);
    m_title = new QLabel(this);
    m_title->setStyleSheet(u"font-size: 17px; font-weight: 600;"_s);
    layout->addWidget(m_title);

    auto *row = new QHBoxLayout;
    m_dayLabel = new QLabel(this);
    m_day = new QDateEdit(this);
    m_day->setObjectName(u"syncDay"_s);
    m_day->setCalendarPopup(true);
    m_day->setDisplayFormat(u"yyyy-MM-dd"_s);
    m_day->setDate(sync.yesterday());
    m_day->setMaximumDate(sync.yesterday().addDays(1));
    m_syncNow = new QPushButton(this);
    m_syncNow->setObjectName(u"syncNowButton"_s);
    m_syncNow->setDefault(true);
    m_import = new QPushButton(this);
    m_import->setObjectName(u"importStatementButton"_s);
    row->addWidget(m_dayLabel);
    row->addWidget(m_day);
    row->addWidget(m_syncNow);
    row->addStretch(1);
    row->addWidget(m_import);
    layout->addLayout(row);

    auto *progressRow = new QHBoxLayout;
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(u"syncProgress"_s);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(u"cancelSyncButton"_s);
    m_cancel->setEnabled(false);
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancel);
    layout->addLayout(progressRow);

    m_outcome = new QLabel(this);
    m_outcome->setObjectName(u"syncOutcome"_s);
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_outcome->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    layout->addWidget(m_outcome, 1);

    m_settlementTitle = new QLabel(this);
    m_settlementTitle->setStyleSheet(u"font-weight: 600;"_s);
    layout->addWidget(m_settlementTitle);
    m_settlementTable = new QTableWidget(0, 6, this);
    m_settlementTable->setObjectName(u"settlementTable"_s);
    m_settlementTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_settlementTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_settlementTable->verticalHeader()->hide();
    m_settlementTable->horizontalHeader()->setStretchLastSection(true);
    m_settlementTable->setWordWrap(true);
    layout->addWidget(m_settlementTable, 1);

    connect(m_syncNow, &QPushButton::clicked, this, &SyncPanel::syncNow);
    connect(m_import, &QPushButton::clicked, this, &SyncPanel::pickFile);
    connect(m_cancel, &QPushButton::clicked, &m_sync, &SyncService::cancel);
    connect(
        &m_sync, &SyncService::progress, this,
        [this](int done, int total, const QString &, const QDate &) { onProgress(done, total); });
    connect(&m_sync, &SyncService::finished, this, &SyncPanel::onFinished);
    retranslateUi();
    setBusy(m_sync.running());
    loadSettlement();
}

void SyncPanel::loadSettlement()
{
    if (!m_tracker)
        return;
    // Up to today: a statement of today is there only when it was synced already (a sandbox,
    // or a provider that serves the day so far).
    const QDate to = m_sync.yesterday().addDays(1);
    const QDate from = to.addDays(1 - kRecentDays);
    QList<SettlementStatus> recent;
    for (const QString &id : m_registry.ids()) {
        if (!m_tracker->hasFundStatements(id))
            continue;
        auto days = m_tracker->statuses(id, from, to);
        if (days.ok())
            recent << days.value();
    }
    m_settlement = recent;
    showSettlement();
}

QDate SyncPanel::day() const
{
    return m_day->date();
}

void SyncPanel::setDay(const QDate &day)
{
    m_day->setDate(day);
}

QString SyncPanel::outcomeText() const
{
    return m_outcome->text();
}

QList<SettlementStatus> SyncPanel::settlement() const
{
    return m_settlement;
}

void SyncPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void SyncPanel::retranslateUi()
{
    m_title->setText(tr("Provider statements"));
    m_dayLabel->setText(tr("Business day:"));
    m_syncNow->setText(tr("Sync now"));
    m_import->setText(tr("Import a statement file…"));
    m_cancel->setText(tr("Cancel"));
    m_settlementTitle->setText(tr("Payouts to the bank"));
    m_settlementTable->setHorizontalHeaderLabels({tr("Provider"), tr("Business day"),
                                                  tr("Expected"), tr("Received"), tr("Status"),
                                                  tr("What to do")});
    showSettlement();
}

void SyncPanel::showSettlement()
{
    // What needs the owner first (late, short), then the newest day.
    std::stable_sort(m_settlement.begin(), m_settlement.end(),
                     [](const SettlementStatus &a, const SettlementStatus &b) {
                         if (a.flagged() != b.flagged())
                             return a.flagged();
                         if (a.day != b.day)
                             return a.day > b.day;
                         return a.provider < b.provider;
                     });
    m_settlementTable->setRowCount(int(m_settlement.size()));
    int row = 0;
    for (const SettlementStatus &st : std::as_const(m_settlement)) {
        QString state;
        switch (st.state) {
        case SettlementStatus::State::Pending:
            state = tr("Due %1").arg(st.expectedBy.toString(Qt::ISODate));
            break;
        case SettlementStatus::State::OnTime:
            state = tr("Received");
            break;
        case SettlementStatus::State::Late:
            state = tr("Late");
            break;
        case SettlementStatus::State::Short:
            state =
                tr("Short by %1")
                    .arg(Money::fromMinor(st.expectedMinor - st.settledMinor).format(QLocale()));
            break;
        case SettlementStatus::State::Nothing:
            state = tr("No payout due");
            break;
        }
        const QStringList cells{m_registry.displayName(st.provider),
                                st.day.toString(Qt::ISODate),
                                Money::fromMinor(st.expectedMinor).format(QLocale()),
                                Money::fromMinor(st.settledMinor).format(QLocale()),
                                state,
                                st.message};
        for (int col = 0; col < cells.size(); ++col) {
            auto *item = new QTableWidgetItem(cells.at(col));
            if (st.flagged()) {
                item->setForeground(QColor(0xb0, 0x1e, 0x1e));
                item->setToolTip(st.message);
            }
            m_settlementTable->setItem(row, col, item);
        }
        ++row;
    }
    m_settlementTable->resizeColumnsToContents();
    m_settlementTable->resizeRowsToContents();
    // Tall enough for the first rows (up to four) without a scroll bar of its own.
    int height = m_settlementTable->horizontalHeader()->sizeHint().height() +
                 2 * m_settlementTable->frameWidth();
    for (int r = 0; r < std::min(4, m_settlementTable->rowCount()); ++r)
        height += m_settlementTable->rowHeight(r);
    m_settlementTable->setMinimumHeight(height);
    m_settlementTitle->setVisible(!m_settlement.isEmpty());
    m_settlementTable->setVisible(!m_settlement.isEmpty());
}

void SyncPanel::setBusy(bool busy)
{
    m_syncNow->setEnabled(!busy);
    m_import->setEnabled(!busy);
    m_day->setEnabled(!busy);
    m_cancel->setEnabled(busy);
}

void SyncPanel::syncNow()
{
    m_progress->setRange(0, 0); // busy until the first day is done
    m_outcome->setText(
        tr("Downloading the statements of %1…").arg(m_day->date().toString(Qt::ISODate)));
    if (!m_sync.start(m_day->date())) {
        m_outcome->setText(tr("A sync is already running."));
        return;
    }
    if (m_sync.running())
        setBusy(true);
}

void SyncPanel::onProgress(int done, int total)
{
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(done);
}

void SyncPanel::onFinished(const SyncOutcome &outcome)
{
    setBusy(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(outcome.cancelled ? 0 : 1);
    QStringList lines;
    for (const SyncDayResult &r : outcome.results) {
        const QString name = m_registry.displayName(r.provider);
        const QString day = r.day.toString(Qt::ISODate);
        if (r.error)
            lines << tr("%1, %2: %3").arg(name, day, r.error->message);
        else if (r.import->alreadyImported)
            lines << tr("%1, %2: already imported (%n line(s)).", nullptr, r.import->lines)
                         .arg(name, day);
        else
            lines << tr("%1, %2: %n line(s) imported.", nullptr, r.import->lines).arg(name, day);
    }
    for (const SyncFundResult &r : outcome.fundResults) {
        const QString name = m_registry.displayName(r.provider);
        const QString day = r.day.toString(Qt::ISODate);
        if (r.error)
            lines << tr("%1, fund statement %2: %3").arg(name, day, r.error->message);
        else if (r.import->alreadyImported)
            lines << tr("%1, fund statement %2: already imported.").arg(name, day);
        else
            lines << tr("%1, fund statement %2: %n payout(s) booked.", nullptr, r.import->recorded)
                         .arg(name, day);
    }
    if (outcome.results.isEmpty() && outcome.fundResults.isEmpty())
        lines << tr("Nothing to sync.");
    if (outcome.cancelled)
        lines << tr("Cancelled: the remaining days were not synced.");
    m_outcome->setText(lines.join(u'\n'));
    if (m_tracker) {
        // The recent days from the books, and any older day this sync caught up on.
        loadSettlement();
        for (const SettlementStatus &st : outcome.settlement) {
            const bool shown = std::any_of(m_settlement.cbegin(), m_settlement.cend(),
                                           [&](const SettlementStatus &s) {
                                               return s.provider == st.provider && s.day == st.day;
                                           });
            if (!shown)
                m_settlement << st;
        }
    } else {
        m_settlement = outcome.settlement;
    }
    showSettlement();
}

void SyncPanel::pickFile()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Import a statement file"), QString(),
                                     tr("Provider statements (*.zip *.csv *.txt);;All files (*)"));
    if (!path.isEmpty())
        importFile(path);
}

void SyncPanel::importFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_outcome->setText(tr("Cannot read %1: %2").arg(path, file.errorString()));
        return;
    }
    auto imported = importStatementFile(m_importer, m_tracker, QString(), file.readAll());
    if (!imported.ok()) {
        m_outcome->setText(imported.error().message);
        return;
    }
    if (const auto &fund = imported.value().fund) {
        const QString name = m_registry.displayName(fund->provider);
        const QString day = fund->day.toString(Qt::ISODate);
        m_outcome->setText(
            fund->alreadyImported
                ? tr("%1, %2: this fund statement is already imported (%n payout(s)).", nullptr,
                     fund->payouts)
                      .arg(name, day)
                : tr("%1, %2: fund statement imported, %n payout(s) booked now.", nullptr,
                     fund->recorded)
                      .arg(name, day));
        loadSettlement();
        return;
    }
    const StatementImport &i = *imported.value().trade;
    const QString name = m_registry.displayName(i.provider);
    const QString day = i.businessDay.toString(Qt::ISODate);
    m_outcome->setText(
        i.alreadyImported
            ? tr("%1, %2: this file is already imported (%n line(s)).", nullptr, i.lines)
                  .arg(name, day)
            : tr("%1, %2: %n line(s) imported from the file.", nullptr, i.lines).arg(name, day));
}

} // namespace paydesk
