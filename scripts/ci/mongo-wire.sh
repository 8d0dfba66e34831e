#!/usr/bin/env bash
# A MongoDB wire-protocol server for tests: FerretDB v1 with its SQLite backend (pure Go, no
# MongoDB binaries). Built from the Go module proxy; needs only Go (>= 1.22) and network once.
#
#   mongo-wire.sh build [BIN_DIR]   build ferretdb into BIN_DIR unless it is already there
#   mongo-wire.sh start [PORT]      build if needed, start on 127.0.0.1:PORT with a fresh data
#                                   dir, wait until it accepts connections, print the URL
#   mongo-wire.sh stop [PORT]       stop the server started on PORT and delete its data dir
#
# Environment:
#   MONGO_WIRE_BIN      bin dir for ferretdb            (default: <repo>/.cache/ferretdb/bin)
#   MONGO_WIRE_PORT     port when none is given          (default: 27018)
#   MONGO_WIRE_TIMEOUT  seconds to wait for the server   (default: 30)
#   MONGO_WIRE_STATE    where pid files are kept         (default: ${TMPDIR:-/tmp})
# Go's own caches (GOMODCACHE, GOCACHE) keep their default locations, so a second build on the
# same machine takes seconds. Only stdout carries the URL; progress goes to stderr.
#
# Why not `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.0`: it compiles, but the
# module zip lacks the generated build/version/version.txt and the binary panics at start-up
# ("Invalid build/version/version.txt"). So: download the module, copy it, write that file, and
# install from the copy. FerretDB v1 has no transactions; tests must not need them.
set -euo pipefail

FERRETDB_MODULE=github.com/FerretDB/FerretDB
FERRETDB_VERSION=v1.24.0
REPO=$(cd "$(dirname "$0")/../.." && pwd)
BIN_DIR=${MONGO_WIRE_BIN:-$REPO/.cache/ferretdb/bin}
TIMEOUT=${MONGO_WIRE_TIMEOUT:-30}
STATE=${MONGO_WIRE_STATE:-${TMPDIR:-/tmp}}

LOG_NAME=mongo-wire
# shellcheck source=scripts/ci/servers.sh
. "$(dirname "$0")/servers.sh"

installed() {
  [ -x "$BIN_DIR/ferretdb" ] &&
    [ "$("$BIN_DIR/ferretdb" --version 2>/dev/null | head -n 1)" = "version: $FERRETDB_VERSION" ]
}

build() {
  if installed; then
    log "ferretdb $FERRETDB_VERSION already in $BIN_DIR"
    return
  fi
  # CI images often have Go without it on PATH.
  command -v go >/dev/null || PATH="$PATH:/usr/local/go/bin"
  command -v go >/dev/null || die "go is not installed (looked on PATH and in /usr/local/go/bin)"
  # Use the local toolchain; no VCS stamping (the copy is not a repository).
  export GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:+$GOFLAGS }-buildvcs=false"
  local started=$SECONDS dir src
  log "downloading $FERRETDB_MODULE@$FERRETDB_VERSION"
  dir=$(go mod download -json "$FERRETDB_MODULE@$FERRETDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [ -n "$dir" ] && [ -d "$dir" ] || die "go mod download $FERRETDB_MODULE@$FERRETDB_VERSION failed"
  src=$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-src.XXXXXX")
  # shellcheck disable=SC2064 # expand now: $src is local
  trap "rm -rf '$src'" EXIT
  cp -R "$dir/." "$src"
  chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" >"$src/build/version/version.txt"
  mkdir -p "$BIN_DIR"
  log "building ferretdb into $BIN_DIR (cold: minutes, warm: seconds)"
  (cd "$src" && GOBIN="$BIN_DIR" go install ./cmd/ferretdb) || die "go install ./cmd/ferretdb failed"
  rm -rf "$src"
  trap - EXIT
  installed || die "$BIN_DIR/ferretdb does not report version $FERRETDB_VERSION"
  log "built ferretdb $FERRETDB_VERSION in $((SECONDS - started)) s"
}

start() {
  local port=$1 data
  valid_port "$port"
  build
  port_open "$port" && die "127.0.0.1:$port is already in use"
  data=$(mktemp -d "${TMPDIR:-/tmp}/mongo-wire-data.XXXXXX")
  # No telemetry, no debug HTTP listener.
  DO_NOT_TRACK=1 daemon_start ferretdb "$STATE/mongo-wire-$port.pid" "$port" "$TIMEOUT" "$data" "$data/ferretdb.log" \
    "$BIN_DIR/ferretdb" \
    --handler=sqlite \
    --sqlite-url="file:$data/" \
    --state-dir="$data" \
    --listen-addr="127.0.0.1:$port" \
    --debug-addr=- \
    --telemetry=disable \
    --log-level=WARN
  echo "mongodb://127.0.0.1:$port"
}

stop() {
  valid_port "$1"
  # Only what start created: a mktemp data dir.
  daemon_stop ferretdb "$STATE/mongo-wire-$1.pid" '*/mongo-wire-data.*'
}

command=${1:-}
case "$command" in
  build)
    [ $# -ge 2 ] && BIN_DIR=$2
    build
    ;;
  start) start "${2:-${MONGO_WIRE_PORT:-27018}}" ;;
  stop) stop "${2:-${MONGO_WIRE_PORT:-27018}}" ;;
  *)
    sed -n "2,8p" "$0" >&2
    exit 2
    ;;
esac
