#!/usr/bin/env bash
# Starts a standalone Fluxgate worker, as Kafka's bin/connect-standalone.sh does.
if [ $# -lt 1 ]; then
  echo "USAGE: $0 [-daemon] connect-standalone.properties [connector1.properties connector2.json ...]" >&2
  exit 1
fi
extra=(-name connectStandalone)
if [ "$1" = "-daemon" ]; then
  extra=(-daemon "${extra[@]}")
  shift
fi
exec "$(dirname "$0")/fluxgate-run.sh" "${extra[@]}" standalone "$@"
