#!/usr/bin/env bash
# Memory after repeated hot deploys on the assembled distribution: CYCLES (default 100) times, install a plugin jar,
# create a connector on it, delete the connector and remove the jar; heap used after a full GC, metaspace, RSS, live
# classes and live plugin class loaders at cycles 0, CYCLES/2 and CYCLES (see PluginMemoryBenchmark).
#
#   itests/benchmarks/plugin-memory.sh [CYCLES] [nmt]      (after mvn -B install -DskipTests)
# With nmt, the worker runs with native memory tracking and the native growth of the second half is printed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root/itests"
version=$(sed -n "s:^  <version>\(.*\)</version>:\1:p" "$root/pom.xml" | head -1)
mvn -q -B -o test-compile >/dev/null
cp=$(mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
exec java -Dfluxgate.distribution="$root/distribution/target/fluxgate-$version" \
  -cp "target/test-classes:$cp" io.fluxgate.itests.e2e.PluginMemoryBenchmark "${1:-100}" \
  "$root/itests/target/test-plugins/versioned/versioned-1.0.0.jar" ${2:-}
