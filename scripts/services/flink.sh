#!/usr/bin/env bash
# Flink for Eventide: `start` builds packages/flink-sql/java (the SQL script runner) and copies the
# Flink 2.2 jars from Maven Central into $SERVICES_DIR/flink/lib (once per pom.xml change); that is
# all `eventide run --engine flink` and the differential tests need (they run a MiniCluster).
# With EVENTIDE_FLINK_SESSION=1 it also starts a local session cluster from the same jars, a
# JobManager (StandaloneSessionClusterEntrypoint) and a TaskManager (TaskManagerRunner) as two java
# processes, REST on 127.0.0.1:18081, and a Flink SQL Gateway beside it (REST on 127.0.0.1:18083)
# that `eventide deploy` submits compiled scripts through. `stop` stops them by PID; `status`
# reports them.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

dir="$(service_dir flink)"
lib="$dir/lib"
conf="$dir/conf"
module="$REPO_ROOT/packages/flink-sql/java"
jm_pid="$dir/jobmanager.pid"
tm_pid="$dir/taskmanager.pid"
gw_pid="$dir/sql-gateway.pid"

prepare() {
  command -v mvn >/dev/null && command -v java >/dev/null || apt_install maven openjdk-17-jdk-headless
  local stamp
  stamp="$(sha256sum "$module/pom.xml" "$module"/src/main/java/dev/eventide/flink/*.java | sha256sum | cut -c1-16)"
  if [ -f "$dir/jars.stamp" ] && [ "$(cat "$dir/jars.stamp")" = "$stamp" ] && [ -f "$lib/eventide-flink-runner.jar" ]; then
    echo "flink: jars ready in $lib"
    return 0
  fi
  local t0=$SECONDS
  echo "flink: building the runner and fetching Flink jars (Maven Central)..."
  rm -rf "$lib.tmp" && mkdir -p "$lib.tmp"
  (cd "$module" && mvn -q -B package -DskipTests && mvn -q -B dependency:copy-dependencies -DoutputDirectory="$lib.tmp" -DincludeScope=runtime)
  cp "$module/target/eventide-flink-runner-0.1.0.jar" "$lib.tmp/eventide-flink-runner.jar"
  rm -rf "$lib" && mv "$lib.tmp" "$lib"
  echo "$stamp" >"$dir/jars.stamp"
  echo "flink: jars ready in $lib ($((SECONDS - t0)) s)"
}

write_conf() {
  mkdir -p "$conf"
  cat >"$conf/log4j2.properties" <<'PROPS'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${sys:log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} - %m%n
PROPS
  cat >"$conf/config.yaml" <<YAML
jobmanager:
  rpc: { address: 127.0.0.1, port: 16123 }
  bind-host: 127.0.0.1
  memory: { process: { size: 1024m } }
taskmanager:
  bind-host: 127.0.0.1
  host: 127.0.0.1
  numberOfTaskSlots: 2
  # Started without Flink's shell scripts, which would derive these from a process size: the
  # TaskManager needs its cores and every memory component set (the JVM flags below match them).
  cpu: { cores: 2 }
  memory:
    framework: { heap: { size: 128m }, off-heap: { size: 128m } }
    task: { heap: { size: 384m }, off-heap: { size: 0m } }
    managed: { size: 256m }
    network: { min: 64m, max: 64m }
    jvm-metaspace: { size: 256m }
    jvm-overhead: { min: 192m, max: 192m }
rest:
  address: 127.0.0.1
  bind-address: 127.0.0.1
  port: $FLINK_REST_PORT
parallelism: { default: 1 }
blob: { server: { port: 16124 } }
YAML
}

