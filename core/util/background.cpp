#include "core/util/background.h"

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace paydesk {

bool runAtBackgroundPriority()
{
#if defined(__linux__)
    // On Linux the nice value belongs to the thread (the task), not the process.
    const auto tid = static_cast<id_t>(syscall(SYS_gettid));
    return setpriority(PRIO_PROCESS, tid, 10) == 0;
#else
    return false;
#endif
}

} // namespace paydesk
