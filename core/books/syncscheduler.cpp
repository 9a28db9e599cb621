#include "core/books/syncscheduler.h"

#include "core/books/syncservice.h"
#include "core/storage/settingsstore.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {
QTimeZone storeZone()
{
    return QTimeZone("Asia/Shanghai");
}
} // namespace

SyncScheduler::SyncScheduler(SyncService &sync, SettingsStore &settings, Clock &clock,
                             QObject *parent)
    : QObject(parent), m_sync(sync), m_settings(settings), m_clock(clock)
{
}

QTime SyncScheduler::syncTime() const
{
    const QTime t = QTime::fromString(
        m_settings.value(QString::fromLatin1(kSettingKey), QString::fromLatin1(kDefaultTime)),
        u"HH:mm"_s);
    return t.isValid() ? t : QTime::fromString(QString::fromLatin1(kDefaultTime), u"HH:mm"_s);
}

Status SyncScheduler::setSyncTime(const QString &time)
{
    const QTime t = QTime::fromString(time, u"HH:mm"_s);
    if (!t.isValid())
        return Status::failure(u"books.bad_sync_time"_s,
                               tr("\"%1\" is not a time of day like 10:30.").arg(time));
    PAYDESK_TRY(m_settings.setValue(QString::fromLatin1(kSettingKey), t.toString(u"HH:mm"_s)));
    if (m_next.isValid())
        arm();
    return {};
}

QDateTime SyncScheduler::nextRunAfter(const QDateTime &nowUtc, const QTime &at)
{
    const QDateTime local = nowUtc.toTimeZone(storeZone());
    QDateTime run(local.date(), at, storeZone());
    if (run <= local)
        run = QDateTime(local.date().addDays(1), at, storeZone());
    return run.toUTC();
}

void SyncScheduler::start()
{
    const QDateTime now = m_clock.nowUtc();
    const QDateTime local = now.toTimeZone(storeZone());
    if (local.time() >= syncTime() && !m_sync.running()) {
        emit runStarted();
        m_sync.start();
    }
    arm();
}

void SyncScheduler::arm()
{
    const quint64 generation = ++m_generation;
    const QDateTime now = m_clock.nowUtc();
    m_next = nextRunAfter(now, syncTime());
    const qint64 ms = std::max<qint64>(0, now.msecsTo(m_next));
    qCInfo(lcLedger) << "statement sync scheduled at" << m_next;
    m_clock.callAfter(ms, this, [this, generation] { fire(generation); });
}

void SyncScheduler::fire(quint64 generation)
{
    if (generation != m_generation)
        return; // re-armed since (the time changed)
    if (!m_sync.running()) {
        emit runStarted();
        m_sync.start();
    }
    arm();
}

} // namespace paydesk
