#!/usr/bin/env bash
# The deployment kit stays deployable: every sahelwatch config in config/ and deploy/ passes
# `sahelwatchd --check-config` in the layout it runs in; compose, k8s, the Dockerfile and the
# systemd unit agree with config/sahelwatch.yaml (keys, port 9464, topics, group, drain
# deadline); YAML/JSON parse; Prometheus files pass promtool; `cmake --install` lays out the
# expected files. Optional tools (promtool, systemd-analyze, kubectl) are used when present,
# and the script says which checks it skipped.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

BUILD_DIR="$(cd "$(dirname "$SAHELWATCHD")/.." && pwd)"
[ -x "$SAHELWATCHD" ] || fail "no sahelwatchd at $SAHELWATCHD (set SAHELWATCH_BIN_DIR)"
declare -a RAN=() SKIPPED=()
ran() { RAN+=("$1"); }
skipped() { SKIPPED+=("$1"); echo "skip: $1" >&2; }

# check_config NAME FILE: the daemon accepts FILE.
check_config() {
  "$SAHELWATCHD" --check-config "$2" >"$TEST_TMP/check-$1.log" 2>&1 \
    || fail "check-config rejects $1 ($2): $(cat "$TEST_TMP/check-$1.log")"
  grep -q ': OK (' "$TEST_TMP/check-$1.log" || fail "check-config $1: no OK line"
}

# expect_rejected NAME FILE PATTERN...: check-config exits non-zero and its message matches
# every PATTERN (file and key named).
expect_rejected() {
  local name=$1 file=$2; shift 2
  local status=0
  "$SAHELWATCHD" --check-config "$file" >"$TEST_TMP/reject-$name.log" 2>&1 || status=$?
  [ "$status" -ne 0 ] || fail "check-config accepted broken config '$name'"
  local pattern
  for pattern in "$@"; do
    grep -qF -- "$pattern" "$TEST_TMP/reject-$name.log" \
      || fail "check-config message for '$name' lacks '$pattern': $(cat "$TEST_TMP/reject-$name.log")"
  done
}

# 1. cmake --install lays out the expected files.
PREFIX="$TEST_TMP/prefix"
cmake --install "$BUILD_DIR" --prefix "$PREFIX" >"$TEST_TMP/install.log" 2>&1 \
  || fail "cmake --install failed: $(tail -5 "$TEST_TMP/install.log")"
ETC="$PREFIX/etc/sahelwatch"
expected=(bin/sahelwatchd bin/sahelwatch etc/sahelwatch/sahelwatch.yaml
  lib/systemd/system/sahelwatchd.service
  share/sahelwatch/proto/sahelwatch/v1/article.proto share/sahelwatch/proto/sahelwatch/v1/event.proto
  share/doc/sahelwatch/operations.md share/doc/sahelwatch/consumers.md)
