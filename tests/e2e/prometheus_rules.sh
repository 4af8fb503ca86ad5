#!/usr/bin/env bash
# The alert rules and scrape config are valid for the Prometheus we ship against, and the
# rules' unit tests (deploy/prometheus/alerts_test.yml) pass: each alert fires on its
# situation and stays quiet on the nearby normal one.
source "$(dirname "$0")/lib/e2e.bash"
require_prometheus

cd "$SOURCE_DIR/deploy/prometheus"
promtool check config prometheus.yml || fail "promtool check config prometheus.yml"
promtool check rules alerts.yml || fail "promtool check rules alerts.yml"
promtool test rules alerts_test.yml || fail "promtool test rules alerts_test.yml"

# Every alert of alerts.yml has at least one unit test case.
python3 - <<'PY' || fail "alerts without a unit test"
import sys, yaml
rules = yaml.safe_load(open("alerts.yml"))
tests = yaml.safe_load(open("alerts_test.yml"))
alerts = {r["alert"] for g in rules["groups"] for r in g["rules"] if "alert" in r}
tested = {case["alertname"] for t in tests["tests"] for case in t.get("alert_rule_test", [])}
missing = sorted(alerts - tested)
print(f"{len(alerts)} alerts, {len(tested & alerts)} tested", file=sys.stderr)
if missing:
    print("untested:", ", ".join(missing), file=sys.stderr)
    sys.exit(1)
PY
log "PASS"
