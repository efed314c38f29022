#!/usr/bin/env bash
# Load figures of the invoices API with many invoices, on the release build.
# Usage: e2e/bench/invoices.sh path/to/release/crm sqlite|postgres [invoices=1000000]
# PostgreSQL needs TEST_DATABASE_URL (an admin URL; a fresh database is created).
# Prints p50/p99 of list pages with the count and totals (per currency and in the default
# currency) of all that match: the whole list, overdue, a month, one client, by total; with
# 16 connections and with one (wrk, loopback), each as a ratio to /health/live. A list asked
# for again within seconds and no write uses the count and totals read before: "read every
# time" is the whole list with a filter that changes from request to request.
set -euo pipefail
BIN=$(realpath "${1:?usage: invoices.sh path/to/crm sqlite|postgres [N]}")
BACKEND=${2:?sqlite or postgres}
N=${3:-1000000}
source "$(dirname "$0")/lib.sh"
bench_serve seed_invoices.py --locale=ru
CLIENT=$(curl -s "$BASE/api/v1/invoices?limit=1" -H "Authorization: Bearer $TOKEN" |
  python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["client_id"])')

echo "== $BACKEND, $N invoices to $((N / 50)) clients =="
HEALTH=$(measure "/health/live")
report "health/live" "$HEALTH"
for c in 16 1; do
  report "all, newest first ($c at once)" "$(CONNECTIONS=$c measure "/api/v1/invoices?limit=50")"
  report "overdue ($c at once)" "$(CONNECTIONS=$c measure "/api/v1/invoices?overdue=true&limit=50")"
  report "issued in a month ($c at once)" \
    "$(CONNECTIONS=$c measure "/api/v1/invoices?issued_from=2025-06-01&issued_to=2025-06-30&limit=50")"
  report "one client ($c at once)" "$(CONNECTIONS=$c measure "/api/v1/invoices?client_id=$CLIENT&limit=50")"
  report "by total, largest first ($c at once)" "$(CONNECTIONS=$c measure "/api/v1/invoices?sort=-total&limit=50")"
  report "all, totals read every time ($c at once)" \
    "$(CONNECTIONS=$c measure "/api/v1/invoices" -s "$HERE/uncached_invoices.lua")"
done
