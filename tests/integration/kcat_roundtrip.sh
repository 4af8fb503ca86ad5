#!/usr/bin/env bash
# A real second Kafka client (kcat) against `sahelwatch broker` and the daemon:
# articles in as JSON, protobuf-less text and garbage; events back keyed by article id;
# garbage in articles.dlq with its reason and origin headers.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

start_broker 4
start_daemon daemon

# Two JSON articles (content-type header) and one plain-text article (key = id).
printf '%s\n' \
  'rt-en-1	{"id":"rt-en-1","lang":"en","title":"Soldiers killed in Djibo","text":"DJIBO, Burkina Faso — Gunmen attacked an army post in Djibo on Monday, killing 12 soldiers, security sources said."}' \
  'rt-fr-1	{"id":"rt-fr-1","lang":"fr","title":"Enlèvement à Ménaka","text":"MÉNAKA, Mali — Des hommes armés ont enlevé cinq commerçants mardi près de Ménaka, selon des sources locales."}' \
  | kcat -P -b "$BOOTSTRAP" -t articles -K '\t' -H content-type=application/json
printf 'NIAMEY, Niger — A roadside bomb exploded under a military vehicle near Tillabéri on Sunday, killing four soldiers.' \
  | kcat -P -b "$BOOTSTRAP" -t articles -k rt-text-1
# Garbage: invalid UTF-8 and wrong JSON types. (kcat cannot send an empty value; empty and
# 5 MB messages are covered by reliability_malformed.sh through the test kit.)
printf '\xff\xfe\x00\x01garbage' | kcat -P -b "$BOOTSTRAP" -t articles -k bad-bytes
printf '{"id": 42, "text": ["not", "a", "string"]}' | kcat -P -b "$BOOTSTRAP" -t articles -k bad-json -H content-type=application/json

events_keys() { kcat -C -b "$BOOTSTRAP" -t security-events -o beginning -e -q -f '%k\n' 2>/dev/null | sort -u; }
have_all_events() {
  local keys; keys=$(events_keys)
  grep -qx rt-en-1 <<<"$keys" && grep -qx rt-fr-1 <<<"$keys" && grep -qx rt-text-1 <<<"$keys"
}
wait_for 60 have_all_events || fail "events for all three articles not on security-events (got: $(events_keys | tr '\n' ' '))"

dlq_dump() { kcat -C -b "$BOOTSTRAP" -t articles.dlq -o beginning -e -q -f '%k|%h\n' 2>/dev/null; }
have_dlq() { [ "$(dlq_dump | grep -c "^bad-")" -ge 2 ]; }
wait_for 30 have_dlq || fail "garbage not in articles.dlq (got: $(dlq_dump))"
dlq=$(dlq_dump)
grep -q '^bad-bytes|.*sahelwatch-error=invalid_utf8' <<<"$dlq" || fail "bad-bytes without invalid_utf8 reason: $dlq"
grep -q '^bad-json|.*sahelwatch-error=invalid_field' <<<"$dlq" || fail "bad-json without invalid_field reason: $dlq"
grep -q 'sahelwatch-source-topic=articles' <<<"$dlq" || fail "DLQ without origin topic header: $dlq"
grep -q 'sahelwatch-source-offset=' <<<"$dlq" || fail "DLQ without origin offset header: $dlq"

# The event value is a real sahelwatch.v1.Event: decode one with protoc.
kcat -C -b "$BOOTSTRAP" -t security-events -o beginning -e -q -f '%k\t%S\n' 2>/dev/null | grep -q '^rt-en-1' \
  || fail "no event keyed rt-en-1"
kcat -C -b "$BOOTSTRAP" -t security-events -o beginning -e -q -c 1 -f '%s' 2>/dev/null >"$TEST_TMP/event.bin"
protoc --decode sahelwatch.v1.Event -I proto -I /usr/include proto/sahelwatch/v1/event.proto \
  <"$TEST_TMP/event.bin" >"$TEST_TMP/event.txt" || fail "event does not decode as sahelwatch.v1.Event"
grep -q 'schema_version: SCHEMA_VERSION_1' "$TEST_TMP/event.txt" || fail "decoded event lacks schema_version: $(cat "$TEST_TMP/event.txt")"
grep -q 'id: "ev-' "$TEST_TMP/event.txt" || fail "decoded event lacks a deterministic id"

consumed=$(metric sahelwatch_articles_consumed_total)
[ "${consumed%.*}" -ge 5 ] || fail "articles_consumed_total=$consumed, expected >= 5"
[ "$(metric 'sahelwatch_dlq_messages_total{reason="invalid_utf8"}' | cut -d. -f1)" -ge 1 ] || fail "DLQ invalid_utf8 not counted"

# SIGTERM: clean exit 0.
kill -TERM "$DAEMON_PID"
wait "$DAEMON_PID"; status=$?
[ "$status" -eq 0 ] || fail "daemon exited $status on SIGTERM"
echo "kcat round trip OK: $(events_keys | wc -l) article keys with events, $(dlq_dump | wc -l) DLQ messages"
