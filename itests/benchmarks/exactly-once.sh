#!/usr/bin/env bash
# What exactly-once sources (KIP-618) cost. Throughput: one distributed worker on its own KRaft broker, FileStreamSource
# reading BENCH_RECORDS lines of 100 bytes (batch.size 2000) to a topic of one partition, records/s from the
# connector's creation until a consumer (read_committed when exactly once) has read every line, the worker's CPU
# seconds, and whether every line is there once; a fresh worker each: at least once, exactly once with
# transaction.boundary=poll, interval (1000 ms, 100 ms). Failover: 3 workers, default group timeouts, the sequence
# source with 6 tasks, kill -9 of a follower running tasks, timed until all tasks RUNNING on the survivors and until
# every task's records written after the kill are readable (read_committed when exactly once); BENCH_RUNS times with
# exactly once and as many without, and the medians. Prints target/benchmarks/exactly-once.txt; asserts nothing.
#
#   itests/benchmarks/exactly-once.sh           Fluxgate (builds the distribution and the tests offline first)
#   itests/benchmarks/exactly-once.sh apache    the same on Apache Kafka Connect 4.3.1 workers, back to back
# Variants: BENCH_RECORDS (500000), BENCH_RUNS (3); MAVEN_ARGS is passed to mvn (say, -Dmaven.repo.local=...).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
workers=fluxgate
[ "${1:-}" = apache ] && workers=apache
cd "$root"
# shellcheck disable=SC2086 # MAVEN_ARGS holds several arguments
mvn -B -o -q ${MAVEN_ARGS:-} verify -pl itests -am -Dtest=ExactlyOnceBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcluster.workers="$workers" -Dbench.records="${BENCH_RECORDS:-500000}" -Dbench.runs="${BENCH_RUNS:-3}" >/dev/null \
  || { echo "the benchmark failed; see itests/target/surefire-reports" >&2; }
cat itests/target/benchmarks/exactly-once.txt
