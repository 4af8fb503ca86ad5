#!/usr/bin/env bash
# The Grafana dashboard is real: sahelwatchd runs the demo (embedded broker, seed
# articles), a real Prometheus scrapes it every second with the repository's alert rules,
# and EVERY expression of EVERY panel in deploy/grafana/dashboards/sahelwatch.json returns
# data through Prometheus's HTTP API. Also: `promtool check metrics` finds nothing to
# report on /metrics, and every alert rule evaluates without error on the live data.
source "$(dirname "$0")/lib/e2e.bash"
require_prometheus
command -v kcat >/dev/null || fail "kcat missing (scripts/deps.sh installs it)"
DASHBOARD=$SOURCE_DIR/deploy/grafana/dashboards/sahelwatch.json

# A private copy of config/: edits in the checkout must not trigger reloads mid-test.
cp -r "$SOURCE_DIR/config" "$WORK/config"
metrics_port=$(free_port)
METRICS=http://127.0.0.1:$metrics_port
start daemon "$BIN_DIR/sahelwatchd" --config "$WORK/config/sahelwatch.yaml" --demo --seeds "$SOURCE_DIR/seeds" --metrics-listen "127.0.0.1:$metrics_port" \
  --bootstrap-file "$WORK/bootstrap" --log-level info
start_prometheus prometheus "127.0.0.1:$metrics_port"

