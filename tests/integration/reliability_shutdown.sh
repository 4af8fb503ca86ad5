#!/usr/bin/env bash
# SIGTERM under load: exit 0 within pipeline.drain_timeout_ms, nothing lost (a restarted
# daemon finishes the rest). Twice: once when the backlog can drain in time, once with a
# slow classifier whose backlog cannot (the deadline wins; what is left is uncommitted).
source "$(dirname "$0")/reliability_lib/common.bash"

ARTICLES=${ARTICLES:-3000}
DRAIN_MS=4000
start_broker 4 1
make_config "  drain_timeout_ms: $DRAIN_MS"
"$TESTKIT" produce --bootstrap-file "$WORK/bootstrap" --count "$ARTICLES" --rate 200 >"$WORK/produce.log" 2>&1 &
PRODUCER_PID=$!

# 1. Normal speed, mid-stream.
start_daemon fast
metrics_address fast >/dev/null
sleep 9
consumed=$(metric sahelwatch_articles_consumed_total fast)
stop_daemon fast || fail "exit status $? after SIGTERM"
fast_stop=$STOP_SECONDS
(($(echo "$fast_stop < $DRAIN_MS / 1000 + 1" | bc))) || fail "took ${fast_stop}s to stop (deadline ${DRAIN_MS} ms)"
grep '"shutdown complete"' "$WORK/fast.log" | grep -q '"uncommitted":0' || fail "drain left work uncommitted"
log "fast: consumed $consumed, stopped in ${fast_stop}s"

# 2. Slow classifier: a 400-article backlog at 100 ms cannot drain in 4 s.
start_daemon slow SAHELWATCH_TEST_SLOW_CLASSIFY_MS=100
metrics_address slow >/dev/null
sleep 10
stop_daemon slow || fail "slow: exit status $? after SIGTERM"
slow_stop=$STOP_SECONDS
(($(echo "$slow_stop < $DRAIN_MS / 1000 + 1.5" | bc))) || fail "slow: took ${slow_stop}s (deadline ${DRAIN_MS} ms)"
uncommitted=$(grep '"shutdown complete"' "$WORK/slow.log" | sed -n 's/.*"uncommitted":\([0-9]*\).*/\1/p')
log "slow: stopped in ${slow_stop}s, $uncommitted articles left uncommitted"

# 3. A fresh daemon picks up everything left.
start_daemon final
wait "$PRODUCER_PID" || fail "producer failed: $(cat "$WORK/produce.log")"
report=$("$TESTKIT" verify-events --bootstrap-file "$WORK/bootstrap" --count "$ARTICLES" --timeout 120) ||
  fail "verification failed: $report"
log "verify: $report"
stop_daemon final || fail "final: exit status $?"
log "PASS: articles $ARTICLES, missing $(json_field "$report" missing), duplicates $(json_field "$report" duplicates); SIGTERM exits ${fast_stop}s (drained) and ${slow_stop}s (deadline ${DRAIN_MS} ms, $uncommitted left for the next owner); final ${STOP_SECONDS}s"
