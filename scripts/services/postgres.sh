#!/usr/bin/env bash
# PostgreSQL (Debian's postgresql) on 127.0.0.1:15432, in a cluster this script owns under
# $SERVICES_DIR/postgres (initdb on first start), for the sink.postgres tests and examples.
#   database eventide, role eventide: trust on loopback (tests connect without a password);
#   role eventide_secret, password eventide-secret: scram-sha-256, to test secrets and a refused password.
# PostgreSQL refuses to run as root. Debian's package creates the system user `postgres`, which owns
# nothing else of ours: as root we run initdb and the server as that user (runuser) and give it the
# cluster directory; as any other user we run them as that user.
source "$(dirname "$0")/lib.sh"

dir="$(service_dir postgres)"
data="$dir/data"
pidfile="$dir/postgres.pid"

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/postgres" ] && echo "$d"; done | sort -V | tail -n 1
}

as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  if pid_alive "$pidfile"; then
    echo "postgres: already running (pid $(cat "$pidfile"), 127.0.0.1:$POSTGRES_PORT)"
    return 0
  fi
  if port_open "$POSTGRES_PORT"; then
    echo "postgres: 127.0.0.1:$POSTGRES_PORT is taken by a process this script did not start" >&2
    return 1
  fi
  apt_install postgresql
  local bin
  bin="$(pg_bin)"
  [ -n "$bin" ] || { echo "postgres: no /usr/lib/postgresql/*/bin/postgres after installing postgresql" >&2; return 1; }
  [ "$(id -u)" = "0" ] && chown postgres "$dir"
  if [ ! -f "$data/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; return 1; }
    cat >>"$data/postgresql.conf" <<CONF
# scripts/services/postgres.sh
listen_addresses = '127.0.0.1'
port = $POSTGRES_PORT
unix_socket_directories = '$dir'
fsync = on
CONF
    cat >"$data/pg_hba.conf" <<CONF
# scripts/services/postgres.sh: loopback only; the secret role must give its password.
local all postgres trust
host all eventide_secret 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
CONF
  fi
  # A stale postmaster.pid after a crash or SIGKILL: postgres itself checks whether that PID lives.
  as_pg "$bin/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 30 start >/dev/null \
    || { tail -n 20 "$dir/postgres.log" >&2; return 1; }
  head -n 1 "$data/postmaster.pid" >"$pidfile"
  local psql=(as_pg "$bin/psql" -h "$dir" -p "$POSTGRES_PORT" -U postgres -d postgres -qtA -v ON_ERROR_STOP=1)
  "${psql[@]}" -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'eventide') THEN CREATE ROLE eventide LOGIN CREATEDB; END IF;
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'eventide_secret') THEN
        CREATE ROLE eventide_secret LOGIN PASSWORD 'eventide-secret'; END IF;
    END \$\$;" >/dev/null
  if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'eventide'")" != "1" ]; then
    "${psql[@]}" -c "CREATE DATABASE eventide OWNER eventide" >/dev/null
  fi
  "${psql[@]}" -d eventide -c "GRANT ALL ON SCHEMA public TO eventide_secret" >/dev/null
  echo "postgres: started (pid $(cat "$pidfile"), postgres://eventide@127.0.0.1:$POSTGRES_PORT/eventide)"
}

status() {
  if pid_alive "$pidfile"; then
    echo "postgres: running (pid $(cat "$pidfile"), postgres://eventide@127.0.0.1:$POSTGRES_PORT/eventide)"
  else
    echo "postgres: not running"
    return 3
  fi
}

case "${1:-status}" in
start) start ;;
# Fast shutdown (SIGINT): a smart shutdown (SIGTERM) would wait for every client to disconnect.
stop) stop_pid "$pidfile" postgres INT ;;
status) status ;;
*) echo "usage: postgres.sh start|stop|status" >&2 && exit 2 ;;
esac
