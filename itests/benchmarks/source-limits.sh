#!/usr/bin/env bash
# What a source task's memory limits cost (docs/bulkheads.md, "What a source task may hold in memory"): the file
# pipeline benchmark (1,000,000 records of 100 bytes) with Fluxgate's defaults (the producer's buffer.memory 2 MiB,
# fluxgate.source.task.max.unacknowledged.records 20,000) and with Apache's buffer (32 MiB) and no record limit,
# alternated for ROUNDS rounds (default 3). Prints each run's records/s, worker CPU and peak RSS.
#
#   itests/benchmarks/source-limits.sh [rounds]        (after mvn -B install -DskipTests)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=${1:-3}
unlimited="producer.buffer.memory=33554432 fluxgate.source.task.max.unacknowledged.records=2147483647"
for round in $(seq 1 "$rounds"); do
  echo "== round $round: the limits (defaults)"
  BENCH_WORKER_CONFIG="" "$here/file-pipeline.sh"
  echo "== round $round: no limits ($unlimited)"
  BENCH_WORKER_CONFIG="$unlimited" "$here/file-pipeline.sh"
done
