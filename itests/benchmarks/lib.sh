# What the benchmark scripts share; sourced, not run. Sets root, version, dist and work (a temporary directory
# removed on exit, with the processes whose ids are in worker_pid and broker_pid).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
version=$(sed -n "s:^  <version>\(.*\)</version>:\1:p" "$root/pom.xml" | head -1)
# FLUXGATE_DIST measures another build of the distribution (say, a copy made before a change).
dist=${FLUXGATE_DIST:-"$root/distribution/target/fluxgate-$version"}
[ -d "$dist/bin" ] || { echo "no distribution at $dist: run mvn -B install -DskipTests" >&2; exit 1; }

work=$(mktemp -d)
cleanup() {
  [ -n "${worker_pid:-}" ] && kill "$worker_pid" 2>/dev/null && wait "$worker_pid" 2>/dev/null || true
  [ -n "${broker_pid:-}" ] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# A Kafka broker in a Fluxgate process of its own (its embedded broker), so that only the worker under test is
# measured; sets kport and broker_pid.
start_broker() {
  cp -r "$dist" "$work/cluster"
  kport=$(free_port)
  cat > "$work/cluster/config/broker.properties" <<PROPS
fluxgate.embedded.broker.enable=true
fluxgate.embedded.broker.port=$kport
key.converter=org.apache.kafka.connect.storage.StringConverter
value.converter=org.apache.kafka.connect.storage.StringConverter
offset.storage.file.filename=data/offsets
listeners=http://127.0.0.1:$(free_port)
PROPS
  LOG_DIR="$work/cluster/logs" "$work/cluster/bin/connect-standalone.sh" "$work/cluster/config/broker.properties" \
    > "$work/cluster.out" 2>&1 &
  broker_pid=$!
  for _ in $(seq 1 600); do grep -q "worker started" "$work/cluster.out" && break; sleep 0.1; done
}
