# Shared by the load figures scripts: a fresh database seeded by a script, the release server
# on it, and wrk's latencies. Expects BIN, BACKEND (sqlite or postgres) and N.
# PostgreSQL needs TEST_DATABASE_URL (an admin URL; a fresh database is created and dropped).
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DURATION=${BENCH_SECONDS:-10}
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

bench_serve() { # seeder.py [setup args] -> the server at BASE, signed in as its owner (TOKEN)
  local seeder=$1; shift
  local target
  if [[ $BACKEND == postgres ]]; then
    DB="crm_bench_$$"
    psql -q "${TEST_DATABASE_URL:?set TEST_DATABASE_URL}" -c "CREATE DATABASE $DB"
    export DATABASE_URL="${TEST_DATABASE_URL%/*}/$DB"
    target=$DATABASE_URL
  else
    target="$DATA/crm.sqlite3"
  fi
  "$BIN" setup --portal-name Bench --owner-email bench@example.com --owner-password 'bench-password-1' \
    "${@:---locale=en}" >/dev/null
  python3 "$HERE/$seeder" "$BACKEND" "$target" "$N"
  CRM_BIND="127.0.0.1:$PORT" "$BIN" serve >"$DATA/server.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 200); do curl -fs "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
  TOKEN=$(curl -s -X POST "$BASE/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"email":"bench@example.com","password":"bench-password-1"}' |
    python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])')
}

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

report() { # name "p50 p99", and as a ratio to HEALTH's
  read -r p50 p99 <<<"$2"
  read -r h50 h99 <<<"$HEALTH"
  printf '%-40s p50 %8s ms  p99 %8s ms   (x%.1f / x%.1f of health)\n' "$1" "$p50" "$p99" \
    "$(python3 -c "print($p50 / max($h50, 0.001))")" "$(python3 -c "print($p99 / max($h99, 0.001))")"
}
