#!/usr/bin/env bash
# A real PostgreSQL server for Accord, found or started in this order:
#   1. DATABASE_URL, when set (it must answer; nothing is started);
#   2. the server on 127.0.0.1:5432, when it answers (database "accord" created if missing);
#   3. a project-local cluster from the machine's PostgreSQL binaries (initdb/pg_ctl) under
#      <repo>/.accord/postgres, on its own port (ACCORD_PG_PORT, default 54329).
#   pg.sh up      prints the DATABASE_URL to use on stdout (everything else goes to stderr)
#   pg.sh down    stops the project-local cluster, if this script started it
#   pg.sh status  exit 0 when the server that `up` would pick answers
# ACCORD_PG_MODE=local skips step 2 (used by the tests of this script).
# ACCORD_DB_NAME picks the database name for steps 2 and 3 (default "accord").
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
state="${ACCORD_STATE_DIR:-$repo/.accord}/postgres"
local_port="${ACCORD_PG_PORT:-54329}"
db_name="${ACCORD_DB_NAME:-accord}"

log() { printf '[postgres] %s\n' "$*" >&2; }

bin_dir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$dir" && -x "$dir/initdb" ]]; then
    echo "$dir"
  elif command -v initdb >/dev/null; then
    dirname "$(command -v initdb)"
  else
    log "no PostgreSQL binaries found (initdb); install PostgreSQL 15+ or set DATABASE_URL"
    exit 1
  fi
}

# initdb and postgres refuse to run as root: run them as the postgres user when we are root.
as_owner() {
  if [[ "$(id -u)" == "0" ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_database() {
  local host="$1" port="$2"
  if ! psql -h "$host" -p "$port" -U postgres -d postgres -tAc "select 1 from pg_database where datname = '$db_name'" | grep -q 1; then
    log "creating database $db_name on $host:$port"
    psql -h "$host" -p "$port" -U postgres -d postgres -qc "create database \"$db_name\"" >&2 || true
  fi
}

# The project-local cluster refuses password-less TCP connections (scram-sha-256); the superuser's
# password is made once into $state/superuser.password (0600). Only the Unix socket in $state (a
# directory only the cluster's owner may enter) is trusted, for this script's own maintenance.
superuser_password() {
  if [[ ! -s "$state/superuser.password" ]]; then
    (umask 077 && od -An -tx1 -N24 /dev/urandom | tr -d ' \n' > "$state/superuser.password")
  fi
  [[ "$(id -u)" == "0" ]] && chown postgres:postgres "$state/superuser.password"
  cat "$state/superuser.password"
}

# A cluster made before passwords were required: give the superuser its password, then scram-sha-256.
require_passwords() {
  local bin="$1" password="$2"
  if grep -Eq '^host.*[[:space:]]trust[[:space:]]*$' "$state/data/pg_hba.conf"; then
    log "the project-local cluster accepted password-less TCP connections: switching it to scram-sha-256"
    as_owner psql -h "$state" -p "$local_port" -U postgres -d postgres -qc \
      "set password_encryption = 'scram-sha-256'; alter role postgres password '$password'" >&2
    as_owner sed -i -E 's/^(host.*[[:space:]])trust[[:space:]]*$/\1scram-sha-256/' "$state/data/pg_hba.conf"
    as_owner "$bin/pg_ctl" -D "$state/data" reload >&2
  fi
}

local_cluster_up() {
  local bin
  bin="$(bin_dir)"
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$local_port"; then
    log "project-local cluster already answers on 127.0.0.1:$local_port"
  else
    mkdir -p "$state"
    [[ "$(id -u)" == "0" ]] && chown postgres:postgres "$state"
    if [[ ! -f "$state/data/PG_VERSION" ]]; then
      log "initialising a project-local cluster in $state/data (scram-sha-256)"
      superuser_password > /dev/null
      as_owner "$bin/initdb" -D "$state/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --pwfile="$state/superuser.password" -E UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1 \
        || { tail -n 20 "$state/initdb.log" >&2; exit 1; }
    fi
    log "starting the project-local cluster on 127.0.0.1:$local_port"
    as_owner "$bin/pg_ctl" -D "$state/data" -l "$state/postgres.log" -w -t 60 \
      -o "-p $local_port -k $state -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on" start >&2 \
      || { tail -n 20 "$state/postgres.log" >&2; exit 1; }
  fi
  local password
  password="$(superuser_password)"
  require_passwords "$bin" "$password"
  PGPASSWORD="$password" ensure_database 127.0.0.1 "$local_port"
  echo "postgres://postgres:$password@127.0.0.1:$local_port/$db_name"
}

up() {
  if [[ -n "${DATABASE_URL:-}" ]]; then
    if pg_isready -q -d "$DATABASE_URL"; then
      log "using DATABASE_URL (it answers)"
      echo "$DATABASE_URL"
      return 0
    fi
    log "DATABASE_URL is set but its server does not answer; start it or unset DATABASE_URL"
    exit 1
  fi
  if [[ "${ACCORD_PG_MODE:-}" != "local" ]] && pg_isready -q -h 127.0.0.1 -p 5432; then
    log "using the server on 127.0.0.1:5432"
    ensure_database 127.0.0.1 5432
    echo "postgres://postgres@127.0.0.1:5432/$db_name"
    return 0
  fi
  local_cluster_up
}

down() {
  local bin
  bin="$(bin_dir)"
  if [[ -f "$state/data/postmaster.pid" ]]; then
    log "stopping the project-local cluster"
    as_owner "$bin/pg_ctl" -D "$state/data" -m fast -w stop >&2
  else
    log "no project-local cluster is running (a server this script did not start is left alone)"
  fi
}

status() {
  if [[ -n "${DATABASE_URL:-}" ]]; then pg_isready -q -d "$DATABASE_URL"; return; fi
  pg_isready -q -h 127.0.0.1 -p 5432 || pg_isready -q -h 127.0.0.1 -p "$local_port"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
