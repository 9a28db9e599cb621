#!/usr/bin/env bash
# Makes tests/data/upgrade/ (paydesk.sqlite + data.key): a data folder written by the FIRST
# released Paydesk (0.1.0, commit 40772ca, migrations 0001-0005), with orders, postings and
# audit entries made by that version's own code paths: the owner created in its first-run
# dialog, a wrong password, a lock and an unlock, payment-code charges, QR charges paid or
# closed by its Recovery, against its own sandbox. Run once; the output is committed.
#   tests/data/upgrade/make-fixture.sh OLD_PAYDESK_BINARY
# (build it with: git archive 40772ca | tar -x -C SRC; cmake -S SRC -B SRC/build
#  -DPAYDESK_BUILD_TESTS=OFF; cmake --build SRC/build --target paydesk)
# Needs xvfb, xdotool, curl, python3.
set -euo pipefail
OLD=${1:?usage: make-fixture.sh OLD_PAYDESK_BINARY}
"$OLD" --version | grep -q '^paydesk 0.1.0$' || { echo "not Paydesk 0.1.0: $OLD"; exit 1; }
OUT=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
DATA=$WORK/data
OWNER=olivia
PASSWORD='Lantern-Orbit-73!'
cleanup() { kill "${SANDBOX_PID:-}" "${APP_PID:-}" "${XVFB_PID:-}" 2>/dev/null || true; }
trap cleanup EXIT

# The old sandbox, standalone, with a fixed seed.
"$OLD" sandbox --port 0 --seed 15 --state "$WORK/sandbox" >"$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 50); do grep -q 'listening on' "$WORK/sandbox.log" && break; sleep 0.2; done
URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/sandbox.log" | head -1)
echo "sandbox at $URL"

# The owner, through the first-run dialog of the old GUI; then a wrong password, a lock, unlock.
Xvfb :57 -screen 0 1366x768x24 >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
export DISPLAY=:57
sleep 1
type_keys() { xdotool type --delay 30 "$1"; }
"$OLD" --data-dir "$DATA" --lang en --sandbox-url "$URL" >"$WORK/app.log" 2>&1 &
APP_PID=$!
sleep 4
type_keys "$OWNER"; xdotool key Tab; type_keys "$PASSWORD"; xdotool key Tab; type_keys "$PASSWORD"
xdotool key Return
sleep 6
xdotool key ctrl+l                      # till.locked
sleep 2
type_keys "wrong-password-1"; xdotool key Return   # operator.login_failed
sleep 2
xdotool key ctrl+a; type_keys "$PASSWORD"; xdotool key Return
sleep 3
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
kill "$XVFB_PID"; XVFB_PID=

charge() { "$OLD" --data-dir "$DATA" --lang en --sandbox-url "$URL" charge --json "$@"; }
buyer_code() {
  curl -s -X POST "$URL/sandbox/buyers" -d '{"balance_minor":1000000}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["alipay_code"])'
}
charge --amount 12.34 --code "$(buyer_code)"
charge --amount 8.80 --code "$(buyer_code)"
charge --amount 199.99 --code "$(buyer_code)"
# A QR the customer pays, and one nobody pays: the next charge's Recovery finishes both.
QR=$(charge --amount 45.60 | python3 -c 'import json,sys; print(json.load(sys.stdin)["qr_code"])')
curl -s -X POST "$URL/sandbox/pay" -d "{\"qr\":\"$QR\"}" >/dev/null
sleep 1
charge --amount 3.00 >/dev/null
"$OLD" --data-dir "$DATA" --lang en --sandbox-url "$URL" recover --json || true
charge --amount 66.00 --code "$(buyer_code)"
"$OLD" --data-dir "$DATA" --lang en --sandbox-url "$URL" orders --json
"$OLD" --data-dir "$DATA" --lang en audit verify --json

sqlite3 "$DATA/db/paydesk.sqlite" 'PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;' >/dev/null
sqlite3 "$DATA/db/paydesk.sqlite" 'SELECT MAX(version) FROM schema_migrations;
  SELECT COUNT(*) FROM orders; SELECT COUNT(*) FROM postings; SELECT COUNT(*) FROM audit_log;'
cp "$DATA/db/paydesk.sqlite" "$OUT/paydesk.sqlite"
cp "$DATA/keys/data.key" "$OUT/data.key"
chmod 0644 "$OUT/paydesk.sqlite" "$OUT/data.key"
echo "written $OUT/paydesk.sqlite and $OUT/data.key"
