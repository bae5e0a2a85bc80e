#!/usr/bin/env bash
# Real third-party plugins, Fluxgate and Apache Kafka Connect 4.3.1 back to back in one run (the plugins as Maven
# Central ships them, laid out by the itests build under itests/target/real-plugins):
#  1. Debezium PostgreSQL 3.6.1.Final hot-deployed into a running Fluxgate worker (its embedded broker): drop (an atomic
#     move of the extracted directory) -> GET /connector-plugins lists it, and -> a connector created then has its
#     task RUNNING against a real PostgreSQL; the first-ever deploy, ROUNDS deploys that find the content store's
#     entry, one after deleting it; each split into steps by the worker's log;
#  2. start-up with Debezium, MirrorMaker 2 (a plugin directory) and connect-file installed: Fluxgate (CDS on, as a
#     user has it) to GET /health 200 with the three listed, a bare Fluxgate, Apache's ConnectStandalone to GET /
#     with plugin.discovery hybrid_warn (its default) and service_load; first start apart, then ROUNDS starts each;
#  3. idle RSS 10 s after those starts;
#  4. Debezium's snapshot of a 100,000-row table into one broker process, Fluxgate and Apache alternating
#     SNAPSHOT_RUNS times each: events/s and the worker's CPU seconds.
# Prints what each figure measures, median and worst. Apache runs on its worker jars alone, as Kafka's libs/ holds
# them: the distribution's lib/ and lib/connect-runtime/ (the same jars at the same versions: connect-runtime's and
# connect-mirror's dependency trees, the broker's jars) without Fluxgate's and Felix's.
#
#   itests/benchmarks/real-plugins.sh [ROUNDS] [SNAPSHOT_RUNS]      (after mvn -B install -DskipTests; 5 and 3)
#
# BENCH_SECTIONS=deploy,startup,snapshot picks sections. The Debezium sections need PostgreSQL's server programs
# (initdb, pg_ctl, psql: Debian's postgresql package) and are skipped without them. Maven runs offline; another local
# repository is given as usual: MAVEN_OPTS=-Dmaven.repo.local=/path/to/repository.
set -euo pipefail

rounds=${1:-5}
runs=${2:-3}
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
real_plugins="$root/itests/target/real-plugins"
if [ ! -d "$real_plugins/debezium-connector-postgres" ] || [ ! -d "$real_plugins/connect-mirror" ]; then
  echo "no real plugins under $real_plugins: run mvn -B install -DskipTests" >&2
  exit 1
fi

cd "$root/itests"
# Maven's output only when it fails; the class path through a file: Maven 3.8 writes colour resets even in batch
# mode, one of which would spoil the first entry of a class path read from its stdout.
if ! out=$(mvn -q -B -o test-compile 2>&1); then echo "$out" >&2; exit 1; fi
if ! out=$(mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath" 2>&1)
then echo "$out" >&2; exit 1; fi
cp=$(cat "$work/classpath")
apache_cp=
for jar in "$dist"/lib/*.jar "$dist"/lib/connect-runtime/*.jar; do
  case "$(basename "$jar")" in
    fluxgate-*|org.apache.felix.*|org.osgi.*) ;;
    *) apache_cp="$apache_cp${apache_cp:+:}$jar" ;;
  esac
done

echo "itests/benchmarks/real-plugins.sh $rounds $runs: rounds=$rounds, snapshot runs=$runs;" \
  "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?') $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "Apache's class path: $(echo "$apache_cp" | tr ':' '\n' | wc -l) jars of $dist/lib{,/connect-runtime}" \
  "(not Fluxgate's, Felix's, OSGi's)"
java -Dfluxgate.distribution="$dist" -Dfluxgate.real.plugins="$real_plugins" \
  -Dfluxgate.apache.classpath="$apache_cp" -Dbench.sections="${BENCH_SECTIONS:-deploy,startup,snapshot}" \
  -cp "target/test-classes:$cp" io.fluxgate.itests.e2e.RealPluginsBenchmark "$rounds" "$runs"
