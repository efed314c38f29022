#!/usr/bin/env bash
# Figures of exports on the release build: N seeded contacts (seed.py: an e-mail and a phone
# each) exported to CSV and to XLSX by the owner (a CRM admin, so every contact), and the CSV
# downloaded. Prints each step's wall time, the file's size and the server's largest memory
# while it ran (sampled every 100 ms): its own (anonymous) memory, and all it has resident,
# which on SQLite includes the pages of the database file it has mapped (mmap_size).
# Usage: e2e/bench/exports.sh path/to/release/crm sqlite|postgres [contacts=1000000]
# PostgreSQL needs TEST_DATABASE_URL (an admin URL; a fresh database is created).
set -euo pipefail
BIN=$(realpath "${1:?usage: exports.sh path/to/crm sqlite|postgres [N]}")
BACKEND=${2:?sqlite or postgres}
N=${3:-1000000}
source "$(dirname "$0")/lib.sh"
bench_serve seed.py

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$PID/status"; }
anon_kb() { awk '/^RssAnon/ {print $2}' "/proc/$PID/status"; }
# Runs a command while sampling the server's memory; prints "seconds anon-MB resident-MB".
watched() {
  local peak anon start
  peak=$(rss_kb); anon=$(anon_kb); start=$(date +%s.%N)
  "$@" &
  local job=$!
  while kill -0 "$job" 2>/dev/null; do
    local now; now=$(rss_kb); (( now > peak )) && peak=$now
    now=$(anon_kb); (( now > anon )) && anon=$now
    sleep 0.1
  done
  wait "$job"
  python3 -c "import time; print(f'{time.time() - $start:.1f} {$anon / 1024:.0f}/{$peak / 1024:.0f}')"
}
# Starts an export and waits for its job; leaves the job in $DATA/job.json.
export_and_wait() { # body
  local id
  id=$(curl -fs -X POST "$BASE/api/v1/exports" -H "Authorization: Bearer $TOKEN" \
    -H 'content-type: application/json' -d "$1" | python3 -c 'import sys,json; print(json.load(sys.stdin)["id"])')
  while :; do
    curl -fs "$BASE/api/v1/jobs/$id" -H "Authorization: Bearer $TOKEN" >"$DATA/job.json"
    python3 -c 'import sys,json; sys.exit(json.load(open(sys.argv[1]))["state"] not in ("succeeded", "failed"))' "$DATA/job.json" && break
    sleep 0.2
  done
}
result() { # -> "state rows"
  python3 -c "import json; j=json.load(open('$DATA/job.json')); print(j['state'], (j.get('result') or {}).get('rows', j.get('error')))"
}

echo "== $BACKEND, $N contacts; server at rest: $(( $(anon_kb) / 1024 ))/$(( $(rss_kb) / 1024 )) MB own/resident =="
read -r secs peak <<<"$(watched export_and_wait '{"kind":"contacts","format":"csv"}')"
read -r state rows <<<"$(result)"
URL=$(python3 -c "import json; print(json.load(open('$DATA/job.json'))['result']['download_url'])")
SIZE=$(python3 -c "import json; print(json.load(open('$DATA/job.json'))['result']['size_bytes'] // 1048576)")
printf '%-24s %6s s  own/resident %9s MB  %s rows, %s MB  (%s)\n' "export to CSV" "$secs" "$peak" "$rows" "$SIZE" "$state"
read -r secs peak <<<"$(watched curl -fs -o "$DATA/export.csv" "$BASE$URL" -H "Authorization: Bearer $TOKEN")"
printf '%-24s %6s s  own/resident %9s MB  %s lines\n' "download the CSV" "$secs" "$peak" "$(wc -l <"$DATA/export.csv")"
read -r secs peak <<<"$(watched export_and_wait '{"kind":"contacts","format":"xlsx"}')"
read -r state rows <<<"$(result)"
SIZE=$(python3 -c "import json; r=json.load(open('$DATA/job.json')).get('result') or {}; print(r.get('size_bytes', 0) // 1048576)")
printf '%-24s %6s s  own/resident %9s MB  %s rows, %s MB  (%s)\n' "export to XLSX" "$secs" "$peak" "$rows" "$SIZE" "$state"
