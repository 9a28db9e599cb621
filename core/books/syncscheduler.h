#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QObject>
#include <QTime>

namespace paydesk {

class Clock;
class SettingsStore;
class SyncService;

/// Runs the statement sync by itself every morning at the store's sync time (store time,
/// Asia/Shanghai; default 10:30) for the previous day, catching up every missed day
/// (SyncService). When started after today's time with a day missing, it syncs at once.
/// Owns the setting: key kSettingKey, default kDefaultTime.
class SyncScheduler : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *kSettingKey = "books/sync_time";
    static constexpr const char *kDefaultTime = "10:30";

    SyncScheduler(SyncService &sync, SettingsStore &settings, Clock &clock,
                  QObject *parent = nullptr);

    /// The configured time of day (store time), or the default when unset or malformed.
    QTime syncTime() const;
    /// Validates and stores \a time ("HH:mm").
    Status setSyncTime(const QString &time);

    /// Arms the daily run (and runs at once when today's time has passed and a day is due).
    void start();
    /// The next scheduled run, UTC; invalid before start().
    QDateTime nextRunUtc() const { return m_next; }

    /// When the next run falls after \a nowUtc for time of day \a at (store time).
    static QDateTime nextRunAfter(const QDateTime &nowUtc, const QTime &at);

signals:
    /// A scheduled run began (SyncService::finished reports its end).
    void runStarted();

private:
    void arm();
    void fire(quint64 generation);

    SyncService &m_sync;
    SettingsStore &m_settings;
    Clock &m_clock;
    QDateTime m_next;
    quint64 m_generation = 0;
};

} // namespace paydesk
