# Shared helpers for tests/integration and tests/e2e scripts (sourced, not run).
# Every test gets its own temp dir, free ports and a trap that kills what it started.

BIN_DIR="${SAHELWATCH_BIN_DIR:-build/release/src}"
SAHELWATCH="$BIN_DIR/sahelwatch"
SAHELWATCHD="$BIN_DIR/sahelwatchd"
TEST_TMP="$(mktemp -d)"
declare -a TEST_PIDS=()

cleanup_test() {
  local pid
  for pid in "${TEST_PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${TEST_PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  if [ "${KEEP_TEST_TMP:-0}" = 1 ]; then echo "kept $TEST_TMP"; else rm -rf "$TEST_TMP"; fi
}
trap cleanup_test EXIT

fail() {
  echo "FAIL: $*" >&2
  for log in "$TEST_TMP"/*.log; do
    [ -f "$log" ] && { echo "--- $log (last 30 lines)" >&2; tail -n 30 "$log" >&2; }
  done
  exit 1
}

free_port() {
  python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'
}

# wait_for SECONDS COMMAND...: retries COMMAND every 0.2 s until it succeeds.
wait_for() {
  local seconds=$1; shift
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}

# start_broker [PARTITIONS]: runs `sahelwatch broker`, sets BOOTSTRAP.
start_broker() {
  local partitions=${1:-4}
  "$SAHELWATCH" broker --bootstrap-file "$TEST_TMP/bootstrap" --partitions "$partitions" \
    >"$TEST_TMP/broker.log" 2>&1 &
  TEST_PIDS+=($!)
  wait_for 20 test -s "$TEST_TMP/bootstrap" || fail "broker did not start"
  BOOTSTRAP=$(cat "$TEST_TMP/bootstrap")
}

# start_daemon NAME [ARGS...]: runs sahelwatchd against $BOOTSTRAP with a free metrics port;
# sets DAEMON_PID and METRICS (host:port). Log in $TEST_TMP/NAME.log.
start_daemon() {
  local name=$1; shift
  METRICS="127.0.0.1:$(free_port)"
  "$SAHELWATCHD" --config config/sahelwatch.yaml --bootstrap-servers "$BOOTSTRAP" \
    --metrics-listen "$METRICS" "$@" >"$TEST_TMP/$name.log" 2>&1 &
  DAEMON_PID=$!
  TEST_PIDS+=("$DAEMON_PID")
  wait_for 60 curl -sf "http://$METRICS/healthz" || fail "daemon $name did not serve /healthz"
}

# metric NAME_WITH_LABELS: the value of one sample on $METRICS (0 when absent).
metric() {
  curl -sf "http://$METRICS/metrics" | awk -v name="$1" '$1 == name { print $2; found=1 } END { if (!found) print 0 }'
}
