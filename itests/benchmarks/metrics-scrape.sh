#!/usr/bin/env bash
# GET /metrics benchmark on the assembled distribution: a standalone worker (its embedded broker) with CONNECTORS
# connectors (half FileStreamSource, half FileStreamSink, one task each) and SCRAPES timed scrapes; prints the median
# and slowest scrape time, the series and the bytes served.
#
#   itests/benchmarks/metrics-scrape.sh [CONNECTORS] [SCRAPES]      (after mvn -B install -DskipTests)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root/itests"
version=$(sed -n "s:^  <version>\(.*\)</version>:\1:p" "$root/pom.xml" | head -1)
mvn -q -B -o test-compile >/dev/null
cp=$(mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
exec java -Dfluxgate.distribution="${FLUXGATE_DIST:-$root/distribution/target/fluxgate-$version}" \
  -cp "target/test-classes:$cp" io.fluxgate.itests.e2e.MetricsScrapeBenchmark "${1:-100}" "${2:-20}"
