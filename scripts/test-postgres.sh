#!/usr/bin/env bash
# `make test-postgres`: the whole suite against a throwaway PostgreSQL cluster and Redis on
# loopback ports, installing Debian's postgresql and redis-server when missing.
# PostgreSQL will not run as root: the cluster belongs to the postgres user, in a temp folder.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
missing=()
[ -n "$(pg_bin)" ] || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q && apt-get install -y -q "${missing[@]}"
fi
PGBIN=$(pg_bin)
PGPORT=${PGPORT:-55432}
REDISPORT=${REDISPORT:-56379}
WORK=$(mktemp -d)
chown postgres "$WORK"

cleanup() {
  su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $WORK/data -m immediate stop" >/dev/null 2>&1 || true
  redis-cli -p "$REDISPORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

su postgres -s /bin/sh -c "$PGBIN/initdb -D $WORK/data -A trust -U postgres --no-sync" >/dev/null
su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $WORK/data -w -l $WORK/pg.log \
  -o '-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off' start" >/dev/null
redis-server --port "$REDISPORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log"
for _ in $(seq 50); do redis-cli -p "$REDISPORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT, Redis on 127.0.0.1:$REDISPORT"
DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres" REDIS_URL="redis://127.0.0.1:$REDISPORT/0" \
  .venv/bin/python -m pytest "$@"