for file in config/rules/*.yaml; do expected+=("etc/sahelwatch/rules/$(basename "$file")"); done
for file in config/gazetteer/*.tsv; do expected+=("etc/sahelwatch/gazetteer/$(basename "$file")"); done
for file in seeds/*.txt; do expected+=("share/sahelwatch/seeds/$(basename "$file")"); done
for dir in prometheus grafana; do
  [ -d "deploy/$dir" ] && while IFS= read -r file; do expected+=("share/sahelwatch/${file#deploy/}"); done \
    < <(find "deploy/$dir" -type f)
done
for file in "${expected[@]}"; do
  [ -e "$PREFIX/$file" ] || fail "cmake --install did not lay out $file (got: $(cd "$PREFIX" && find . -type f | sort | tr '\n' ' '))"
done
[ -x "$PREFIX/bin/sahelwatchd" ] || fail "installed sahelwatchd is not executable"
ran "cmake --install layout (${#expected[@]} files)"

# 2. Every config in the layout it runs in: in place (config/), installed, in the container
#    (deploy/docker: /etc/sahelwatch with rules and gazetteer beside it), in the pod
#    (deploy/k8s: rules and gazetteer as ConfigMap volumes, with kubelet's ..data symlinks).
check_config repository config/sahelwatch.yaml
check_config installed "$ETC/sahelwatch.yaml"
for target in docker k8s; do
  mkdir -p "$TEST_TMP/$target"
  cp -r "$ETC/rules" "$ETC/gazetteer" "$TEST_TMP/$target/"
  cp "deploy/$target/sahelwatch.yaml" "$TEST_TMP/$target/sahelwatch.yaml"
  check_config "$target" "$TEST_TMP/$target/sahelwatch.yaml"
done
# A ConfigMap volume: files are symlinks into ..data -> ..<timestamp>/.
configmap_dir() {
  local source=$1 target=$2
  mkdir -p "$target/..2024_01_01_00_00_00.000000000"
  cp "$source"/* "$target/..2024_01_01_00_00_00.000000000/"
  ln -s ..2024_01_01_00_00_00.000000000 "$target/..data"
  local file
  for file in "$source"/*; do ln -s "..data/$(basename "$file")" "$target/$(basename "$file")"; done
}
mkdir -p "$TEST_TMP/pod"
configmap_dir "$ETC/rules" "$TEST_TMP/pod/rules"
configmap_dir "$ETC/gazetteer" "$TEST_TMP/pod/gazetteer"
cp deploy/k8s/sahelwatch.yaml "$TEST_TMP/pod/sahelwatch.yaml"
check_config pod "$TEST_TMP/pod/sahelwatch.yaml"
# The same rules must load in every layout: one sha256.
shas=$(grep -ho 'sha256 [0-9a-f]*' "$TEST_TMP"/check-*.log | sort -u)
[ "$(wc -l <<<"$shas")" -eq 1 ] || fail "rules differ between layouts: $shas"
ran "check-config: config/, installed, container, k8s pod layout (ConfigMap symlinks)"

# 3. check-config names the file and the key of what is wrong, and exits non-zero.
mkdir -p "$TEST_TMP/bad"
cp -r "$ETC/rules" "$ETC/gazetteer" "$TEST_TMP/bad/"
sed 's/^  group_id: sahelwatch$/  group_id: sahelwatch\n  group_idd: typo/' config/sahelwatch.yaml >"$TEST_TMP/bad/unknown-key.yaml"
expect_rejected unknown-key "$TEST_TMP/bad/unknown-key.yaml" "unknown-key.yaml" "kafka.group_idd" "unknown key"
sed 's/^    auto.offset.reset: earliest$/    auto.offset.reset: earliest\n    no.such.property: 1/' \
  config/sahelwatch.yaml >"$TEST_TMP/bad/librdkafka.yaml"
expect_rejected librdkafka "$TEST_TMP/bad/librdkafka.yaml" "librdkafka.yaml" "kafka.consumer.no.such.property"
sed 's/^  producer: {}$/  producer:\n    sasl.password: ${SAHELWATCH_TEST_UNSET_SECRET}/' \
  config/sahelwatch.yaml >"$TEST_TMP/bad/secret.yaml"
expect_rejected unset-secret "$TEST_TMP/bad/secret.yaml" "secret.yaml" "SAHELWATCH_TEST_UNSET_SECRET"
SAHELWATCH_TEST_UNSET_SECRET=s3cret "$SAHELWATCHD" --check-config "$TEST_TMP/bad/secret.yaml" >/dev/null 2>&1 \
  || fail "check-config rejects a config whose \${ENV} secret is set"
sed 's/^  rules: rules$/  rules: no-such-dir/' config/sahelwatch.yaml >"$TEST_TMP/bad/no-rules.yaml"
expect_rejected missing-rules "$TEST_TMP/bad/no-rules.yaml" "no-rules.yaml" "classifier.rules" "no-such-dir"
printf 'this: is: not [valid yaml\n' >"$TEST_TMP/bad/rules/99_broken.yaml"
cp config/sahelwatch.yaml "$TEST_TMP/bad/sahelwatch.yaml"
expect_rejected broken-rule "$TEST_TMP/bad/sahelwatch.yaml" "99_broken.yaml"
expect_rejected missing-file "$TEST_TMP/bad/does-not-exist.yaml" "does-not-exist.yaml"
ran "check-config rejections name file and key (unknown key, librdkafka property, unset \${ENV}, rules dir, rule file, missing file)"

# 3b. The kustomization lists its ConfigMaps' files by hand: every rule and gazetteer file must be there.
for file in config/rules/*.yaml config/gazetteer/*.tsv; do
  grep -qF -- "- ../../$file" deploy/k8s/kustomization.yaml || fail "deploy/k8s/kustomization.yaml does not list $file"
done
ran "k8s kustomization lists every rule and gazetteer file"

# 4. Kubernetes: the kustomization renders, and the config inside the rendered ConfigMap
#    passes check-config.
if command -v kubectl >/dev/null; then
  kubectl kustomize --load-restrictor LoadRestrictionsNone deploy/k8s >"$TEST_TMP/k8s-rendered.yaml" \
    2>"$TEST_TMP/kustomize.log" || fail "kubectl kustomize deploy/k8s: $(cat "$TEST_TMP/kustomize.log")"
  mkdir -p "$TEST_TMP/rendered"
  cp -r "$ETC/rules" "$ETC/gazetteer" "$TEST_TMP/rendered/"
  python3 - "$TEST_TMP/k8s-rendered.yaml" "$TEST_TMP/rendered" <<'PY' || fail "rendered ConfigMaps incomplete"
import os, sys, yaml
documents = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
maps = {d["metadata"]["name"].rsplit("-", 1)[0] if d["metadata"]["name"].startswith("sahelwatch-config-")
        else d["metadata"]["name"]: d for d in documents if d["kind"] == "ConfigMap"}
for name in ("sahelwatch-config", "sahelwatch-rules", "sahelwatch-gazetteer"):
    if name not in maps:
        sys.exit(f"rendered k8s has no ConfigMap {name}: {sorted(maps)}")
out = sys.argv[2]
with open(os.path.join(out, "sahelwatch.yaml"), "w") as stream:
    stream.write(maps["sahelwatch-config"]["data"]["sahelwatch.yaml"])
for name, directory in (("sahelwatch-rules", "rules"), ("sahelwatch-gazetteer", "gazetteer")):
    for file, content in maps[name]["data"].items():
        with open(os.path.join(out, directory, file), "w") as stream:
            stream.write(content)
# The Deployment mounts the generated (hash-suffixed) config map.
deployment = next(d for d in documents if d["kind"] == "Deployment")
volumes = {v["name"]: v["configMap"]["name"] for v in deployment["spec"]["template"]["spec"]["volumes"] if "configMap" in v}
names = {d["metadata"]["name"] for d in documents if d["kind"] == "ConfigMap"}
if not set(volumes.values()) <= names:
    sys.exit(f"Deployment mounts {volumes}, rendered ConfigMaps are {names}")
PY
  check_config k8s-rendered "$TEST_TMP/rendered/sahelwatch.yaml"
  ran "kubectl kustomize renders; config extracted from the rendered ConfigMap passes check-config"
else
  skipped "kubectl (kustomize render)"
fi

# 5. Parse everything and compare the kit with config/sahelwatch.yaml.
python3 - "$TEST_TMP" <<'PY' || fail "deploy kit is inconsistent (see above)"
import glob, json, os, re, sys
import yaml

tmp = sys.argv[1]
problems = []
def problem(message):
    problems.append(message)
    print("  - " + message, file=sys.stderr)

# Every YAML and JSON file in deploy/ and config/ parses.
parsed = 0
for path in sorted(glob.glob("deploy/**/*", recursive=True) + glob.glob("config/**/*", recursive=True)):
    if os.path.isdir(path):
        continue
    try:
        with open(path, encoding="utf-8") as stream:
            if path.endswith((".yaml", ".yml")):
                list(yaml.safe_load_all(stream)); parsed += 1
            elif path.endswith(".json"):
                json.load(stream); parsed += 1
    except Exception as error:  # noqa: BLE001 - report every file
        problem(f"{path}: does not parse: {error}")
