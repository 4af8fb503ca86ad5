#!/usr/bin/env bash
# kill -9 the daemon at random moments while 5,000 articles stream in, 10 times,
# restarting each time: every article's events reach security-events (none missing),
# and a reprocessed article repeats the same event ids (deterministic ids).
source "$(dirname "$0")/reliability_lib/common.bash"

ARTICLES=${ARTICLES:-5000}
KILLS=${KILLS:-10}
start_broker 4 3
make_config
"$TESTKIT" produce --bootstrap-file "$WORK/bootstrap" --count "$ARTICLES" --rate 90 >"$WORK/produce.log" 2>&1 &
PRODUCER_PID=$!

RANDOM=${SEED:-$$}
killed_consumed=0
for round in $(seq "$KILLS"); do
  start_daemon daemon
  # A dead member holds its partitions until its session times out: wait for the
  # assignment, then kill at a random moment of real work.
  for _ in $(seq 300); do (($(metric sahelwatch_assigned_partitions daemon) > 0)) && break; sleep 0.05; done
  alive_ms=$((100 + RANDOM % 2900))
  sleep "$(echo "scale=3; $alive_ms / 1000" | bc)"
  alive daemon || fail "daemon died on its own in round $round"
  consumed=$(metric sahelwatch_articles_consumed_total daemon)
  in_flight=$(metric sahelwatch_in_flight_articles daemon)
  kill9_daemon daemon
  killed_consumed=$((killed_consumed + consumed))
  log "round $round: kill -9 ${alive_ms} ms after assignment; it had consumed $consumed, $in_flight in flight"
done

start_daemon daemon
wait "$PRODUCER_PID" || fail "producer failed: $(cat "$WORK/produce.log")"
log "producer: $(cat "$WORK/produce.log")"
report=$("$TESTKIT" verify-events --bootstrap-file "$WORK/bootstrap" --count "$ARTICLES" --timeout 150) ||
  fail "verification failed: $report"
log "verify: $report"
stop_daemon daemon || fail "daemon exit status $? after SIGTERM"
log "PASS: $KILLS kills (killed incarnations consumed $killed_consumed), articles $ARTICLES, missing $(json_field "$report" missing), duplicates $(json_field "$report" duplicates), final stop ${STOP_SECONDS}s"
