#!/usr/bin/env bash
# Brings up what is missing — PostgreSQL and a single-node Kafka broker —, provisions each
# service's own identity (tools/provision.ts) and writes the operator's connection settings to
# .accord/infra.env (DATABASE_URL, KAFKA_BROKERS; what the tools use) and each service's to
# .accord/identities/<service>.env, which `npm start` reads. Idempotent: a second run finds
# everything running.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
state="${ACCORD_STATE_DIR:-$repo/.accord}"
mkdir -p "$state"

database_url="$("$here/postgres/pg.sh" up)"

kafka_security=()
if [[ -n "${KAFKA_BROKERS:-}" ]]; then
  printf '[kafka] using KAFKA_BROKERS=%s (KAFKA_SASL_* from the environment provision its users)\n' "$KAFKA_BROKERS" >&2
  kafka_brokers="$KAFKA_BROKERS"
else
  "$here/kafka/kafka.sh" up
  kafka_brokers="127.0.0.1:${ACCORD_KAFKA_PORT:-9092}"
  # The admin's SASL settings (and TLS trust), for provisioning topics and ACLs below.
  mapfile -t kafka_security < <("$here/kafka/kafka.sh" admin-env)
fi

# Development secrets, made once per checkout (production sets its own). Each is added when missing:
# the file may exist already with only ACCORD_CREDENTIALS_SECRET (made by kafka.sh's first run).
secrets="$state/secrets.env"
umask 077
touch "$secrets"
if ! grep -q '^EVENT_STORE_MASTER_KEY=' "$secrets"; then
  echo "EVENT_STORE_MASTER_KEY=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" >> "$secrets"
fi
# Ed25519 key that signs seal checkpoints (PKCS#8 DER, base64); added to checkouts made before it.
if ! grep -q '^SEAL_SIGNING_KEY=' "$secrets"; then
  echo "SEAL_SIGNING_KEY=$(node -e "process.stdout.write(require('node:crypto').generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'))")" >> "$secrets"
fi

# Per-service identities: a PostgreSQL role per service (and the owner role that runs every
# migration), a Kafka user per service (and the DLQ tool) with ACLs, passwords derived from
# ACCORD_CREDENTIALS_SECRET; each identity's settings go to $state/identities/<identity>.env
# (0600), which `npm start` hands to that service alone.
env "${kafka_security[@]}" DATABASE_URL="$database_url" KAFKA_BROKERS="$kafka_brokers" \
  node -r "$repo/tools/ts-register.cjs" "$repo/tools/provision.ts" --write "$state/identities"

env_file="${ACCORD_INFRA_ENV:-$state/infra.env}"
{
  echo "DATABASE_URL=$database_url"
  echo "KAFKA_BROKERS=$kafka_brokers"
  printf '%s\n' "${kafka_security[@]}" | grep '^KAFKA_TLS' || true
  if [[ -n "${EVENT_STORE_MASTER_KEY:-}" ]]; then echo "EVENT_STORE_MASTER_KEY=$EVENT_STORE_MASTER_KEY"; else grep '^EVENT_STORE_MASTER_KEY=' "$secrets"; fi
  # The development OpenID Provider (infra/oidc, started by `npm start`): one issuer per agency;
  # its accord-ops issuer is the platform's root of trust unless AUTH_PLATFORM_ISSUER says otherwise.
  oidc_url="${ACCORD_OIDC_URL:-http://127.0.0.1:${ACCORD_OIDC_PORT:-3090}}"
  echo "ACCORD_OIDC_URL=$oidc_url"
  echo "AUTH_PLATFORM_ISSUER=${AUTH_PLATFORM_ISSUER:-$oidc_url/${AUTH_PLATFORM_AGENCY:-accord-ops}}"
  if [[ -n "${SEAL_SIGNING_KEY:-}" ]]; then echo "SEAL_SIGNING_KEY=$SEAL_SIGNING_KEY"; else grep '^SEAL_SIGNING_KEY=' "$secrets"; fi
} > "$env_file"
printf '[infra] ready: DATABASE_URL=%s KAFKA_BROKERS=%s (settings and development secrets in %s)\n' \
  "$(sed -E 's|//([^:@/]+):[^@/]+@|//\1:***@|' <<<"$database_url")" "$kafka_brokers" "$env_file" >&2
