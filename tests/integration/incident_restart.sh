#!/usr/bin/env bash
# Issue 6 at the daemon level: a restarted daemon rebuilds its incidents from the alerts
# topic, so re-reading the same articles (a new consumer group re-reads everything, as after
# lost offsets) publishes no new incident and no new version.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

start_broker 4
alert_count() { kcat -C -b "$BOOTSTRAP" -t alerts -o beginning -e -q -f '%k\n' 2>/dev/null | wc -l; }
consumed() { metric sahelwatch_articles_consumed_total | cut -d. -f1; }
seeds=$(ls seeds/*.txt | wc -l)

# Run 1: publish the seeds (--demo on an external broker) and process them.
start_daemon first --demo
wait_for 60 bash -c "[ \"\$(curl -sf http://$METRICS/metrics | awk '\$1==\"sahelwatch_articles_consumed_total\"{print int(\$2)}')\" -ge $seeds ]" \
  || fail "first daemon did not consume the $seeds seed articles"
sleep 3  # let the last deliveries land
first_alerts=$(alert_count)
[ "$first_alerts" -ge 1 ] || fail "the seeds raised no alert at all"
kill -TERM "$DAEMON_PID"; wait "$DAEMON_PID" || fail "first daemon did not exit 0"

# Run 2: another group re-reads every article from the beginning.
sed -e 's/group_id: sahelwatch/group_id: sahelwatch-replay/' \
    -e "s|rules: rules|rules: $PWD/config/rules|" -e "s|gazetteer: gazetteer|gazetteer: $PWD/config/gazetteer|" \
    config/sahelwatch.yaml >"$TEST_TMP/replay.yaml"
METRICS="127.0.0.1:$(free_port)"
"$SAHELWATCHD" --config "$TEST_TMP/replay.yaml" --bootstrap-servers "$BOOTSTRAP" --metrics-listen "$METRICS" \
  >"$TEST_TMP/second.log" 2>&1 &
DAEMON_PID=$!; TEST_PIDS+=("$DAEMON_PID")
wait_for 60 curl -sf "http://$METRICS/healthz" || fail "second daemon did not start"
grep -q '"msg":"incident state restored from the alerts topic"' "$TEST_TMP/second.log" \
  || fail "second daemon did not restore incident state"
restored=$(grep -o '"alerts":[0-9]*' "$TEST_TMP/second.log" | head -1 | cut -d: -f2)
[ "$restored" -eq "$first_alerts" ] || fail "restored $restored alerts, $first_alerts were published"
wait_for 60 bash -c "[ \"\$(curl -sf http://$METRICS/metrics | awk '\$1==\"sahelwatch_articles_consumed_total\"{print int(\$2)}')\" -ge $seeds ]" \
  || fail "second daemon did not re-read the seed articles"
sleep 3
second_alerts=$(alert_count)
kill -TERM "$DAEMON_PID"; wait "$DAEMON_PID" || fail "second daemon did not exit 0"
[ "$second_alerts" -eq "$first_alerts" ] \
  || fail "replay after restart published $((second_alerts - first_alerts)) new alert(s) (before: $first_alerts)"
echo "incident restart OK: $first_alerts alerts from $seeds seeds; restored $restored; replay added 0"
