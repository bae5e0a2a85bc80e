#!/usr/bin/env bash
# The bulkhead benchmark (issue 15): a healthy FileStreamSource -> topic -> FileStreamSink pipeline on one standalone
# worker of the assembled distribution, alone and beside a connector of test-plugin-hostile hung in a task's poll(),
# in taskConfigs() or in a converter's configure(), ROUNDS times over (after a warm-up run, the order turned each
# round). Prints records/s and REST p50/p99 (reads, and writes through the herder) for each; asserts nothing.
#
#   itests/benchmarks/bulkhead-throughput.sh [RECORDS] [ROUNDS]     (after mvn -B install -DskipTests; 500000 3)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root/itests"
version=$(sed -n "s:^  <version>\(.*\)</version>:\1:p" "$root/pom.xml" | head -1)
# The hostile plugin built with the tests, from this checkout, whatever the local Maven repository holds.
mvn -q -B -o -f "$root/pom.xml" -pl plugins/test-plugin-hostile,itests package -DskipTests >/dev/null
cp=$(mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
exec java -Dfluxgate.distribution="$root/distribution/target/fluxgate-$version" \
  -Dfluxgate.test.plugins="$root/itests/target/test-plugins" \
  -Drecords="${1:-500000}" -Drounds="${2:-3}" \
  -cp "target/test-classes:$cp" io.fluxgate.itests.e2e.BulkheadThroughputBenchmark
