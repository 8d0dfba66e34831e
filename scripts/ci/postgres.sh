#!/usr/bin/env bash
# A PostgreSQL server for tests, on loopback, from Debian's packages.
#
#   postgres.sh install       install PostgreSQL with apt-get unless its binaries are there
#   postgres.sh start [PORT]  install if needed, start on 127.0.0.1:PORT with a fresh data dir,
#                             wait until it accepts connections, print a DATABASE_URL
#   postgres.sh stop [PORT]   stop the server started on PORT and delete its data dir
#
# Environment:
#   PG_PORT      port when none is given          (default: 55432)
#   PG_TIMEOUT   seconds to wait for the server    (default: 30)
#   PG_STATE     where pid files are kept          (default: ${TMPDIR:-/tmp})
#   PG_USER      system user that runs the server when this script runs as root (default: postgres;
#                PostgreSQL refuses to run as root)
# Only stdout carries the URL; progress goes to stderr. The server trusts loopback connections
# (user `app`, database `app`): for tests only.
set -euo pipefail

TIMEOUT=${PG_TIMEOUT:-30}
STATE=${PG_STATE:-${TMPDIR:-/tmp}}
RUN_AS=${PG_USER:-postgres}

LOG_NAME=postgres
# shellcheck source=scripts/ci/servers.sh
. "$(dirname "$0")/servers.sh"

# Debian keeps the server binaries out of PATH, in /usr/lib/postgresql/<major>/bin.
bin_dir() {
  local dir
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/pg_ctl" ]; then
    echo "$dir"
  elif command -v pg_ctl >/dev/null; then
    dirname "$(command -v pg_ctl)"
  fi
}

install() {
  if [ -n "$(bin_dir)" ]; then
    log "PostgreSQL already installed in $(bin_dir)"
    return
  fi
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed and installing it needs root"
  log "installing PostgreSQL from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # The package's own cluster is not used: start() makes a fresh one on the given port.
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  [ -n "$(bin_dir)" ] || die "apt-get installed postgresql but pg_ctl is nowhere to be found"
}

ensure_user() {
  getent passwd "$RUN_AS" >/dev/null || useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_AS"
}

# Runs a server binary as the unprivileged user when we are root.
as_server_user() {
  if [ "$(id -u)" = 0 ]; then
    ensure_user
    runuser -u "$RUN_AS" -- "$@"
  else
    "$@"
  fi
}

start() {
  local port=$1 pid_file="$STATE/postgres-$1.pid" bin data
  valid_port "$port"
  install
  bin=$(bin_dir)
  port_open "$port" && die "127.0.0.1:$port is already in use"
  data=$(mktemp -d "${TMPDIR:-/tmp}/postgres-data.XXXXXX")
  chmod 755 "$data"
  if [ "$(id -u)" = 0 ]; then
    ensure_user
    chown "$RUN_AS" "$data"
  fi
  printf '%s\n' "$data" >"$pid_file"
  as_server_user "$bin/initdb" --pgdata="$data/db" --username=app --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 --no-sync >"$data/initdb.log" 2>&1 || { cat "$data/initdb.log" >&2; die "initdb failed"; }
  # Loopback only; the socket in the data dir (the default /var/run/postgresql may not exist);
  # durability off: test data.
  as_server_user "$bin/pg_ctl" start --pgdata="$data/db" --log="$data/server.log" --silent \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    --wait --timeout="$TIMEOUT" || { cat "$data/server.log" >&2; stop "$port"; die "the server did not start"; }
  as_server_user "$bin/createdb" --host=127.0.0.1 --port="$port" --username=app app ||
    { stop "$port"; die "createdb failed"; }
  log "PostgreSQL on 127.0.0.1:$port (data: $data; stop: $0 stop $port)"
  echo "postgresql+psycopg://app@127.0.0.1:$port/app"
}

stop() {
  local port=$1 pid_file="$STATE/postgres-$1.pid" data bin
  was_started "$port" "$pid_file" || return 0
  read -r data <"$pid_file" || true
  bin=$(bin_dir)
  if [ -n "$bin" ] && [ -f "$data/db/postmaster.pid" ]; then
    as_server_user "$bin/pg_ctl" stop --pgdata="$data/db" --mode=fast --silent --wait || true
    log "stopped PostgreSQL on port $port"
  fi
  # Only what start created: a mktemp data dir.
  case "$data" in */postgres-data.*) rm -rf "$data" ;; esac
  rm -f "$pid_file"
}

command=${1:-}
case "$command" in
  install) install ;;
  start) start "${2:-${PG_PORT:-55432}}" ;;
  stop) stop "${2:-${PG_PORT:-55432}}" ;;
  *)
    sed -n "2,8p" "$0" >&2
    exit 2
    ;;
esac
