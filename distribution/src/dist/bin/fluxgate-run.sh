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

# A fixed young generation: records in flight die young, and a young generation that G1 leaves to grow with the
# allocation rate promotes them into an old generation that then grows the heap (and the RSS) far beyond the data.
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:-"-Xms64M -Xmx2G -Xmn128M"}
KAFKA_JVM_PERFORMANCE_OPTS=${KAFKA_JVM_PERFORMANCE_OPTS:-"-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true"}
FLUXGATE_LOG_OPTS=${FLUXGATE_LOG_OPTS:-"-Dlogback.configurationFile=$base_dir/config/logback.xml"}

# Class data sharing: the first run records the classes the launcher loads (written when it exits), later runs map
# them and start about a second faster. The archive is keyed by the JVM and lib/, so an upgrade of either makes a new
# one. FLUXGATE_CDS=false turns it off. A JVM recording an archive refuses Java agents (the JMX exporter, OpenTelemetry
# or an APM agent in KAFKA_OPTS, or in the JVM's own JAVA_TOOL_OPTIONS / JDK_JAVA_OPTIONS): a run with one records
# nothing, and maps an archive another run recorded, which agents accept.
java_agent_given() {
  case " ${KAFKA_OPTS:-} ${KAFKA_JVM_PERFORMANCE_OPTS:-} ${KAFKA_HEAP_OPTS:-} ${JAVA_TOOL_OPTIONS:-} ${JDK_JAVA_OPTIONS:-} " in
    *-javaagent:*) return 0 ;;
    *) return 1 ;;
  esac
}
CDS_OPTS=""
if [ "${FLUXGATE_CDS:-true}" = true ]; then
  cds_dir="$base_dir/data/cds"
  cds_key=$( (readlink -f "$(command -v "$JAVA")"; ls -l "$base_dir/lib") | cksum | cut -d' ' -f1)
  cds="$cds_dir/fluxgate-$cds_key.jsa"
  mkdir -p "$cds_dir"
  if [ ! -f "$cds" ]; then
    # An archive written by a process that has exited is complete: adopt it.
    for written in "$cds".*; do
      if [ -f "$written" ] && ! kill -0 "${written##*.}" 2>/dev/null; then mv -f "$written" "$cds"; break; fi
    done
  fi
  if [ -f "$cds" ]; then
    CDS_OPTS="-XX:SharedArchiveFile=$cds -Xlog:cds=off -Xlog:cds+dynamic=off"
  elif ! java_agent_given; then
    # exec below keeps this shell's process id for the JVM: the archive is named after the process writing it.
    CDS_OPTS="-XX:ArchiveClassesAtExit=$cds.$$ -Xlog:cds=off -Xlog:cds+dynamic=off"
  fi
fi

# shellcheck disable=SC2206
cmd=("$JAVA" $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS $CDS_OPTS $FLUXGATE_LOG_OPTS ${KAFKA_OPTS:-}
  "-Dfluxgate.home=$base_dir" "-Dfluxgate.log.dir=$LOG_DIR" "-Dfluxgate.process.name=$name"
  -cp "$base_dir/lib/*" io.fluxgate.launcher.Main "$@")

if [ "$daemon" = true ]; then
  nohup "${cmd[@]}" > "$LOG_DIR/$name.out" 2>&1 < /dev/null &
  echo $! > "$LOG_DIR/$name.pid"
else
  exec "${cmd[@]}"
fi
