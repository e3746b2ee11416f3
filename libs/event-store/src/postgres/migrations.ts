import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { EventStoreConfigError } from '../errors';
import { inTransaction } from './transaction';

export const DEFAULT_SCHEMA = 'event_store';

/** Advisory lock namespaces (first key of the two-key form), so they never collide with each other. */
export const LOCK_NAMESPACE = {
  migrate: 0x4163_0001,
  stream: 0x4163_0002,
  seal: 0x4163_0003,
  person: 0x4163_0004,
} as const;

/** Custom SQLSTATEs raised by the append function and the immutability triggers. */
export const SQLSTATE = {
  wrongExpectedVersion: 'EV001',
  eventIdConflict: 'EV002',
  immutable: 'EV003',
} as const;

/** Where `erase_person` announces an erasure (the person id): every process forgets that person's key at once. */
export function erasureChannel(schema: string): string {
  return `${schema}.erased`;
}

export interface Migration {
  readonly id: string;
  /** SQL with `{{schema}}` where the schema name goes. */
  readonly sql: string;
}

export function assertSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new EventStoreConfigError(
      `schema name ${JSON.stringify(schema)} must be a lower-case SQL identifier (letters, digits, _)`,
    );
  }
  return schema;
}

/**
 * Ordered, append-only: never edit a migration that has shipped (its checksum is checked), add a
 * new one. Notes on the design live in docs/adr/0002 and libs/event-store/README.md.
 */
/** The tables whose rows are never changed or removed (0001): statement-level triggers refuse it. */
const APPEND_ONLY_TABLES = ['events', 'seal', 'seal_checkpoints', 'erased_persons'];

const appendOnlyTriggers = (
  table: string,
): string => /* sql */ `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON {{schema}}.${table}
  FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.refuse_change();
CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON {{schema}}.${table}
  FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.refuse_change();
`;

/*
 * SQL shared by the append functions of migrations 0001 and 0002. Shipped migrations must render to
 * the same text for ever (migrations.spec.ts pins their checksums): add new fragments, never edit these.
 */
const APPEND_DECLARATIONS = /* sql */ `#variable_conflict use_column
DECLARE
  v_count    integer := coalesce(array_length(p_event_ids, 1), 0);
  v_current  bigint;
  v_prev     bytea;
  v_last_at  timestamptz;
  v_at       timestamptz;
  v_at_text  text;
  v_stream   text := to_json(p_stream_id)::text;
  v_prevs    bytea[] := '{}';
  v_hashes   bytea[] := '{}';
  v_found    integer;
  v_first    bigint;
  v_same     boolean;
  v_conflict record;
  i          integer;
BEGIN
`;

const NO_STREAM_HEAD = /* sql */ `  IF NOT FOUND THEN
    v_current := -1;
    v_prev := decode(repeat('00', 32), 'hex');
  END IF;
`;

const ANSWER_RETRY = /* sql */ `    -- Is this a retry of an append that already happened? Then answer as the first time did.
    SELECT count(*)::integer, min(e.stream_version) INTO v_found, v_first
      FROM {{schema}}.events e WHERE e.event_id = ANY (p_event_ids);
    IF v_found > 0 THEN
      SELECT v_found = v_count AND NOT EXISTS (
               SELECT 1
                 FROM unnest(p_event_ids, p_types, p_schema_versions, p_data) WITH ORDINALITY AS n(id, type, sv, data, ord)
                 LEFT JOIN {{schema}}.events e ON e.event_id = n.id
                WHERE e.event_id IS NULL OR e.stream_id <> p_stream_id OR e.type <> n.type
                   OR e.schema_version <> n.sv OR e.data <> n.data::jsonb OR e.stream_version <> v_first + n.ord - 1)
        INTO v_same;
      IF v_same AND (p_expected = -2 OR v_first = p_expected + 1) THEN
        RETURN QUERY SELECT e.stream_version, e.transaction_id, e.global_position
          FROM {{schema}}.events e WHERE e.event_id = ANY (p_event_ids) ORDER BY e.stream_version;
        RETURN;
      END IF;
`;

