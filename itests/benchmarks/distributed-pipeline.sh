#!/usr/bin/env bash
# The file pipeline (file-pipeline.sh: records of 100 bytes, string converter, FileStreamSource -> topic of one
# partition -> FileStreamSink) on a distributed cluster of 1 worker, then of 3 workers on this machine: 3 pipelines
# side by side (FileStreamSource runs one task, so one pipeline has nothing to spread), 1,000,000 records in all.
# Prints records/s end to end for each cluster size, whether every output equals its input, and the tasks per worker.
# The broker is a real KRaft broker in a JVM of its own; the workers have the distribution's default heap.
#
#   itests/benchmarks/distributed-pipeline.sh           Fluxgate (builds the distribution and the tests offline first)
#   itests/benchmarks/distributed-pipeline.sh apache    the same on Apache Kafka Connect 4.3.1, back to back
# Variants: BENCH_RECORDS (1000000), BENCH_PIPELINES (3), BENCH_SIZES ("1,3").
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
workers=fluxgate
[ "${1:-}" = apache ] && workers=apache
cd "$root"
mvn -B -o -q verify -pl itests -am -Dtest=DistributedPipelineBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcluster.workers="$workers" -Dbench.records="${BENCH_RECORDS:-1000000}" \
  -Dbench.pipelines="${BENCH_PIPELINES:-3}" -Dbench.workers.list="${BENCH_SIZES:-1,3}" -Dcluster.heap= >/dev/null \
  || { echo "the benchmark failed; see itests/target/surefire-reports" >&2; }
cat itests/target/benchmarks/distributed-pipeline.txt
