#!/usr/bin/env bash
# Start-up benchmark of the assembled distribution: launch -> GET /health 200 (median of N runs), idle RSS, and the
# size of the distribution. Measured without the embedded broker, against a broker started once beforehand by a
# separate Fluxgate process (its embedded broker), so that only the worker's own start-up is timed.
#
#   itests/benchmarks/startup.sh [RUNS]        (after mvn -B package -DskipTests)
set -euo pipefail

runs=${1:-5}
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

start_broker
cp -r "$dist" "$work/worker"

rport=$(free_port)
cat > "$work/worker/config/worker.properties" <<PROPS
bootstrap.servers=127.0.0.1:$kport
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
offset.storage.file.filename=data/connect.offsets
listeners=http://127.0.0.1:$rport
PROPS

times=()
# Run 0 is the first start of a fresh distribution: it writes the class-data-sharing archive as it exits. It is
# reported, not counted: the median is what every later start costs.
for i in $(seq 0 "$runs"); do
  start=$(date +%s%N)
  LOG_DIR="$work/worker/logs" "$work/worker/bin/connect-standalone.sh" "$work/worker/config/worker.properties" \
    > "$work/worker.out" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$rport/health")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { echo "worker exited:"; cat "$work/worker.out"; exit 1; }
    sleep 0.02
  done
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  [ "$i" -gt 0 ] && times+=("$ms")
  if [ "$i" -eq "$runs" ]; then
    sleep 10
    rss_kb=$(ps -o rss= -p "$pid" | tr -d ' ')
  fi
  stop_start=$(date +%s%N)
  kill -TERM "$pid"; wait "$pid" && status=0 || status=$?
  stop_ms=$(( ($(date +%s%N) - stop_start) / 1000000 ))
  echo "run $i: launch -> /health 200 in ${ms} ms; SIGTERM -> exit $status in ${stop_ms} ms$([ "$i" = 0 ] && echo ' (first start: writes the CDS archive)')"
done

median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "median launch -> GET /health 200: ${median} ms over $runs runs (no embedded broker)"
echo "idle RSS 10 s after start-up: $((rss_kb / 1024)) MB"
echo "distribution: $(du -sh "$dist" | cut -f1) exploded, $(du -h "$root/distribution/target/fluxgate-$version.tar.gz" | cut -f1) tar.gz, $(ls "$dist/lib" | wc -l) jars in lib/"
