#include "core/backup/dailybackup.h"

#include "core/backup/backupservice.h"
#include "core/util/log.h"

namespace paydesk {

DailyBackup::DailyBackup(BackupService &service, QObject *parent)
    : QObject(parent), m_service(service)
{
    connect(&m_timer, &QTimer::timeout, this, &DailyBackup::runNow);
}

void DailyBackup::start(int firstDelayMs, int intervalMs)
{
    QTimer::singleShot(firstDelayMs, this, [this, intervalMs] {
        runNow();
        m_timer.start(intervalMs);
    });
}

void DailyBackup::runNow()
{
    auto made = m_service.backupIfDue();
    if (!made.ok()) {
        qCWarning(lcStorage).noquote() << "daily backup failed:" << made.error().message;
        emit backedUp(false, made.error().message);
    } else if (made.value()) {
        emit backedUp(true, made.value()->file.path);
    }
}

} // namespace paydesk
