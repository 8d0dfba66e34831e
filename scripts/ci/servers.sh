# Shared by the scripts that start test servers (mongo-wire.sh, postgres.sh, aws-emulator.sh):
# source it after setting LOG_NAME, the prefix of their messages on stderr.

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

# daemon_start NAME PID_FILE PORT TIMEOUT KEEP LOG_FILE COMMAND...
# Runs COMMAND in its own session (it outlives the caller) with output to LOG_FILE, records its
# pid and KEEP (a path `daemon_stop` deletes) in PID_FILE, and waits until PORT accepts
# connections. On failure prints the log, cleans up and dies.
daemon_start() {
  local name=$1 pid_file=$2 port=$3 timeout=$4 keep=$5 log_file=$6 pid deadline
  shift 6
  setsid "$@" </dev/null >"$log_file" 2>&1 &
  pid=$!
  printf '%s\n%s\n' "$pid" "$keep" >"$pid_file"
  deadline=$((SECONDS + timeout))
  until port_open "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$log_file" >&2
      rm -rf "$keep" "$pid_file"
      die "$name exited during start-up"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      cat "$log_file" >&2
      daemon_stop "$name" "$pid_file" "$keep"
      die "$name did not accept connections on 127.0.0.1:$port within ${timeout} s"
    fi
    sleep 0.05
  done
  log "$name pid $pid on 127.0.0.1:$port"
}

# daemon_stop NAME PID_FILE KEEP_PATTERN: stops the recorded pid (TERM, then KILL after 5 s) and
# deletes the recorded path if it matches KEEP_PATTERN (a glob), so only what start made goes.
daemon_stop() {
  local name=$1 pid_file=$2 pattern=$3 pid keep
  if [ ! -f "$pid_file" ]; then
    log "nothing to stop ($pid_file is missing)"
    return
  fi
  { read -r pid && read -r keep; } <"$pid_file" || true
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    log "stopped $name pid $pid"
  fi
  # shellcheck disable=SC2254 # the pattern is a glob on purpose
  case "$keep" in $pattern) rm -rf "$keep" ;; esac
  rm -f "$pid_file"
}
