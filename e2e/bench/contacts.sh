#!/usr/bin/env bash
# Load figures of the contacts API with many contacts, on the release build.
# Usage: e2e/bench/contacts.sh path/to/release/crm sqlite|postgres [contacts=1000000]
# PostgreSQL needs TEST_DATABASE_URL (an admin URL; a fresh database is created).
# Prints p50/p99 and throughput of: health, fetch by id, first filtered page, text search,
# and create with the duplicate check (wrk, 2 threads, 16 connections, loopback); on
# PostgreSQL also what pgbench gets from the database alone for a select by key and for a
# create's statements.
set -euo pipefail
BIN=$(realpath "${1:?usage: contacts.sh path/to/crm sqlite|postgres [N]}")
BACKEND=${2:?sqlite or postgres}
N=${3:-1000000}
source "$(dirname "$0")/lib.sh"
bench_serve seed.py
TYPE=$(curl -s "$BASE/api/v1/settings/lists/contact_types" -H "Authorization: Bearer $TOKEN" | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][1]["id"])')
ID=$((N / 2 + 1))

run() { # name path [extra wrk args]
  local name=$1 path=$2; shift 2
  local out
  out=$(wrk -t2 -c16 -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$@" "$BASE$path")
  local p50 p99 rps
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  local non2xx
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  printf '%-28s p50 %-9s p99 %-9s %10s req/s %s\n' "$name" "$p50" "$p99" "$rps" "${non2xx:+(non-2xx: $non2xx)}"
}

echo "== $BACKEND, $N contacts =="
curl -fs "$BASE/api/v1/contacts/$ID" -H "Authorization: Bearer $TOKEN" >/dev/null
run "health/live" "/health/live"
run "fetch by id" "/api/v1/contacts/$ID"
run "first page, type filter" "/api/v1/contacts?type_id=$TYPE&limit=50"
run "first page, no filter" "/api/v1/contacts?limit=50"
run "text search (name)" "/api/v1/contacts?q=lastname0499&limit=50"
run "text search (phone)" "/api/v1/contacts?q=9120250001&limit=50"
export BENCH_TOKEN=$TOKEN
run "create + duplicate check" "/api/v1/contacts" -s "$HERE/post_contact.lua"

if [[ $BACKEND == postgres ]] && command -v pgbench >/dev/null; then
  # PostgreSQL alone, on the same cores, with no HTTP server in between: the ceiling of the
  # figures above.
  ceiling() { # name pgbench-args...
    local name=$1; shift
    local tps
    tps=$(pgbench -n -M prepared -c16 -j2 -T"$DURATION" "$@" "$DATABASE_URL" 2>/dev/null | awk '/^tps/ {printf "%.0f", $3}')
    printf '%-28s %39s tx/s\n' "$name" "$tps"
  }
  echo "SELECT id FROM contacts WHERE portal_id = 1 AND id = $ID;" >"$DATA/select.sql"
  ceiling "pgbench: select by key" -f "$DATA/select.sql"
  ceiling "pgbench: create statements" -f "$HERE/pg_create.sql"
fi
