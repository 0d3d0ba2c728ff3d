#!/usr/bin/env bash
# Shared by every scripts/services/<name>.sh: where state lives, the fixed loopback ports, and the
# PID-file helpers. A service is stopped by the PID it wrote, never by process name. Each service's
# `status` exits 0 when it runs and 3 when it does not (as LSB init scripts do).
set -euo pipefail

SERVICES_DIR="${EVENTIDE_SERVICES_DIR:-/tmp/eventide-services}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Fixed ports (loopback only). Tests read the same values from the EVENTIDE_* variables below.
KAFKA_PORT=19092
MQTT_PORT=11883
POSTGRES_PORT=15432
FLINK_REST_PORT=18081
FLINK_GATEWAY_PORT=18083

service_dir() { mkdir -p "$SERVICES_DIR/$1" && echo "$SERVICES_DIR/$1"; }

# pid_alive FILE: the PID in FILE names a live process.
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# port_open PORT: something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_port PORT SECONDS NAME: wait until PORT accepts connections, or fail naming the service.
wait_port() {
  local port=$1 secs=$2 name=$3 i
  for ((i = 0; i < secs * 10; i++)); do
    port_open "$port" && return 0
    sleep 0.1
  done
  echo "$name: nothing listening on 127.0.0.1:$port after ${secs}s" >&2
  return 1
}

# stop_pid FILE NAME [SIGNAL]: send SIGNAL (default TERM) to the PID in FILE, KILL it after 10 s,
# remove the file.
stop_pid() {
  local file=$1 name=$2 signal=${3:-TERM} pid i
  if ! pid_alive "$file"; then
    rm -f "$file"
    echo "$name: not running"
    return 0
  fi
  pid="$(cat "$file")"
  kill -s "$signal" "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  rm -f "$file"
  echo "$name: stopped"
}

# apt_install PKG...: install Debian packages that are missing (root on the project's machines).
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != "0" ]; then
    echo "needs Debian packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2
    return 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}