print(f"parsed {parsed} YAML/JSON files")

def load(path):
    with open(path, encoding="utf-8") as stream:
        return yaml.safe_load(stream)

def keys(node, prefix=""):
    """Key paths of a config; librdkafka passthrough maps are free-form."""
    out = set()
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{prefix}{key}"
            out.add(path)
            if path not in ("kafka.consumer", "kafka.producer"):
                out |= keys(value, path + ".")
    return out

reference = load("config/sahelwatch.yaml")
reference_keys = keys(reference)
topics = reference["kafka"]["topics"]
group = reference["kafka"]["group_id"]
port = reference["metrics"]["listen"].rsplit(":", 1)[1]
if port != "9464":
    problem(f"config/sahelwatch.yaml: metrics.listen port {port}, the kit expects 9464")
drain_seconds = reference["pipeline"]["drain_timeout_ms"] / 1000

deploy_configs = {"docker": load("deploy/docker/sahelwatch.yaml"), "k8s": load("deploy/k8s/sahelwatch.yaml")}
# Values a deployment legitimately changes; everything else equals the reference.
may_differ = {"kafka.bootstrap_servers", "metrics.listen", "pipeline.drain_timeout_ms", "log.level"}
def leaves(node, prefix=""):
    out = {}
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{prefix}{key}"
            if isinstance(value, dict) and path not in ("kafka.consumer", "kafka.producer"):
                out.update(leaves(value, path + "."))
            else:
                out[path] = value
    return out
