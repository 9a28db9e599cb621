#pragma once

#include "core/books/settlementtracker.h"

#include <QDate>
#include <QList>
#include <QWidget>

class QDateEdit;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace paydesk {

class ProviderRegistry;
class StatementImporter;
class SyncService;
struct SyncOutcome;

/// Statements by hand (docs/BOOKS.md): pick a business day and "Sync now" (every provider's
/// trade statement downloaded and imported, with progress and Cancel), or import a statement
/// file saved from the provider's merchant portal. Shows what was imported or why not, and
/// where each synced day's payout to the bank stands (expected, received, on time / late /
/// short with the provider's hotline).
class SyncPanel : public QWidget
{
    Q_OBJECT
public:
    /// With \a settlement, the panel opens on the payouts of the last kRecentDays (late and
    /// short ones flagged) and a fund-flow statement file is imported too.
    SyncPanel(SyncService &sync, StatementImporter &importer, const ProviderRegistry &registry,
              SettlementTracker *settlement = nullptr, QWidget *parent = nullptr);

    static constexpr int kRecentDays = 14;

    QDate day() const;
    void setDay(const QDate &day);
    /// Imports \a path (what the file picker of "Import a statement file…" does next).
    void importFile(const QString &path);
    QString outcomeText() const;
    /// The settlement table's rows as the last sync left them.
    QList<SettlementStatus> settlement() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void syncNow();
    void pickFile();
    void onProgress(int done, int total);
    void onFinished(const SyncOutcome &outcome);
    void setBusy(bool busy);
    void showSettlement();
    /// The payouts of the last kRecentDays days, from the books.
    void loadSettlement();

    SyncService &m_sync;
    StatementImporter &m_importer;
    SettlementTracker *m_tracker = nullptr;
    const ProviderRegistry &m_registry;
    QLabel *m_title = nullptr;
    QLabel *m_dayLabel = nullptr;
    QDateEdit *m_day = nullptr;
    QPushButton *m_syncNow = nullptr;
    QPushButton *m_import = nullptr;
    QPushButton *m_cancel = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_outcome = nullptr;
    QLabel *m_settlementTitle = nullptr;
    QTableWidget *m_settlementTable = nullptr;
    QList<SettlementStatus> m_settlement;
};

} // namespace paydesk
