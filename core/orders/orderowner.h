#pragma once

#include <QString>

namespace paydesk {

/// Which process drives an open order, as stored in `orders.owner`:
/// "host:pid:starttime:bootid". The PID alone is not an identity: after a reboot, or once a
/// crashed process's PID is handed out again, it names some other process, and Recovery
/// would leave that order alone forever. The process start time (clock ticks since boot,
/// /proc/PID/stat) and the boot id (/proc/sys/kernel/random/boot_id) together name one run
/// of one process.
class OrderOwner
{
public:
    /// This process.
    static QString current();
    /// Process \a pid on this host as it runs now; empty when it does not exist.
    static QString ofProcess(qint64 pid);
    /// Builds an identity from its parts (tests record one that does not match its PID).
    static QString make(const QString &host, qint64 pid, qint64 startTicks, const QString &bootId);

    /// True when \a owner is another process that is still running on this host: it is
    /// driving the order, so Recovery here must leave it alone. A gone process, a PID now
    /// used by another process, an earlier boot, another host, an empty owner or the
    /// "host:pid" form of migration 0005 (every such process ended when Paydesk was
    /// upgraded) is false.
    static bool isAnotherLiveProcess(const QString &owner);
};

} // namespace paydesk
