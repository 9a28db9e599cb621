// LD_PRELOAD shim for the crash soak (docs/SOAK.md): kills the process with SIGKILL between a
// write to the database or its WAL/journal and that file's fsync, with some probability.
// Armed only when PAYDESK_KILLSHIM_P is set (a probability per eligible write or fsync, e.g.
// 0.05); PAYDESK_KILLSHIM_POINTS limits it to "write" or "fsync" (both when unset);
// PAYDESK_KILLSHIM_SEED seeds the choice; PAYDESK_KILLSHIM_LOG names a file that gets
// one line per kill ("write" or "fsync") just before the signal, so the test can count them.

#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/types.h>

namespace {

double g_probability = -1;
unsigned long long g_state = 0;
const char *g_points = nullptr;

bool armed()
{
    if (g_probability < 0) {
        const char *p = std::getenv("PAYDESK_KILLSHIM_P");
        g_probability = p ? std::atof(p) : 0;
        g_points = std::getenv("PAYDESK_KILLSHIM_POINTS");
        const char *seed = std::getenv("PAYDESK_KILLSHIM_SEED");
        g_state = (seed ? std::strtoull(seed, nullptr, 10) : 1) * 6364136223846793005ULL + 1;
    }
    return g_probability > 0;
}

double nextUniform()
{
    // splitmix64
    unsigned long long z = (g_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return double(z >> 11) / double(1ULL << 53);
}

bool isDatabaseFile(int fd)
{
    char link[64];
    char target[4096];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    const ssize_t n = ::readlink(link, target, sizeof target - 1);
    if (n <= 0)
        return false;
    target[n] = '\0';
    return std::strstr(target, "paydesk.sqlite") != nullptr;
}

void maybeKill(int fd, const char *where)
{
    if (!armed() || (g_points && !std::strstr(g_points, where)) || !isDatabaseFile(fd) ||
        nextUniform() >= g_probability)
        return;
    if (const char *log = std::getenv("PAYDESK_KILLSHIM_LOG")) {
        using OpenFn = int (*)(const char *, int, ...);
        using WriteFn = ssize_t (*)(int, const void *, size_t);
        auto realOpen = reinterpret_cast<OpenFn>(dlsym(RTLD_NEXT, "open"));
        auto realWrite = reinterpret_cast<WriteFn>(dlsym(RTLD_NEXT, "write"));
        const int out = realOpen(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (out >= 0) {
            char line[32];
            const int len = std::snprintf(line, sizeof line, "%s\n", where);
            [[maybe_unused]] const ssize_t w = realWrite(out, line, size_t(len));
            ::close(out);
        }
    }
    ::kill(::getpid(), SIGKILL);
}

template <typename Fn> Fn real(const char *name)
{
    return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

} // namespace

extern "C" {

ssize_t write(int fd, const void *buf, size_t count)
{
    static auto fn = real<ssize_t (*)(int, const void *, size_t)>("write");
    const ssize_t n = fn(fd, buf, count);
    maybeKill(fd, "write");
    return n;
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset)
{
    static auto fn = real<ssize_t (*)(int, const void *, size_t, off_t)>("pwrite");
    const ssize_t n = fn(fd, buf, count, offset);
    maybeKill(fd, "write");
    return n;
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off64_t offset)
{
    static auto fn = real<ssize_t (*)(int, const void *, size_t, off64_t)>("pwrite64");
    const ssize_t n = fn(fd, buf, count, offset);
    maybeKill(fd, "write");
    return n;
}

int fsync(int fd)
{
    static auto fn = real<int (*)(int)>("fsync");
    maybeKill(fd, "fsync");
    return fn(fd);
}

int fdatasync(int fd)
{
    static auto fn = real<int (*)(int)>("fdatasync");
    maybeKill(fd, "fsync");
    return fn(fd);
}
}