wait_for 120 "the daemon to be ready ($METRICS/readyz)" curl -sf "$METRICS/readyz"
seed_files=("$SOURCE_DIR"/seeds/*.txt)
seeds=${#seed_files[@]}
[[ -f ${seed_files[0]} ]] || fail "no seed articles in $SOURCE_DIR/seeds"
# processing_seconds_count: recorded once an article has gone through every stage.
processed() { [[ $(metric_sum "$METRICS/metrics" sahelwatch_processing_seconds_count) -ge $1 ]]; }
wait_for 60 "the $seeds seed articles to be processed" processed "$seeds"
for family in sahelwatch_events_total sahelwatch_alerts_published_total sahelwatch_incidents_total; do
  [[ -n $(metric_sum "$METRICS/metrics" "$family") ]] ||
    fail "$family has no series after the seeds: is the classifier finding events?"
done

# Nothing for promtool to report on the exposition itself.
curl -sf "$METRICS/metrics" >"$WORK/metrics.txt"
lint=$(promtool check metrics <"$WORK/metrics.txt" 2>&1) || fail "promtool check metrics failed: $lint"
[[ -z $lint ]] || fail "promtool check metrics reports: $lint"
log "promtool check metrics: clean ($(grep -c '^# TYPE' "$WORK/metrics.txt") families)"

# Prometheus has been scraping for a while before the second batch, so rates see it: the
# event counters appear only with the first batch's events, and on a slow machine both
# batches could land between two scrapes (a series first seen at its final value has no rate).
wait_for 60 "Prometheus to scrape the daemon" \
  bash -c "curl -sf '$PROM_URL/api/v1/query' --data-urlencode 'query=count_over_time(up{job=\"sahelwatchd\"}[1m]) >= 3 and up{job=\"sahelwatchd\"} == 1' | grep -q '\"value\"'"
wait_for 60 "Prometheus to hold two samples of the first batch's event counters" \
  bash -c "curl -sf '$PROM_URL/api/v1/query' --data-urlencode 'query=count_over_time(sahelwatch_events_total{job=\"sahelwatchd\"}[1m]) >= 2' | grep -q '\"value\"'"

# Second batch: the seeds again under new keys (same texts: the correlator sees copies)
# and one message that is not UTF-8 text (a dead letter; kcat cannot send an empty one).
bootstrap=$(head -1 "$WORK/bootstrap")
for file in "${seed_files[@]}"; do
  kcat -P -b "$bootstrap" -t articles -k "e2e-$(basename "$file" .txt)" \
    -H "content-type=text/plain; charset=utf-8" "$file" 2>>"$WORK/kcat.log" || fail "kcat could not publish $file"
done
printf '\xff\xfe broken' >"$WORK/not-utf8"
kcat -P -b "$bootstrap" -t articles -k e2e-not-utf8 -H "content-type=text/plain; charset=utf-8" "$WORK/not-utf8" \
  2>>"$WORK/kcat.log" || fail "kcat could not publish the broken message"
expected=$((2 * seeds + 1))
wait_for 60 "$expected articles processed" processed "$expected"
wait_for 30 "the broken message in the dead-letter counter" \
  bash -c "[[ \$(curl -sf $METRICS/metrics | awk '\$1 ~ /^sahelwatch_dlq_messages_total/ {s += \$2} END {print s+0}') -ge 1 ]]"
sleep 4  # a few more scrapes (and rule evaluations) after the last article

# The dashboard is well-formed (unique ids and refIds, panels inside the 24-column grid and
# not overlapping, every query on the datasource variable) and shows every metric family
# the daemon exports: a new metric needs a panel.
python3 - "$DASHBOARD" "$WORK/metrics.txt" <<'PY' || fail "dashboard structure"
import json, sys
dashboard = json.load(open(sys.argv[1]))
families = [line.split()[2] for line in open(sys.argv[2]) if line.startswith("# TYPE ")]
problems, ids, cells = [], set(), {}
for panel in dashboard["panels"]:
    title, grid = panel.get("title", "?"), panel["gridPos"]
    if panel["id"] in ids:
        problems.append(f"duplicate panel id {panel['id']} ({title})")
    ids.add(panel["id"])
    if grid["x"] < 0 or grid["x"] + grid["w"] > 24:
        problems.append(f"{title}: outside the 24-column grid")
    for x in range(grid["x"], grid["x"] + grid["w"]):
        for y in range(grid["y"], grid["y"] + grid["h"]):
            if (x, y) in cells:
                problems.append(f"{title} overlaps {cells[(x, y)]}")
                break
            cells[(x, y)] = title
        else:
            continue
        break
    refs = [t["refId"] for t in panel.get("targets", [])]
    if len(refs) != len(set(refs)):
        problems.append(f"{title}: duplicate refIds")
    for target in panel.get("targets", []):
        if target.get("datasource", {}).get("uid") != "${datasource}":
            problems.append(f"{title}: a query not on the datasource variable")
expressions = " ".join(t["expr"] for p in dashboard["panels"] for t in p.get("targets", []))
problems += [f"metric family {f} is on no panel" for f in families if f not in expressions]
for problem in problems:
    print("FAIL", problem, file=sys.stderr)
print(f"{len(ids)} panels, {len(families)} metric families, all on the dashboard" if not problems else "", file=sys.stderr)
sys.exit(1 if problems else 0)
PY

# Every panel expression, with Grafana's variables set as a viewer's "All" would, returns
# at least one finite value; every metric it names exists in Prometheus.
python3 - "$DASHBOARD" "$PROM_URL" <<'PY' || fail "dashboard expressions without data"
import json, math, re, sys, urllib.parse, urllib.request

dashboard_path, prom = sys.argv[1], sys.argv[2]
dashboard = json.load(open(dashboard_path))
variables = {"$__rate_interval": "2m", "$__range": "10m", "$instance": ".*"}
MUST_MOVE = ["sahelwatch_articles_consumed_total", "sahelwatch_article_bytes_total",
             "sahelwatch_events_total", "sahelwatch_dlq_messages_total", "sahelwatch_processing_seconds",
             "sahelwatch_end_to_end_lag_seconds", "sahelwatch_messages_produced_total"]

def panels(items):
    for panel in items:
        yield panel
        yield from panels(panel.get("panels", []))

def api(path, **params):
    url = f"{prom}/api/v1/{path}?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=10) as response:
        body = json.load(response)
    if body.get("status") != "success":
        raise RuntimeError(f"{path}: {body}")
    return body["data"]

names = set(api("label/__name__/values"))
failures, checked = [], 0
for panel in panels(dashboard["panels"]):
    for target in panel.get("targets", []):
        expr = target["expr"]
        query = expr
        for name, value in variables.items():
            query = query.replace(name, value)
        if "$" in query:
            failures.append(f"{panel['title']}: unknown variable in {expr}")
            continue
        checked += 1
        missing = sorted({m for m in re.findall(r"\b(sahelwatch_[a-z0-9_]+)", query)} - names)
        if missing:
            failures.append(f"{panel['title']}: metrics not in Prometheus: {', '.join(missing)}")
        result = api("query", query=query)["result"]
        values = [float(series["value"][1]) for series in result]
        finite = [v for v in values if math.isfinite(v)]
        shown = ", ".join(f"{v:g}" for v in values[:4]) + (" ..." if len(values) > 4 else "")
        print(f"  {'ok ' if finite else 'NO '} {panel['title']} [{target['refId']}] {len(result)} series: {shown}",
              file=sys.stderr)
        if not finite:
            failures.append(f"{panel['title']} [{target['refId']}]: no finite value for {query}")
        # What the second batch moved must show as moving, not as a flat zero.
        moving = [m for m in MUST_MOVE if m in query]
        if moving and finite and max(finite) <= 0:
            failures.append(f"{panel['title']} [{target['refId']}]: {moving[0]} should be above 0: {query}")
print(f"{checked} expressions in {sum(1 for p in panels(dashboard['panels']) if p.get('targets'))} panels",
      file=sys.stderr)
for failure in failures:
    print("FAIL", failure, file=sys.stderr)
sys.exit(1 if failures or checked == 0 else 0)
PY

# Prometheus loaded the alert rules and evaluated each against the live data without error.
python3 - "$PROM_URL" <<'PY' || fail "alert rules unhealthy in Prometheus"
import json, sys, urllib.request
groups = json.load(urllib.request.urlopen(f"{sys.argv[1]}/api/v1/rules", timeout=10))["data"]["groups"]
rules = [rule for group in groups for rule in group["rules"]]
bad = [f"{rule['name']}: {rule.get('health')} {rule.get('lastError', '')}" for rule in rules if rule.get("health") != "ok"]
firing = [rule["name"] for rule in rules if rule.get("state") == "firing"]
print(f"{len(rules)} rules loaded, healthy: {len(rules) - len(bad)}, firing: {firing or 'none'}", file=sys.stderr)
for line in bad:
    print("  unhealthy:", line, file=sys.stderr)
sys.exit(1 if bad or not rules or "SahelwatchDaemonDown" in firing else 0)
PY
alive daemon || fail "the daemon died during the test"

# Its stdout is JSON lines only: logs with ts/level/msg (and, in demo mode, alert objects).
python3 - "$WORK/daemon.log" <<'PY' || fail "daemon output is not JSON lines"
import json, sys
logs = 0
for number, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    record = json.loads(line)
    assert isinstance(record, dict), f"line {number} is not an object"
    if "level" in record:
        logs += 1
        assert {"ts", "level", "msg"} <= record.keys(), f"line {number} lacks ts/level/msg"
        assert record["level"] in ("debug", "info", "warn", "error"), f"line {number}: level {record['level']}"
print(f"{number} JSON lines, {logs} log records", file=sys.stderr)
PY
log "PASS"