reference_leaves = leaves(reference)
for name, config in deploy_configs.items():
    path = f"deploy/{name}/sahelwatch.yaml"
    ours = keys(config)
    for key in sorted(reference_keys - ours):
        problem(f"{path}: lacks {key} (config/sahelwatch.yaml has it)")
    for key in sorted(ours - reference_keys):
        problem(f"{path}: has {key}, config/sahelwatch.yaml does not")
    for key, value in leaves(config).items():
        if key not in may_differ and key in reference_leaves and reference_leaves[key] != value:
            problem(f"{path}: {key} = {value!r}, config/sahelwatch.yaml has {reference_leaves[key]!r}")
    listen = config["metrics"]["listen"]
    if listen != "0.0.0.0:9464":
        problem(f"{path}: metrics.listen {listen!r}, containers need 0.0.0.0:9464")
    if config["kafka"]["bootstrap_servers"] == "embedded":
        problem(f"{path}: kafka.bootstrap_servers is 'embedded' (a deployment needs real brokers)")

# Dockerfile: port, health check, container config, non-root.
dockerfile = open("deploy/docker/Dockerfile", encoding="utf-8").read()
runtime = dockerfile.split("FROM debian:12-slim", 1)
if len(runtime) != 2:
    problem("deploy/docker/Dockerfile: no debian:12-slim runtime stage")
else:
    stage = runtime[1]
    if not re.search(r"^EXPOSE 9464$", stage, re.M):
        problem("deploy/docker/Dockerfile: runtime stage does not EXPOSE 9464")
    if not re.search(r"HEALTHCHECK .*\n?.*127\.0\.0\.1:9464/healthz", stage):
        problem("deploy/docker/Dockerfile: HEALTHCHECK does not probe :9464/healthz")
    user = re.search(r"^USER (\S+)$", stage, re.M)
    if not user or user.group(1).split(":")[0] in ("0", "root"):
        problem("deploy/docker/Dockerfile: runtime stage does not run as a non-root USER")
if "deploy/docker/sahelwatch.yaml /staging/etc/sahelwatch/sahelwatch.yaml" not in dockerfile:
    problem("deploy/docker/Dockerfile: does not install deploy/docker/sahelwatch.yaml as the container config")
if "scripts/deps.sh" not in dockerfile:
    problem("deploy/docker/Dockerfile: build stage does not use scripts/deps.sh")

# Compose: Kafka service/port as in the container config, topics created, seeds published,
# metrics port mapped and scraped, the config mounted.
compose = load("deploy/docker/compose.yaml")
services = compose.get("services", {})
missing = [n for n in ("kafka", "kafka-init", "sahelwatchd", "seed-articles", "prometheus", "grafana")
           if n not in services]
for name in missing:
    problem(f"deploy/docker/compose.yaml: no service {name}")
