#include "core/orders/orderowner.h"

#include <QCoreApplication>
#include <QFile>
#include <QStringList>
#include <QSysInfo>

namespace paydesk {

namespace {

QString bootId()
{
    QFile f(QStringLiteral("/proc/sys/kernel/random/boot_id"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(f.readAll()).trimmed();
}

/// Field 22 of /proc/PID/stat (starttime); -1 when the process does not exist.
qint64 startTicks(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    // The command name (field 2) is in parentheses and may itself contain spaces or ')'.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return -1;
    const QList<QByteArray> rest = stat.mid(close + 2).split(' ');
    constexpr int kStartTimeAfterComm = 22 - 3;
    if (rest.size() <= kStartTimeAfterComm)
        return -1;
    bool ok = false;
    const qint64 ticks = rest.at(kStartTimeAfterComm).toLongLong(&ok);
    return ok ? ticks : -1;
}

} // namespace

QString OrderOwner::make(const QString &host, qint64 pid, qint64 startTicks, const QString &boot)
{
    return QStringLiteral("%1:%2:%3:%4").arg(host).arg(pid).arg(startTicks).arg(boot);
}

QString OrderOwner::ofProcess(qint64 pid)
{
    const qint64 ticks = startTicks(pid);
    if (ticks < 0)
        return {};
    return make(QSysInfo::machineHostName(), pid, ticks, bootId());
}

QString OrderOwner::current()
{
    static const QString self = ofProcess(QCoreApplication::applicationPid());
    return self;
}

bool OrderOwner::isAnotherLiveProcess(const QString &owner)
{
    if (owner.isEmpty() || owner == current())
        return false;
    const QStringList parts = owner.split(QLatin1Char(':'));
    if (parts.size() != 4 || parts.at(0) != QSysInfo::machineHostName())
        return false;
    bool ok = false;
    const qint64 pid = parts.at(1).toLongLong(&ok);
    if (!ok || pid <= 0)
        return false;
    // Compared whole, so a reused PID (other start time) or a reboot (other boot id) is gone.
    return ofProcess(pid) == owner;
}

} // namespace paydesk
