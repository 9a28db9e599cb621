#pragma once

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

struct SyncOutcome
{
    QList<SyncDayResult> results;
    bool cancelled = false;
    bool ok() const
    {
        for (const SyncDayResult &r : results)
            if (r.error)
                return false;
        return !cancelled;
    }
};

/// Downloads and imports the providers' trade statements (docs/BOOKS.md): one given business
/// day, or every day since the last one synced up to yesterday (Asia/Shanghai), at most
/// kMaxCatchUpDays back. Runs one download at a time on the caller's event loop; reports
/// progress and can be cancelled between two days.
class SyncService : public QObject
{
    Q_OBJECT
public:
    using ProviderList = std::function<QList<PaymentProvider *>()>;
    static constexpr int kMaxCatchUpDays = 31;

    SyncService(StatementImporter &importer, ProviderList providers, const Clock &clock,
                QObject *parent = nullptr);

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
    };
    void next();
    void finish();

    StatementImporter &m_importer;
    ProviderList m_providers;
    const Clock &m_clock;
    QList<Job> m_jobs;
    int m_total = 0;
    bool m_running = false;
    bool m_cancel = false;
    SyncOutcome m_outcome;
};

} // namespace paydesk