if not missing:
    broker_host, broker_port = deploy_configs["docker"]["kafka"]["bootstrap_servers"].split(":")
    kafka = services["kafka"]["environment"]
    if f"PLAINTEXT://{broker_host}:{broker_port}" not in kafka["KAFKA_ADVERTISED_LISTENERS"]:
        problem(f"compose: kafka does not advertise {broker_host}:{broker_port} (the container config's broker)")
    init = " ".join(services["kafka-init"]["command"])
    created = set(re.search(r"for topic in ([^;]+);", init).group(1).split())
    if created != set(topics.values()):
        problem(f"compose: kafka-init creates {sorted(created)}, config topics are {sorted(topics.values())}")
    seeder = " ".join(services["seed-articles"]["command"])
    if f"-t {topics['articles']} " not in seeder or f"-b {broker_host}:{broker_port}" not in seeder:
        problem("compose: seed-articles does not publish to the config's articles topic and broker")
    daemon = services["sahelwatchd"]
    if "9464:9464" not in daemon.get("ports", []):
        problem("compose: sahelwatchd does not publish 9464")
    if "./sahelwatch.yaml:/etc/sahelwatch/sahelwatch.yaml:ro" not in daemon.get("volumes", []):
        problem("compose: sahelwatchd does not mount deploy/docker/sahelwatch.yaml")
    if daemon.get("build", {}).get("dockerfile") != "deploy/docker/Dockerfile":
        problem("compose: sahelwatchd is not built from deploy/docker/Dockerfile")
    base = "deploy/docker"
    for service in services.values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                if not os.path.exists(os.path.join(base, source)):
                    problem(f"compose: volume source {source} does not exist (relative to {base})")
    scrape = load("deploy/docker/prometheus.yml")
    targets = [t for job in scrape.get("scrape_configs", []) for sc in job.get("static_configs", [])
               for t in sc.get("targets", [])]
    if "sahelwatchd:9464" not in targets:
        problem(f"deploy/docker/prometheus.yml: does not scrape sahelwatchd:9464 (targets {targets})")
    # The rules and the dashboard select on the job name of the repository's scrape config.
    if os.path.exists("deploy/prometheus/prometheus.yml"):
        repo_jobs = {j["job_name"] for j in load("deploy/prometheus/prometheus.yml").get("scrape_configs", [])}
        compose_jobs = {j["job_name"] for j in scrape.get("scrape_configs", [])}
        if compose_jobs != repo_jobs:
            problem(f"deploy/docker/prometheus.yml: jobs {compose_jobs}, deploy/prometheus/prometheus.yml has {repo_jobs}")
    # Grafana: the provisioned dashboard path and data source are where compose puts them.
    grafana_mounts = {v.split(":")[1]: v.split(":")[0] for v in services["grafana"].get("volumes", [])}
    for provider_file in glob.glob("deploy/grafana/provisioning/dashboards/*.y*ml"):
        for provider in load(provider_file).get("providers", []):
            path = provider.get("options", {}).get("path")
            if path not in grafana_mounts:
                problem(f"compose: grafana does not mount anything at {path} ({provider_file})")
    for source_file in glob.glob("deploy/grafana/provisioning/datasources/*.y*ml"):
        for source in load(source_file).get("datasources", []):
            host = re.sub(r"^https?://", "", source.get("url", "")).split(":")[0]
            if source.get("type") == "prometheus" and host not in services:
                problem(f"{source_file}: data source {source.get('url')} is no compose service")

# Kubernetes: render, then compare ports, probes, grace period, security, selectors.
rendered_path = os.path.join(tmp, "k8s-rendered.yaml")
if os.path.exists(rendered_path):
    documents = [d for d in yaml.safe_load_all(open(rendered_path, encoding="utf-8")) if d]
else:
    kustomization = load("deploy/k8s/kustomization.yaml")
    documents = [d for r in kustomization["resources"] for d in yaml.safe_load_all(open(f"deploy/k8s/{r}"))]
by_kind = {}
for document in documents:
    by_kind.setdefault(document["kind"], []).append(document)
missing = [k for k in ("Deployment", "Service", "ServiceMonitor", "PodDisruptionBudget") if k not in by_kind]
for kind in missing:
    problem(f"deploy/k8s: no {kind}")
