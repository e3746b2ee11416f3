#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft) from pinned Maven Central jars, no Docker.
#   kafka.sh fetch    copy the jars pinned in pom.xml into the cache (once)
#   kafka.sh up       fetch, format storage (first time), start in the background, wait until it answers
#   kafka.sh down     stop the broker this script started
#   kafka.sh status   exit 0 when the broker answers
# Every client authenticates (SASL/SCRAM-SHA-512) and the KRaft authorizer enforces ACLs: the users
# (admin, each service, the DLQ tool) and their passwords, derived from ACCORD_CREDENTIALS_SECRET,
# come from tools/provision.ts --kafka-users and are bootstrapped when the storage is formatted;
# the admin's settings (for tools and tests) are written to $state/admin.env (0600).
# Environment: ACCORD_STATE_DIR (default <repo>/.accord), ACCORD_KAFKA_PORT (9092),
# ACCORD_KAFKA_CONTROLLER_PORT (port+1), ACCORD_KAFKA_HEAP (512m), ACCORD_KAFKA_CACHE (infra/kafka/.cache),
# ACCORD_KAFKA_TLS=1 (clients connect over TLS: a self-signed certificate made with keytool,
# its PEM in $state/tls/ca.pem for KAFKA_TLS_CA_FILE).
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

# "name password" per line: admin first, then each service and the DLQ tool.
kafka_users() {
  node -r "$repo/tools/ts-register.cjs" "$repo/tools/provision.ts" --kafka-users
}

tls_enabled() { [[ "${ACCORD_KAFKA_TLS:-0}" == "1" || "${ACCORD_KAFKA_TLS:-}" == "true" ]]; }

# A self-signed certificate for 127.0.0.1/localhost (keytool, from the JDK), once.
tls_keystore() {
  local dir="$state/tls" password="$1"
  if [[ ! -f "$dir/broker.p12" ]]; then
    mkdir -p "$dir"
    log "making a self-signed TLS certificate for the broker in $dir"
    keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 3650 -storetype PKCS12 \
      -keystore "$dir/broker.p12" -storepass "$password" -dname "CN=localhost" \
      -ext "SAN=ip:127.0.0.1,dns:localhost" >/dev/null 2>&1
    keytool -exportcert -rfc -alias broker -keystore "$dir/broker.p12" -storepass "$password" \
      -file "$dir/ca.pem" >/dev/null 2>&1
  fi
}

render_config() {
  local password="$1" protocol=SASL_PLAINTEXT tls_settings=""
  mkdir -p "$state/data"
  if tls_enabled; then
    tls_keystore "$password"
    protocol=SASL_SSL
    tls_settings="listener.name.client.ssl.keystore.type=PKCS12
listener.name.client.ssl.keystore.location=$state/tls/broker.p12
listener.name.client.ssl.keystore.password=$password
listener.name.client.ssl.key.password=$password
listener.name.client.ssl.truststore.type=PEM
listener.name.client.ssl.truststore.location=$state/tls/ca.pem"
  fi
  (umask 077 && awk -v port="$port" -v cport="$controller_port" -v logdir="$state/data" -v proto="$protocol" \
    -v pw="$password" -v tls="$tls_settings" '{
      gsub("@PORT@", port); gsub("@CONTROLLER_PORT@", cport); gsub("@LOG_DIR@", logdir);
      gsub("@CLIENT_PROTOCOL@", proto); gsub("@ADMIN_PASSWORD@", pw); gsub("@TLS_SETTINGS@", tls); print
    }' "$here/server.properties" > "$state/server.properties")
  # What tools and tests connect with (the admin: topics and ACLs).
  (umask 077 && {
    echo "KAFKA_SASL_MECHANISM=scram-sha-512"
    echo "KAFKA_SASL_USERNAME=admin"
    echo "KAFKA_SASL_PASSWORD=$password"
    if tls_enabled; then echo "KAFKA_TLS_CA_FILE=$state/tls/ca.pem"; fi
  } > "$state/admin.env")
  # For the broker's own command-line tools (kafka-configs.sh --command-config).
  (umask 077 && {
    echo "security.protocol=$protocol"
    echo "sasl.mechanism=SCRAM-SHA-512"
    echo "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$password\";"
    if tls_enabled; then echo "ssl.truststore.type=PEM"; echo "ssl.truststore.location=$state/tls/ca.pem"; fi
  } > "$state/admin.properties")
}

format_storage() {
  local users="$1"
  if [[ -f "$state/data/meta.properties" && ! -f "$state/scram-users" ]]; then
    # Formatted before the broker required authentication: its SCRAM users can only be bootstrapped
    # by formatting again. Development data only (topics are provisioned again; the event store,
    # the outbox, is untouched).
    log "the storage in $state/data was formatted without SASL users: moving it to $state/data.plaintext and formatting again"
    rm -rf "$state/data.plaintext"
    mv "$state/data" "$state/data.plaintext"
    mkdir -p "$state/data"
  fi
  if [[ -f "$state/data/meta.properties" ]]; then
    return 0
  fi
  local cluster_id
  cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
  log "formatting KRaft storage (cluster $cluster_id) in $state/data, with $(wc -l <<<"$users") SCRAM users"
  local args=()
  while read -r name password; do
    args+=(--add-scram "SCRAM-SHA-512=[name=$name,password=$password]")
  done <<<"$users"
  kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$state/server.properties" "${args[@]}" \
    > "$state/format.log" 2>&1 || { tail -n 20 "$state/format.log" >&2; exit 1; }
  (umask 077 && sha256sum <<<"$users" > "$state/scram-users")
}

# Users added (a new service) or passwords changed (a new secret) after formatting: alter them on
# the running broker as the admin.
sync_users() {
  local users="$1"
  if sha256sum --status -c "$state/scram-users" <<<"$users" 2>/dev/null; then return 0; fi
  log "SCRAM users changed since the storage was formatted: updating them"
  while read -r name password; do
    kafka_java kafka.admin.ConfigCommand --bootstrap-server "127.0.0.1:$port" --command-config "$state/admin.properties" \
      --alter --entity-type users --entity-name "$name" --add-config "SCRAM-SHA-512=[password=$password]" >&2
  done <<<"$(tail -n +2 <<<"$users")"
  (umask 077 && sha256sum <<<"$users" > "$state/scram-users")
}

up() {
  local users password
  users="$(kafka_users)"
  password="$(awk '$1 == "admin" { print $2 }' <<<"$users")"
  mkdir -p "$state"
  if answers "$port" && pid_alive && [[ ! -f "$state/scram-users" ]]; then
    log "the broker this script started accepts unauthenticated clients: restarting it with SASL/SCRAM and ACLs"
    down
  fi
  if answers "$port"; then
    log "broker already answers on 127.0.0.1:$port"
    [[ -f "$state/admin.env" ]] || render_config "$password"
    # A service added since it started (a new SCRAM user) must be able to log in without a restart.
    if pid_alive && [[ -f "$state/scram-users" ]]; then sync_users "$users"; fi
    return 0
  fi
  fetch
  render_config "$password"
  format_storage "$users"
  log "starting Apache Kafka $kafka_version on 127.0.0.1:$port (heap $heap, SASL/SCRAM$(tls_enabled && echo ' over TLS'), ACLs)"
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
  sync_users "$users"
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
  admin-env) cat "$state/admin.env" ;;
  down) down ;;
  status) answers "$port" ;;
  *) echo "usage: $0 fetch|up|down|status|admin-env" >&2; exit 2 ;;
esac
