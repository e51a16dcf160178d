#!/usr/bin/env bash
# A private PostgreSQL cluster on loopback, for the tests that need one (Debian `postgresql`,
# installed when missing). Source it, then call:
#   postgres_start   starts a throwaway cluster on a free port and exports DATABASE_URL
#                    (postgres://postgres@127.0.0.1:PORT/app), plus PG_BIN and PG_DATA so that a
#                    test can stop and start the server (PostgreSQL down under load);
#   postgres_stop    stops it and removes its files (call it from a trap).
# The server runs as the `postgres` user (initdb refuses root); fsync is off: tests only.

postgres_start() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    (apt-get install -y postgresql || (apt-get update && apt-get install -y postgresql)) >/dev/null 2>&1 \
      || { echo "cannot install postgresql"; return 1; }
  fi
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PG_ROOT=$(mktemp -d)
  PG_DATA="$PG_ROOT/data"
  chown postgres "$PG_ROOT"
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C --no-sync \
    >"$PG_ROOT/initdb.log" 2>&1 || { cat "$PG_ROOT/initdb.log"; return 1; }
  # The options live in the cluster's own configuration, so a test restarts it with plain pg_ctl.
  cat >>"$PG_DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$PG_ROOT'
fsync = off
max_connections = 200
CONF
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_ROOT/server.log" -w start >/dev/null \
    || { cat "$PG_ROOT/server.log"; return 1; }
  "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "create database app" >/dev/null || return 1
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/app" PG_BIN PG_DATA PG_ROOT
}

postgres_stop() {
  [ -n "${PG_DATA:-}" ] || return 0
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_ROOT"
  unset PG_DATA
}
