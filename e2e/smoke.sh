#!/usr/bin/env bash
# Smoke test of the built binary with curl: setup → login → me → API token → use → revoke →
# refused; contacts, tasks, deals, projects and cases: create, read, list, change, bulk action or stage change,
# delete, a refused bad input; currencies, the default currency, exchange rates, taxes, the
# product catalog, invoices with their numbering, statuses, PDF and client link, and the organisation profile.
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

AUTH=(-H "Authorization: Bearer $ACCESS" -H 'content-type: application/json')
api() { curl -s "${AUTH[@]}" "$@"; }
status() { curl -s -o /dev/null -w '%{http_code}' "${AUTH[@]}" "$@"; }

CONTACT=$(api -X POST "$BASE/api/v1/contacts" -d '{"kind":"person","first_name":"Anna","last_name":"Smoke","access":"shared_read","details":[{"kind":"phone","value":"8 (812) 555-12-34","country":"RU"}]}')
CONTACT_ID=$(echo "$CONTACT" | json '["id"]')
check "contact phone in E.164" +78125551234 "$(echo "$CONTACT" | json '["details"][0]["normalized"]')"
check "contact read" "Anna Smoke" "$(api "$BASE/api/v1/contacts/$CONTACT_ID" | json '["display_name"]')"
check "contact found by a typed phone" 1 "$(api "$BASE/api/v1/contacts?q=8125551234" | json '["total"]')"
check "contact change" 200 "$(status -X PATCH "$BASE/api/v1/contacts/$CONTACT_ID" -d '{"job_title":"CTO","version":1}')"
check "contact stale change refused" 412 "$(status -X PATCH "$BASE/api/v1/contacts/$CONTACT_ID" -d '{"job_title":"CEO","version":1}')"
check "contact bad kind refused" kind "$(api -X POST "$BASE/api/v1/contacts" -d '{"kind":"robot"}' | json '["errors"][0]["field"]')"

CATEGORY=$(api "$BASE/api/v1/settings/lists/task_categories" | json '["items"][0]["id"]')
TASK=$(api -X POST "$BASE/api/v1/tasks" -d "{\"title\":\"Call Anna\",\"category_id\":$CATEGORY,\"deadline\":\"2030-03-30T18:00\",\"contact_id\":$CONTACT_ID}")
TASK_ID=$(echo "$TASK" | json '["id"]')
check "task deadline as typed" 2030-03-30T18:00 "$(echo "$TASK" | json '["deadline_local"]')"
check "task read" "Call Anna" "$(api "$BASE/api/v1/tasks/$TASK_ID" | json '["title"]')"
check "task listed" 1 "$(api "$BASE/api/v1/tasks?contact_id=$CONTACT_ID" | json '["total"]')"
check "task change" 200 "$(status -X PATCH "$BASE/api/v1/tasks/$TASK_ID" -H 'If-Match: "1"' -d '{"title":"Call Anna back"}')"
check "task moved a day by a bulk action" "[$TASK_ID]" "$(api -X POST "$BASE/api/v1/tasks/bulk-actions" \
  -d "{\"ids\":[$TASK_ID],\"action\":\"move_deadline\",\"shift_days\":1}" | json '["done"]')"
check "task keeps its time" 2030-03-31T18:00 "$(api "$BASE/api/v1/tasks/$TASK_ID" | json '["deadline_local"]')"
check "task bad deadline refused" deadline "$(api -X POST "$BASE/api/v1/tasks" \
  -d "{\"title\":\"X\",\"category_id\":$CATEGORY,\"deadline\":\"soon\"}" | json '["errors"][0]["field"]')"
