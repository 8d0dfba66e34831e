#!/usr/bin/env bash
# A local AWS emulator for tests: moto's server mode (PyPI moto[server]) on loopback, plus
# cfn-lint for the generated SAM templates, both in one virtualenv.
#
#   aws-emulator.sh install         create the virtualenv unless it is already complete
#   aws-emulator.sh start [PORT]    install if needed, start moto on 127.0.0.1:PORT, wait until
#                                   it answers, print the AWS_ENDPOINT_URL
#   aws-emulator.sh stop [PORT]     stop the server started on PORT
#
# Environment:
#   AWS_EMULATOR_VENV     the virtualenv        (default: <repo>/.cache/aws-emulator)
#   AWS_EMULATOR_TIMEOUT  seconds to wait       (default: 30)
#   AWS_EMULATOR_STATE    where pid files live  (default: ${TMPDIR:-/tmp})
# Uses uv when it is on PATH (much faster), else pip. Only stdout carries the URL.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${AWS_EMULATOR_VENV:-$REPO/.cache/aws-emulator}
TIMEOUT=${AWS_EMULATOR_TIMEOUT:-30}
STATE=${AWS_EMULATOR_STATE:-${TMPDIR:-/tmp}}
PACKAGES=("moto[server]>=5,<6" "cfn-lint>=1,<2")

LOG_NAME=aws-emulator
# shellcheck source=scripts/ci/servers.sh
. "$(dirname "$0")/servers.sh"

installed() { [ -x "$VENV/bin/moto_server" ] && [ -x "$VENV/bin/cfn-lint" ]; }

install() {
  if installed; then
    log "moto and cfn-lint already in $VENV"
    return
  fi
  local started=$SECONDS
  python3 -m venv "$VENV"
  if command -v uv >/dev/null; then
    uv pip install --quiet --python "$VENV/bin/python" "${PACKAGES[@]}"
  else
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PACKAGES[@]}"
  fi
  installed || die "moto_server or cfn-lint missing from $VENV after the install"
  log "installed moto and cfn-lint in $((SECONDS - started)) s"
}

start() {
  local port=$1 log_file
  valid_port "$port"
  install
  port_open "$port" && die "127.0.0.1:$port is already in use"
  log_file=$(mktemp "${TMPDIR:-/tmp}/aws-emulator-log.XXXXXX")
  daemon_start moto_server "$STATE/aws-emulator-$port.pid" "$port" "$TIMEOUT" "$log_file" "$log_file" \
    "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port"
  echo "http://127.0.0.1:$port"
}

stop() {
  valid_port "$1"
  daemon_stop moto_server "$STATE/aws-emulator-$1.pid" '*/aws-emulator-log.*'
}

command=${1:-}
case "$command" in
  install) install ;;
  start) start "${2:-5000}" ;;
  stop) stop "${2:-5000}" ;;
  *)
    sed -n "2,9p" "$0" >&2
    exit 2
    ;;
esac
