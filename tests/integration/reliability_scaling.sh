#!/usr/bin/env bash
# Two, then three, then one daemon in one consumer group (cooperative-sticky) while
# articles stream: every article processed, none lost; work really was shared.
source "$(dirname "$0")/reliability_lib/common.bash"

ARTICLES=${ARTICLES:-5000}
start_broker 8 3
make_config
"$TESTKIT" produce --bootstrap-file "$WORK/bootstrap" --count "$ARTICLES" --rate 60 >"$WORK/produce.log" 2>&1 &
PRODUCER_PID=$!

# wait_assigned NAME: until the member owns partitions (the mock's rebalances take a
# session timeout or two).
wait_assigned() {
  for _ in $(seq 600); do (($(metric sahelwatch_assigned_partitions "$1") > 0)) && return; sleep 0.1; done
  fail "$1 never got partitions"
}

start_daemon d1
start_daemon d2
wait_assigned d1
wait_assigned d2
log "two members: d1 $(metric sahelwatch_assigned_partitions d1), d2 $(metric sahelwatch_assigned_partitions d2) partitions"
sleep 3
start_daemon d3
wait_assigned d3
log "three members: d1 $(metric sahelwatch_assigned_partitions d1), d2 $(metric sahelwatch_assigned_partitions d2), d3 $(metric sahelwatch_assigned_partitions d3) partitions"
sleep 4
for name in d1 d2 d3; do alive "$name" || fail "$name died"; done
consumed_d2=$(metric sahelwatch_articles_consumed_total d2)
consumed_d3=$(metric sahelwatch_articles_consumed_total d3)
# Scale down one at a time, as a rolling operation would: a member leaving mid-rebalance
# cannot commit (the mock refuses commits of the old generation), so its tail would be
# reprocessed by the next owner: duplicates, never losses.
stop_daemon d2 || fail "d2 exit status $?"
stop_d2=$STOP_SECONDS
for _ in $(seq 600); do
  (($(metric sahelwatch_assigned_partitions d1) + $(metric sahelwatch_assigned_partitions d3) == 8)) && break
  sleep 0.1
done
stop_daemon d3 || fail "d3 exit status $?"
stop_d3=$STOP_SECONDS
wait_assigned d1

wait "$PRODUCER_PID" || fail "producer failed: $(cat "$WORK/produce.log")"
log "producer: $(cat "$WORK/produce.log")"
report=$("$TESTKIT" verify-events --bootstrap-file "$WORK/bootstrap" --count "$ARTICLES" --timeout 120) ||
  fail "verification failed: $report"
log "verify: $report"
consumed_d1=$(metric sahelwatch_articles_consumed_total d1)
stop_daemon d1 || fail "d1 exit status $?"
[[ $consumed_d2 -gt 0 && $consumed_d3 -gt 0 ]] || fail "work not shared: d2 $consumed_d2, d3 $consumed_d3"
log "PASS: articles $ARTICLES, missing $(json_field "$report" missing), duplicates $(json_field "$report" duplicates); consumed d1 $consumed_d1, d2 $consumed_d2, d3 $consumed_d3; stops d2 ${stop_d2}s d3 ${stop_d3}s d1 ${STOP_SECONDS}s"