const RAISE_WRONG_EXPECTED_VERSION = /* sql */ `      RAISE EXCEPTION 'stream % is at version %, expected %', p_stream_id, v_current, p_expected
        USING ERRCODE = '${SQLSTATE.wrongExpectedVersion}',
              DETAIL = json_build_object('streamId', p_stream_id, 'expected', p_expected, 'actual', v_current)::text;
`;

const HASH_AND_INSERT = /* sql */ `  v_at_text := to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');

  FOR i IN 1 .. v_count LOOP
    v_prevs[i] := v_prev;
    v_prev := sha256(v_prev || convert_to(
      '{"data":' || p_data[i]
      || ',"eventId":"' || p_event_ids[i]::text
      || '","metadata":' || p_metadata[i]
      || ',"recordedAt":"' || v_at_text
      || '","schemaVersion":' || p_schema_versions[i]::text
      || ',"streamId":' || v_stream
      || ',"streamVersion":' || (v_current + i)::text
      || ',"type":' || to_json(p_types[i])::text
      || '}', 'UTF8'));
    v_hashes[i] := v_prev;
  END LOOP;

  RETURN QUERY
    INSERT INTO {{schema}}.events AS e
           (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
    SELECT p_stream_id, v_current + n.ord, n.id, n.type, n.sv, n.data::jsonb, n.meta::jsonb, v_at, n.prev, n.hash
      FROM unnest(p_event_ids, p_types, p_schema_versions, p_data, p_metadata, v_prevs, v_hashes)
           WITH ORDINALITY AS n(id, type, sv, data, meta, prev, hash, ord)
`;

