#!/bin/sh
# Runs every libFuzzer target for SECONDS each (default 60) under ASan + UBSan.
# Usage: tests/fuzz/run.sh [SECONDS]      (make fuzz FUZZ_SECONDS=N)
# Builds in build-fuzz/ with clang++; new inputs go to build-fuzz/corpus/<target>/ (the
# committed seeds in tests/fuzz/corpus/ are read, never written). Crash inputs are left in
# build-fuzz/artifacts/ and the script exits non-zero.
set -eu

SECONDS_EACH=${1:-60}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${PAYDESK_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
JOBS=${JOBS:-2}
TARGETS="alipay_bill alipay_notify alipay_response money_parse payment_code"

command -v clang++ >/dev/null 2>&1 || { echo "run.sh: clang++ is required for libFuzzer" >&2; exit 2; }

SAN="-fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer"
LAUNCHER=""
command -v ccache >/dev/null 2>&1 && LAUNCHER="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"

cmake -S "$ROOT" -B "$BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_FLAGS="$SAN -fsanitize=fuzzer-no-link" \
    -DCMAKE_EXE_LINKER_FLAGS="$SAN" \
    -DPAYDESK_FUZZ=ON -DPAYDESK_BUILD_BENCH=OFF $LAUNCHER >/dev/null

for t in $TARGETS; do
    ninja -C "$BUILD" -j"$JOBS" "fuzz_$t"
done

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export QT_QPA_PLATFORM=offscreen

status=0
mkdir -p "$BUILD/artifacts"
for t in $TARGETS; do
    work="$BUILD/corpus/$t"
    mkdir -p "$work"
    echo "== fuzz_$t for ${SECONDS_EACH}s"
    if ! "$BUILD/tests/fuzz/fuzz_$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/${t}-" \
            "$work" "$ROOT/tests/fuzz/corpus/$t"; then
        echo "!! fuzz_$t found a problem; see $BUILD/artifacts/" >&2
        status=1
    fi
done
exit $status
