#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for tests and prints its admin URL; `stop DIR` stops it.
# Usage: eval "$(e2e/pg-test-server.sh start [PORT])"   then   e2e/pg-test-server.sh stop "$PGDATA"
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
case "${1:-start}" in
start)
  PORT=${2:-55432}
  DATA=$(mktemp -d /tmp/crm-pgdata.XXXXXX)
  id postgres >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin postgres
  chown postgres "$DATA"; chmod 700 "$DATA"
  runuser -u postgres -- "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off -c max_connections=400" start >/dev/null
  echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/postgres CRM_PGDATA=$DATA"
  ;;
stop)
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$2" -m fast stop >/dev/null || true
  rm -rf "$2"
  ;;
esac
