# Shared helpers for tests/integration/reliability_*.sh (sourced, not run).
# A standalone mock cluster (`sahelwatch broker --control FIFO`), daemons started against
# it from a private copy of config/, and sahelwatch_testkit to stream articles and verify
# the output topics. Every process started here is killed on exit, by pid.
set -euo pipefail

BIN_DIR=${SAHELWATCH_BIN_DIR:?set SAHELWATCH_BIN_DIR to <build>/src}
SOURCE_DIR=${SAHELWATCH_SOURCE_DIR:-$(pwd)}
TESTKIT=${SAHELWATCH_TESTKIT:-$BIN_DIR/../tests/tools/sahelwatch_testkit}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sahelwatch-$(basename "$0" .sh).XXXXXX")
declare -A DAEMON_PIDS=()
BROKER_PID=
GROUP=${GROUP:-sahelwatch-test}

log() { printf '[%s %s] %s\n' "$(date +%H:%M:%S)" "$(basename "$0" .sh)" "$*" >&2; }
fail() { log "FAIL: $*"; log "logs kept in $WORK"; exit 1; }

cleanup() {
  local status=$?
  for name in "${!DAEMON_PIDS[@]}"; do kill -9 "${DAEMON_PIDS[$name]}" 2>/dev/null || true; done
  if [[ -n $BROKER_PID ]]; then kill "$BROKER_PID" 2>/dev/null || true; fi
  # Load generators still running after a failure.
  for pid in $(jobs -p); do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ $status -eq 0 && -z ${KEEP_WORK:-} ]]; then rm -rf "$WORK"; else log "logs kept in $WORK"; fi
}
trap cleanup EXIT

[[ -x $TESTKIT ]] || fail "testkit not built: $TESTKIT"

# start_broker PARTITIONS BROKERS
start_broker() {
  "$BIN_DIR/sahelwatch" broker --bootstrap-file "$WORK/bootstrap" --partitions "$1" --brokers "$2" \
    --control "$WORK/control" >"$WORK/broker.log" 2>&1 &
  BROKER_PID=$!
  for _ in $(seq 100); do [[ -s $WORK/bootstrap ]] && break; sleep 0.1; done
  [[ -s $WORK/bootstrap ]] || fail "broker did not start"
  BOOTSTRAP=$(head -1 "$WORK/bootstrap")
  log "broker up: $BOOTSTRAP ($1 partitions, $2 brokers)"
}

# broker_ctl COMMAND...: one control command, waits for its reply, fails on error.
broker_ctl() {
  local before
  before=$(grep -c '"msg":"control"' "$WORK/broker.log" || true)
  echo "$*" >"$WORK/control"
  for _ in $(seq 50); do
    [[ $(grep -c '"msg":"control"' "$WORK/broker.log" || true) -gt $before ]] && break
    sleep 0.1
  done
  grep '"msg":"control"' "$WORK/broker.log" | tail -1 | grep -q '"ok":true' || fail "broker control '$*' failed"
  log "broker: $*"
}

# make_config [PIPELINE_YAML_LINES] [CONSUMER_YAML_LINES]: a private config dir with the
# project's rules and gazetteer; consumer settings suited to the mock cluster.
make_config() {
  mkdir -p "$WORK/config"
  cp -r "$SOURCE_DIR/config/rules" "$SOURCE_DIR/config/gazetteer" "$WORK/config/"
  cat >"$WORK/config/sahelwatch.yaml" <<YAML
kafka:
  bootstrap_servers: "$BOOTSTRAP"
  group_id: $GROUP
  consumer:
    fetch.wait.max.ms: "10"
    session.timeout.ms: "6000"
    heartbeat.interval.ms: "500"
    topic.metadata.refresh.interval.ms: "2000"
${2:-}
pipeline:
  workers: 2
  commit_interval_ms: 200
${1:-}
metrics:
  listen: 127.0.0.1:0
log:
  level: info
YAML
}

# start_daemon NAME [ENV=VALUE...]
start_daemon() {
  local name=$1
  shift
  env "$@" "$BIN_DIR/sahelwatchd" --config "$WORK/config/sahelwatch.yaml" >>"$WORK/$name.log" 2>&1 &
  DAEMON_PIDS[$name]=$!
}

# The metrics address a daemon logged at start-up (port 0 picks a free one).
metrics_address() {
  local name=$1
  # A minute: a first start compiles the rules (seconds; more on a loaded CI machine).
  for _ in $(seq 600); do
    local address
    address=$(grep '"sahelwatchd started"' "$WORK/$name.log" | tail -1 | sed -n 's/.*"metrics":"\([^"]*\)".*/\1/p' || true)
    [[ -n $address ]] && { echo "$address"; return; }
    sleep 0.1
  done
  fail "$name did not start (see $WORK/$name.log)"
}

# metric NAME DAEMON: sum of a metric's samples, 0 when absent.
metric() {
  local address
  address=$(metrics_address "$2")
  { curl -sf "http://$address/metrics" || true; } | awk -v name="$1" \
    '$1 == name || index($1, name "{") == 1 { sum += $NF } END { printf "%d\n", sum }'
}

# stop_daemon NAME: SIGTERM, returns the exit status; prints the seconds it took.
stop_daemon() {
  local name=$1 pid=${DAEMON_PIDS[$1]} started status=0
  started=$(date +%s.%N)
  kill -TERM "$pid"
  wait "$pid" || status=$?
  unset "DAEMON_PIDS[$name]"
  STOP_SECONDS=$(echo "$(date +%s.%N) - $started" | bc)
  return $status
}

kill9_daemon() {
  kill -9 "${DAEMON_PIDS[$1]}" 2>/dev/null || true
  wait "${DAEMON_PIDS[$1]}" 2>/dev/null || true
  unset "DAEMON_PIDS[$1]"
}

alive() { kill -0 "${DAEMON_PIDS[$1]}" 2>/dev/null; }

# json_field JSON KEY: a top-level number from a testkit report line.
json_field() { echo "$1" | sed -n "s/.*\"$2\":\([0-9-]*\).*/\1/p"; }
