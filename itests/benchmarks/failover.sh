#!/usr/bin/env bash
# Distributed mode's failover benchmark on the assembled distribution, default worker settings (session timeout 10 s,
# heartbeat 3 s): 5 times each, kill -9 of a follower, then of the leader, of a cluster of 2 workers running
# FileStreamSink with 4 tasks (the baseline's set-up), timed until every task is RUNNING again on the survivor (from
# GET /connectors/sink/status); and the time from the launch of a 3rd worker until it runs a task. Prints each run
# and the medians. The broker is a real KRaft broker in a JVM of its own.
#
#   itests/benchmarks/failover.sh             Fluxgate (builds the distribution and the tests offline first)
#   itests/benchmarks/failover.sh apache      the same on Apache Kafka Connect 4.3.1 (connect-runtime from the test
#                                             class path, scheduled.rebalance.max.delay.ms=0), back to back
# Variants: BENCH_RUNS (5), BENCH_WORKERS (2), BENCH_TASKS (4).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
workers=fluxgate
[ "${1:-}" = apache ] && workers=apache
cd "$root"
mvn -B -o -q verify -pl itests -am -Dtest=FailoverBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcluster.workers="$workers" -Dbench.runs="${BENCH_RUNS:-5}" -Dbench.workers="${BENCH_WORKERS:-2}" \
  -Dbench.tasks="${BENCH_TASKS:-4}" >/dev/null || { echo "the benchmark failed; see itests/target/surefire-reports" >&2; }
cat itests/target/benchmarks/failover.txt
