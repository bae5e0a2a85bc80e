#!/usr/bin/env bash
# Runs the Fluxgate launcher with Kafka's environment conventions:
#   KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_OPTS, JAVA_HOME, LOG_DIR, and -daemon as first argument.
# Usage: fluxgate-run.sh [-daemon] [-name NAME] standalone|distributed WORKER_PROPS [CONNECTOR_PROPS ...]
set -euo pipefail

base_dir=$(cd "$(dirname "$0")/.." && pwd)

daemon=false
name=fluxgate
while [ $# -gt 0 ]; do
  case "$1" in
    -daemon) daemon=true; shift ;;
    -name) name="$2"; shift 2 ;;
    *) break ;;
  esac
done

if [ -n "${JAVA_HOME:-}" ]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA=java
fi

LOG_DIR=${LOG_DIR:-"$base_dir/logs"}
mkdir -p "$LOG_DIR" "$base_dir/data"

KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:-"-Xms64M -Xmx2G"}
KAFKA_JVM_PERFORMANCE_OPTS=${KAFKA_JVM_PERFORMANCE_OPTS:-"-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true"}
FLUXGATE_LOG_OPTS=${FLUXGATE_LOG_OPTS:-"-Dlogback.configurationFile=$base_dir/config/logback.xml"}

# shellcheck disable=SC2206
cmd=("$JAVA" $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS $FLUXGATE_LOG_OPTS ${KAFKA_OPTS:-}
  "-Dfluxgate.home=$base_dir" "-Dfluxgate.log.dir=$LOG_DIR" "-Dfluxgate.process.name=$name"
  -cp "$base_dir/lib/*" io.fluxgate.launcher.Main "$@")

if [ "$daemon" = true ]; then
  nohup "${cmd[@]}" > "$LOG_DIR/$name.out" 2>&1 < /dev/null &
  echo $! > "$LOG_DIR/$name.pid"
else
  exec "${cmd[@]}"
fi
