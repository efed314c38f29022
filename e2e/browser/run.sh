#!/usr/bin/env bash
# Runs the browser tests against a fresh server: ./run.sh path/to/crm [test files…]
# Sets up a portal in a temporary data dir, serves frontend/dist (build it first with
# frontend/build.sh), waits for /health/ready, runs `node --test`, stops the server on exit.
set -euo pipefail

crm="$(realpath "${1:?usage: $0 path/to/crm [test files…]}")"
shift
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
web_dir="$repo/frontend/dist"
[[ -f "$web_dir/index.html" ]] || { echo "run.sh: $web_dir/index.html missing; run frontend/build.sh" >&2; exit 1; }

email="owner@example.com"
password='correct-horse-42'
data="$(mktemp -d "${TMPDIR:-/tmp}/crm-e2e.XXXXXX")"
log="$data/server.log"
pid=""

cleanup() {
  local status=$?
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  if [[ $status -ne 0 && -f "$log" ]]; then
    echo "---- server log (last 50 lines) ----" >&2
    tail -n 50 "$log" >&2 || true
  fi
  rm -rf "$data"
  exit "$status"
}
trap cleanup EXIT INT TERM

port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
base="http://127.0.0.1:$port"

export CRM_DATA_DIR="$data"
"$crm" setup --portal-name "Test" --owner-name "Owner" --owner-email "$email" --owner-password "$password"

CRM_BIND="127.0.0.1:$port" CRM_WEB_DIR="$web_dir" "$crm" serve >"$log" 2>&1 &
pid=$!

for _ in $(seq 1 150); do
  if curl -fsS "$base/health/ready" >/dev/null 2>&1; then break; fi
  kill -0 "$pid" 2>/dev/null || { echo "run.sh: the server exited" >&2; exit 1; }
  sleep 0.2
done
curl -fsS "$base/health/ready" >/dev/null || { echo "run.sh: the server is not ready" >&2; exit 1; }

cd "$here"
if [[ ! -d node_modules ]]; then
  npm ci --no-audit --no-fund || npm install --no-audit --no-fund
fi
CRM_URL="$base" CRM_EMAIL="$email" CRM_PASSWORD="$password" node --test "$@"
