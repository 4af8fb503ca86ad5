#!/usr/bin/env bash
# SIGHUP with a broken rules file keeps the old rules running (log line + metric
# sahelwatch_rules_reload_failures_total), classification goes on; a fixed file is then
# swapped in without losing or reprocessing a message.
source "$(dirname "$0")/reliability_lib/common.bash"

start_broker 2 1
make_config
start_daemon daemon
metrics_address daemon >/dev/null
"$TESTKIT" produce --bootstrap-file "$WORK/bootstrap" --count 200 >/dev/null
first=$("$TESTKIT" verify-events --bootstrap-file "$WORK/bootstrap" --count 200 --timeout 60) ||
  fail "before reload: $first"

rules_file="$WORK/config/rules/20_en.yaml"
cp "$rules_file" "$WORK/20_en.yaml.good"
printf '\n- rule: en.broken\n  type: [battle\n' >>"$rules_file"
"$BIN_DIR/sahelwatch" rules check "$rules_file" >/dev/null 2>&1 && fail "the broken file passes rules check"
kill -HUP "${DAEMON_PIDS[daemon]}"
for _ in $(seq 100); do (($(metric sahelwatch_rules_reload_failures_total daemon) > 0)) && break; sleep 0.1; done
failures=$(metric sahelwatch_rules_reload_failures_total daemon)
((failures > 0)) || fail "no reload failure counted"
grep -q '"rules reload failed; keeping the previous rules"' "$WORK/daemon.log" || fail "no log line for the failed reload"
alive daemon || fail "daemon died on a bad rules file"
"$TESTKIT" produce --bootstrap-file "$WORK/bootstrap" --count 200 --first 200 >/dev/null
second=$("$TESTKIT" verify-events --bootstrap-file "$WORK/bootstrap" --count 200 --first 200 --timeout 60) ||
  fail "old rules stopped classifying: $second"

cp "$WORK/20_en.yaml.good" "$rules_file"
kill -HUP "${DAEMON_PIDS[daemon]}"
for _ in $(seq 100); do grep -q '"rules reloaded"' "$WORK/daemon.log" && break; sleep 0.1; done
grep -q '"rules reloaded"' "$WORK/daemon.log" || fail "the fixed rules were not reloaded"
"$TESTKIT" produce --bootstrap-file "$WORK/bootstrap" --count 200 --first 400 >/dev/null
all=$("$TESTKIT" verify-events --bootstrap-file "$WORK/bootstrap" --count 600 --timeout 60) || fail "after reload: $all"
[[ $(json_field "$all" duplicates) -eq 0 ]] || fail "a reload reprocessed messages: $all"
consumed=$(metric sahelwatch_articles_consumed_total daemon)
[[ $consumed -eq 600 ]] || fail "consumed $consumed messages for 600 articles"
stop_daemon daemon || fail "exit status $?"
log "PASS: reload failures counted $failures, old rules kept classifying (missing $(json_field "$second" missing)); after the fix 600/600 articles, duplicates 0, consumed $consumed"
