#pragma once

#include <QObject>
#include <QTimer>

namespace paydesk {

class BackupService;

/// Runs BackupService::backupIfDue() a little after the till has started (not on its way to the
/// first window) and then every hour, so a till left open overnight backs up on the new day too.
class DailyBackup : public QObject
{
    Q_OBJECT
public:
    explicit DailyBackup(BackupService &service, QObject *parent = nullptr);

    /// First check after \a firstDelayMs, then every \a intervalMs.
    void start(int firstDelayMs = 15000, int intervalMs = 3600000);
    /// One check now.
    void runNow();

signals:
    /// After a backup was attempted: \a ok, and the file or the problem (translated).
    void backedUp(bool ok, const QString &fileOrProblem);

private:
    BackupService &m_service;
    QTimer m_timer;
};

} // namespace paydesk
