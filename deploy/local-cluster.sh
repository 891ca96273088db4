#!/usr/bin/env bash
# A throwaway AnnotateHub cluster on this machine: PostgreSQL + N nodes on 127.0.0.1 + nginx in front (sticky sessions,
# WebSockets). No container runtime needed. For a person trying the cluster, and for tests and benchmarks.
#
#   bash deploy/local-cluster.sh [start] [--nodes N] [--port P] [--no-publish | --app DIR] [--storage postgres|sqlite] [--durable]
#       publishes the app (Release) into artifacts/local-cluster/app, starts PostgreSQL (tests/postgres.sh, its own
#       server), creates the database 'annotatehub', starts node 1 (it seeds the demo workspace), then nodes 2..N,
#       then nginx; waits until every node and nginx answer /health/ready. Prints on stdout only lines such as
#         export ANNOTATEHUB_CLUSTER_URL=http://127.0.0.1:8080
#         export ANNOTATEHUB_CLUSTER_NODE1=http://127.0.0.1:21234   (and _PID, _SILO_PORT, _GATEWAY_PORT, _LOG)
#       so that   eval "$(bash deploy/local-cluster.sh start)"   sets them; progress and the summary go to stderr.
#       A cluster that already runs in full is reused (ANNOTATEHUB_CLUSTER_STARTED=0).
#   bash deploy/local-cluster.sh stop            stops exactly what start started: nginx, the nodes, PostgreSQL
#   bash deploy/local-cluster.sh status          what runs (and the Orleans membership table); exit 1 when nothing
#   bash deploy/local-cluster.sh env             prints the export lines again
#   bash deploy/local-cluster.sh kill-node K     kill -9 node K (a crash, for failover tests)
#   bash deploy/local-cluster.sh stop-node K     SIGTERM node K and wait for it to end (a graceful shutdown)
#   bash deploy/local-cluster.sh start-node K    start node K again on its same ports; waits until it is ready
#   bash deploy/local-cluster.sh psql [ARGS…]    psql on the cluster's database (e.g. -c 'select …')
#   bash deploy/local-cluster.sh admin ARGS…     the admin CLI with node 1's settings (e.g. admin list-users)
#
# Options: --nodes N (default 2); --port P: nginx's port (default 8080 when free, else a free one; with --port, P or
# fail); --no-publish: reuse the app already published in artifacts/local-cluster/app; --app DIR: run the
# AnnotateHub.Web.dll in DIR (e.g. a publish of your own); --storage sqlite: no PostgreSQL, each node its own SQLite
# file and localhost clustering (N separate single nodes, NOT one cluster: only for checking this script and the proxy);
# --durable: PostgreSQL with fsync on (default off, as in the tests: this server is throwaway).
# Environment: ANNOTATEHUB_CLUSTER_DIR = the state folder (default artifacts/local-cluster of this checkout; a second
# folder gives a second, independent cluster); ANNOTATEHUB_CLUSTER_LISTEN = nginx's address (default 127.0.0.1);
# ANNOTATEHUB_CLUSTER_TIMEOUT = seconds to wait for a node to be ready (default 180). Any other setting reaches every
# node through the environment as usual, e.g.  Demo__Seed=false bash deploy/local-cluster.sh start.
# Installs nginx (and PostgreSQL, through tests/postgres.sh) with apt-get when missing: as root, else through sudo.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${ANNOTATEHUB_CLUSTER_DIR:-$ROOT/artifacts/local-cluster}
STATE="$DIR/cluster.env"
TEMPLATE="$ROOT/deploy/nginx/annotatehub.conf"
DLL=AnnotateHub.Web.dll
TIMEOUT=${ANNOTATEHUB_CLUSTER_TIMEOUT:-180}
LISTEN=${ANNOTATEHUB_CLUSTER_LISTEN:-127.0.0.1}
DEMO_ADMIN=admin@demo.annotatehub.test

