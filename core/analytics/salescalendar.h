#pragma once

#include <QDate>
#include <QDateTime>
#include <QString>

namespace paydesk {

/// A half-open span of local hours [from, to), as the slot keys of analytics_hourly
/// ("YYYY-MM-DDTHH"); the same span as UTC instants for queries over `orders`.
struct SlotSpan
{
    QString fromSlot;
    QString toSlot;
    QString fromUtc; ///< ISO-8601 UTC with milliseconds, comparable with orders.created_at
    QString toUtc;
    bool contains(const QString &slot) const { return slot >= fromSlot && slot < toSlot; }
};

/// Local days and hours of the store at a fixed UTC offset (the store's zone has no DST, as
/// Asia/Shanghai; docs/ANALYTICS.md). The triggers of migration 0011 bucket with the same
/// offset, so what this calendar calls "today" is what the aggregates call today.
class SalesCalendar
{
public:
    explicit SalesCalendar(int offsetSeconds) : m_offset(offsetSeconds) {}

    int offsetSeconds() const { return m_offset; }
    /// The local wall-clock time of \a utc (returned with UTC spec, shifted).
    QDateTime toLocal(const QDateTime &utc) const;
    static QString slotKey(const QDate &day, int hour);
    static QString dayKey(const QDate &day) { return day.toString(Qt::ISODate); }
    /// The UTC instant of local \a day at \a hour, as stored in orders.created_at.
    QString utcText(const QDate &day, int hour) const;
    /// Local hours [\a fromDay fromHour, \a toDay toHour).
    SlotSpan span(const QDate &fromDay, int fromHour, const QDate &toDay, int toHour) const;

    /// The current period starting on \a start (up to and including the hour of \a nowLocal)
    /// and the previous one starting on \a previousStart cut after as many hours, but never
    /// past \a start.
    struct Periods
    {
        SlotSpan current;
        SlotSpan previous;
    };
    Periods periods(const QDate &start, const QDate &previousStart,
                    const QDateTime &nowLocal) const;

private:
    int m_offset;
};

} // namespace paydesk