if not missing:
    deployment = by_kind["Deployment"][0]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    k8s_drain = deploy_configs["k8s"]["pipeline"]["drain_timeout_ms"] / 1000
    if pod.get("terminationGracePeriodSeconds", 30) <= k8s_drain + 5:
        problem(f"k8s: terminationGracePeriodSeconds {pod.get('terminationGracePeriodSeconds')} not longer than drain {k8s_drain}s + 5 s")
    ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    if ports.get("metrics") != 9464:
        problem(f"k8s: container port 'metrics' is {ports.get('metrics')}, expected 9464")
    for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
        get = container.get(probe, {}).get("httpGet", {})
        if get.get("path") != path or get.get("port") not in ("metrics", 9464):
            problem(f"k8s: {probe} is {get}, expected {path} on the metrics port")
    security = {**pod.get("securityContext", {}), **container.get("securityContext", {})}
    for key, value in (("runAsNonRoot", True), ("readOnlyRootFilesystem", True), ("allowPrivilegeEscalation", False)):
        if security.get(key) != value:
            problem(f"k8s: securityContext.{key} is {security.get(key)}, expected {value}")
    mounts = {m["mountPath"]: m for m in container.get("volumeMounts", [])}
    for path in ("/etc/sahelwatch/sahelwatch.yaml", "/etc/sahelwatch/rules", "/etc/sahelwatch/gazetteer"):
        if path not in mounts:
            problem(f"k8s: nothing mounted at {path}")
    if container.get("args", [])[-1:] != ["/etc/sahelwatch/sahelwatch.yaml"]:
        problem(f"k8s: container args {container.get('args')} do not name /etc/sahelwatch/sahelwatch.yaml")
    def selects(selector):
        return all(labels.get(k) == v for k, v in selector.items())
    service = by_kind["Service"][0]
    if not selects(service["spec"]["selector"]):
        problem("k8s: Service selector does not match the pods")
    if [p["port"] for p in service["spec"]["ports"]] != [9464] or service["spec"]["ports"][0].get("name") != "metrics":
        problem("k8s: Service does not expose port 9464 named metrics")
    monitor = by_kind["ServiceMonitor"][0]
    if [e.get("port") for e in monitor["spec"]["endpoints"]] != ["metrics"]:
        problem("k8s: ServiceMonitor does not scrape the metrics port")
    if not all(service["metadata"].get("labels", {}).get(k) == v
               for k, v in monitor["spec"]["selector"]["matchLabels"].items()):
        problem("k8s: ServiceMonitor selector does not match the Service")
    if not selects(by_kind["PodDisruptionBudget"][0]["spec"]["selector"]["matchLabels"]):
        problem("k8s: PodDisruptionBudget selector does not match the pods")

# The kustomization's ConfigMaps hold exactly the repository's rule and gazetteer files.
kustomization = load("deploy/k8s/kustomization.yaml")
generators = {g["name"]: g.get("files", []) for g in kustomization.get("configMapGenerator", [])}
for name, directory, pattern in (("sahelwatch-rules", "config/rules", "*.yaml"),
                                 ("sahelwatch-gazetteer", "config/gazetteer", "*.tsv")):
    listed = sorted(os.path.normpath(os.path.join("deploy/k8s", f)) for f in generators.get(name, []))
    actual = sorted(glob.glob(os.path.join(directory, pattern)))
    if listed != actual:
        problem(f"deploy/k8s/kustomization.yaml: {name} lists {listed}, {directory} has {actual}")
    size = sum(os.path.getsize(f) for f in actual)
    if size > 900 * 1024:
        problem(f"{directory}: {size} bytes, too close to the 1 MiB ConfigMap limit")
if generators.get("sahelwatch-config") != ["sahelwatch.yaml"]:
    problem("deploy/k8s/kustomization.yaml: sahelwatch-config is not generated from sahelwatch.yaml")

# systemd: stop waits longer than the drain, pre-start validates, reload is SIGHUP.
unit = open("deploy/systemd/sahelwatchd.service", encoding="utf-8").read()
settings = {}
for line in unit.splitlines():
    if "=" in line and not line.startswith("#"):
        key, value = line.split("=", 1)
        settings.setdefault(key, []).append(value)
stop = settings.get("TimeoutStopSec", ["90s"])[0]
stop_seconds = int(stop.rstrip("s")) if stop.rstrip("s").isdigit() else 0
if stop_seconds <= drain_seconds + 5:
    problem(f"systemd: TimeoutStopSec={stop} not longer than drain_timeout ({drain_seconds}s) + 5 s")
if not any("--check-config /etc/sahelwatch/sahelwatch.yaml" in v for v in settings.get("ExecStartPre", [])):
    problem("systemd: no ExecStartPre --check-config /etc/sahelwatch/sahelwatch.yaml")
if not any("--config /etc/sahelwatch/sahelwatch.yaml" in v for v in settings.get("ExecStart", [])):
    problem("systemd: ExecStart does not use /etc/sahelwatch/sahelwatch.yaml")
if settings.get("ExecReload") != ["/bin/kill -HUP $MAINPID"]:
    problem("systemd: ExecReload is not kill -HUP $MAINPID")
