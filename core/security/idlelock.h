#pragma once

#include <QDateTime>
#include <QObject>

namespace paydesk {

class Clock;

/// Emits idleTimeout() once after \a idleMinutes without noteActivity(); driven by the injected
/// Clock (a ManualClock in tests). The GUI feeds it from an application event filter and shows
/// the lock screen on idleTimeout(); start() again after unlocking. 0 minutes disables it.
class IdleLock : public QObject
{
    Q_OBJECT
public:
    IdleLock(Clock &clock, int idleMinutes, QObject *parent = nullptr);

    void setIdleMinutes(int minutes);
    int idleMinutes() const { return m_minutes; }
    void start();
    void stop();
    bool isRunning() const { return m_running; }
    void noteActivity();

signals:
    void idleTimeout();

private:
    void schedule(qint64 ms);
    void check();

    Clock &m_clock;
    int m_minutes;
    bool m_running = false;
    bool m_scheduled = false;
    quint64 m_generation = 0;
    QDateTime m_last;
};

} // namespace paydesk
