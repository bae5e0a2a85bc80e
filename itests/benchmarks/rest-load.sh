#!/usr/bin/env bash
# REST load benchmark of the assembled distribution: a standalone worker (its embedded broker) with N connectors
# (FileStreamSource on empty files, each with its running task), then wrk against GET /connectors?expand=status.
# Prints the latency (median, p99), the requests/s sustained and the count of non-2xx answers and socket errors.
#
#   itests/benchmarks/rest-load.sh [CONNECTORS] [SECONDS]     (after mvn -B package -DskipTests; needs wrk)
set -euo pipefail

connectors=${1:-100}
seconds=${2:-20}
command -v wrk > /dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

cp -r "$dist" "$work/worker"
rport=$(free_port)
base="http://127.0.0.1:$rport"
cat > "$work/worker/config/worker.properties" <<PROPS
fluxgate.embedded.broker.enable=true
fluxgate.embedded.broker.port=$(free_port)
key.converter=org.apache.kafka.connect.storage.StringConverter
value.converter=org.apache.kafka.connect.storage.StringConverter
offset.storage.file.filename=data/connect.offsets
listeners=http://127.0.0.1:$rport
PROPS
FLUXGATE_CDS=false LOG_DIR="$work/worker/logs" "$work/worker/bin/connect-standalone.sh" \
  "$work/worker/config/worker.properties" > "$work/worker.out" 2>&1 &
worker_pid=$!
for _ in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health")" = 200 ] && break
  sleep 0.2
done

for i in $(seq 1 "$connectors"); do
  : > "$work/input-$i.txt"
  body="{\"name\":\"load-$i\",\"config\":{\"connector.class\":\"FileStreamSource\",\"file\":\"$work/input-$i.txt\",\"topic\":\"load\"}}"
  for _ in $(seq 1 50); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$body" "$base/connectors")
    [ "$code" = 201 ] && break
    sleep 0.2
  done
  [ "$code" = 201 ] || { echo "creating load-$i answered $code" >&2; exit 1; }
done
for _ in $(seq 1 300); do
  running=$(curl -s "$base/connectors?expand=status" | grep -o '"state":"RUNNING"' | wc -l)
  [ "$running" -ge $((2 * connectors)) ] && break
  sleep 0.2
done
echo "connectors and tasks RUNNING: $running of $((2 * connectors))"
echo "response size: $(curl -s "$base/connectors?expand=status" | wc -c) bytes"

wrk -t2 -c16 -d"${seconds}s" --latency "$base/connectors?expand=status" | tee "$work/wrk.out" \
  | grep -E "Requests/sec|Non-2xx|Socket errors|^ +(50|99)%" || true
curl -s -o /dev/null -w 'health after the load: %{http_code}\n' "$base/health"
echo "worker RSS after the load: $(($(awk '/VmRSS/ {print $2}' /proc/"$(pgrep -P "$worker_pid" java || echo "$worker_pid")"/status 2>/dev/null || echo 0) / 1024)) MB"
