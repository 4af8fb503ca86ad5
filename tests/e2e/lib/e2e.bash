# Shared helpers for tests/e2e/*.sh (sourced, not run): temp dir, free ports, processes
# started in the background and killed on exit by pid, HTTP polling, Prometheus.
set -euo pipefail

BIN_DIR=${SAHELWATCH_BIN_DIR:?set SAHELWATCH_BIN_DIR to <build>/src}
SOURCE_DIR=${SAHELWATCH_SOURCE_DIR:-$(pwd)}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sahelwatch-e2e-$(basename "$0" .sh).XXXXXX")
declare -A E2E_PIDS=()

log() { printf '[%s %s] %s\n' "$(date +%H:%M:%S)" "$(basename "$0" .sh)" "$*" >&2; }
fail() {
  log "FAIL: $*"
  for file in "$WORK"/*.log; do
    [[ -f $file ]] || continue
    log "--- last lines of $file"
    tail -n 15 "$file" | cut -c1-400 >&2
  done
  exit 1
}

e2e_cleanup() {
  local status=$?
  for name in "${!E2E_PIDS[@]}"; do kill "${E2E_PIDS[$name]}" 2>/dev/null || true; done
  for name in "${!E2E_PIDS[@]}"; do
    local pid=${E2E_PIDS[$name]}
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  if [[ $status -eq 0 && -z ${KEEP_WORK:-} ]]; then rm -rf "$WORK"; else log "files kept in $WORK"; fi
}
trap e2e_cleanup EXIT

free_port() {
  python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'
}

# start NAME COMMAND...: runs in the background, output in $WORK/NAME.log.
start() {
  local name=$1
  shift
  "$@" >"$WORK/$name.log" 2>&1 &
  E2E_PIDS[$name]=$!
}

# stop NAME [SIGNAL]: signals one started process and waits for it.
stop() {
  local pid=${E2E_PIDS[$1]}
  kill "-${2:-TERM}" "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "E2E_PIDS[$1]"
}

alive() { kill -0 "${E2E_PIDS[$1]}" 2>/dev/null; }

# wait_for SECONDS WHAT COMMAND...: polls COMMAND every 0.2 s until it succeeds.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || fail "timed out after ${seconds}s waiting for $what"
    # A started process that exits while we wait is the failure, not the timeout.
    for name in "${!E2E_PIDS[@]}"; do alive "$name" || fail "$name exited while waiting for $what"; done
    sleep 0.2
  done
}

# http_status URL: the HTTP status code, 000 when nothing answers.
http_status() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" || true; }

# The Prometheus server and promtool, from Debian's package when missing.
require_prometheus() {
  if command -v prometheus >/dev/null && command -v promtool >/dev/null; then return; fi
  log "installing Debian's prometheus package"
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends prometheus >&2 ||
    { $sudo apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends prometheus >&2; } ||
    fail "cannot install prometheus"
  command -v prometheus >/dev/null && command -v promtool >/dev/null || fail "prometheus/promtool still missing"
}

# start_prometheus NAME TARGET: a Prometheus on a free loopback port scraping TARGET
# (job sahelwatchd, every second) with the repository's alert rules; sets PROM_URL.
start_prometheus() {
  local name=$1 target=$2 port
  port=$(free_port)
  mkdir -p "$WORK/$name-data"
  cat >"$WORK/$name.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - $SOURCE_DIR/deploy/prometheus/alerts.yml
scrape_configs:
  - job_name: sahelwatchd
    static_configs:
      - targets: ["$target"]
YAML
  promtool check config "$WORK/$name.yml" >/dev/null || fail "generated Prometheus config invalid"
  start "$name" prometheus --config.file="$WORK/$name.yml" --storage.tsdb.path="$WORK/$name-data" \
    --web.listen-address="127.0.0.1:$port" --log.level=warn
  PROM_URL="http://127.0.0.1:$port"
  wait_for 60 "Prometheus ready on $PROM_URL" curl -sf "$PROM_URL/-/ready"
  log "prometheus up: $PROM_URL scraping $target"
}

# metric_sum URL NAME: sum of a metric's samples on a /metrics page, empty when absent.
metric_sum() {
  curl -sf -m 5 "$1" | awk -v name="$2" \
    '$1 == name || index($1, name "{") == 1 { found = 1; sum += $NF } END { if (found) printf "%d\n", sum }'
}