for key, value in (("DynamicUser", "yes"), ("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"),
                   ("ProtectHome", "yes"), ("PrivateTmp", "yes"), ("CapabilityBoundingSet", ""),
                   ("Restart", "on-failure"), ("SystemCallFilter", "@system-service")):
    if value not in settings.get(key, []):
        problem(f"systemd: {key}={value} missing")
if not settings.get("RestrictAddressFamilies"):
    problem("systemd: RestrictAddressFamilies missing")

if problems:
    sys.exit(1)
print("deploy kit consistent with config/sahelwatch.yaml: topics "
      f"{sorted(topics.values())}, group {group}, port {port}, drain {drain_seconds}s")
PY
ran "YAML/JSON parse + consistency (Dockerfile, compose, k8s, systemd vs config/sahelwatch.yaml)"

# 6. Prometheus: the compose scrape config and the repository's rules pass promtool.
if command -v promtool >/dev/null; then
  # Compose mounts deploy/prometheus at /etc/prometheus/sahelwatch: point promtool there.
  sed "s|/etc/prometheus/sahelwatch/|$PWD/deploy/prometheus/|g" deploy/docker/prometheus.yml \
    >"$TEST_TMP/compose-prometheus.yml"
  promtool check config "$TEST_TMP/compose-prometheus.yml" >"$TEST_TMP/promtool.log" 2>&1 \
    || fail "promtool check config deploy/docker/prometheus.yml: $(cat "$TEST_TMP/promtool.log")"
  ran "promtool check config deploy/docker/prometheus.yml"
  if [ -f deploy/prometheus/prometheus.yml ]; then
    (cd deploy/prometheus && promtool check config prometheus.yml) >"$TEST_TMP/promtool-repo.log" 2>&1 \
      || fail "promtool check config deploy/prometheus/prometheus.yml: $(cat "$TEST_TMP/promtool-repo.log")"
    ran "promtool check config deploy/prometheus/prometheus.yml"
  fi
  rules=$(grep -l '^groups:' deploy/prometheus/*.yml deploy/prometheus/*.yaml 2>/dev/null || true)
  if [ -n "$rules" ]; then
    # shellcheck disable=SC2086
    promtool check rules $rules >"$TEST_TMP/promtool-rules.log" 2>&1 \
      || fail "promtool check rules: $(cat "$TEST_TMP/promtool-rules.log")"
    ran "promtool check rules $(echo $rules)"
  else
    skipped "promtool check rules (no rule files in deploy/prometheus yet)"
  fi
else
  skipped "promtool"
fi

# 7. systemd: the installed unit (paths pointed at the temporary prefix) verifies.
if command -v systemd-analyze >/dev/null; then
  unit="$TEST_TMP/unit/sahelwatchd.service"
  mkdir -p "$(dirname "$unit")"
  configured_bin=$(sed -n 's|^ExecStart=\(.*\)/sahelwatchd --config.*|\1|p' "$PREFIX/lib/systemd/system/sahelwatchd.service")
  sed "s|$configured_bin/|$PREFIX/bin/|g" "$PREFIX/lib/systemd/system/sahelwatchd.service" >"$unit"
  # verify exits 0 on ignored settings ("Unknown key", "Failed to parse"): any line about the
  # unit file itself is a failure.
  if systemd-analyze verify --man=no "$unit" >"$TEST_TMP/systemd-verify.log" 2>&1 \
      && ! grep -q "sahelwatchd.service:" "$TEST_TMP/systemd-verify.log"; then
    ran "systemd-analyze verify (installed unit, no warnings)"
  elif grep -qiE 'sahelwatchd\.service' "$TEST_TMP/systemd-verify.log"; then
    fail "systemd-analyze verify: $(cat "$TEST_TMP/systemd-verify.log")"
  else
    # No systemd manager here (containers): verify cannot load its own environment.
    skipped "systemd-analyze verify (no usable systemd here: $(head -1 "$TEST_TMP/systemd-verify.log"))"
  fi
else
  skipped "systemd-analyze"
fi

echo "deploy check passed: ${#RAN[@]} checks"
printf '  ran: %s\n' "${RAN[@]}"
[ ${#SKIPPED[@]} -eq 0 ] || printf '  skipped: %s\n' "${SKIPPED[@]}"
echo "No Docker engine on this machine: images were not built (the Dockerfile is checked statically)."