start_session() {
  if pid_alive "$jm_pid" && pid_alive "$tm_pid"; then
    echo "flink: session cluster already running (REST 127.0.0.1:$FLINK_REST_PORT)"
    return 0
  fi
  write_conf
  local t0=$SECONDS
  nohup java -Xmx512m -Dlog.file="$dir/jobmanager.log" -Dlog4j.configurationFile="$conf/log4j2.properties" -cp "$lib/*" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$conf" \
    >"$dir/jobmanager.out" 2>&1 &
  echo $! >"$jm_pid"
  nohup java -Xmx512m -Xms512m -XX:MaxDirectMemorySize=192m -XX:MaxMetaspaceSize=256m -Dlog.file="$dir/taskmanager.log" -Dlog4j.configurationFile="$conf/log4j2.properties" -cp "$lib/*" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$conf" \
    >"$dir/taskmanager.out" 2>&1 &
  echo $! >"$tm_pid"
  wait_port "$FLINK_REST_PORT" 120 flink
  # Ready when the TaskManager registered its slots with the JobManager.
  local i
  for ((i = 0; i < 600; i++)); do
    if curl -sf "http://127.0.0.1:$FLINK_REST_PORT/overview" | grep -q '"taskmanagers":[1-9]'; then
      echo "flink: session cluster up in $((SECONDS - t0)) s (REST 127.0.0.1:$FLINK_REST_PORT)"
      return 0
    fi
    sleep 0.2
  done
  echo "flink: no TaskManager registered after 120 s; see $dir/*.out" >&2
  return 1
}

# The SQL Gateway (flink-sql-gateway from the same jars) submits to the session cluster above:
# execution.target remote, rest.address/port from the shared config.yaml.
start_gateway() {
  if pid_alive "$gw_pid"; then
    echo "flink: SQL Gateway already running (REST 127.0.0.1:$FLINK_GATEWAY_PORT)"
    return 0
  fi
  local t0=$SECONDS
  FLINK_CONF_DIR="$conf" nohup java -Xmx384m -Dlog.file="$dir/sql-gateway.log" -Dlog4j.configurationFile="$conf/log4j2.properties" -cp "$lib/*" \
    org.apache.flink.table.gateway.SqlGateway \
    -Dsql-gateway.endpoint.rest.address=127.0.0.1 -Dsql-gateway.endpoint.rest.bind-address=127.0.0.1 \
    -Dsql-gateway.endpoint.rest.port="$FLINK_GATEWAY_PORT" -Dexecution.target=remote \
    >"$dir/sql-gateway.out" 2>&1 &
  echo $! >"$gw_pid"
  wait_port "$FLINK_GATEWAY_PORT" 120 "flink sql-gateway"
  echo "flink: SQL Gateway up in $((SECONDS - t0)) s (REST 127.0.0.1:$FLINK_GATEWAY_PORT)"
}

case "${1:-status}" in
start)
  prepare
  if [ "${EVENTIDE_FLINK_SESSION:-0}" = "1" ]; then
    start_session
    start_gateway
  fi
  ;;
stop)
  stop_pid "$gw_pid" "flink sql-gateway"
  stop_pid "$tm_pid" "flink taskmanager"
  stop_pid "$jm_pid" "flink jobmanager"
  ;;
status)
  # Exit 3 when the jars the runner and the tests need are missing (the session cluster is optional).
  if pid_alive "$jm_pid" && pid_alive "$tm_pid"; then echo "flink: session cluster running (REST 127.0.0.1:$FLINK_REST_PORT)"; else echo "flink: session cluster not running"; fi
  if pid_alive "$gw_pid"; then echo "flink: SQL Gateway running (REST 127.0.0.1:$FLINK_GATEWAY_PORT)"; else echo "flink: SQL Gateway not running"; fi
  if [ -f "$lib/eventide-flink-runner.jar" ]; then echo "flink: jars ready in $lib"; else
    echo "flink: jars not prepared (pnpm services start flink)"
    exit 3
  fi
  # Asked for the session cluster (as scripts/test.sh does): not running counts as down.
  if [ "${EVENTIDE_FLINK_SESSION:-0}" = "1" ] && ! { pid_alive "$jm_pid" && pid_alive "$tm_pid" && pid_alive "$gw_pid"; }; then exit 3; fi
  ;;
esac
