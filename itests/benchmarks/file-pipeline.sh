#!/usr/bin/env bash
# The file pipeline benchmark (1,000,000 records of 100 bytes, FileStreamSource -> topic -> FileStreamSink) on the
# assembled distribution. Prints records/s for the source and end to end, worker CPU seconds and peak RSS.
#
#   itests/benchmarks/file-pipeline.sh [json]             (after mvn -B install -DskipTests)
#   itests/benchmarks/file-pipeline.sh apache [json]      the same on Apache Kafka Connect 4.3.1, for a comparison
#                                                         back to back (its jars come from Maven Central)
# Variants: BENCH_HEAP_OPTS, BENCH_JVM_PERFORMANCE_OPTS, BENCH_OPTS (the worker's KAFKA_OPTS) and
# BENCH_WORKER_CONFIG="key=value ..." (worker settings) replace the distribution's defaults.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ "${1:-}" = apache ]; then
  shift
  cp_file=$(mktemp)
  mvn -q -B -f "$root/itests/benchmarks/apache/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
  BENCH_APACHE_CLASSPATH=$(cat "$cp_file")
  export BENCH_APACHE_CLASSPATH
  rm -f "$cp_file"
fi
cd "$root/itests"
version=$(sed -n "s:^  <version>\(.*\)</version>:\1:p" "$root/pom.xml" | head -1)
mvn -q -B -o test-compile >/dev/null
cp=$(mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
exec java -Dfluxgate.distribution="$root/distribution/target/fluxgate-$version" \
  -cp "target/test-classes:$cp" io.fluxgate.itests.e2e.FilePipelineBenchmark "$@"
