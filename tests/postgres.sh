#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: Debian's postgresql (15 on bookworm), TCP on 127.0.0.1 only, trust
# authentication, data in a temporary folder, durability off (fsync=off): for tests only, never for real data.
#
#   eval "$(bash tests/postgres.sh start)"   start one, or reuse the one already running for this checkout; prints
#       export ANNOTATEHUB_TEST_POSTGRES='Host=127.0.0.1;Port=…;Username=postgres;Database=postgres'
#       export ANNOTATEHUB_TEST_POSTGRES_STARTED=1      (0 when it reused a running server)
#   bash tests/postgres.sh stop              stop it and delete its folder (nothing to do when none runs)
#   bash tests/postgres.sh stop DIR          the same, only when the server running is the one started in DIR
#   bash tests/postgres.sh status            print the connection string of the running server; exit 1 when none
#
# Installs PostgreSQL with apt-get when it is missing (as root, else through sudo). Only the export lines go to
# stdout; progress and errors go to stderr. The running server is recorded in artifacts/postgres/server.env of this
# checkout (a lock file next to it serialises start and stop). Environment: PGBIN = the PostgreSQL bin folder
# (default: the newest /usr/lib/postgresql/*/bin); TMPDIR = where the data folder goes (default /tmp);
# ANNOTATEHUB_POSTGRES_STATE_DIR = where server.env and the lock live instead of artifacts/postgres (a second,
# separate server: deploy/local-cluster.sh uses artifacts/local-cluster/postgres, so the cluster and a test run never
# share or stop each other's server; pass the same value to stop and status); ANNOTATEHUB_POSTGRES_DURABLE=1 keeps
# PostgreSQL's durable defaults (fsync, synchronous_commit, full_page_writes on) instead of turning them off.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE_DIR="${ANNOTATEHUB_POSTGRES_STATE_DIR:-$ROOT/artifacts/postgres}"
STATE="$STATE_DIR/server.env"

say() { printf 'postgres.sh: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

find_bin() {
  if [ -n "${PGBIN:-}" ]; then echo "$PGBIN"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

install_postgres() {
  say "PostgreSQL is not installed; installing it with apt-get (about 15 s)"
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || fail "PostgreSQL is missing and this is not root and has no sudo: install the 'postgresql' package (15), or set ANNOTATEHUB_TEST_POSTGRES to a server of yours"
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq >&2 || fail "apt-get update failed"
  # postgresql-15 where the distribution has it (Debian bookworm), else the distribution's default version
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >&2 \
    || "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 \
    || fail "apt-get could not install PostgreSQL (postgresql-15 or postgresql)"
}

# Runs a PostgreSQL program as the 'postgres' user when root (initdb and postgres refuse to run as root).
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_in_use() {
  if command -v ss >/dev/null 2>&1; then
    [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" || { echo "$port"; return; }
  done
  fail "found no free TCP port on 127.0.0.1"
}

connection_string() { echo "Host=127.0.0.1;Port=$1;Username=postgres;Database=postgres"; }

# true when server.env names a server that runs and accepts connections; sets PG_DIR PG_PORT PG_BIN
running() {
  [ -f "$STATE" ] || return 1
  # shellcheck disable=SC1090
  . "$STATE"
  [ -n "${PG_DIR:-}" ] && [ -n "${PG_PORT:-}" ] && [ -n "${PG_BIN:-}" ] || return 1
  [ -d "$PG_DIR/data" ] || return 1
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1 || return 1
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 5 >/dev/null 2>&1
}

stop_recorded() {
  [ -f "$STATE" ] || return 0
  # shellcheck disable=SC1090
  . "$STATE"
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    if [ -n "${PG_BIN:-}" ] && [ -d "$PG_DIR/data" ]; then
      as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 60 stop </dev/null >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_DIR"
  fi
  rm -f "$STATE"
}

start() {
  if running; then
    say "reusing the PostgreSQL server on 127.0.0.1:$PG_PORT ($PG_DIR)"
    printf "export ANNOTATEHUB_TEST_POSTGRES='%s'\n" "$(connection_string "$PG_PORT")"
    echo "export ANNOTATEHUB_TEST_POSTGRES_STARTED=0"
    return
  fi
  stop_recorded # a server recorded but gone (crashed, machine restarted): clear what is left of it

  local bin
  bin=$(find_bin)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    install_postgres
    bin=$(find_bin)
    [ -n "$bin" ] && [ -x "$bin/initdb" ] || fail "PostgreSQL was installed, but no initdb was found under /usr/lib/postgresql/*/bin"
  fi
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    fail "running as root, but there is no 'postgres' user to run the server as (the postgresql package creates it)"
  fi

  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/annotatehub-pg.XXXXXX")
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  chmod 700 "$dir"
  if ! as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync </dev/null >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    fail "initdb failed (see above)"
  fi

  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${ANNOTATEHUB_POSTGRES_DURABLE:-0}" = 1 ] && durability=""

  # A port can be taken between the check and the bind: try a few.
  local port started=0
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    # The server must not inherit this script's descriptors (the lock, a caller's pipes): all redirected or closed.
    if as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=300 $durability" \
        start </dev/null >>"$dir/pg_ctl.log" 2>&1 9>&-; then
      started=1
      break
    fi
    grep -q -i "could not bind\|address already in use" "$dir/server.log" 2>/dev/null || break
    say "port $port was taken; trying another"
  done
  if [ "$started" != 1 ]; then
    cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null || true
    as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop </dev/null >/dev/null 2>&1 || true
    rm -rf "$dir"
    fail "the PostgreSQL server did not start (see above)"
  fi

  printf 'PG_DIR=%q\nPG_PORT=%q\nPG_BIN=%q\n' "$dir" "$port" "$bin" >"$STATE"
  local how="bash tests/postgres.sh stop"
  [ -n "${ANNOTATEHUB_POSTGRES_STATE_DIR:-}" ] && how="ANNOTATEHUB_POSTGRES_STATE_DIR=$STATE_DIR $how"
  say "started PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir); stop it with: $how"
  printf "export ANNOTATEHUB_TEST_POSTGRES='%s'\n" "$(connection_string "$port")"
  echo "export ANNOTATEHUB_TEST_POSTGRES_STARTED=1"
  printf "export ANNOTATEHUB_TEST_POSTGRES_DIR=%q\n" "$dir"
}

# stop DIR: stops the recorded server only when it is the one started in DIR (a caller that started a server stops
# that one, never a newer one another run started after it)
stop_if_started_in() {
  [ -f "$STATE" ] || return 0
  # shellcheck disable=SC1090
  . "$STATE"
  [ "${PG_DIR:-}" = "$1" ] || return 0
  stop_recorded
}

cmd=${1:-}
case "$cmd" in
  start|stop|status) ;;
  *) echo "usage: bash tests/postgres.sh start | stop | status" >&2; exit 2 ;;
esac

mkdir -p "$STATE_DIR"
exec 9>"$STATE_DIR/lock"
if command -v flock >/dev/null 2>&1; then
  flock -w 600 9 || fail "waited 10 minutes for another tests/postgres.sh in this checkout ($STATE_DIR/lock)"
fi

case "$cmd" in
  start) start ;;
  stop) if [ -n "${2:-}" ]; then stop_if_started_in "$2"; else stop_recorded; fi ;;
  status)
    if running; then connection_string "$PG_PORT"; else say "no server runs for this checkout"; exit 1; fi
    ;;
esac
