#!/usr/bin/env bash
# Kafka 4.x in KRaft mode from Maven Central jars (no download outside the registries), loopback only.
#   kafka.sh start|stop|status           one broker (also its own controller) on 127.0.0.1:19092;
#                                        a SASL/PLAIN listener on 19094 (user eventide, password
#                                        eventide-secret) for the authentication tests
#   kafka.sh start-cluster|stop-cluster  three brokers (each also a controller voter) on 19101-19103,
#                                        for the failover test (replication factor 3)
#   kafka.sh stop-node N / start-node N  stops or restarts broker N (1-3) of the cluster, by its PID
# `stop` also stops cluster brokers left running.
# Jars come from scripts/services/kafka/pom.xml through `mvn dependency:copy-dependencies`.
# Idempotent: start returns 0 when the broker already answers. Stop goes by the PID file only.
source "$(dirname "$0")/lib.sh"

KAFKA_CONTROLLER_PORT=19093
KAFKA_SASL_PORT=19094
CLUSTER_PORTS=(19101 19102 19103)
CLUSTER_CONTROLLER_PORTS=(19111 19112 19113)
base="$(service_dir kafka)"
libs="$base/libs"
pom="$REPO_ROOT/scripts/services/kafka/pom.xml"

ensure_jars() {
  # Re-fetch when the pom changed (another Kafka version), else reuse the jars.
  local stamp="$libs/.pom.sha"
  local sum
  sum="$(sha256sum "$pom" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then return 0; fi
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  command -v mvn >/dev/null || apt_install maven
  rm -rf "$libs"
  echo "kafka: fetching broker jars with Maven (first start only)"
  mvn -q -B -Dstyle.color=never -f "$pom" dependency:copy-dependencies -DoutputDirectory="$libs" -DincludeScope=runtime
  echo "$sum" >"$stamp"
}

java_run() { java -cp "$libs/*" "$@"; }

# write_config DIR NODE_ID BROKER_PORT CONTROLLER_PORT VOTERS [EXTRA]
write_config() {
  local dir=$1 id=$2 port=$3 cport=$4 voters=$5 rf=$6 extra_listeners=${7:-}
  local listeners="PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport"
  local advertised="PLAINTEXT://127.0.0.1:$port"
  local protocols="CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
  if [ -n "$extra_listeners" ]; then
    listeners="$listeners,SASL_PLAINTEXT://127.0.0.1:$extra_listeners"
    advertised="$advertised,SASL_PLAINTEXT://127.0.0.1:$extra_listeners"
    protocols="$protocols,SASL_PLAINTEXT:SASL_PLAINTEXT"
  fi
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=$id
controller.quorum.voters=$voters
listeners=$listeners
advertised.listeners=$advertised
listener.security.protocol.map=$protocols
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=1
default.replication.factor=$rf
offsets.topic.replication.factor=$rf
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.retention.hours=24
log.segment.bytes=268435456
EOF
  if [ -n "$extra_listeners" ]; then
    cat >>"$dir/server.properties" <<'EOF'
sasl.enabled.mechanisms=PLAIN
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_eventide="eventide-secret";
EOF
  fi
}

# start_broker DIR PORT HEAP NAME: format the log directory once, start, wait for the port.
start_broker() {
  local dir=$1 port=$2 heap=$3 name=$4 cluster_id=$5
  if pid_alive "$dir/kafka.pid" && port_open "$port"; then
    echo "$name: already running on 127.0.0.1:$port"
    return 0
  fi
  if [ ! -f "$dir/data/meta.properties" ]; then
    java_run kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >"$dir/format.log" 2>&1 ||
      { cat "$dir/format.log" >&2; return 1; }
  fi
  # setsid: the broker outlives the shell that started it (and its job control).
  setsid java -Xms128m "-Xmx$heap" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$libs/*" kafka.Kafka "$dir/server.properties" >"$dir/kafka.log" 2>&1 </dev/null &
  echo $! >"$dir/kafka.pid"
  if ! wait_port "$port" 60 "$name"; then
    tail -20 "$dir/kafka.log" >&2
    return 1
  fi
  echo "$name: running on 127.0.0.1:$port (log $dir/kafka.log)"
}

cluster_id_of() {
  local file=$1
  [ -f "$file" ] || java_run kafka.tools.StorageTool random-uuid 2>/dev/null >"$file"
  cat "$file"
}

single_start() {
  ensure_jars
  local dir="$base/single"
  mkdir -p "$dir"
  write_config "$dir" 1 "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "1@127.0.0.1:$KAFKA_CONTROLLER_PORT" 1 "$KAFKA_SASL_PORT"
  start_broker "$dir" "$KAFKA_PORT" 768m kafka "$(cluster_id_of "$dir/cluster.id")"
}

cluster_dir() { echo "$base/cluster/n$1"; }

cluster_voters() {
  local v="" i
  for i in 1 2 3; do v="$v${v:+,}$i@127.0.0.1:${CLUSTER_CONTROLLER_PORTS[$((i - 1))]}"; done
  echo "$v"
}

node_start() {
  local i=$1 dir
  dir="$(cluster_dir "$i")"
  mkdir -p "$dir"
  write_config "$dir" "$i" "${CLUSTER_PORTS[$((i - 1))]}" "${CLUSTER_CONTROLLER_PORTS[$((i - 1))]}" "$(cluster_voters)" 3
  start_broker "$dir" "${CLUSTER_PORTS[$((i - 1))]}" 384m "kafka-cluster broker $i" "$(cluster_id_of "$base/cluster/cluster.id")" &
}

cluster_start() {
  ensure_jars
  mkdir -p "$base/cluster"
  cluster_id_of "$base/cluster/cluster.id" >/dev/null
  # Voters must reach each other before any broker is ready: start all three, then wait.
  local status=0
  for i in 1 2 3; do node_start "$i"; done
  wait || status=1
  return $status
}

case "${1:-status}" in
start) single_start ;;
stop)
  stop_pid "$base/single/kafka.pid" kafka
  # A failover test that died left its cluster: stop it too (by PID files, as always).
  for i in 1 2 3; do
    if pid_alive "$(cluster_dir "$i")/kafka.pid"; then stop_pid "$(cluster_dir "$i")/kafka.pid" "kafka-cluster broker $i"; fi
  done
  ;;
status)
  if pid_alive "$base/single/kafka.pid" && port_open "$KAFKA_PORT"; then
    echo "kafka: running on 127.0.0.1:$KAFKA_PORT (pid $(cat "$base/single/kafka.pid"))"
  else
    echo "kafka: stopped"
    exit 3
  fi
  ;;
start-cluster) cluster_start ;;
stop-cluster)
  # All three at once: one after the other, the last ones wait out a controlled shutdown with no
  # controller quorum left (stop_pid's 10 s each), which made the failover test slow.
  for i in 1 2 3; do stop_pid "$(cluster_dir "$i")/kafka.pid" "kafka-cluster broker $i" & done
  wait
  ;;
start-node)
  ensure_jars
  node_start "${2:?broker number 1-3}"
  wait
  ;;
stop-node) stop_pid "$(cluster_dir "${2:?broker number 1-3}")/kafka.pid" "kafka-cluster broker $2" ;;
*)
  echo "usage: kafka.sh start|stop|status|start-cluster|stop-cluster|start-node N|stop-node N" >&2
  exit 2
  ;;
esac
