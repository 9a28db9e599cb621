#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

namespace paydesk {

/// The source of time and delayed work. Services take a Clock in their constructor so
/// that tests can drive a 30-second poll in microseconds with a ManualClock.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime nowUtc() const = 0;
    /// Runs \a fn after \a ms milliseconds unless \a context is destroyed first.
    virtual void callAfter(qint64 ms, QObject *context, std::function<void()> fn) = 0;
};

/// Wall clock and real timers (QTimer::singleShot).
class SystemClock final : public Clock
{
public:
    QDateTime nowUtc() const override;
    void callAfter(qint64 ms, QObject *context, std::function<void()> fn) override;
};

/// A clock that only moves when told to. Pending callbacks run, in due order, when
/// advance() passes their due time.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime startUtc = QDateTime(QDate(2026, 1, 1), QTime(2, 0), Qt::UTC));
    QDateTime nowUtc() const override { return m_now; }
    void callAfter(qint64 ms, QObject *context, std::function<void()> fn) override;

    /// Moves time forward by \a ms, running every callback that falls due on the way.
    void advance(qint64 ms);
    void setNow(const QDateTime &utc) { m_now = utc; }
    int pendingCount() const { return int(m_pending.size()); }

private:
    struct Pending
    {
        QDateTime due;
        quint64 seq;
        QPointer<QObject> context;
        bool hasContext;
        std::function<void()> fn;
    };
    QDateTime m_now;
    quint64 m_seq = 0;
    QList<Pending> m_pending;
};

} // namespace paydesk
