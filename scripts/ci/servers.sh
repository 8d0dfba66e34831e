# Shared by the scripts that start test servers (mongo-wire.sh, postgres.sh): source it after
# setting LOG_NAME, the prefix of their messages on stderr.

log() { echo "$LOG_NAME: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

valid_port() {
  [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le 65535 ] || die "not a TCP port: $1"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Whether `start` ran for port $1, i.e. its pid file $2 exists; says so when not.
was_started() {
  valid_port "$1"
  [ -f "$2" ] && return 0
  log "nothing started on port $1 ($2 is missing)"
  return 1
}
