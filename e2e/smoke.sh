#!/usr/bin/env bash
# Smoke test of the built binary with curl: setup → login → me → API token → use → revoke → refused.
# Usage: e2e/smoke.sh path/to/crm
set -euo pipefail
BIN=${1:?usage: e2e/smoke.sh path/to/crm}
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
PASSED=0
FAILED=0
cleanup() { [[ -n "${PID:-}" ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$DATA"; }
trap cleanup EXIT

check() { # name expected actual
  if [[ "$2" == "$3" ]]; then PASSED=$((PASSED + 1)); echo "ok   $1"; else FAILED=$((FAILED + 1)); echo "FAIL $1: expected $2, got $3"; fi
}
json() { python3 -c "import sys, json; print(json.load(sys.stdin)$1)"; }

export CRM_DATA_DIR="$DATA" CRM_BIND="127.0.0.1:$PORT" RUST_LOG=warn
"$BIN" --help | grep -q "setup" && check "crm --help lists setup" 0 0
"$BIN" setup --portal-name "Smoke Ltd" --owner-email smoke@example.com --owner-password 'smoke-password-1' >/dev/null
"$BIN" serve >"$DATA/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -fs "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
check "ready" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready")"

check "me without token" 401 "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/me")"
LOGIN=$(curl -s -X POST "$BASE/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"smoke@example.com","password":"smoke-password-1"}')
ACCESS=$(echo "$LOGIN" | json '["access_token"]')
check "login token type" Bearer "$(echo "$LOGIN" | json '["token_type"]')"
check "me email" smoke@example.com "$(curl -s "$BASE/api/v1/me" -H "Authorization: Bearer $ACCESS" | json '["user"]["email"]')"

TOKEN=$(curl -s -X POST "$BASE/api/v1/api-tokens" -H "Authorization: Bearer $ACCESS" \
  -H 'content-type: application/json' -d '{"name":"smoke","scopes":["read"]}')
SECRET=$(echo "$TOKEN" | json '["secret"]')
TOKEN_ID=$(echo "$TOKEN" | json '["token"]["id"]')
check "me with API token" api_token "$(curl -s "$BASE/api/v1/me" -H "Authorization: Bearer $SECRET" | json '["auth_method"]')"
check "read token cannot write" 403 "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/api/v1/groups" \
  -H "Authorization: Bearer $SECRET" -H 'content-type: application/json' -d '{"name":"x"}')"
check "revoke" 204 "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$BASE/api/v1/api-tokens/$TOKEN_ID" -H "Authorization: Bearer $ACCESS")"
check "revoked token refused" 401 "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/me" -H "Authorization: Bearer $SECRET")"
check "problem content type" application/problem+json \
  "$(curl -s -o /dev/null -w '%{content_type}' "$BASE/api/v1/me" -H "Authorization: Bearer $SECRET")"
check "openapi served" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/openapi.json")"
check "docs page" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/docs/")"

# An open event stream must not hold the stop up.
curl -s -N "$BASE/api/v1/notifications/stream" -H "Authorization: Bearer $ACCESS" >/dev/null &
STREAM=$!
sleep 0.5
STOP_START=$(date +%s)
kill -TERM "$PID"
wait "$PID" && STATUS=0 || STATUS=$?
PID=
check "graceful stop on SIGTERM" 0 "$STATUS"
check "stop within 5 s with an open event stream" yes "$( (( $(date +%s) - STOP_START <= 5 )) && echo yes || echo no)"
kill "$STREAM" 2>/dev/null || true
echo "smoke: $PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
