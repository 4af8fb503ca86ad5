#!/usr/bin/env bash
# /readyz tells a load balancer or Kubernetes whether this daemon is doing its job: 503
# before its consumer has partitions (at start, and as a spare member of a group with
# fewer partitions than daemons), 200 once assigned with the broker reachable, 503 again
# within seconds of losing the brokers (taken down, then killed) and 200 when they come
# back. /healthz stays 200 all along (the process is alive), and the sahelwatch_ready
# gauge agrees with /readyz.
source "$(dirname "$0")/lib/e2e.bash"

start broker "$BIN_DIR/sahelwatch" broker --brokers 3 --partitions 1 --bootstrap-file "$WORK/bootstrap" --control "$WORK/control"
wait_for 30 "the broker's bootstrap file" test -s "$WORK/bootstrap"
bootstrap=$(head -1 "$WORK/bootstrap")

# broker_ctl COMMAND: one fault-injection command, checked against the broker's JSON reply.
broker_ctl() {
  local before
  before=$(grep -c '"msg":"control"' "$WORK/broker.log" || true)
  echo "$*" >"$WORK/control"
  wait_for 10 "the broker to answer '$*'" \
    bash -c "[[ \$(grep -c '\"msg\":\"control\"' '$WORK/broker.log') -gt $before ]]"
  grep '"msg":"control"' "$WORK/broker.log" | tail -1 | grep -q '"ok":true' || fail "broker control '$*' failed"
  log "broker: $*"
}

# A private config: the project's rules, consumer timings suited to the mock cluster.
mkdir -p "$WORK/config"
cp -r "$SOURCE_DIR/config/rules" "$SOURCE_DIR/config/gazetteer" "$WORK/config/"
cat >"$WORK/config/sahelwatch.yaml" <<YAML
kafka:
  bootstrap_servers: "$bootstrap"
  group_id: readiness-test
  consumer:
    fetch.wait.max.ms: "10"
    session.timeout.ms: "6000"
    heartbeat.interval.ms: "500"
    reconnect.backoff.max.ms: "1000"
log:
  level: info
YAML

port=$(free_port)
BASE=http://127.0.0.1:$port
start daemon "$BIN_DIR/sahelwatchd" --config "$WORK/config/sahelwatch.yaml" --metrics-listen "127.0.0.1:$port"

# The first answer comes before any assignment: the daemon answers HTTP before it joins.
wait_for 120 "the daemon's HTTP port" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' $BASE/healthz) == 200 ]]"
first=$(curl -s -w ' %{http_code}' "$BASE/readyz" | tr -d '\n')
log "first /readyz: $first"
[[ $first == *" 503" ]] || fail "/readyz before assignment answered '$first', expected 503"

ready() { [[ $(http_status "${1:-$BASE}/readyz") == 200 ]]; }
not_ready() { [[ $(http_status "${1:-$BASE}/readyz") == 503 ]]; }
ready_gauge_is() {
  [[ $(curl -sf "${2:-$BASE}/metrics" | awk '$1 == "sahelwatch_ready" {print $2}') == "$1" ]]
}

started=$SECONDS
wait_for 60 "/readyz 200 after assignment" ready
log "ready after $((SECONDS - started))s: $(curl -s "$BASE/readyz")"
[[ $(metric_sum "$BASE/metrics" sahelwatch_assigned_partitions) -ge 1 ]] || fail "ready without assigned partitions"
wait_for 5 "sahelwatch_ready 1" ready_gauge_is 1

# A second daemon in the group finds the only partition taken: broker reachable, nothing
# assigned, so not ready, for the right reason. When the first leaves, it takes over.
spare_port=$(free_port)
SPARE=http://127.0.0.1:$spare_port
start spare "$BIN_DIR/sahelwatchd" --config "$WORK/config/sahelwatch.yaml" --metrics-listen "127.0.0.1:$spare_port"
wait_for 120 "the spare daemon's reason to be the assignment" \
  bash -c "curl -s $SPARE/readyz | grep -q 'no partitions assigned'"
for _ in $(seq 10); do
  not_ready "$SPARE" || fail "the spare daemon must not be ready without partitions"
  ready || fail "the first daemon must stay ready while the spare joins"
  sleep 0.3
done
wait_for 5 "the spare's sahelwatch_ready 0" ready_gauge_is 0 "$SPARE"
log "spare: $(curl -s "$SPARE/readyz")"
stop daemon TERM
started=$SECONDS
wait_for 60 "the spare to be ready once the first daemon left" ready "$SPARE"
log "spare ready $((SECONDS - started))s after the first daemon left"
BASE=$SPARE

# One broker of three off the network (connections dropped, new ones refused): the
# cluster still serves, so the daemon stays ready. Then all three: not ready.
broker_ctl down 1
for _ in $(seq 10); do
  ready || fail "one broker of three down must not make the daemon unready: $(curl -s "$BASE/readyz")"
  sleep 0.3
done
broker_ctl down 2
broker_ctl down 3
started=$SECONDS
wait_for 15 "/readyz 503 with every broker down" not_ready
log "not ready $((SECONDS - started))s after the brokers went down: $(curl -s "$BASE/readyz")"
curl -s "$BASE/readyz" | grep -q "broker unreachable" || fail "the reason should name the broker: $(curl -s "$BASE/readyz")"
wait_for 5 "sahelwatch_ready 0" ready_gauge_is 0
[[ $(http_status "$BASE/healthz") == 200 ]] || fail "/healthz must stay 200 while the broker is down"
broker_ctl up 1
broker_ctl up 2
broker_ctl up 3
started=$SECONDS
wait_for 60 "/readyz 200 with the brokers back" ready
log "ready again $((SECONDS - started))s after the brokers came back"

# Broker process killed: the cluster is gone for good.
stop broker KILL
started=$SECONDS
wait_for 15 "/readyz 503 after the broker was killed" not_ready
log "not ready $((SECONDS - started))s after the broker was killed: $(curl -s "$BASE/readyz")"
[[ $(http_status "$BASE/healthz") == 200 ]] || fail "/healthz must stay 200 without a broker"
alive spare || fail "the daemon must keep running without a broker"
log "PASS"
