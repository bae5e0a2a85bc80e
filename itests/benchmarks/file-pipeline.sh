#!/usr/bin/env bash
# The file pipeline benchmark (1,000,000 records of 100 bytes, FileStreamSource -> topic -> FileStreamSink) on the
# assembled distribution. Prints records/s for the source and end to end, worker CPU seconds and peak RSS.
#
#   itests/benchmarks/file-pipeline.sh [json]      (after mvn -B install -DskipTests)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root/itests"
version=$(sed -n "s:^  <version>\(.*\)</version>:\1:p" "$root/pom.xml" | head -1)
mvn -q -B -o test-compile >/dev/null
cp=$(mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
exec java -Dfluxgate.distribution="$root/distribution/target/fluxgate-$version" \
  -cp "target/test-classes:$cp" io.fluxgate.itests.e2e.FilePipelineBenchmark "$@"
