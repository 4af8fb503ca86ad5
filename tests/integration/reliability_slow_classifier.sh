#!/usr/bin/env bash
# A slow classifier (test hook SAHELWATCH_TEST_SLOW_CLASSIFY_MS) with max.poll.interval.ms
# far below the backlog's processing time: the in-flight window fills, partitions pause,
# the consumer keeps polling and stays in the group (no extra rebalance, no poll-interval
# error), and every article is processed.
source "$(dirname "$0")/reliability_lib/common.bash"

ARTICLES=${ARTICLES:-800}
SLOW_MS=50
start_broker 4 1
# 2 workers x 50 ms: a 400-article window holds ~10 s of work, the whole batch ~20 s,
# both beyond max.poll.interval.ms (7 s): only polling while paused keeps the member in.
make_config "  max_in_flight: 400" '    max.poll.interval.ms: "7000"'
start_daemon daemon SAHELWATCH_TEST_SLOW_CLASSIFY_MS=$SLOW_MS
metrics_address daemon >/dev/null
for _ in $(seq 200); do [[ $(metric sahelwatch_assigned_partitions daemon) -gt 0 ]] && break; sleep 0.1; done
rebalances_before=$(metric sahelwatch_rebalances_total daemon)
"$TESTKIT" produce --bootstrap-file "$WORK/bootstrap" --count "$ARTICLES" >"$WORK/produce.log" 2>&1 ||
  fail "producer failed: $(cat "$WORK/produce.log")"
max_paused=0
max_in_flight=0
started=$(date +%s)
while (($(date +%s) - started < 120)); do
  paused=$(metric sahelwatch_paused_partitions daemon)
  in_flight=$(metric sahelwatch_in_flight_articles daemon)
  ((paused > max_paused)) && max_paused=$paused
  ((in_flight > max_in_flight)) && max_in_flight=$in_flight
  (($(metric sahelwatch_articles_consumed_total daemon) >= ARTICLES && in_flight == 0)) && break
  sleep 0.5
done
elapsed=$(($(date +%s) - started))
report=$("$TESTKIT" verify-events --bootstrap-file "$WORK/bootstrap" --count "$ARTICLES" --timeout 60) ||
  fail "verification failed: $report"
log "verify: $report"
rebalances_after=$(metric sahelwatch_rebalances_total daemon)
grep -qi 'max.poll.interval\|maximum poll interval' "$WORK/daemon.log" && fail "poll interval exceeded (see log)"
[[ $rebalances_after -eq $rebalances_before ]] || fail "rebalanced while slow: $rebalances_before -> $rebalances_after"
((max_paused > 0)) || fail "backpressure never paused the partitions"
((max_in_flight <= 400)) || fail "in-flight window exceeded: $max_in_flight"
stop_daemon daemon || fail "daemon exit status $?"
log "PASS: $ARTICLES articles at ${SLOW_MS} ms each in ${elapsed}s with max.poll.interval.ms 7000; max in flight $max_in_flight, paused partitions up to $max_paused, rebalances $rebalances_before -> $rebalances_after, missing $(json_field "$report" missing), duplicates $(json_field "$report" duplicates)"
