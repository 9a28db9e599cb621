// LD_PRELOAD shim for the disk-fault soak (docs/SOAK.md): makes the data folder behave like a
// full disk (ENOSPC) or a file system gone read-only (EROFS) at the system-call level, for CI
// containers that may not mount a small file system. Root ignores file modes, so "read-only"
// cannot be a chmod; it has to be EROFS.
//
// Only paths under the armed folder are affected (for a file descriptor: the path it was
// opened as, read from /proc/self/fd). Two ways to arm it:
// - in the process itself: paydesk_diskshim_set(dir, mode, budget) (found with dlsym), mode
//   0 off, 1 full, 2 read-only; for "full", \a budget bytes are still written before ENOSPC
//   (a short write at the edge, as on a real disk);
// - from the environment (a paydesk child process): PAYDESK_DISKSHIM_DIR, PAYDESK_DISKSHIM_FAULT
//   = full | readonly, PAYDESK_DISKSHIM_AFTER_BYTES, and PAYDESK_DISKSHIM_TRIGGER naming a file:
//   when set, the fault holds only while that file exists (the test arms a running process).
// Full: write/pwrite/writev fail with ENOSPC once the budget is spent, as do fallocate and
// creating a new file or folder; an existing file still opens, shrinks and syncs. Read-only:
// every open for writing, write, truncate, fsync, mkdir, unlink and rename fails with EROFS.
// paydesk_diskshim_failures() counts the calls it failed.

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

namespace {

enum Mode { Off = 0, Full = 1, ReadOnly = 2 };

std::mutex g_lock; // guards g_dir and g_trigger
std::string g_dir;
std::string g_trigger;
std::atomic<int> g_mode{Off};
std::atomic<long long> g_budget{0};
std::atomic<long long> g_failures{0};
std::once_flag g_env;

template <typename Fn> Fn real(const char *name)
{
    return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

void readEnvironment()
{
    std::call_once(g_env, [] {
        const char *dir = std::getenv("PAYDESK_DISKSHIM_DIR");
        const char *fault = std::getenv("PAYDESK_DISKSHIM_FAULT");
        if (!dir || !fault)
            return;
        std::lock_guard<std::mutex> hold(g_lock);
        g_dir = dir;
        if (const char *trigger = std::getenv("PAYDESK_DISKSHIM_TRIGGER"))
            g_trigger = trigger;
        const char *after = std::getenv("PAYDESK_DISKSHIM_AFTER_BYTES");
        g_budget = after ? std::atoll(after) : 0;
        g_mode = std::strcmp(fault, "readonly") == 0 ? ReadOnly
                 : std::strcmp(fault, "full") == 0   ? Full
                                                     : Off;
    });
}

/// The fault in force for \a path (Off when it is outside the folder or not armed).
int modeFor(const char *path)
{
    readEnvironment();
    const int mode = g_mode.load();
    if (mode == Off || !path)
        return Off;
    std::lock_guard<std::mutex> hold(g_lock);
    if (g_dir.empty() || std::strncmp(path, g_dir.c_str(), g_dir.size()) != 0)
        return Off;
    if (!g_trigger.empty()) {
        struct stat st;
        using StatFn = int (*)(const char *, struct stat *);
        static auto realStat = real<StatFn>("stat");
        if (!realStat || realStat(g_trigger.c_str(), &st) != 0)
            return Off;
    }
    return mode;
}

int modeForFd(int fd)
{
    readEnvironment();
    if (g_mode.load() == Off)
        return Off;
    char link[64];
    char target[4096];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    const ssize_t n = ::readlink(link, target, sizeof target - 1);
    if (n <= 0)
        return Off;
    target[n] = '\0';
    return modeFor(target);
}

int fail(int error)
{
    ++g_failures;
    errno = error;
    return -1;
}

/// How many of \a count bytes a write may put down (-1: none, errno set).
ssize_t allowance(int fd, size_t count)
{
    const int mode = modeForFd(fd);
    if (mode == ReadOnly)
        return fail(EROFS);
    if (mode != Full)
        return ssize_t(count);
    long long left = g_budget.load();
    while (true) {
        if (left <= 0)
            return fail(ENOSPC);
        const long long take = left < (long long)count ? left : (long long)count;
        if (g_budget.compare_exchange_weak(left, left - take))
            return ssize_t(take);
    }
}

bool wantsWrite(int flags)
{
    return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)) != 0;
}

/// EROFS / ENOSPC for an open of \a path with \a flags, 0 when it may go ahead.
int openRefusal(const char *path, int flags)
{
    const int mode = modeFor(path);
    if (mode == ReadOnly && wantsWrite(flags))
        return EROFS;
    if (mode == Full && (flags & O_CREAT) && g_budget.load() <= 0 && ::access(path, F_OK) != 0)
        return ENOSPC; // a new file needs space; an existing one opens
    return 0;
}

mode_t modeArg(int flags, va_list ap)
{
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? mode_t(va_arg(ap, int)) : 0;
}

} // namespace

