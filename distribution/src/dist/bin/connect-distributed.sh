#!/usr/bin/env bash
# Starts a distributed Fluxgate worker, as Kafka's bin/connect-distributed.sh does.
if [ $# -lt 1 ]; then
  echo "USAGE: $0 [-daemon] connect-distributed.properties" >&2
  exit 1
fi
extra=(-name connectDistributed)
if [ "$1" = "-daemon" ]; then
  extra=(-daemon "${extra[@]}")
  shift
fi
exec "$(dirname "$0")/fluxgate-run.sh" "${extra[@]}" distributed "$@"