export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    id: '0001_event_store',
    sql: /* sql */ `
CREATE TABLE {{schema}}.streams (
  stream_id        text PRIMARY KEY,
  version          bigint NOT NULL DEFAULT -1,
  last_hash        bytea NOT NULL DEFAULT decode(repeat('00', 32), 'hex'),
  last_recorded_at timestamptz,
  metadata         jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE {{schema}}.events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream_id       text NOT NULL,
  stream_version  bigint NOT NULL,
  event_id        uuid NOT NULL,
  type            text NOT NULL,
  schema_version  integer NOT NULL,
  data            jsonb NOT NULL,
  metadata        jsonb NOT NULL,
  recorded_at     timestamptz NOT NULL,
  transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
  prev_hash       bytea NOT NULL,
  hash            bytea NOT NULL,
  CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version),
  CONSTRAINT events_event_id_key UNIQUE (event_id),
  CONSTRAINT events_stream_version_check CHECK (stream_version >= 0),
  CONSTRAINT events_schema_version_check CHECK (schema_version >= 1)
);
-- The tailing cursor: (transaction_id, global_position), read only below the xmin horizon.
CREATE INDEX events_tailing_idx ON {{schema}}.events (transaction_id, global_position);

-- The global seal: written by the single sealer, one link per event in settled global order.
CREATE TABLE {{schema}}.seal (
  seal_seq        bigint PRIMARY KEY,
  global_position bigint NOT NULL UNIQUE,
  transaction_id  xid8 NOT NULL,
  stream_id       text NOT NULL,
  stream_version  bigint NOT NULL,
  event_hash      bytea NOT NULL,
  seal_hash       bytea NOT NULL,
  sealed_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX seal_stream_idx ON {{schema}}.seal (stream_id, stream_version);

CREATE TABLE {{schema}}.seal_checkpoints (
  seal_seq        bigint PRIMARY KEY,
  seal_hash       bytea NOT NULL,
  transaction_id  xid8 NOT NULL,
  global_position bigint NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  key_id          text,
  signature       bytea
);

CREATE TABLE {{schema}}.checkpoints (
  name       text PRIMARY KEY,
  position   text NOT NULL CHECK (position ~ '^[0-9]{20}-[0-9]{20}$'),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Wrapped per-person data keys: the one table rows are deleted from (crypto-shredding).
CREATE TABLE {{schema}}.person_keys (
  person_id   text PRIMARY KEY,
  wrapped_key bytea NOT NULL,
  key_id      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
-- Erasure is permanent: a later event about the person stores [erased] instead of a new key.
CREATE TABLE {{schema}}.erased_persons (
  person_id text PRIMARY KEY,
  erased_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION {{schema}}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION '%.% is append-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
    USING ERRCODE = '${SQLSTATE.immutable}',
          HINT = 'Events are never changed or removed: append a compensating event; erase personal data with erasePerson.';
END
$fn$;

-- Statement-level, so even a DELETE matching no row is refused and the cost is per statement.
${APPEND_ONLY_TABLES.map(appendOnlyTriggers).join('')}-- Keys are deleted, never rewritten; truncating would erase everyone at once.
CREATE TRIGGER person_keys_no_update BEFORE UPDATE ON {{schema}}.person_keys
  FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.refuse_change();
CREATE TRIGGER person_keys_no_truncate BEFORE TRUNCATE ON {{schema}}.person_keys
  FOR EACH STATEMENT EXECUTE FUNCTION {{schema}}.refuse_change();

/*
 * One round trip per append. p_expected: >= 0 the version of the stream's last event, -1 no stream,
 * -2 any. p_data / p_metadata are canonical JSON text (sorted keys) produced by the client: the
 * hash is computed over that exact text, concatenated in canonical key order, so the client-side
 * verifier (canonical.ts) recomputes the same bytes.
 */
CREATE FUNCTION {{schema}}.append_events(
  p_stream_id text,
  p_expected bigint,
  p_event_ids uuid[],
  p_types text[],
  p_schema_versions integer[],
  p_data text[],
  p_metadata text[]
) RETURNS TABLE (stream_version bigint, transaction_id xid8, global_position bigint)
LANGUAGE plpgsql AS $fn$
${APPEND_DECLARATIONS}  -- An advisory lock, not a row lock: it does not assign a transaction id, so the id is assigned
  -- (by the first write below) only after the previous append to this stream has committed. Hence
  -- per-stream order and global (transaction_id, global_position) order always agree.
  PERFORM pg_advisory_xact_lock(${LOCK_NAMESPACE.stream}, hashtext(p_stream_id));

  SELECT s.version, s.last_hash, s.last_recorded_at INTO v_current, v_prev, v_last_at
    FROM {{schema}}.streams s WHERE s.stream_id = p_stream_id;
${NO_STREAM_HEAD}
  IF p_expected = -2 OR p_expected <> v_current THEN
${ANSWER_RETRY}      IF NOT v_same THEN
        SELECT e.event_id, e.stream_id, e.stream_version INTO v_conflict
          FROM unnest(p_event_ids) WITH ORDINALITY AS n(id, ord)
          JOIN {{schema}}.events e ON e.event_id = n.id ORDER BY n.ord LIMIT 1;
        RAISE EXCEPTION 'event id % is already stored in % at version %', v_conflict.event_id, v_conflict.stream_id, v_conflict.stream_version
          USING ERRCODE = '${SQLSTATE.eventIdConflict}',
                DETAIL = json_build_object('eventId', v_conflict.event_id, 'streamId', v_conflict.stream_id,
                                           'streamVersion', v_conflict.stream_version)::text;
      END IF;
    END IF;
    IF p_expected <> -2 THEN
${RAISE_WRONG_EXPECTED_VERSION}    END IF;
  END IF;

  -- Never earlier than the stream's previous event, so as-of reads cut a stream at a prefix.
  v_at := date_trunc('milliseconds', clock_timestamp());
  IF v_last_at IS NOT NULL AND v_at < v_last_at THEN
    v_at := v_last_at;
  END IF;
${HASH_AND_INSERT}     ORDER BY n.ord
    RETURNING e.stream_version, e.transaction_id, e.global_position;

  INSERT INTO {{schema}}.streams AS s (stream_id, version, last_hash, last_recorded_at)
  VALUES (p_stream_id, v_current + v_count, v_prev, v_at)
  ON CONFLICT (stream_id) DO UPDATE
    SET version = EXCLUDED.version, last_hash = EXCLUDED.last_hash, last_recorded_at = EXCLUDED.last_recorded_at;
END
$fn$;

-- Creates the keys persons lack, unless they were erased; serialised per person with erase_person.
CREATE FUNCTION {{schema}}.ensure_person_keys(p_person_ids text[], p_wrapped_keys bytea[], p_key_ids text[])
RETURNS TABLE (person_id text, wrapped_key bytea, key_id text)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_hash integer;
BEGIN
  FOR v_hash IN SELECT DISTINCT hashtext(x) FROM unnest(p_person_ids) AS x ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(${LOCK_NAMESPACE.person}, v_hash);
  END LOOP;
  INSERT INTO {{schema}}.person_keys AS k (person_id, wrapped_key, key_id)
  SELECT n.id, n.wrapped, n.key_id
    FROM unnest(p_person_ids, p_wrapped_keys, p_key_ids) AS n(id, wrapped, key_id)
   WHERE NOT EXISTS (SELECT 1 FROM {{schema}}.erased_persons x WHERE x.person_id = n.id)
  ON CONFLICT ON CONSTRAINT person_keys_pkey DO NOTHING;
  RETURN QUERY
    SELECT n.id, k.wrapped_key, k.key_id
      FROM unnest(p_person_ids) AS n(id)
      LEFT JOIN {{schema}}.person_keys k ON k.person_id = n.id;
END
$fn$;

CREATE FUNCTION {{schema}}.erase_person(p_person_id text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_advisory_xact_lock(${LOCK_NAMESPACE.person}, hashtext(p_person_id));
  INSERT INTO {{schema}}.erased_persons (person_id) VALUES (p_person_id) ON CONFLICT DO NOTHING;
  DELETE FROM {{schema}}.person_keys WHERE person_id = p_person_id;
END
$fn$;
`,
  },
  {
    // Appends stop writing a head row per stream: the stream's newest event is its head, and the
    // unique key (stream_id, stream_version) replaces the advisory lock. One write per event
    // instead of one per event plus one per append, and no lock round in the common case.
    id: '0002_lock_free_append',
    sql: /* sql */ `
DROP FUNCTION {{schema}}.append_events(text, bigint, uuid[], text[], integer[], text[], text[]);
ALTER TABLE {{schema}}.streams DROP COLUMN version, DROP COLUMN last_hash, DROP COLUMN last_recorded_at;
COMMENT ON TABLE {{schema}}.streams IS 'Stream metadata (setStreamMetadata); a stream''s head is its newest event.';

/*
 * One round trip per append. p_expected: >= 0 the version of the stream's last event, -1 no stream,
 * -2 any. p_data / p_metadata are canonical JSON text (sorted keys) produced by the client: the
 * hash is computed over that exact text, concatenated in canonical key order, so the client-side
 * verifier (canonical.ts) recomputes the same bytes. p_check_ids: look the event ids up even when
 * the expected version matches (the client's second try after a unique-key violation).
 */
CREATE FUNCTION {{schema}}.append_events(
  p_stream_id text,
  p_expected bigint,
  p_event_ids uuid[],
  p_types text[],
  p_schema_versions integer[],
  p_data text[],
  p_metadata text[],
  p_check_ids boolean DEFAULT false
) RETURNS TABLE (stream_version bigint, transaction_id xid8, global_position bigint)
LANGUAGE plpgsql AS $fn$
${APPEND_DECLARATIONS}  -- No lock: the unique key (stream_id, stream_version) serialises appends to one stream. A second
  -- append at the same version blocks on that key until the first commits, then fails; the client
  -- asks again with p_check_ids to tell a retry from a conflict. Nothing is written before the head
  -- is read, so this transaction's id is assigned after every earlier append to the stream has
  -- committed: per-stream order and the global (transaction_id, global_position) order agree.
  SELECT e.stream_version, e.hash, e.recorded_at INTO v_current, v_prev, v_last_at
    FROM {{schema}}.events e WHERE e.stream_id = p_stream_id ORDER BY e.stream_version DESC LIMIT 1;
${NO_STREAM_HEAD}
  IF p_check_ids OR p_expected = -2 OR p_expected <> v_current THEN
${ANSWER_RETRY}      SELECT e.event_id, e.stream_id, e.stream_version INTO v_conflict
        FROM unnest(p_event_ids) WITH ORDINALITY AS n(id, ord)
        JOIN {{schema}}.events e ON e.event_id = n.id ORDER BY n.ord LIMIT 1;
      RAISE EXCEPTION 'event id % is already stored in % at version %', v_conflict.event_id, v_conflict.stream_id, v_conflict.stream_version
        USING ERRCODE = '${SQLSTATE.eventIdConflict}',
              DETAIL = json_build_object('eventId', v_conflict.event_id, 'streamId', v_conflict.stream_id,
                                         'streamVersion', v_conflict.stream_version)::text;
    END IF;
    IF p_expected <> -2 AND p_expected <> v_current THEN
${RAISE_WRONG_EXPECTED_VERSION}    END IF;
  END IF;

  -- Never earlier than the stream's previous event, so as-of reads cut a stream at a prefix.
  v_at := greatest(date_trunc('milliseconds', clock_timestamp()), v_last_at);
${HASH_AND_INSERT}    RETURNING e.stream_version, e.transaction_id, e.global_position;
END
$fn$;
`,
  },
  {
    // Seal checkpoints are signed with Ed25519 (SEAL_SIGNING_KEY), so anyone holding the public key
    // can check them without the database or the master key. Rows written before keep their
    // HMAC-SHA256 signature under the master key and a NULL algorithm (the table is append-only,
    // so they are not backfilled): a signature with a NULL algorithm is HMAC-SHA256.
    id: '0003_ed25519_seal_checkpoints',
    sql: /* sql */ `
ALTER TABLE {{schema}}.seal_checkpoints
  ADD COLUMN algorithm  text,
  ADD COLUMN public_key bytea,
  ADD CONSTRAINT seal_checkpoints_algorithm_check CHECK (
    algorithm IS NULL
    OR (algorithm = 'Ed25519' AND signature IS NOT NULL AND key_id IS NOT NULL AND public_key IS NOT NULL)
  );
COMMENT ON COLUMN {{schema}}.seal_checkpoints.public_key IS 'SPKI DER of the Ed25519 key that signed (key_id is its fingerprint); not trusted by itself.';
`,
  },
  {
    // Master-key rotation: a person's key wrapped by a retired master key is wrapped again by the
    // current one. Rows are still never updated: the old row is deleted and the new one inserted
    // in one transaction, under the person's lock (so an erasure cannot slip in between), and only
    // while the row still carries the key id the caller unwrapped.
    id: '0004_rewrap_person_key',
    sql: /* sql */ `
CREATE FUNCTION {{schema}}.rewrap_person_key(p_person_id text, p_old_key_id text, p_wrapped_key bytea, p_key_id text)
RETURNS boolean
LANGUAGE plpgsql AS $fn$
DECLARE
  v_created timestamptz;
BEGIN
  PERFORM pg_advisory_xact_lock(${LOCK_NAMESPACE.person}, hashtext(p_person_id));
  DELETE FROM {{schema}}.person_keys WHERE person_id = p_person_id AND key_id = p_old_key_id
    RETURNING created_at INTO v_created;
  IF v_created IS NULL THEN
    RETURN false;
  END IF;
  INSERT INTO {{schema}}.person_keys (person_id, wrapped_key, key_id, created_at)
  VALUES (p_person_id, p_wrapped_key, p_key_id, v_created);
  RETURN true;
END
$fn$;
`,
  },
  {
    // Services remember person keys between reads (PersonKeyCache) only while they listen here:
    // an erasure is announced in its own transaction, so every process forgets the key when the
    // erasure commits (NOTIFY is delivered at commit, and not at all on rollback).
    id: '0005_announce_erasure',
    sql: /* sql */ `
CREATE OR REPLACE FUNCTION {{schema}}.erase_person(p_person_id text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_advisory_xact_lock(${LOCK_NAMESPACE.person}, hashtext(p_person_id));
  INSERT INTO {{schema}}.erased_persons (person_id) VALUES (p_person_id) ON CONFLICT DO NOTHING;
  DELETE FROM {{schema}}.person_keys WHERE person_id = p_person_id;
  PERFORM pg_notify('{{schema}}.erased', p_person_id);
END
$fn$;
`,
  },
];

