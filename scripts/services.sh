#!/usr/bin/env bash
# pnpm services start|stop|status [NAME...]
# Starts, stops or reports the local servers that the connector, Flink and example tests use
# (Kafka, mosquitto, PostgreSQL, Flink), each on loopback at a fixed port. Every service is one
# script in scripts/services/<name>.sh implementing start|stop|status; it installs what it needs
# (apt packages, Maven jars) on first start. State (data, logs, PID files) lives under
# $EVENTIDE_SERVICES_DIR (default /tmp/eventide-services), shared by every checkout on the machine.
# `pnpm start` needs none of them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
action="${1:-status}"
shift || true
case "$action" in start | stop | status) ;; *)
  echo "usage: pnpm services start|stop|status [NAME...]" >&2
  exit 2
  ;;
esac

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in "$here"/services/*.sh; do
    n="$(basename "$f" .sh)"
    [ "$n" = "lib" ] || names+=("$n")
  done
fi

status=0
for n in "${names[@]}"; do
  script="$here/services/$n.sh"
  if [ ! -f "$script" ]; then
    echo "$n: no such service (scripts/services/$n.sh)" >&2
    status=2
    continue
  fi
  bash "$script" "$action" || status=1
done
exit $status
