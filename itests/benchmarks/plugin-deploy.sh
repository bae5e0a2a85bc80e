#!/usr/bin/env bash
# Hot deploy benchmark on the assembled distribution: drop -> listed and drop -> RUNNING (median and worst of ROUNDS),
# and the interruption of a running connector when its plugin is upgraded: connect-file 4.2.0 -> 4.3.1 (another file
# name), and test-plugin-versioned 1.0.0 -> 2.0.0 replaced in place (same file name; restarts counted).
#
#   itests/benchmarks/plugin-deploy.sh [ROUNDS]      (after mvn -B install -DskipTests)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root/itests"
version=$(sed -n "s:^  <version>\(.*\)</version>:\1:p" "$root/pom.xml" | head -1)
mvn -q -B -o test-compile >/dev/null
cp=$(mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
exec java -Dfluxgate.distribution="$root/distribution/target/fluxgate-$version" \
  -cp "target/test-classes:$cp" io.fluxgate.itests.e2e.PluginDeployBenchmark "${1:-10}" \
  "$root/itests/target/test-plugins/connect-file-4.2.0/connect-file-4.2.0.jar" \
  "$root/itests/target/test-plugins/versioned"
