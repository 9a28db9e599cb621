#include "core/security/idlelock.h"

#include "core/util/clock.h"

namespace paydesk {

IdleLock::IdleLock(Clock &clock, int idleMinutes, QObject *parent)
    : QObject(parent), m_clock(clock), m_minutes(idleMinutes)
{
}

void IdleLock::setIdleMinutes(int minutes)
{
    m_minutes = minutes;
    if (m_running) {
        stop();
        start();
    }
}

void IdleLock::start()
{
    m_running = m_minutes > 0;
    m_last = m_clock.nowUtc();
    if (m_running)
        schedule(qint64(m_minutes) * 60 * 1000);
}

void IdleLock::stop()
{
    m_running = false;
    m_scheduled = false;
    ++m_generation; // orphan any pending check
}

void IdleLock::noteActivity()
{
    // Cheap on every key press: only the timestamp moves; the pending check re-arms itself.
    m_last = m_clock.nowUtc();
}

void IdleLock::schedule(qint64 ms)
{
    m_scheduled = true;
    const quint64 generation = ++m_generation;
    m_clock.callAfter(ms, this, [this, generation] {
        if (generation == m_generation)
            check();
    });
}

void IdleLock::check()
{
    m_scheduled = false;
    if (!m_running)
        return;
    const qint64 limit = qint64(m_minutes) * 60 * 1000;
    const qint64 idle = m_last.msecsTo(m_clock.nowUtc());
    if (idle >= limit) {
        m_running = false;
        emit idleTimeout();
        return;
    }
    schedule(limit - idle);
}

} // namespace paydesk