check "task closed" True "$(api -X POST "$BASE/api/v1/tasks/$TASK_ID/close" | json '["closed"]')"
check "task delete" 204 "$(status -X DELETE "$BASE/api/v1/tasks/$TASK_ID")"
check "task gone" 404 "$(status "$BASE/api/v1/tasks/$TASK_ID")"
PIPELINE=$(api "$BASE/api/v1/pipelines" | json '["items"][0]["id"]')
WON=$(api "$BASE/api/v1/pipelines" | python3 -c 'import sys,json; print(next(s["id"] for s in json.load(sys.stdin)["items"][0]["stages"] if s["status"]=="won"))')
DEAL=$(api -X POST "$BASE/api/v1/deals" -d "{\"title\":\"Fleet renewal\",\"contact_id\":$CONTACT_ID,\"amount\":\"1000.50\",\"currency\":\"EUR\",\"bid_type\":\"per_month\",\"periods\":12}")
DEAL_ID=$(echo "$DEAL" | json '["id"]')
check "deal value is amount times periods" 12006 "$(echo "$DEAL" | json '["value"]')"
check "deal read" "Fleet renewal" "$(api "$BASE/api/v1/deals/$DEAL_ID" | json '["title"]')"
check "deal listed with its contact" 1 "$(api "$BASE/api/v1/deals?contact_id=$CONTACT_ID&pipeline_id=$PIPELINE" | json '["total"]')"
check "deal change" 200 "$(status -X PATCH "$BASE/api/v1/deals/$DEAL_ID" -H 'If-Match: "1"' -d '{"title":"Fleet renewal 2027"}')"
check "deal won takes the stage's probability" 100 "$(api -X POST "$BASE/api/v1/deals/$DEAL_ID/stage" -H 'If-Match: "2"' -d "{\"stage_id\":$WON}" | json '["probability"]')"
check "deal stale change refused" 412 "$(status -X PATCH "$BASE/api/v1/deals/$DEAL_ID" -H 'If-Match: "1"' -d '{"title":"Old"}')"
check "deal bad amount refused" amount "$(api -X POST "$BASE/api/v1/deals" -d '{"title":"X","amount":"1.00001"}' | json '["errors"][0]["field"]')"
check "deals tagged in bulk" "$DEAL_ID" "$(api -X POST "$BASE/api/v1/deals/bulk-actions" -d "{\"ids\":[$DEAL_ID],\"action\":\"add_tags\",\"tags\":[\"fleet\"]}" | json '["done"][0]')"
check "deal bulk without a stage refused" stage_id "$(api -X POST "$BASE/api/v1/deals/bulk-actions" -d "{\"ids\":[$DEAL_ID],\"action\":\"set_stage\"}" | json '["errors"][0]["field"]')"
PROJECT_ID=$(api -X POST "$BASE/api/v1/projects" -d "{\"title\":\"Fleet rollout\",\"deal_id\":$DEAL_ID,\"contact_ids\":[$CONTACT_ID],\"deadline\":\"2030-06-30\"}" | json '["id"]')
check "project read" "Fleet rollout" "$(api "$BASE/api/v1/projects/$PROJECT_ID" | json '["title"]')"
check "project listed with its deal" 1 "$(api "$BASE/api/v1/projects?deal_id=$DEAL_ID&status=open" | json '["total"]')"
check "project paused" paused "$(api -X PATCH "$BASE/api/v1/projects/$PROJECT_ID" -H 'If-Match: "1"' -d '{"status":"paused"}' | json '["status"]')"
check "project bad status refused" status "$(api -X POST "$BASE/api/v1/projects" -d '{"title":"X","status":"done"}' | json '["errors"][0]["field"]')"
check "project delete" 204 "$(status -X DELETE "$BASE/api/v1/projects/$PROJECT_ID")"
check "project gone" 404 "$(status "$BASE/api/v1/projects/$PROJECT_ID")"
check "deal delete" 204 "$(status -X DELETE "$BASE/api/v1/deals/$DEAL_ID")"
check "deal gone" 404 "$(status "$BASE/api/v1/deals/$DEAL_ID")"
CASE_ID=$(api -X POST "$BASE/api/v1/cases" -d "{\"title\":\"Trade fair\",\"contact_ids\":[$CONTACT_ID]}" | json '["id"]')
check "case read" "Trade fair" "$(api "$BASE/api/v1/cases/$CASE_ID" | json '["title"]')"
check "case listed with its participant" 1 "$(api "$BASE/api/v1/cases?contact_id=$CONTACT_ID&closed=false" | json '["total"]')"
check "case closed" True "$(api -X PATCH "$BASE/api/v1/cases/$CASE_ID" -H 'If-Match: "1"' -d '{"closed":true}' | json '["closed"]')"
check "case without a title refused" title "$(api -X POST "$BASE/api/v1/cases" -d '{}' | json '["errors"][0]["field"]')"
check "case delete" 204 "$(status -X DELETE "$BASE/api/v1/cases/$CASE_ID")"
check "case gone" 404 "$(status "$BASE/api/v1/cases/$CASE_ID")"
check "currencies listed" 0 "$(api "$BASE/api/v1/currencies" | python3 -c 'import sys, json; print(next(c["minor_units"] for c in json.load(sys.stdin)["items"] if c["code"] == "JPY"))')"
check "default currency set" EUR "$(api -X PATCH "$BASE/api/v1/settings/billing" -d '{"default_currency":"EUR","version":0}' | json '["default_currency"]')"
RATE_ID=$(api -X POST "$BASE/api/v1/exchange-rates" -d '{"from":"USD","to":"EUR","rate":"0.9215","valid_from":"2026-01-01"}' | json '["id"]')
check "rate read as valid on a day" 0.9215 "$(api "$BASE/api/v1/exchange-rates?from=USD&to=EUR&on=2026-06-01&limit=1" | json '["items"][0]["rate"]')"
check "rate with a comma refused" rate "$(api -X POST "$BASE/api/v1/exchange-rates" -d '{"from":"USD","to":"EUR","rate":"0,92"}' | json '["errors"][0]["field"]')"
check "rate delete" 204 "$(status -X DELETE "$BASE/api/v1/exchange-rates/$RATE_ID")"
TAX_ID=$(api -X POST "$BASE/api/v1/settings/taxes" -d '{"name":"VAT","rate":"20"}' | json '["id"]')
check "tax listed" VAT "$(api "$BASE/api/v1/settings/taxes" | json '["items"][0]["name"]')"
check "tax change" 18 "$(api -X PATCH "$BASE/api/v1/settings/taxes/$TAX_ID" -H 'If-Match: "1"' -d '{"rate":"18"}' | json '["rate"]')"
check "tax over 100 % refused" rate "$(api -X POST "$BASE/api/v1/settings/taxes" -d '{"name":"X","rate":"120"}' | json '["errors"][0]["field"]')"
PRODUCT_ID=$(api -X POST "$BASE/api/v1/products" -d "{\"title\":\"Consulting hour\",\"sku\":\"SRV-1\",\"price\":\"120.50\",\"tax_ids\":[$TAX_ID]}" | json '["id"]')
check "product read in the default currency" EUR "$(api "$BASE/api/v1/products/$PRODUCT_ID" | json '["currency"]')"
check "product found by SKU" 1 "$(api "$BASE/api/v1/products?q=srv-1" | json '["total"]')"
check "product change" 12.5 "$(api -X PATCH "$BASE/api/v1/products/$PRODUCT_ID" -H 'If-Match: "1"' -d '{"track_stock":true,"stock":"12.500"}' | json '["stock"]')"
check "product with a negative price refused" price "$(api -X POST "$BASE/api/v1/products" -d '{"title":"X","price":"-1"}' | json '["errors"][0]["field"]')"
check "tax in use refused" 409 "$(status -X DELETE "$BASE/api/v1/settings/taxes/$TAX_ID")"
check "invoice numbering set" INV-0000100 "$(api -X PATCH "$BASE/api/v1/settings/invoices" -d '{"next_number":"0000100","terms":"Net 15","version":0}' | json '["next_invoice_number"]')"
INVOICE=$(api -X POST "$BASE/api/v1/invoices" -d "{\"client_id\":$CONTACT_ID,\"lines\":[{\"product_id\":$PRODUCT_ID,\"quantity\":\"2\"},{\"description\":\"Travel\",\"price\":\"30\"}]}")
INVOICE_ID=$(echo "$INVOICE" | json '["id"]')
check "invoice numbered" INV-0000100 "$(echo "$INVOICE" | json '["number"]')"
check "invoice read with its total" 314.38 "$(api "$BASE/api/v1/invoices/$INVOICE_ID" | json '["total"]')"
check "invoice listed for its client" 1 "$(api "$BASE/api/v1/invoices?client_id=$CONTACT_ID&status=draft" | json '["total"]')"
check "invoice change" "PO-7" "$(api -X PATCH "$BASE/api/v1/invoices/$INVOICE_ID" -H 'If-Match: "1"' -d '{"purchase_order":"PO-7"}' | json '["purchase_order"]')"
check "invoice paid before sent refused" invalid_transition "$(api -X POST "$BASE/api/v1/invoices/$INVOICE_ID/status" -d '{"status":"paid","version":2}' | json '["errors"][0]["code"]')"
check "invoice sent" sent "$(api -X POST "$BASE/api/v1/invoices/$INVOICE_ID/status" -d '{"status":"sent","version":2}' | json '["status"]')"
check "sent invoice not deleted" 409 "$(status -X DELETE "$BASE/api/v1/invoices/$INVOICE_ID")"
check "invoice payment recorded" 100.00 "$(api -X POST "$BASE/api/v1/invoices/$INVOICE_ID/payments" -d '{"amount":"100","method":"bank_transfer"}' | json '["amount"]')"
check "invoice partly paid" True "$(api "$BASE/api/v1/invoices/$INVOICE_ID" | json '["partly_paid"]')"
check "payment over the balance refused" amount "$(api -X POST "$BASE/api/v1/invoices/$INVOICE_ID/payments" -d '{"amount":"1000"}' | json '["errors"][0]["field"]')"
check "invoice PDF" "%PDF-" "$(curl -s "${AUTH[@]}" "$BASE/api/v1/invoices/$INVOICE_ID/pdf" | head -c 5)"
check "invoice PDF media type" application/pdf "$(curl -s -o /dev/null -w '%{content_type}' "${AUTH[@]}" "$BASE/api/v1/invoices/$INVOICE_ID/pdf")"
check "invoice e-mail without a mail server refused" mail_not_configured "$(api -X POST "$BASE/api/v1/invoices/$INVOICE_ID/send" -d '{"to":"client@example.com"}' | json '["code"]')"
LINKS=$(api -X POST "$BASE/api/v1/invoices/$INVOICE_ID/public-link")
LINK=$(echo "$LINKS" | json '["url"]')
check "client link opens without an account" INV-0000100 "$(curl -s "$LINK" | json '["number"]')"
check "client link as a page for a browser" "text/html; charset=utf-8" "$(curl -s -o /dev/null -w '%{content_type}' -H 'Accept: text/html' "$LINK")"
check "client link PDF without an account" "%PDF-" "$(curl -s "$(echo "$LINKS" | json '["pdf_url"]')" | head -c 5)"
check "client link revoked" 404 "$(status -X DELETE "$BASE/api/v1/invoices/$INVOICE_ID/public-link" >/dev/null; curl -s -o /dev/null -w '%{http_code}' "$LINK")"
COPY_ID=$(api -X POST "$BASE/api/v1/invoices/$INVOICE_ID/duplicate" -d '{"number":"INV-COPY-1"}' | json '["id"]')
check "invoice copy numbered as asked" INV-COPY-1 "$(api "$BASE/api/v1/invoices/$COPY_ID" | json '["number"]')"
check "invoice copy with a taken number refused" 409 "$(status -X POST "$BASE/api/v1/invoices/$INVOICE_ID/duplicate" -d '{"number":"inv-copy-1"}')"
check "invoice copy deleted" 204 "$(status -X DELETE "$BASE/api/v1/invoices/$COPY_ID")"
check "client of an invoice not deleted" 409 "$(status -X DELETE "$BASE/api/v1/contacts/$CONTACT_ID")"
INVOICE_VERSION=$(api "$BASE/api/v1/invoices/$INVOICE_ID" | json '["version"]')
check "invoice rejected" rejected "$(api -X POST "$BASE/api/v1/invoices/$INVOICE_ID/status" -d "{\"status\":\"rejected\",\"version\":$INVOICE_VERSION}" | json '["status"]')"
check "invoice back to draft" draft "$(api -X POST "$BASE/api/v1/invoices/$INVOICE_ID/status" -d "{\"status\":\"draft\",\"version\":$((INVOICE_VERSION + 1))}" | json '["status"]')"
check "invoice delete" 204 "$(status -X DELETE "$BASE/api/v1/invoices/$INVOICE_ID")"
check "product delete" 204 "$(status -X DELETE "$BASE/api/v1/products/$PRODUCT_ID")"
check "tax delete" 204 "$(status -X DELETE "$BASE/api/v1/settings/taxes/$TAX_ID")"
check "organisation set" 1 "$(api -X PATCH "$BASE/api/v1/settings/organisation" -d '{"name":"Fleet Services","version":0}' | json '["version"]')"
check "organisation read" "Fleet Services" "$(api "$BASE/api/v1/settings/organisation" | json '["name"]')"
check "organisation stale change refused" 412 "$(status -X PATCH "$BASE/api/v1/settings/organisation" -H 'If-Match: "0"' -d '{"name":"Old"}')"
EXPORT_JOB=$(api -X POST "$BASE/api/v1/exports" -d '{"kind":"contacts","filter":"q=anna","delimiter":"semicolon"}' | json '["id"]')
for _ in $(seq 50); do
  EXPORT=$(api "$BASE/api/v1/jobs/$EXPORT_JOB")
  [[ "$(echo "$EXPORT" | json '["state"]')" == succeeded ]] && break
  sleep 0.2
done
check "contacts exported" 1 "$(echo "$EXPORT" | json '["result"]["rows"]')"
check "export file holds the contact" 1 "$(api "$BASE$(echo "$EXPORT" | json '["result"]["download_url"]')" | grep -c 'Anna;Smoke')"
check "full export queued" 202 "$(status -X POST "$BASE/api/v1/exports/full" -d '{}')"
check "export with a bad filter refused" filter.kind "$(api -X POST "$BASE/api/v1/exports" -d '{"kind":"contacts","filter":"kind=robot"}' | json '["errors"][0]["field"]')"
check "contact delete" 204 "$(status -X DELETE "$BASE/api/v1/contacts/$CONTACT_ID")"
check "contact gone" 404 "$(status "$BASE/api/v1/contacts/$CONTACT_ID")"

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
