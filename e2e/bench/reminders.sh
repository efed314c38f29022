#!/usr/bin/env bash
# How fast reminders are delivered: N tasks (default 100,000) whose reminders all fall due
# within one minute (SPREAD=1: all in the same second), delivered by PROCS server processes
# (default 1) sharing the database.
# Usage: e2e/bench/reminders.sh path/to/release/crm sqlite|postgres [N]
# PostgreSQL needs TEST_DATABASE_URL (an admin URL; a fresh database is created).
set -euo pipefail
BIN=$(realpath "${1:?usage: reminders.sh path/to/crm sqlite|postgres [N]}")
BACKEND=${2:?sqlite or postgres}
N=${3:-100000}
PROCS=${PROCS:-1}
SPREAD=${SPREAD:-60}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT
export CRM_DATA_DIR="$DATA" RUST_LOG=warn CRM_JWT_SECRET=reminder-benchmark-secret-of-32-bytes-or-more
if [[ $BACKEND == postgres ]]; then
  DB="crm_bench_$$"
  psql -q "${TEST_DATABASE_URL:?set TEST_DATABASE_URL}" -c "CREATE DATABASE $DB"
  export DATABASE_URL="${TEST_DATABASE_URL%/*}/$DB"
  TARGET=$DATABASE_URL
else
  TARGET="$DATA/crm.sqlite3"
fi
"$BIN" setup --portal-name Bench --owner-email bench@example.com --owner-password 'bench-password-1' --locale en >/dev/null
# The minute after next, so that seeding and start-up finish before the first reminder is due.
START=$(python3 -c 'import datetime as d; t=d.datetime.now(d.timezone.utc).replace(second=0, microsecond=0)+d.timedelta(minutes=2); print(t.strftime("%Y-%m-%d %H:%M:%S"))')
python3 "$HERE/reminders.py" seed "$BACKEND" "$TARGET" "$N" "$START" "$SPREAD"
for i in $(seq 1 "$PROCS"); do
  CRM_BIND="127.0.0.1:0" "$BIN" serve >"$DATA/server-$i.log" 2>&1 &
  PIDS+=($!)
done
echo "== $BACKEND, $N reminders due from $START UTC within $SPREAD s, $PROCS process(es) =="
python3 "$HERE/reminders.py" wait "$BACKEND" "$TARGET" "$N"
