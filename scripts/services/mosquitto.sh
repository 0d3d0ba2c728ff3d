#!/usr/bin/env bash
# mosquitto (Debian's package) on 127.0.0.1:11883 with its own config, for the MQTT connector tests
# and the MQTT template. Persistence is on, so persistent sessions (clean: false) and their queued
# QoS 1/2 messages survive a broker restart. Anonymous clients are allowed; one user with a password
# (eventide / eventide-secret) exists so tests can check secrets and a refused password.
source "$(dirname "$0")/lib.sh"

MQTT_USER=eventide
MQTT_PASSWORD=eventide-secret

dir="$(service_dir mosquitto)"
pidfile="$dir/mosquitto.pid"

start() {
  if pid_alive "$pidfile"; then
    echo "mosquitto: already running (pid $(cat "$pidfile"), 127.0.0.1:$MQTT_PORT)"
    return 0
  fi
  if port_open "$MQTT_PORT"; then
    echo "mosquitto: 127.0.0.1:$MQTT_PORT is taken by a process this script did not start" >&2
    return 1
  fi
  apt_install mosquitto
  mkdir -p "$dir/data"
  rm -f "$dir/passwd"
  mosquitto_passwd -b -c "$dir/passwd" "$MQTT_USER" "$MQTT_PASSWORD" 2>/dev/null
  cat >"$dir/mosquitto.conf" <<CONF
# Written by scripts/services/mosquitto.sh; edits are overwritten at the next start.
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
password_file $dir/passwd
persistence true
persistence_location $dir/data/
autosave_interval 1
max_queued_messages 100000
log_dest file $dir/mosquitto.log
CONF
  # Started as root, mosquitto drops to the mosquitto user: that user must own its state.
  if [ "$(id -u)" = "0" ] && getent passwd mosquitto >/dev/null; then
    chown -R mosquitto "$dir/data" "$dir/passwd"
    touch "$dir/mosquitto.log" && chown mosquitto "$dir/mosquitto.log"
    chmod 0700 "$dir/passwd"
  fi
  nohup mosquitto -c "$dir/mosquitto.conf" >>"$dir/stdout.log" 2>&1 &
  echo $! >"$pidfile"
  if ! wait_port "$MQTT_PORT" 10 mosquitto; then
    tail -n 20 "$dir/mosquitto.log" "$dir/stdout.log" >&2 || true
    return 1
  fi
  echo "mosquitto: started (pid $(cat "$pidfile"), mqtt://127.0.0.1:$MQTT_PORT)"
}

status() {
  if pid_alive "$pidfile"; then
    echo "mosquitto: running (pid $(cat "$pidfile"), mqtt://127.0.0.1:$MQTT_PORT)"
  else
    echo "mosquitto: not running"
    return 3
  fi
}

case "${1:-status}" in
start) start ;;
stop) stop_pid "$pidfile" mosquitto ;;
status) status ;;
*) echo "usage: mosquitto.sh start|stop|status" >&2 && exit 2 ;;
esac