export function renderMigration(migration: Migration, schema: string): string {
  return migration.sql.replaceAll('{{schema}}', assertSchemaName(schema));
}

function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

export interface MigrateOptions {
  readonly schema?: string;
  readonly migrations?: readonly Migration[];
}

export interface MigrateResult {
  readonly schema: string;
  readonly applied: readonly string[];
  readonly alreadyApplied: readonly string[];
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so concurrent
 * starts (replicas, parallel test suites) apply each migration exactly once. Idempotent.
 */
export async function migrate(pool: Pool, options: MigrateOptions = {}): Promise<MigrateResult> {
  const schema = assertSchemaName(options.schema ?? DEFAULT_SCHEMA);
  const migrations = options.migrations ?? EVENT_STORE_MIGRATIONS;
  const client = await pool.connect();
  const applied: string[] = [];
  const alreadyApplied: string[] = [];
  try {
    // Nothing pending: no DDL at all, so a service's own role (which may not create anything in the
    // event store's schema) starts once the owner role has migrated it.
    const upToDate = await appliedAlready(client, schema, migrations);
    if (upToDate) return { schema, applied, alreadyApplied: upToDate };
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_NAMESPACE.migrate, schema]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${schema}.migrations (id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const done = new Map(
        (
          await client.query<{ id: string; checksum: string }>(
            `SELECT id, checksum FROM ${schema}.migrations`,
          )
        ).rows.map((row) => [row.id, row.checksum]),
      );
      for (const migration of migrations) {
        const sql = renderMigration(migration, schema);
        const sum = checksum(migration.sql);
        const existing = done.get(migration.id);
        if (existing !== undefined) {
          if (existing !== sum) {
            throw new EventStoreConfigError(
              `migration ${migration.id} in schema ${schema} was changed after it was applied: add a new migration instead of editing a shipped one`,
            );
          }
          alreadyApplied.push(migration.id);
          continue;
        }
        await inTransaction(client, async () => {
          await client.query(sql);
          await client.query(`INSERT INTO ${schema}.migrations (id, checksum) VALUES ($1, $2)`, [
            migration.id,
            sum,
          ]);
        });
        applied.push(migration.id);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_NAMESPACE.migrate, schema]);
    }
  } finally {
    client.release();
  }
  return { schema, applied, alreadyApplied };
}

/** The ids of `migrations` when every one is applied with its checksum, else null. */
async function appliedAlready(
  client: PoolClient,
  schema: string,
  migrations: readonly Migration[],
): Promise<string[] | null> {
  const table = await client.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
    `${schema}.migrations`,
  ]);
  if (!table.rows[0]?.found) return null;
  const done = new Map(
    (
      await client.query<{ id: string; checksum: string }>(`SELECT id, checksum FROM ${schema}.migrations`)
    ).rows.map((row) => [row.id, row.checksum]),
  );
  return migrations.every((migration) => done.get(migration.id) === checksum(migration.sql))
    ? migrations.map((migration) => migration.id)
    : null;
}
