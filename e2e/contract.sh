#!/usr/bin/env bash
# The API against its own OpenAPI document: the document validates (openapi-spec-validator),
# then schemathesis generates requests for every operation, authenticated with an admin API
# token, and fails on a 5xx, a response outside the schema or an undocumented status.
# Usage: e2e/contract.sh path/to/crm [seconds]
set -euo pipefail
BIN=${1:?usage: e2e/contract.sh path/to/crm [seconds]}
BUDGET=${2:-${CONTRACT_SECONDS:-240}}
cd "$(dirname "$0")/.."
VENV=.venv/bin
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
cleanup() { [[ -n "${PID:-}" ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$DATA"; }
trap cleanup EXIT

"$VENV/openapi-spec-validator" openapi/openapi.json

export CRM_DATA_DIR="$DATA" CRM_BIND="127.0.0.1:$PORT" RUST_LOG=warn
"$BIN" setup --portal-name "Contract Ltd" --owner-email owner@example.com --owner-password 'contract-password-1' >/dev/null
"$BIN" serve >"$DATA/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -fs "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
ACCESS=$(curl -fs -X POST "$BASE/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"owner@example.com","password":"contract-password-1"}' | python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])')
SECRET=$(curl -fs -X POST "$BASE/api/v1/api-tokens" -H "Authorization: Bearer $ACCESS" \
  -H 'content-type: application/json' -d '{"name":"contract","scopes":["admin"]}' \
  | python3 -c 'import sys, json; print(json.load(sys.stdin)["secret"])')

# Left out: operations that end the tester's own credential (revoking API tokens, a new
# password for a user, signing out) and the never-ending event streams. Switching the CRM
# module off would leave every later CRM operation a 403, so its settings go last.
status=0
run() {
  "$VENV/schemathesis" run "$BASE/api/v1/openapi.json" \
    --header "Authorization: Bearer $SECRET" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    --max-examples 30 --request-timeout 10 --seed 1 --suppress-health-check all --no-color "$@" || status=$?
}
run --exclude-path-regex '/stream$|^/api/v1/auth/logout$|^/api/v1/api-tokens/\{id\}$|^/api/v1/users/\{id\}$|^/api/v1/settings/crm$' \
  --max-time "$BUDGET"
run --include-path /api/v1/settings/crm --max-time 30
if ((status)); then
  echo "server log:"; tail -n 50 "$DATA/server.log"
fi
exit "$status"
