#!/usr/bin/env bash
# Stops what infra/up.sh started: the local Kafka broker and the project-local PostgreSQL
# cluster. A server it did not start (DATABASE_URL, 127.0.0.1:5432, KAFKA_BROKERS) is left alone.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/kafka/kafka.sh" down
"$here/postgres/pg.sh" down
