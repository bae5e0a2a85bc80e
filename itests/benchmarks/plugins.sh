#!/usr/bin/env bash
# Plugin benchmark of the assembled distribution:
#  1. start-up with 50 plugins installed: launch -> GET /health 200 (healthy only once plugins/ is deployed), median
#     of RUNS starts after a first one that wraps the 50 jars and fills data/plugin-bundles;
#  2. drop-to-listed: a new plugin jar moved (atomically) into plugins/ of the running worker until GET
#     /connector-plugins lists it, median of 10.
# The 50 plugins are test-plugin-all-types under 50 names (all-types-1.0.jar ... all-types-50.0.jar): 50 bundles, 450
# plugin classes, side by side in 50 versions. Measured against a broker started beforehand by a separate Fluxgate
# process (its embedded broker), as startup.sh does, so that only the worker's own start-up is timed.
#
#   itests/benchmarks/plugins.sh [RUNS]        (after mvn -B install -DskipTests)
set -euo pipefail

runs=${1:-5}
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
plugin_jar=$(ls "$root"/plugins/test-plugin-all-types/target/test-plugin-all-types-*.jar | head -1)
[ -f "$plugin_jar" ] || { echo "no test plugin jar: run mvn -B install -DskipTests" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

start_broker
cp -r "$dist" "$work/worker"
for i in $(seq 1 50); do cp "$plugin_jar" "$work/worker/plugins/all-types-$i.0.jar"; done
rport=$(free_port)
cat > "$work/worker/config/worker.properties" <<PROPS
bootstrap.servers=127.0.0.1:$kport
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
offset.storage.file.filename=data/connect.offsets
listeners=http://127.0.0.1:$rport
PROPS

start_worker() {
  LOG_DIR="$work/worker/logs" "$work/worker/bin/connect-standalone.sh" "$work/worker/config/worker.properties" \
    > "$work/worker.out" 2>&1 &
  worker_pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$rport/health")" = 200 ]; do
    kill -0 "$worker_pid" 2>/dev/null || { echo "worker exited:"; cat "$work/worker.out"; exit 1; }
    sleep 0.02
  done
}
stop_worker() { kill -TERM "$worker_pid"; wait "$worker_pid" || true; worker_pid=; }

times=()
for i in $(seq 0 "$runs"); do
  start=$(now_ms)
  start_worker
  ms=$(( $(now_ms) - start ))
  listed=$(curl -s "http://127.0.0.1:$rport/connector-plugins?connectorsOnly=false" | grep -o '"class"' | wc -l)
  echo "run $i: launch -> /health 200 with 50 plugins in ${ms} ms; GET /connector-plugins lists $listed plugins$([ "$i" = 0 ] && echo ' (first start: wraps the jars, writes the CDS archive)')"
  [ "$i" -gt 0 ] && times+=("$ms")
  [ "$i" -lt "$runs" ] && stop_worker
done
echo "median launch -> GET /health 200 with 50 plugins installed: $(printf '%s\n' "${times[@]}" | median) ms over $runs runs"

# Drop-to-listed on the running worker: a 51st version, found by the version its sink connector takes from the name.
drops=()
for i in $(seq 1 10); do
  v="10$i.0"
  staging="$work/staging-$i"; mkdir -p "$staging"; cp "$plugin_jar" "$staging/all-types-$v.jar"
  start=$(now_ms)
  mv "$staging/all-types-$v.jar" "$work/worker/plugins/all-types-$v.jar"
  until curl -s "http://127.0.0.1:$rport/connector-plugins" | grep -q "\"version\":\"$v\""; do sleep 0.01; done
  ms=$(( $(now_ms) - start ))
  drops+=("$ms")
  rm "$work/worker/plugins/all-types-$v.jar"
  until ! curl -s "http://127.0.0.1:$rport/connector-plugins" | grep -q "\"version\":\"$v\""; do sleep 0.05; done
done
echo "drop-to-listed (mv into plugins/ -> GET /connector-plugins lists it): ${drops[*]} ms; median $(printf '%s\n' "${drops[@]}" | median) ms"
stop_worker
[ -n "${KEEP_LOG:-}" ] && cp "$work/worker.out" "$KEEP_LOG" || true
