#pragma once

// Shared by the fuzz targets: an invariant check that aborts (so libFuzzer and the regression
// driver both report it) and a once-per-process set-up that silences Paydesk's logging.

#include <QByteArray>
#include <QLoggingCategory>

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__,           \
                         __LINE__);                                                                \
            std::abort();                                                                          \
        }                                                                                          \
    } while (0)

inline void fuzzQuietLogging()
{
    static const bool once = [] {
        QLoggingCategory::setFilterRules(QStringLiteral("paydesk.*=false\nqt.*=false"));
        return true;
    }();
    (void)once;
}

/// Directory of committed test data (tests/data), compiled in by CMake.
inline QString fuzzTestData()
{
    return QStringLiteral(PAYDESK_FUZZ_TEST_DATA);
}
