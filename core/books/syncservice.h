#pragma once

#include "core/books/settlementtracker.h"
#include "core/books/statementimporter.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace paydesk {

class Clock;
class PaymentProvider;

/// One provider and business day of a sync: what was imported, or why not.
struct SyncDayResult
{
    QString provider;
    QDate day;
    std::optional<StatementImport> import;
    std::optional<Error> error;
};

/// One provider's fund-flow statement of one day: what was imported, or why not.
struct SyncFundResult
{
    QString provider;
    QDate day;
    std::optional<FundImport> import;
    std::optional<Error> error;
};

struct SyncOutcome
{
    QList<SyncDayResult> results;      ///< trade statements, one per provider and day
    QList<SyncFundResult> fundResults; ///< fund-flow statements (with a SettlementTracker)
    /// Where the payouts of the days synced stand afterwards, per provider, oldest day first.
    QList<SettlementStatus> settlement;
    bool cancelled = false;
    bool ok() const
    {
        for (const SyncDayResult &r : results)
            if (r.error)
                return false;
        for (const SyncFundResult &r : fundResults)
            if (r.error)
                return false;
        return !cancelled;
    }
};

/// Downloads and imports the providers' trade statements (docs/BOOKS.md): one given business
/// day, or every day since the last one synced up to yesterday (Asia/Shanghai), at most
/// kMaxCatchUpDays back. With a SettlementTracker it also downloads the fund-flow statements
/// (fundDaysToSync) and books their payouts, then reports each synced day's settlement. Runs
/// one download at a time on the caller's event loop; reports progress and can be cancelled
/// between two downloads.
class SyncService : public QObject
{
    Q_OBJECT
public:
    using ProviderList = std::function<QList<PaymentProvider *>()>;
    static constexpr int kMaxCatchUpDays = 31;

    SyncService(StatementImporter &importer, ProviderList providers, const Clock &clock,
                QObject *parent = nullptr);
    /// Also syncs the fund-flow statements of the providers that have them.
    SyncService(StatementImporter &importer, SettlementTracker &settlement, ProviderList providers,
                const Clock &clock, QObject *parent = nullptr);

    /// Starts a sync of \a day (none: catch up to yesterday) for every provider that has
    /// statements, or only \a provider. False (and nothing started) while one is running.
    bool start(std::optional<QDate> day = std::nullopt, const QString &provider = {});
    /// Stops after the download under way; finished() then says cancelled.
    void cancel();
    bool running() const { return m_running; }

    /// The business day before today in the providers' zone.
    QDate yesterday() const;
    /// What start() would sync for \a provider: (provider, day) pairs, oldest first.
    QList<QDate> daysToSync(const QString &provider, std::optional<QDate> day) const;
    /// The fund-flow statements start() would download for \a provider next to the trade
    /// statements of \a tradeDays: from the first of those days (or the day after the last
    /// fund statement imported, if earlier; yesterday when there is neither) up to yesterday,
    /// at most kMaxCatchUpDays. A fund statement of day D carries the payouts booked on D, so
    /// D's own T+1 payout shows in the next day's.
    QList<QDate> fundDaysToSync(const QString &provider, const QList<QDate> &tradeDays) const;

signals:
    /// \a done of \a total days finished; \a provider / \a day is the one just finished.
    void progress(int done, int total, const QString &provider, const QDate &day);
    void finished(const paydesk::SyncOutcome &outcome);

private:
    struct Job
    {
        PaymentProvider *provider = nullptr;
        QString id;
        QDate day;
        bool fund = false;
    };
    void next();
    void finish();
    void afterJob();

    StatementImporter &m_importer;
    SettlementTracker *m_settlement = nullptr;
    ProviderList m_providers;
    const Clock &m_clock;
    QList<Job> m_jobs;
    int m_total = 0;
    int m_done = 0;
    bool m_running = false;
    bool m_cancel = false;
    SyncOutcome m_outcome;
};

} // namespace paydesk
