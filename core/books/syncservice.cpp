#include "core/books/syncservice.h"

#include "core/providers/paymentprovider.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QPointer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace paydesk {

SyncService::SyncService(StatementImporter &importer, ProviderList providers, const Clock &clock,
                         QObject *parent)
    : QObject(parent), m_importer(importer), m_providers(std::move(providers)), m_clock(clock)
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
        for (const QDate &d : daysToSync(p->id(), day))
            m_jobs.append({p, p->id(), d});
    }
    m_total = int(m_jobs.size());
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
        emit self->progress(int(self->m_outcome.results.size()), self->m_total, job.id, job.day);
        // Not from inside the provider's callback: the next download starts afresh.
        QMetaObject::invokeMethod(
            self,
            [self] {
                if (self)
                    self->next();
            },
            Qt::QueuedConnection);
    });
}

void SyncService::finish()
{
    m_running = false;
    m_jobs.clear();
    emit finished(m_outcome);
}

} // namespace paydesk
