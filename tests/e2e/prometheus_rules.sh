#!/usr/bin/env bash
# The alert rules and scrape config are valid for the Prometheus we ship against, and the
# rules' unit tests (deploy/prometheus/test_alerts.yml) pass: each alert fires on its
# situation and stays quiet on the nearby normal one.
source "$(dirname "$0")/lib/e2e.bash"
require_prometheus

cd "$SOURCE_DIR/deploy/prometheus"
promtool check config prometheus.yml || fail "promtool check config prometheus.yml"
# Compose loads every deploy/prometheus/alerts*.yml as a rule file: each must be one.
for rules in alerts*.yml; do promtool check rules "$rules" || fail "promtool check rules $rules"; done
promtool test rules test_alerts.yml || fail "promtool test rules test_alerts.yml"

# Every alert of alerts.yml has at least one unit test case.
python3 - <<'PY' || fail "alerts without a unit test"
import sys, yaml
rules = yaml.safe_load(open("alerts.yml"))
tests = yaml.safe_load(open("test_alerts.yml"))
alerts = {r["alert"] for g in rules["groups"] for r in g["rules"] if "alert" in r}
tested = {case["alertname"] for t in tests["tests"] for case in t.get("alert_rule_test", [])}
missing = sorted(alerts - tested)
print(f"{len(alerts)} alerts, {len(tested & alerts)} tested", file=sys.stderr)
if missing:
    print("untested:", ", ".join(missing), file=sys.stderr)
    sys.exit(1)
PY
log "PASS"
