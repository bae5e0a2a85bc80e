#!/usr/bin/env bash
# Web Console benchmark on the assembled distribution: a standalone worker (its embedded broker) with CONNECTORS
# running FileStreamSource connectors, and the Fluxgate page loaded RUNS times in headless Chromium (Debian's
# chromium package); prints the median and worst time to the load event and to the first rendering of the page's
# polled JSON.
#
#   itests/benchmarks/console-load.sh [CONNECTORS] [RUNS]      (after mvn -B install -DskipTests; needs chromium)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root/itests"
version=$(sed -n "s:^  <version>\(.*\)</version>:\1:p" "$root/pom.xml" | head -1)
command -v chromium > /dev/null || command -v chromium-browser > /dev/null \
  || { echo "chromium is needed: apt-get install chromium" >&2; exit 1; }
mvn -q -B -o test-compile >/dev/null
cp=$(mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
exec java -Dfluxgate.distribution="${FLUXGATE_DIST:-$root/distribution/target/fluxgate-$version}" \
  -cp "target/test-classes:$cp" io.fluxgate.itests.e2e.ConsoleLoadBenchmark "${1:-100}" "${2:-10}"
