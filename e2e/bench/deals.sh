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
source "$(dirname "$0")/lib.sh"
bench_serve seed_deals.py
PIPELINES=$(curl -s "$BASE/api/v1/pipelines" -H "Authorization: Bearer $TOKEN")
PIPELINE=$(echo "$PIPELINES" | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')
STAGES=$(echo "$PIPELINES" | python3 -c 'import sys,json; print(" ".join(str(s["id"]) for s in json.load(sys.stdin)["items"][0]["stages"] if s["status"] == "open"))')
FIRST_DEAL=$(curl -s "$BASE/api/v1/deals?sort=created_at&limit=1" -H "Authorization: Bearer $TOKEN" | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')

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
