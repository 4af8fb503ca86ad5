#!/usr/bin/env bash
# 10,000 malformed messages (truncated protobuf, invalid UTF-8, empty, wrong JSON types,
# broken JSON, missing text) plus three 5 MB ones, interleaved with 1,000 valid articles:
# all valid ones processed, every malformed one in articles.dlq with reason and origin,
# counted per reason, no crash.
source "$(dirname "$0")/reliability_lib/common.bash"

BAD=${BAD:-10000}
GOOD=${GOOD:-1000}
BIG=${BIG:-3}
# The mock keeps ~5 MiB per partition: the 5 MB messages get a partition of their own.
start_broker 8 1
make_config
start_daemon daemon
metrics_address daemon >/dev/null
"$TESTKIT" malformed --bootstrap-file "$WORK/bootstrap" --bad "$BAD" --good "$GOOD" --big "$BIG" \
  >"$WORK/produce.log" 2>&1 || fail "producer failed: $(cat "$WORK/produce.log")"
log "producer: $(cat "$WORK/produce.log")"
good=$("$TESTKIT" verify-events --bootstrap-file "$WORK/bootstrap" --prefix good- --count "$GOOD" --timeout 120) ||
  fail "valid articles missing: $good"
log "valid: $good"
dlq=$("$TESTKIT" verify-dlq --bootstrap-file "$WORK/bootstrap" --prefix bad- --count "$BAD" --timeout 120) ||
  fail "dead letters missing: $dlq"
log "dlq: $dlq"
big=$("$TESTKIT" verify-dlq --bootstrap-file "$WORK/bootstrap" --prefix big- --count "$BIG" --timeout 60) ||
  fail "5 MB messages missing from the DLQ: $big"
log "dlq (5 MB): $big"
echo "$big" | grep -q '"too_large":'"$BIG" || fail "5 MB messages not labelled too_large"
alive daemon || fail "daemon died"
counted=$(metric sahelwatch_dlq_messages_total daemon)
[[ $counted -eq $((BAD + BIG)) ]] || fail "sahelwatch_dlq_messages_total is $counted, expected $((BAD + BIG))"
stop_daemon daemon || fail "daemon exit status $?"
log "PASS: valid $GOOD processed (missing $(json_field "$good" missing)), dead letters $(json_field "$dlq" found)/$BAD + $BIG x 5 MB, metric $counted, stop ${STOP_SECONDS}s"
