#!/usr/bin/env bash
# Load figures of the deals API with many deals, on the release build.
# Usage: e2e/bench/deals.sh path/to/release/crm sqlite|postgres [deals=1000000]
# PostgreSQL needs TEST_DATABASE_URL (an admin URL; a fresh database is created).
# Prints p50/p99 of: health, the board's first screen of one pipeline, a filtered list page
# with its totals (16 connections, then one), and a stage change while the board is read (wrk,
# loopback), and each as a ratio to /health/live measured in the same run.
set -euo pipefail
BIN=$(realpath "${1:?usage: deals.sh path/to/crm sqlite|postgres [N]}")
BACKEND=${2:?sqlite or postgres}
N=${3:-1000000}
DURATION=${BENCH_SECONDS:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
cleanup() {
  [[ -n "${PID:-}" ]] && kill "$PID" 2>/dev/null
  [[ -n "${LOAD:-}" ]] && kill "$LOAD" 2>/dev/null
  wait 2>/dev/null || true
  [[ -n "${DB:-}" ]] && psql -q "$TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $DB" 2>/dev/null
  rm -rf "$DATA"
}
trap cleanup EXIT
export CRM_DATA_DIR="$DATA" RUST_LOG=warn CRM_LOGIN_MAX_FAILURES=1000000
if [[ $BACKEND == postgres ]]; then
  DB="crm_bench_$$"
  psql -q "${TEST_DATABASE_URL:?set TEST_DATABASE_URL}" -c "CREATE DATABASE $DB"
  export DATABASE_URL="${TEST_DATABASE_URL%/*}/$DB"
  TARGET=$DATABASE_URL
else
  TARGET="$DATA/crm.sqlite3"
fi
"$BIN" setup --portal-name Bench --owner-email bench@example.com --owner-password 'bench-password-1' --locale en >/dev/null
python3 "$HERE/seed_deals.py" "$BACKEND" "$TARGET" "$N"
CRM_BIND="127.0.0.1:$PORT" "$BIN" serve >"$DATA/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 200); do curl -fs "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
TOKEN=$(curl -s -X POST "$BASE/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"bench@example.com","password":"bench-password-1"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])')
PIPELINES=$(curl -s "$BASE/api/v1/pipelines" -H "Authorization: Bearer $TOKEN")
PIPELINE=$(echo "$PIPELINES" | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')
STAGES=$(echo "$PIPELINES" | python3 -c 'import sys,json; print(" ".join(str(s["id"]) for s in json.load(sys.stdin)["items"][0]["stages"] if s["status"] == "open"))')
FIRST_DEAL=$(curl -s "$BASE/api/v1/deals?sort=created_at&limit=1" -H "Authorization: Bearer $TOKEN" | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')

measure() { # path [extra wrk args] -> "p50 p99" in ms, CONNECTIONS at once (default 16)
  local path=$1; shift
  local c=${CONNECTIONS:-16}
  wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$@" "$BASE$path" |
    awk '$1=="50%" {p50=$2} $1=="99%" {p99=$2} END {print p50, p99}' |
    python3 -c '
import sys
def ms(v):
    for unit, f in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if v.endswith(unit) and (unit != "s" or not v.endswith(("us", "ms"))):
            return float(v[: -len(unit)]) * f
    return float(v)
p50, p99 = sys.stdin.read().split()
print(f"{ms(p50):.2f} {ms(p99):.2f}")'
}
report() { # name "p50 p99"
  read -r p50 p99 <<<"$2"
  read -r h50 h99 <<<"$HEALTH"
  printf '%-34s p50 %8s ms  p99 %8s ms   (x%.1f / x%.1f of health)\n' "$1" "$p50" "$p99" \
    "$(python3 -c "print($p50 / max($h50, 0.001))")" "$(python3 -c "print($p99 / max($h99, 0.001))")"
}

echo "== $BACKEND, $N deals in 3 pipelines =="
HEALTH=$(measure "/health/live")
report "health/live" "$HEALTH"
report "board, first screen (20 a column)" "$(measure "/api/v1/pipelines/$PIPELINE/board")"
report "list page + totals (filtered)" "$(measure "/api/v1/deals?pipeline_id=$PIPELINE&stage_status=open&limit=50")"
report "board, one connection" "$(CONNECTIONS=1 measure "/api/v1/pipelines/$PIPELINE/board")"
report "list + totals, one connection" "$(CONNECTIONS=1 measure "/api/v1/deals?pipeline_id=$PIPELINE&stage_status=open&limit=50")"
export BENCH_TOKEN=$TOKEN BENCH_FIRST_DEAL=$FIRST_DEAL BENCH_STAGES=$STAGES BENCH_DEALS=$N
# Stage changes while one connection keeps reading the board.
wrk -t1 -c1 -d"$((DURATION + 2))s" -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/pipelines/$PIPELINE/board" >/dev/null &
LOAD=$!
report "stage change, board read meanwhile" "$(measure "/api/v1/deals" -s "$HERE/stage_change.lua")"
wait "$LOAD" 2>/dev/null || true
LOAD=