say() { printf 'local-cluster: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }
rel() { case "$1" in "$ROOT"/*) echo "${1#"$ROOT"/}" ;; *) echo "$1" ;; esac; }

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; return; fi
  command -v sudo >/dev/null 2>&1 || fail "this needs root for: $*; run as root or install sudo"
  sudo "$@"
}

# --- ports ------------------------------------------------------------------------------------------------------------
port_in_use() {
  if command -v ss >/dev/null 2>&1; then
    [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

TAKEN=" "
# A free port below the kernel's ephemeral range (so an outgoing connection cannot be holding it later), not handed out
# before by this run.
free_port() {
  local low port
  low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  [ "$low" -gt 16000 ] || low=61000
  for _ in $(seq 1 200); do
    port=$((15000 + RANDOM % (low - 15000)))
    case "$TAKEN" in *" $port "*) continue ;; esac
    if ! port_in_use "$port"; then TAKEN="$TAKEN$port "; echo "$port"; return; fi
  done
  fail "found no free TCP port"
}

# --- state ------------------------------------------------------------------------------------------------------------
# cluster.env: MODE NODES APP_DIR PG_* CONN NGINX_* and NODE<k>_{HTTP,SILO,GW,PID}; written after every step of start,
# so that stop (or a failed start) ends exactly what runs.
MODE=""; NODES=0; APP_DIR=""; PG_DIR=""; PG_PORT=""; PG_BIN=""; CONN=""; NGINX_BIN=""; NGINX_PORT=""; NGINX_PID=""
node_get() { local name="NODE$1_$2"; echo "${!name:-}"; }
node_set() { printf -v "NODE$1_$2" '%s' "$3"; }

save_state() {
  local k field tmp="$STATE.tmp"
  {
    for v in MODE NODES APP_DIR PG_DIR PG_PORT PG_BIN CONN NGINX_BIN NGINX_PORT NGINX_PID LISTEN; do
      printf '%s=%q\n' "$v" "${!v}"
    done
    for k in $(seq 1 "$NODES"); do
      for field in HTTP SILO GW PID; do printf 'NODE%s_%s=%q\n' "$k" "$field" "$(node_get "$k" "$field")"; done
    done
  } >"$tmp"
  mv "$tmp" "$STATE"
}

load_state() {
  [ -f "$STATE" ] || return 1
  # shellcheck disable=SC1090
  . "$STATE"
}

# --- processes ------------------------------------------------------------------------------------------------------
# A node is ours when its pid still runs our marker in its environment (a recycled pid is never taken for a node).
node_marker() { echo "ANNOTATEHUB_LOCAL_CLUSTER_NODE=$DIR#$1"; }
node_running() {
  local pid
  pid=$(node_get "$1" PID)
  [ -n "$pid" ] && [ -r "/proc/$pid/environ" ] || return 1
  tr '\0' '\n' 2>/dev/null <"/proc/$pid/environ" | grep -qxF "$(node_marker "$1")"
}

nginx_running() {
  [ -n "$NGINX_PID" ] && [ -r "/proc/$NGINX_PID/cmdline" ] || return 1
  tr '\0' ' ' 2>/dev/null <"/proc/$NGINX_PID/cmdline" | grep -qF "$DIR/nginx/nginx.conf"
}

ready() { curl -fsS -o /dev/null --max-time 3 "$1/health/ready" 2>/dev/null; }

node_url() { echo "http://127.0.0.1:$(node_get "$1" HTTP)"; }
node_log() { echo "$DIR/node$1.log"; }
cluster_url() {
  local host=$LISTEN
  case "$host" in 0.0.0.0|'*'|'::'|'[::]') host=127.0.0.1 ;; esac
  echo "http://$host:$NGINX_PORT"
}

launch_node() {
  local k=$1 log data
  log=$(node_log "$k")
  data="$DIR/node$k/data"
  mkdir -p "$data"
  local -a settings=(
    "ASPNETCORE_URLS=$(node_url "$k")"
    "ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}"
    "Storage__DataFolder=$data"
    "Cluster__AdvertisedAddress=127.0.0.1"
    "Cluster__SiloPort=$(node_get "$k" SILO)"
    "Cluster__GatewayPort=$(node_get "$k" GW)"
    "$(node_marker "$k")"
  )
  if [ "$MODE" = postgres ]; then
    settings+=("Storage__Provider=postgres" "ConnectionStrings__AnnotateHub=$CONN" "Cluster__Provider=postgres")
  else
    settings+=("Storage__Provider=sqlite" "ConnectionStrings__AnnotateHub=" "Cluster__Provider=localhost")
  fi
  # the demo admin may open /dashboard, unless the caller names site admins
  if [ -z "${Security__SiteAdmins:-}${Security__SiteAdmins__0:-}" ]; then settings+=("Security__SiteAdmins=$DEMO_ADMIN"); fi

  printf '\n==== node %s started %s ====\n' "$k" "$(date -Is)" >>"$log"
  # setsid: its own session, so a Ctrl-C or hang-up of the terminal that ran start does not reach it. Every
  # descriptor goes to the log or /dev/null (a caller's $(…) must not wait for the node), fd 9 (the lock) is closed.
  # setsid and env exec, so $! is the node's own pid.
  (cd "$APP_DIR" && exec env "${settings[@]}" setsid dotnet "$DLL") </dev/null >>"$log" 2>&1 9>&- &
  node_set "$k" PID "$!"
  disown "$!" 2>/dev/null || true # no "Killed"/"Aborted" job report from this shell when a node ends
  save_state
  # the marker is in the pid's environment once env has run: until then the node would look gone
  for _ in $(seq 1 100); do node_running "$k" && return 0; sleep 0.05; done
  tail -n 40 "$log" >&2 || true
  fail "node $k did not start (log: $(rel "$log"), last lines above)"
}

# Waits for node K's /health/ready; fails (with the end of its log) when it exits or the time is up.
wait_node() {
  local k=$1 url deadline
  url=$(node_url "$k")
  deadline=$((SECONDS + TIMEOUT))
  while ! ready "$url"; do
    if ! node_running "$k"; then
      tail -n 40 "$(node_log "$k")" >&2 || true
      fail "node $k exited before it was ready (log: $(rel "$(node_log "$k")"), last lines above)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 40 "$(node_log "$k")" >&2 || true
      fail "node $k did not answer $url/health/ready within ${TIMEOUT}s (log: $(rel "$(node_log "$k")"), last lines above)"
    fi
    sleep 0.5
  done
}

# SIGTERM, then SIGKILL after $2 seconds
end_node() {
  local k=$1 grace=${2:-30} pid
  node_running "$k" || return 0
  pid=$(node_get "$k" PID)
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((grace * 5))); do node_running "$k" || return 0; sleep 0.2; done
  say "node $k (pid $pid) did not stop within ${grace}s of SIGTERM; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do node_running "$k" || return 0; sleep 0.1; done
}

# --- PostgreSQL -------------------------------------------------------------------------------------------------------
pg() { ANNOTATEHUB_POSTGRES_STATE_DIR="$DIR/postgres" bash "$ROOT/tests/postgres.sh" "$@"; }

start_postgres() {
  say "starting PostgreSQL (tests/postgres.sh, state in $(rel "$DIR/postgres"))"
  ANNOTATEHUB_POSTGRES_DURABLE=$DURABLE pg start >/dev/null 9>&- || fail "PostgreSQL did not start (see above)"
  # shellcheck disable=SC1091
  . "$DIR/postgres/server.env" # PG_DIR PG_PORT PG_BIN of the server it started (or of one left running here)
  save_state
  PGOPTIONS='-c client_min_messages=warning' "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS annotatehub WITH (FORCE)" \
    -c "DROP ROLE IF EXISTS annotatehub" \
    -c "CREATE ROLE annotatehub LOGIN PASSWORD 'annotatehub'" \
    -c "CREATE DATABASE annotatehub OWNER annotatehub" >&2 \
    || fail "could not create the database 'annotatehub'"
  CONN="Host=127.0.0.1;Port=$PG_PORT;Database=annotatehub;Username=annotatehub;Password=annotatehub"
  save_state
}

stop_postgres() {
  [ -n "$PG_DIR" ] || return 0
  pg stop "$PG_DIR" >/dev/null 2>&1 || true
}

# --- nginx ------------------------------------------------------------------------------------------------------------
find_nginx() {
  command -v nginx 2>/dev/null && return
  [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx
  return 0
}

install_nginx() {
  say "nginx is not installed; installing Debian's nginx with apt-get"
  as_root apt-get update -qq >&2 || fail "apt-get update failed"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null \
    || fail "apt-get could not install nginx"
}

# Writes $DIR/nginx/nginx.conf (this instance's own main file: pid, logs and temp folders under $DIR/nginx) and
# $DIR/nginx/annotatehub.conf (deploy/nginx/annotatehub.conf with the listen address and the nodes filled in).
write_nginx_conf() {
  local n="$DIR/nginx" servers="" k user=""
  mkdir -p "$n/tmp/body" "$n/tmp/proxy" "$n/tmp/fastcgi" "$n/tmp/uwsgi" "$n/tmp/scgi"
  if [ "$(id -u)" = 0 ]; then
    # a master started as root drops its workers to an unprivileged user; they write the temp folders
    local worker=www-data group=www-data
    id www-data >/dev/null 2>&1 || { worker=nobody; group=nogroup; }
    user="user $worker $group;"
    chown -R "$worker:$group" "$n/tmp"
  fi
  for k in $(seq 1 "$NODES"); do
    servers="${servers}server 127.0.0.1:$(node_get "$k" HTTP) max_fails=1 fail_timeout=5s; "
  done
  local conf
  conf=$(<"$TEMPLATE")
  # shellcheck disable=SC2016 # the literal placeholders
  conf=${conf//'${ANNOTATEHUB_LISTEN}'/$LISTEN:$NGINX_PORT}
  # shellcheck disable=SC2016
  conf=${conf//'${ANNOTATEHUB_UPSTREAMS}'/$servers}
  printf '%s\n' "$conf" >"$n/annotatehub.conf"
  cat >"$n/nginx.conf" <<EOF
# Written by deploy/local-cluster.sh for this cluster only (not the system's nginx).
${user}
worker_processes 1;
pid $n/nginx.pid;
error_log $n/error.log warn;
events { worker_connections 4096; }
http {
    log_format annotatehub '\$remote_addr [\$time_local] "\$request" \$status \$body_bytes_sent '
                           'upstream=\$upstream_addr \$upstream_status \$request_time '
                           'node_cookie="\$cookie_annotatehub_node"';
    access_log $n/access.log annotatehub;
    client_body_temp_path $n/tmp/body;
    proxy_temp_path $n/tmp/proxy;
    fastcgi_temp_path $n/tmp/fastcgi;
    uwsgi_temp_path $n/tmp/uwsgi;
    scgi_temp_path $n/tmp/scgi;
    include $n/annotatehub.conf;
}
EOF
}

nginx_cmd() { "$NGINX_BIN" -p "$DIR/nginx/" -e "$DIR/nginx/error.log" -c "$DIR/nginx/nginx.conf" "$@"; }

start_nginx() {
  NGINX_BIN=$(find_nginx)
  if [ -z "$NGINX_BIN" ]; then
    install_nginx
    NGINX_BIN=$(find_nginx)
    [ -n "$NGINX_BIN" ] || fail "nginx was installed but is not on PATH nor /usr/sbin/nginx"
  fi
  write_nginx_conf
  local check
  if ! check=$(nginx_cmd -t -q 2>&1); then
    printf '%s\n' "$check" >&2
    fail "nginx rejected $(rel "$DIR/nginx/nginx.conf") (see above)"
  fi
  rm -f "$DIR/nginx/nginx.pid"
  nginx_cmd </dev/null >>"$DIR/nginx/error.log" 2>&1 9>&- || { tail -n 20 "$DIR/nginx/error.log" >&2; fail "nginx did not start"; }
  for _ in $(seq 1 50); do [ -s "$DIR/nginx/nginx.pid" ] && break; sleep 0.1; done
  NGINX_PID=$(cat "$DIR/nginx/nginx.pid" 2>/dev/null || true)
  save_state
  nginx_running || { tail -n 20 "$DIR/nginx/error.log" >&2; fail "nginx did not start"; }
}

stop_nginx() {
  nginx_running || return 0
  kill -QUIT "$NGINX_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do nginx_running || return 0; sleep 0.1; done
  kill -TERM "$NGINX_PID" 2>/dev/null || true
  for _ in $(seq 1 30); do nginx_running || return 0; sleep 0.1; done
  kill -KILL "$NGINX_PID" 2>/dev/null || true
}

# --- output -----------------------------------------------------------------------------------------------------------
print_exports() {
  local k started=$1
  printf 'export ANNOTATEHUB_CLUSTER_URL=%q\n' "$(cluster_url)"
  printf 'export ANNOTATEHUB_CLUSTER_NODES=%q\n' "$NODES"
  for k in $(seq 1 "$NODES"); do
    printf 'export ANNOTATEHUB_CLUSTER_NODE%s=%q\n' "$k" "$(node_url "$k")"
    printf 'export ANNOTATEHUB_CLUSTER_NODE%s_PID=%q\n' "$k" "$(node_get "$k" PID)"
    printf 'export ANNOTATEHUB_CLUSTER_NODE%s_SILO_PORT=%q\n' "$k" "$(node_get "$k" SILO)"
    printf 'export ANNOTATEHUB_CLUSTER_NODE%s_GATEWAY_PORT=%q\n' "$k" "$(node_get "$k" GW)"
    printf 'export ANNOTATEHUB_CLUSTER_NODE%s_LOG=%q\n' "$k" "$(node_log "$k")"
  done
  [ -n "$CONN" ] && printf 'export ANNOTATEHUB_CLUSTER_POSTGRES=%q\n' "$CONN"
  printf 'export ANNOTATEHUB_CLUSTER_STORAGE=%q\n' "$MODE"
  if [ -s "$DIR/credentials.txt" ]; then
    printf 'export ANNOTATEHUB_CLUSTER_CREDENTIALS=%q\n' "$DIR/credentials.txt"
    local admin
    admin=$(awk -v e="$DEMO_ADMIN" '$1 == e {print $2; exit}' "$DIR/credentials.txt")
    if [ -n "$admin" ]; then
      printf 'export ANNOTATEHUB_CLUSTER_ADMIN_EMAIL=%q\n' "$DEMO_ADMIN"
      printf 'export ANNOTATEHUB_CLUSTER_ADMIN_PASSWORD=%q\n' "$admin"
    fi
  fi
  printf 'export ANNOTATEHUB_CLUSTER_DIR=%q\n' "$DIR"
  printf 'export ANNOTATEHUB_CLUSTER_STARTED=%q\n' "$started"
}

# The first-run block of demo sign-ins from node 1's log (DemoSeeder.FormatCredentials: "email password role").
capture_credentials() {
  local log
  log=$(node_log 1)
  for _ in $(seq 1 20); do
    grep -q 'Demo workspace' "$log" 2>/dev/null && break
    grep -q '^Cluster:' "$log" 2>/dev/null && break # the start-up lines are written; no demo block follows them
    sleep 0.25
  done
  sleep 0.2
  grep -E '^[[:space:]]+[^[:space:]@]+@demo\.annotatehub\.test[[:space:]]+[^[:space:]]+[[:space:]]+[a-z]+[[:space:]]*$' "$log" 2>/dev/null \
    | awk '{print $1, $2, $3}' >"$DIR/credentials.txt.tmp" || true
  if [ -s "$DIR/credentials.txt.tmp" ]; then
    chmod 600 "$DIR/credentials.txt.tmp"
    mv "$DIR/credentials.txt.tmp" "$DIR/credentials.txt"
  else
    rm -f "$DIR/credentials.txt.tmp"
    say "node 1 printed no demo sign-ins (Demo:Seed=false, or its database was seeded before)"
  fi
}

print_summary() {
  local k
  {
    echo
    echo "AnnotateHub: $NODES node(s) on $MODE, behind nginx (sticky sessions, WebSockets)"
    echo "  Open:        $(cluster_url)"
    for k in $(seq 1 "$NODES"); do
      printf '  node %-2s     %s   silo %s  gateway %s  pid %s  log %s\n' "$k" "$(node_url "$k")" \
        "$(node_get "$k" SILO)" "$(node_get "$k" GW)" "$(node_get "$k" PID)" "$(rel "$(node_log "$k")")"
    done
    echo "  nginx:       pid $NGINX_PID, config $(rel "$DIR/nginx/nginx.conf"), logs $(rel "$DIR/nginx")/{access,error}.log"
    if [ "$MODE" = postgres ]; then
      echo "  PostgreSQL:  $CONN   (bash deploy/local-cluster.sh psql)"
    else
      echo "  SQLite mode: every node is its own one-node cluster with its own database and demo passwords;"
      echo "               this checks the script and the proxy only. Sign-ins below are node 1's."
    fi
    echo "  Dashboard:   $(cluster_url)/dashboard (sign in as $DEMO_ADMIN)"
    if [ -s "$DIR/credentials.txt" ]; then
      echo "  Demo sign-ins (also in $(rel "$DIR/credentials.txt")):"
      awk '{printf "    %-36s %-22s %s\n", $1, $2, $3}' "$DIR/credentials.txt"
    fi
    echo "  Stop:        bash deploy/local-cluster.sh stop"
    echo
  } >&2
}

# --- commands ---------------------------------------------------------------------------------------------------------
stop_all() {
  local k
  load_state || return 0
  stop_nginx
  # all nodes at once: each gets SIGTERM, then they are waited for
  for k in $(seq 1 "$NODES"); do
    if node_running "$k"; then kill -TERM "$(node_get "$k" PID)" 2>/dev/null || true; fi
  done
  for k in $(seq 1 "$NODES"); do end_node "$k" 30; done
  stop_postgres
  rm -f "$STATE"
}

everything_runs() {
  local k
  nginx_running || return 1
  for k in $(seq 1 "$NODES"); do node_running "$k" || return 1; done
  return 0
}

anything_runs() {
  local k
  nginx_running && return 0
  for k in $(seq 1 "$NODES"); do node_running "$k" && return 0; done
  [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ] && return 0
  return 1
}

on_start_exit() {
  local rc=$?
  [ "$rc" = 0 ] && return
  say "start failed; stopping what it started (the logs stay in $(rel "$DIR"))"
  stop_all
  exit "$rc"
}

cmd_start() {
  local want_nodes=2 nodes_given=0 port="" publish=1 app="" storage=postgres
  DURABLE=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --nodes) want_nodes=${2:?--nodes needs a number}; nodes_given=1; shift 2 ;;
      --nodes=*) want_nodes=${1#*=}; nodes_given=1; shift ;;
      --port) port=${2:?--port needs a number}; shift 2 ;;
      --port=*) port=${1#*=}; shift ;;
      --no-publish) publish=0; shift ;;
      --app) app=${2:?--app needs a folder}; shift 2 ;;
      --app=*) app=${1#*=}; shift ;;
      --storage) storage=${2:?--storage needs postgres or sqlite}; shift 2 ;;
      --storage=*) storage=${1#*=}; shift ;;
      --durable) DURABLE=1; shift ;;
      *) say "unknown option: $1"; usage ;;
    esac
  done
  [[ "$want_nodes" =~ ^[1-9][0-9]?$ ]] || fail "--nodes must be a number from 1 to 99"
  [ -z "$port" ] || [[ "$port" =~ ^[1-9][0-9]{0,4}$ ]] || fail "--port must be a TCP port"
  case "$storage" in postgres|sqlite) ;; *) fail "--storage must be postgres or sqlite" ;; esac

  if load_state; then
    if everything_runs; then
      if [ "$nodes_given" = 1 ] && [ "$want_nodes" != "$NODES" ]; then
        fail "a cluster of $NODES node(s) runs already ($(rel "$DIR")); stop it first: bash deploy/local-cluster.sh stop"
      fi
      if [ "$storage" != "$MODE" ]; then
        fail "a cluster on $MODE runs already ($(rel "$DIR")); stop it first: bash deploy/local-cluster.sh stop"
      fi
      say "reusing the cluster that runs ($(rel "$DIR")); stop it with: bash deploy/local-cluster.sh stop"
      print_summary
      print_exports 0
      return
    fi
    if anything_runs; then
      fail "part of a cluster runs ($(rel "$DIR"); see: bash deploy/local-cluster.sh status); stop it first: bash deploy/local-cluster.sh stop"
    fi
    stop_all # what is left of one that is gone (crashed, machine restarted)
  fi
  command -v curl >/dev/null 2>&1 || fail "curl is needed (apt-get install curl)"
  command -v dotnet >/dev/null 2>&1 || fail "the .NET SDK (dotnet) is needed; see global.json"
  [ -f "$TEMPLATE" ] || fail "missing $TEMPLATE"

  MODE=$storage; NODES=$want_nodes
  # anything that fails from here on stops what this start started
  trap on_start_exit EXIT
  rm -f "$DIR"/node*.log "$DIR/credentials.txt" "$DIR/nginx/access.log" "$DIR/nginx/error.log"
  rm -rf "$DIR"/node*/
  mkdir -p "$DIR/nginx"

  # 1. the app
  if [ -n "$app" ]; then
    APP_DIR=$(cd "$app" && pwd)
  else
    APP_DIR="$DIR/app"
    if [ "$publish" = 1 ]; then
      say "publishing src/AnnotateHub.Web (Release) into $(rel "$APP_DIR")"
      dotnet publish "$ROOT/src/AnnotateHub.Web" -c Release -o "$APP_DIR" -nologo -v q -clp:ErrorsOnly </dev/null >&2 9>&- \
        || fail "dotnet publish failed (see above)"
    fi
  fi
  [ -f "$APP_DIR/$DLL" ] || fail "no $DLL in $APP_DIR (publish it, or drop --no-publish)"

  # 2. ports: nginx's first (8080 when free), then HTTP, silo and gateway for each node
  if [ -n "$port" ]; then
    port_in_use "$port" && fail "port $port is in use (--port)"
    NGINX_PORT=$port
  elif ! port_in_use 8080; then
    NGINX_PORT=8080
  else
    NGINX_PORT=$(free_port)
  fi
  TAKEN="$TAKEN$NGINX_PORT "
  local k
  for k in $(seq 1 "$NODES"); do
    node_set "$k" HTTP "$(free_port)"; TAKEN="$TAKEN$(node_get "$k" HTTP) "
    node_set "$k" SILO "$(free_port)"; TAKEN="$TAKEN$(node_get "$k" SILO) "
    node_set "$k" GW "$(free_port)"; TAKEN="$TAKEN$(node_get "$k" GW) "
    node_set "$k" PID ""
  done
  save_state

  # 3. PostgreSQL and the database
  [ "$MODE" = postgres ] && start_postgres

  # 4. node 1 alone (it migrates the schema and seeds the demo), then the others together
  say "starting node 1 on $(node_url 1) (log: $(rel "$(node_log 1)"))"
  launch_node 1
  wait_node 1
  capture_credentials
  for k in $(seq 2 "$NODES"); do
    say "starting node $k on $(node_url "$k") (log: $(rel "$(node_log "$k")"))"
    launch_node "$k"
  done
  for k in $(seq 2 "$NODES"); do wait_node "$k"; done

  # 5. nginx in front
  say "starting nginx on $LISTEN:$NGINX_PORT"
  start_nginx
  local deadline=$((SECONDS + 30))
  until ready "$(cluster_url)"; do
    [ "$SECONDS" -lt "$deadline" ] || { tail -n 20 "$DIR/nginx/error.log" >&2; fail "nginx does not pass $(cluster_url)/health/ready on to the nodes"; }
    sleep 0.5
  done

  trap - EXIT
  print_summary
  print_exports 1
}

cmd_status() {
  local k any=0
  if ! load_state; then say "no cluster is recorded in $(rel "$DIR")"; exit 1; fi
  {
    echo "cluster in $(rel "$DIR"): $NODES node(s), storage $MODE"
    if nginx_running; then
      any=1
      printf '  nginx        running  pid %s  %s  /health/ready: %s\n' "$NGINX_PID" "$(cluster_url)" \
        "$(ready "$(cluster_url)" && echo 200 || echo no)"
    else
      echo "  nginx        stopped"
    fi
    for k in $(seq 1 "$NODES"); do
      if node_running "$k"; then
        any=1
        printf '  node %-7s running  pid %s  %s  silo %s  gateway %s  /health/ready: %s\n' "$k" "$(node_get "$k" PID)" \
          "$(node_url "$k")" "$(node_get "$k" SILO)" "$(node_get "$k" GW)" "$(ready "$(node_url "$k")" && echo 200 || echo no)"
      else
        printf '  node %-7s stopped  (last pid %s)  %s\n' "$k" "$(node_get "$k" PID)" "$(node_url "$k")"
      fi
    done
    if [ "$MODE" = postgres ]; then
      if [ -n "$PG_PORT" ] && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 3 >/dev/null 2>&1; then
        any=1
        echo "  PostgreSQL   running  $CONN"
        echo "  Orleans membership (orleansmembershiptable):"
        "$PG_BIN/psql" -X -h 127.0.0.1 -p "$PG_PORT" -U annotatehub -d annotatehub -P pager=off -c \
          "SELECT deploymentid AS cluster, siloname, address, port, generation,
                  CASE status WHEN 1 THEN 'Created' WHEN 2 THEN 'Joining' WHEN 3 THEN 'Active' WHEN 4 THEN 'ShuttingDown'
                              WHEN 5 THEN 'Stopping' WHEN 6 THEN 'Dead' ELSE status::text END AS status,
                  iamalivetime
             FROM orleansmembershiptable ORDER BY port, generation" 2>&1 | sed 's/^/    /' || true
      else
        echo "  PostgreSQL   stopped"
      fi
    fi
  } >&2
  [ "$any" = 1 ] || exit 1
}

node_arg() {
  local k=${1:-}
  [[ "$k" =~ ^[1-9][0-9]?$ ]] || fail "name a node by its number (1..)"
  load_state || fail "no cluster is recorded in $(rel "$DIR"); start one first"
  [ "$k" -le "$NODES" ] || fail "there is no node $k (the cluster has $NODES)"
  echo "$k"
}

cmd_kill_node() {
  local k
  k=$(node_arg "${1:-}")
  load_state
  node_running "$k" || fail "node $k does not run"
  kill -KILL "$(node_get "$k" PID)"
  for _ in $(seq 1 50); do node_running "$k" || break; sleep 0.1; done
  say "killed node $k (kill -9, pid $(node_get "$k" PID))"
}

cmd_stop_node() {
  local k
  k=$(node_arg "${1:-}")
  load_state
  node_running "$k" || { say "node $k does not run"; return 0; }
  end_node "$k" 60
  say "stopped node $k (pid $(node_get "$k" PID))"
}

cmd_start_node() {
  local k
  k=$(node_arg "${1:-}")
  load_state
  if node_running "$k"; then
    say "node $k runs already (pid $(node_get "$k" PID))"
  else
    port_in_use "$(node_get "$k" HTTP)" && fail "node $k's port $(node_get "$k" HTTP) is taken by another process"
    say "starting node $k on $(node_url "$k") (log: $(rel "$(node_log "$k")"))"
    launch_node "$k"
    wait_node "$k"
    say "node $k is ready (pid $(node_get "$k" PID))"
  fi
  printf 'export ANNOTATEHUB_CLUSTER_NODE%s=%q\n' "$k" "$(node_url "$k")"
  printf 'export ANNOTATEHUB_CLUSTER_NODE%s_PID=%q\n' "$k" "$(node_get "$k" PID)"
}

cmd_psql() {
  load_state || fail "no cluster is recorded in $(rel "$DIR")"
  [ "$MODE" = postgres ] || fail "this cluster runs on SQLite"
  "$PG_BIN/psql" -X -h 127.0.0.1 -p "$PG_PORT" -U annotatehub -d annotatehub "$@"
}

cmd_admin() {
  load_state || fail "no cluster is recorded in $(rel "$DIR")"
  local -a settings=("Storage__DataFolder=$DIR/node1/data" "Cluster__AdvertisedAddress=127.0.0.1"
    "Cluster__SiloPort=$(node_get 1 SILO)" "Cluster__GatewayPort=$(node_get 1 GW)")
  if [ "$MODE" = postgres ]; then
    settings+=("Storage__Provider=postgres" "ConnectionStrings__AnnotateHub=$CONN" "Cluster__Provider=postgres")
  fi
  cd "$APP_DIR" && exec env "${settings[@]}" dotnet "$DLL" admin "$@"
}

cmd=${1:-start}
case "$cmd" in
  --*) cmd=start ;;
  start|stop|status|env|kill-node|stop-node|start-node|psql|admin) shift ;;
  -h|help) usage ;;
  *) say "unknown command: $cmd"; usage ;;
esac

mkdir -p "$DIR"
case "$cmd" in
  status|env|psql|admin) ;;
  *)
    # one start/stop/kill at a time for this folder
    exec 9>"$DIR/lock"
    if command -v flock >/dev/null 2>&1; then
      flock -w 600 9 || fail "waited 10 minutes for another deploy/local-cluster.sh on $(rel "$DIR")"
    fi
    ;;
esac

case "$cmd" in
  start) cmd_start "$@" ;;
  stop)
    if load_state; then say "stopping the cluster in $(rel "$DIR")"; stop_all; say "stopped"; else say "no cluster is recorded in $(rel "$DIR")"; fi
    ;;
  status) cmd_status ;;
  env) load_state || fail "no cluster is recorded in $(rel "$DIR")"; everything_runs || say "warning: not all of the cluster runs (see status)"; print_exports 0 ;;
  kill-node) cmd_kill_node "$@" ;;
  stop-node) cmd_stop_node "$@" ;;
  start-node) cmd_start_node "$@" ;;
  psql) cmd_psql "$@" ;;
  admin) cmd_admin "$@" ;;
esac
