#!/usr/bin/env bash
# Brings up what is missing — PostgreSQL and a single-node Kafka broker — and writes the
# resolved connection settings to .accord/infra.env (DATABASE_URL, KAFKA_BROKERS), which
# `npm start` and the test harness read. Idempotent: a second run finds everything running.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
state="${ACCORD_STATE_DIR:-$repo/.accord}"
mkdir -p "$state"

database_url="$("$here/postgres/pg.sh" up)"

if [[ -n "${KAFKA_BROKERS:-}" ]]; then
  printf '[kafka] using KAFKA_BROKERS=%s\n' "$KAFKA_BROKERS" >&2
  kafka_brokers="$KAFKA_BROKERS"
else
  "$here/kafka/kafka.sh" up
  kafka_brokers="127.0.0.1:${ACCORD_KAFKA_PORT:-9092}"
fi

env_file="${ACCORD_INFRA_ENV:-$state/infra.env}"
{
  echo "DATABASE_URL=$database_url"
  echo "KAFKA_BROKERS=$kafka_brokers"
} > "$env_file"
printf '[infra] ready: DATABASE_URL=%s KAFKA_BROKERS=%s (written to %s)\n' "$database_url" "$kafka_brokers" "$env_file" >&2
