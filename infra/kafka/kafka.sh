#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft) from pinned Maven Central jars, no Docker.
#   kafka.sh fetch    copy the jars pinned in pom.xml into the cache (once)
#   kafka.sh up       fetch, format storage (first time), start in the background, wait until it answers
#   kafka.sh down     stop the broker this script started
#   kafka.sh status   exit 0 when the broker answers
# Environment: ACCORD_STATE_DIR (default <repo>/.accord), ACCORD_KAFKA_PORT (9092),
# ACCORD_KAFKA_CONTROLLER_PORT (port+1), ACCORD_KAFKA_HEAP (512m), ACCORD_KAFKA_CACHE (infra/kafka/.cache).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
state="${ACCORD_STATE_DIR:-$repo/.accord}/kafka"
cache="${ACCORD_KAFKA_CACHE:-$here/.cache}"
port="${ACCORD_KAFKA_PORT:-9092}"
controller_port="${ACCORD_KAFKA_CONTROLLER_PORT:-$((port + 1))}"
heap="${ACCORD_KAFKA_HEAP:-512m}"
kafka_version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")"

log() { printf '[kafka] %s\n' "$*" >&2; }

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { [[ -f "$state/kafka.pid" ]] && kill -0 "$(cat "$state/kafka.pid")" 2>/dev/null; }

fetch() {
  if [[ -f "$cache/libs/kafka_2.13-$kafka_version.jar" && -f "$cache/libs/.complete-$kafka_version" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || { log "Maven (mvn) is required to fetch the Kafka jars"; exit 1; }
  command -v java >/dev/null || { log "Java 17+ is required to run Kafka"; exit 1; }
  log "fetching Apache Kafka $kafka_version jars from Maven Central into $cache/libs"
  rm -rf "$cache/libs"
  mkdir -p "$cache/libs"
  mvn -B -q -f "$here/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$cache/libs" -DincludeScope=runtime >&2
  touch "$cache/libs/.complete-$kafka_version"
}

kafka_java() {
  java -Xms128m "-Xmx$heap" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true \
    "-Dlog4j.configuration=file:$here/log4j.properties" \
    -cp "$cache/libs/*" "$@"
}

render_config() {
  mkdir -p "$state/data"
  sed -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$controller_port|g" -e "s|@LOG_DIR@|$state/data|g" \
    "$here/server.properties" > "$state/server.properties"
}

format_storage() {
  if [[ -f "$state/data/meta.properties" ]]; then
    return 0
  fi
  local cluster_id
  cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
  log "formatting KRaft storage (cluster $cluster_id) in $state/data"
  kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$state/server.properties" \
    > "$state/format.log" 2>&1 || { tail -n 20 "$state/format.log" >&2; exit 1; }
}

up() {
  if answers "$port"; then
    log "broker already answers on 127.0.0.1:$port"
    return 0
  fi
  fetch
  render_config
  format_storage
  log "starting Apache Kafka $kafka_version on 127.0.0.1:$port (heap $heap)"
  nohup java -Xms128m "-Xmx$heap" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    "-Dlog4j.configuration=file:$here/log4j.properties" \
    -cp "$cache/libs/*" kafka.Kafka "$state/server.properties" > "$state/kafka.log" 2>&1 < /dev/null &
  echo $! > "$state/kafka.pid"
  local deadline=$((SECONDS + ${ACCORD_KAFKA_START_TIMEOUT:-90}))
  until answers "$port" && grep -q 'Kafka Server started' "$state/kafka.log"; do
    if ! pid_alive; then
      log "broker exited during start-up; last lines of $state/kafka.log:"
      tail -n 30 "$state/kafka.log" >&2
      exit 1
    fi
    if (( SECONDS > deadline )); then
      log "broker did not answer within ${ACCORD_KAFKA_START_TIMEOUT:-90}s; see $state/kafka.log"
      exit 1
    fi
    sleep 0.5
  done
  log "broker ready on 127.0.0.1:$port"
}

down() {
  if ! pid_alive; then
    log "no broker started by this script is running"
    rm -f "$state/kafka.pid"
    return 0
  fi
  local pid
  pid="$(cat "$state/kafka.pid")"
  log "stopping broker (pid $pid)"
  kill "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$state/kafka.pid"
}

case "${1:-}" in
  fetch) fetch ;;
  up) up ;;
  down) down ;;
  status) answers "$port" ;;
  *) echo "usage: $0 fetch|up|down|status" >&2; exit 2 ;;
esac
