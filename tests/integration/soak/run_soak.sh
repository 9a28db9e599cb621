#!/bin/sh
# `make soak`: the full soak runs (docs/SOAK.md) and their figures (tst_soak_disk has no size:
# it runs as in `make test`).
#   SOAK_ROUNDS (200) crash rounds, SOAK_CHECKOUTS (10000) fault-soak checkouts, SOAK_SEED.
# Usage: run_soak.sh BUILD_DIR
set -u
build=${1:-build}
dir="$build/tests/integration/soak"
export QT_QPA_PLATFORM=offscreen QTEST_FUNCTION_TIMEOUT=7200000
export PAYDESK_SOAK_ROUNDS="${SOAK_ROUNDS:-200}" PAYDESK_SOAK_CHECKOUTS="${SOAK_CHECKOUTS:-10000}"
[ -n "${SOAK_SEED:-}" ] && export PAYDESK_SOAK_SEED="$SOAK_SEED"
status=0
for t in tst_soak_crash tst_soak_faults tst_soak_disk; do
    log="$dir/$t.log"
    start=$(date +%s)
    "$dir/$t" >"$log" 2>&1
    rc=$?
    echo "== $t: exit $rc in $(( $(date +%s) - start )) s (log: $log)"
    grep -E '^(SOAK|  explained)' "$log"
    if [ $rc -ne 0 ]; then
        grep -E '^(FAIL|   Loc)' "$log"
        status=1
    fi
done
[ $status -eq 0 ] && echo "soak: every invariant held" || echo "soak: an invariant BROKE (see above)"
exit $status