extern "C" {

void paydesk_diskshim_set(const char *dir, int mode, long long budget)
{
    readEnvironment();
    std::lock_guard<std::mutex> hold(g_lock);
    g_dir = dir ? dir : "";
    g_trigger.clear();
    g_budget = budget;
    g_mode = mode;
}

long long paydesk_diskshim_failures()
{
    return g_failures.load();
}

int open(const char *path, int flags, ...)
{
    static auto fn = real<int (*)(const char *, int, ...)>("open");
    va_list ap;
    va_start(ap, flags);
    const mode_t m = modeArg(flags, ap);
    va_end(ap);
    if (const int e = openRefusal(path, flags))
        return fail(e);
    return fn(path, flags, m);
}

int open64(const char *path, int flags, ...)
{
    static auto fn = real<int (*)(const char *, int, ...)>("open64");
    va_list ap;
    va_start(ap, flags);
    const mode_t m = modeArg(flags, ap);
    va_end(ap);
    if (const int e = openRefusal(path, flags))
        return fail(e);
    return fn(path, flags, m);
}

int openat(int dirfd, const char *path, int flags, ...)
{
    static auto fn = real<int (*)(int, const char *, int, ...)>("openat");
    va_list ap;
    va_start(ap, flags);
    const mode_t m = modeArg(flags, ap);
    va_end(ap);
    if (path && path[0] == '/')
        if (const int e = openRefusal(path, flags))
            return fail(e);
    return fn(dirfd, path, flags, m);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
    static auto fn = real<int (*)(int, const char *, int, ...)>("openat64");
    va_list ap;
    va_start(ap, flags);
    const mode_t m = modeArg(flags, ap);
    va_end(ap);
    if (path && path[0] == '/')
        if (const int e = openRefusal(path, flags))
            return fail(e);
    return fn(dirfd, path, flags, m);
}

ssize_t write(int fd, const void *buf, size_t count)
{
    static auto fn = real<ssize_t (*)(int, const void *, size_t)>("write");
    const ssize_t n = allowance(fd, count);
    return n < 0 ? -1 : fn(fd, buf, size_t(n));
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset)
{
    static auto fn = real<ssize_t (*)(int, const void *, size_t, off_t)>("pwrite");
    const ssize_t n = allowance(fd, count);
    return n < 0 ? -1 : fn(fd, buf, size_t(n), offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off64_t offset)
{
    static auto fn = real<ssize_t (*)(int, const void *, size_t, off64_t)>("pwrite64");
    const ssize_t n = allowance(fd, count);
    return n < 0 ? -1 : fn(fd, buf, size_t(n), offset);
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt)
{
    static auto fn = real<ssize_t (*)(int, const struct iovec *, int)>("writev");
    size_t total = 0;
    for (int i = 0; i < iovcnt; ++i)
        total += iov[i].iov_len;
    const ssize_t n = allowance(fd, total);
    if (n < 0)
        return -1;
    if (size_t(n) < total) {
        static auto single = real<ssize_t (*)(int, const void *, size_t)>("write");
        return single(fd, iov[0].iov_base, iov[0].iov_len < size_t(n) ? iov[0].iov_len : size_t(n));
    }
    return fn(fd, iov, iovcnt);
}

int ftruncate(int fd, off_t length)
{
    static auto fn = real<int (*)(int, off_t)>("ftruncate");
    if (modeForFd(fd) == ReadOnly)
        return fail(EROFS);
    return fn(fd, length);
}

int ftruncate64(int fd, off64_t length)
{
    static auto fn = real<int (*)(int, off64_t)>("ftruncate64");
    if (modeForFd(fd) == ReadOnly)
        return fail(EROFS);
    return fn(fd, length);
}

int fallocate(int fd, int mode, off_t offset, off_t len)
{
    static auto fn = real<int (*)(int, int, off_t, off_t)>("fallocate");
    const int m = modeForFd(fd);
    if (m != Off)
        return fail(m == ReadOnly ? EROFS : ENOSPC);
    return fn(fd, mode, offset, len);
}

int posix_fallocate(int fd, off_t offset, off_t len)
{
    static auto fn = real<int (*)(int, off_t, off_t)>("posix_fallocate");
    const int m = modeForFd(fd);
    if (m != Off) {
        ++g_failures;
        return m == ReadOnly ? EROFS : ENOSPC; // returns the error, errno untouched
    }
    return fn(fd, offset, len);
}

int fsync(int fd)
{
    static auto fn = real<int (*)(int)>("fsync");
    if (modeForFd(fd) == ReadOnly)
        return fail(EROFS);
    return fn(fd);
}

int fdatasync(int fd)
{
    static auto fn = real<int (*)(int)>("fdatasync");
    if (modeForFd(fd) == ReadOnly)
        return fail(EROFS);
    return fn(fd);
}

int mkdir(const char *path, mode_t mode)
{
    static auto fn = real<int (*)(const char *, mode_t)>("mkdir");
    // As the kernel does, an existing path is EEXIST (from the real call) before EROFS/ENOSPC.
    const int m = modeFor(path);
    if (m != Off && ::access(path, F_OK) != 0 && (m == ReadOnly || g_budget.load() <= 0))
        return fail(m == ReadOnly ? EROFS : ENOSPC);
    return fn(path, mode);
}

int unlink(const char *path)
{
    static auto fn = real<int (*)(const char *)>("unlink");
    if (modeFor(path) == ReadOnly)
        return fail(EROFS);
    return fn(path);
}

int rmdir(const char *path)
{
    static auto fn = real<int (*)(const char *)>("rmdir");
    if (modeFor(path) == ReadOnly)
        return fail(EROFS);
    return fn(path);
}

int rename(const char *from, const char *to)
{
    static auto fn = real<int (*)(const char *, const char *)>("rename");
    if (modeFor(from) == ReadOnly || modeFor(to) == ReadOnly)
        return fail(EROFS);
    return fn(from, to);
}

int renameat2(int fromDir, const char *from, int toDir, const char *to, unsigned int flags)
{
    static auto fn = real<int (*)(int, const char *, int, const char *, unsigned int)>("renameat2");
    if ((from && from[0] == '/' && modeFor(from) == ReadOnly) ||
        (to && to[0] == '/' && modeFor(to) == ReadOnly))
        return fail(EROFS);
    return fn(fromDir, from, toDir, to, flags);
}
}
