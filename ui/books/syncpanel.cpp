#include "ui/books/syncpanel.h"

#include "core/books/statementimporter.h"
#include "core/books/syncservice.h"
#include "core/providers/providerregistry.h"

#include <QDateEdit>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace paydesk {

SyncPanel::SyncPanel(SyncService &sync, StatementImporter &importer,
                     const ProviderRegistry &registry, QWidget *parent)
    : QWidget(parent), m_sync(sync), m_importer(importer), m_registry(registry)
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
    m_outcome->setMinimumHeight(120);
    layout->addWidget(m_outcome, 1);

    connect(m_syncNow, &QPushButton::clicked, this, &SyncPanel::syncNow);
    connect(m_import, &QPushButton::clicked, this, &SyncPanel::pickFile);
    connect(m_cancel, &QPushButton::clicked, &m_sync, &SyncService::cancel);
    connect(
        &m_sync, &SyncService::progress, this,
        [this](int done, int total, const QString &, const QDate &) { onProgress(done, total); });
    connect(&m_sync, &SyncService::finished, this, &SyncPanel::onFinished);
    retranslateUi();
    setBusy(m_sync.running());
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
    if (outcome.results.isEmpty())
        lines << tr("Nothing to sync.");
    if (outcome.cancelled)
        lines << tr("Cancelled: the remaining days were not synced.");
    m_outcome->setText(lines.join(u'\n'));
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
    auto imported = m_importer.importFile(QString(), file.readAll());
    if (!imported.ok()) {
        m_outcome->setText(imported.error().message);
        return;
    }
    const StatementImport &i = imported.value();
    const QString name = m_registry.displayName(i.provider);
    const QString day = i.businessDay.toString(Qt::ISODate);
    m_outcome->setText(
        i.alreadyImported
            ? tr("%1, %2: this file is already imported (%n line(s)).", nullptr, i.lines)
                  .arg(name, day)
            : tr("%1, %2: %n line(s) imported from the file.", nullptr, i.lines).arg(name, day));
}

} // namespace paydesk
