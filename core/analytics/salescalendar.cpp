#include "core/analytics/salescalendar.h"

#include <QTimeZone>

namespace paydesk {

namespace {
QDateTime localAt(const QDate &day, int hour)
{
    return QDateTime(day, QTime(0, 0), QTimeZone::utc()).addSecs(qint64(hour) * 3600);
}
} // namespace

QDateTime SalesCalendar::toLocal(const QDateTime &utc) const
{
    return utc.toUTC().addSecs(m_offset);
}

QString SalesCalendar::slotKey(const QDate &day, int hour)
{
    return localAt(day, hour).toString(QStringLiteral("yyyy-MM-ddTHH"));
}

QString SalesCalendar::utcText(const QDate &day, int hour) const
{
    return localAt(day, hour).addSecs(-m_offset).toString(Qt::ISODateWithMs);
}

SlotSpan SalesCalendar::span(const QDate &fromDay, int fromHour, const QDate &toDay,
                             int toHour) const
{
    return {slotKey(fromDay, fromHour), slotKey(toDay, toHour), utcText(fromDay, fromHour),
            utcText(toDay, toHour)};
}

SalesCalendar::Periods SalesCalendar::periods(const QDate &start, const QDate &previousStart,
                                              const QDateTime &nowLocal) const
{
    const QDateTime begin = localAt(start, 0);
    const QDateTime cut = localAt(nowLocal.date(), nowLocal.time().hour() + 1);
    const qint64 hours = qMax<qint64>(0, begin.secsTo(cut) / 3600);
    QDateTime previousCut = localAt(previousStart, 0).addSecs(hours * 3600);
    if (previousCut > begin)
        previousCut = begin;
    Periods p;
    p.current = span(start, 0, cut.date(), cut.time().hour());
    p.previous = span(previousStart, 0, previousCut.date(), previousCut.time().hour());
    return p;
}

} // namespace paydesk
