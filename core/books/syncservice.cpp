#include "core/books/syncservice.h"

#include "core/providers/paymentprovider.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QHash>
#include <QPair>
#include <QPointer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace paydesk {

SyncService::SyncService(StatementImporter &importer, ProviderList providers, const Clock &clock,
                         QObject *parent)
    : QObject(parent), m_importer(importer), m_providers(std::move(providers)), m_clock(clock)
{
}

SyncService::SyncService(StatementImporter &importer, SettlementTracker &settlement,
                         ProviderList providers, const Clock &clock, QObject *parent)
    : QObject(parent), m_importer(importer), m_settlement(&settlement),
      m_providers(std::move(providers)), m_clock(clock)
{
}

QDate SyncService::yesterday() const
{
    return StatementImporter::businessDayOf(m_clock.nowUtc()).addDays(-1);
}

QList<QDate> SyncService::daysToSync(const QString &provider, std::optional<QDate> day) const
{
    if (day)
        return {*day};
    const QDate last = yesterday();
    const QDate earliest = last.addDays(-(kMaxCatchUpDays - 1));
    QDate from = last;
    auto synced = m_importer.lastImportedDay(provider);
    if (synced.ok() && synced.value())
        from = std::max(synced.value()->addDays(1), earliest);
    QList<QDate> days;
    for (QDate d = from; d <= last; d = d.addDays(1))
        days.append(d);
    return days;
}

QList<QDate> SyncService::fundDaysToSync(const QString &provider,
                                         const QList<QDate> &tradeDays) const
{
    if (!m_settlement || !m_settlement->hasFundStatements(provider))
        return {};
    const QDate last = yesterday();
    QDate from = tradeDays.isEmpty() ? QDate() : tradeDays.first();
    auto synced = m_settlement->lastFundDay(provider);
    if (synced.ok() && synced.value()) {
        const QDate after = synced.value()->addDays(1);
        if (!from.isValid() || after < from)
            from = after;
    }
    if (!from.isValid())
        from = last;
    from = std::max(from, last.addDays(-(kMaxCatchUpDays - 1)));
    QList<QDate> days;
    for (QDate d = from; d <= last; d = d.addDays(1))
        days.append(d);
    return days;
}

bool SyncService::start(std::optional<QDate> day, const QString &provider)
{
    if (m_running)
        return false;
    m_jobs.clear();
    m_outcome = {};
    m_cancel = false;
    for (PaymentProvider *p : m_providers()) {
        if (!p || (!provider.isEmpty() && p->id() != provider))
            continue;
        const QList<QDate> days = daysToSync(p->id(), day);
        for (const QDate &d : days)
            m_jobs.append({p, p->id(), d, false});
        for (const QDate &d : fundDaysToSync(p->id(), days))
            m_jobs.append({p, p->id(), d, true});
    }
    m_total = int(m_jobs.size());
    m_done = 0;
    m_running = true;
    qCInfo(lcLedger) << "statement sync:" << m_total << "provider days";
    next();
    return true;
}

void SyncService::cancel()
{
    if (m_running)
        m_cancel = true;
}

void SyncService::next()
{
    if (m_cancel) {
        m_outcome.cancelled = true;
        return finish();
    }
    if (m_jobs.isEmpty())
        return finish();
    const Job job = m_jobs.takeFirst();
    QPointer<SyncService> self(this);
    if (job.fund) {
        job.provider->downloadFundStatement(job.day, [self, job](const FundStatementReply &reply) {
            if (!self)
                return;
            SyncFundResult r{job.id, job.day, std::nullopt, std::nullopt};
            auto imported = self->m_settlement->importFundStatement(job.id, reply);
            if (imported.ok())
                r.import = imported.value();
            else
                r.error = imported.error();
            self->m_outcome.fundResults.append(r);
            self->afterJob();
            emit self->progress(self->m_done, self->m_total, job.id, job.day);
        });
        return;
    }
    job.provider->downloadStatement(job.day, [self, job](const StatementReply &reply) {
        if (!self)
            return;
        SyncDayResult r{job.id, job.day, std::nullopt, std::nullopt};
        auto imported = self->m_importer.importDownloaded(job.id, reply);
        if (imported.ok())
            r.import = imported.value();
        else
            r.error = imported.error();
        self->m_outcome.results.append(r);
        self->afterJob();
        emit self->progress(self->m_done, self->m_total, job.id, job.day);
    });
}

void SyncService::afterJob()
{
    ++m_done;
    // Not from inside the provider's callback: the next download starts afresh.
    QPointer<SyncService> self(this);
    QMetaObject::invokeMethod(
        this,
        [self] {
            if (self)
                self->next();
        },
        Qt::QueuedConnection);
}

void SyncService::finish()
{
    if (m_settlement) {
        // Every day this run touched: the trade days, and the days whose T+1 payout the fund
        // statements downloaded would carry.
        QHash<QString, QPair<QDate, QDate>> range;
        const auto widen = [&range](const QString &provider, const QDate &d) {
            auto it = range.find(provider);
            if (it == range.end())
                range.insert(provider, {d, d});
            else
                *it = {std::min(it->first, d), std::max(it->second, d)};
        };
        for (const SyncDayResult &r : std::as_const(m_outcome.results))
            if (r.import && m_settlement->hasFundStatements(r.provider))
                widen(r.provider, r.day);
        for (const SyncFundResult &r : std::as_const(m_outcome.fundResults))
            if (r.import)
                widen(r.provider, r.day.addDays(-1));
        for (auto it = range.cbegin(); it != range.cend(); ++it) {
            auto statuses = m_settlement->statuses(it.key(), it->first, it->second);
            if (statuses.ok())
                m_outcome.settlement.append(statuses.value());
        }
    }
    m_running = false;
    m_jobs.clear();
    emit finished(m_outcome);
}

} // namespace paydesk
