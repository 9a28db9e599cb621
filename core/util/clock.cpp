#include "core/util/clock.h"

#include <QTimer>

#include <algorithm>

namespace paydesk {

QDateTime SystemClock::nowUtc() const
{
    return QDateTime::currentDateTimeUtc();
}

void SystemClock::callAfter(qint64 ms, QObject *context, std::function<void()> fn)
{
    QTimer::singleShot(std::chrono::milliseconds(std::max<qint64>(0, ms)), context, std::move(fn));
}

ManualClock::ManualClock(QDateTime startUtc) : m_now(std::move(startUtc)) {}

void ManualClock::callAfter(qint64 ms, QObject *context, std::function<void()> fn)
{
    m_pending.append({m_now.addMSecs(std::max<qint64>(0, ms)), m_seq++, QPointer<QObject>(context),
                      context != nullptr, std::move(fn)});
}

void ManualClock::advance(qint64 ms)
{
    const QDateTime target = m_now.addMSecs(ms);
    for (;;) {
        auto next = std::min_element(m_pending.begin(), m_pending.end(),
                                     [](const Pending &a, const Pending &b) {
                                         return a.due < b.due || (a.due == b.due && a.seq < b.seq);
                                     });
        if (next == m_pending.end() || next->due > target)
            break;
        Pending p = std::move(*next);
        m_pending.erase(next);
        m_now = std::max(m_now, p.due);
        if (!p.hasContext || p.context)
            p.fn();
    }
    m_now = target;
}

} // namespace paydesk
