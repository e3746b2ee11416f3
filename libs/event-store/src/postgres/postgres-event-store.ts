import type { KeyObject } from 'node:crypto';
import {
  type DatabaseError,
  type Pool,
  type PoolConfig,
  type QueryConfig,
  type QueryResult,
  type QueryResultRow,
} from 'pg';
import { MasterKey } from '../crypto/key-store';
import { resilientPool } from './resilient-pool';
import { SealPublicKey, SealSigningKey } from '../crypto/seal-signing-key';
import { PersonalDataProtector, type PersonalDataRule } from '../crypto/personal-data';
import { EventCodec, type PreparedEvent, type StoredEvent } from '../event-codec';
import type {
  AppendOptions,
  AppendResult,
  EventHandler,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllFilter,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  StreamState,
  SubscribeToAllOptions,
  Subscription,
  VerifyAllOptions,
  VerifyResult,
} from '../event-store.port';
import { EventIdConflict, EventStoreConfigError, InvalidEvent, WrongExpectedVersion } from '../errors';
import {
  GLOBAL_START,
  assertGlobalPosition,
  globalPositionFromDecimals,
  parseGlobalPosition,
  type GlobalPosition,
} from '../global-position';
import { assertStreamId } from '../stream-name';
import { PollingSubscription, validateFilter, type ReadPage } from '../subscription-loop';
import { UpcasterRegistry, type Upcaster } from '../upcasting';
import { validateExpectedVersion } from '../validation';
import { DEFAULT_SCHEMA, SQLSTATE, assertSchemaName, migrate } from './migrations';
import { AppendListener, AppendNotifier } from './notifications';
import { PostgresPersonKeyStore } from './person-key-store';
import { PostgresSealer, type SealResult, type SealerOptions } from './sealer';
import { verifyPostgresAll, verifyPostgresStream } from './verify';

export interface PostgresEventStoreOptions {
  /** Use this pool (not closed by `close()`), or… */
  readonly pool?: Pool;
  /** …connect with this (the store owns and closes its pool). */
  readonly connectionString?: string;
  /** Extra pool settings when the store creates the pool (default max 10). */
  readonly poolConfig?: Omit<PoolConfig, 'connectionString'>;
  /** Default `event_store`. Tests use throw-away schemas. */
  readonly schema?: string;
  /** 32 bytes (Buffer, hex or base64): wraps per-person keys (and checks HMAC seal checkpoints written before migration 0003). */
  readonly masterKey?: string | Uint8Array;
  /**
   * Ed25519 private key (PKCS#8 PEM, or base64 of its DER), typically SEAL_SIGNING_KEY: the sealer
   * signs seal checkpoints with it, and `verifyAll` checks them with its public half.
   */
  readonly sealSigningKey?: string | KeyObject;
  /** Ed25519 public key (SPKI PEM or base64 DER) for `verifyAll` where the signing key is not held (an auditor). */
  readonly sealPublicKey?: string | Uint8Array | KeyObject;
  readonly personalData?: readonly PersonalDataRule[];
  readonly upcasters?: readonly Upcaster[] | UpcasterRegistry;
  /** Minimum gap between append announcements (default 25 ms); see AppendNotifier. */
  readonly notifyCoalesceMs?: number;
  /**
   * Test seam: when set, each append runs in an explicit transaction and this runs after the
   * events are written and before COMMIT (the tailing test uses it to hold transactions open).
   */
  readonly beforeCommit?: (streamId: string) => Promise<void>;
}

interface EventRow extends QueryResultRow {
  stream_id: string;
  stream_version: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: string | null;
  metadata: string | null;
  recorded_at: string;
  transaction_id: string;
  global_position: string;
  prev_hash: string;
  hash: string;
  matched?: boolean;
}

/**
 * Columns as text (bigint and xid8 beyond 2^53, hashes as hex). Every ORDER BY names the table
 * alias: an unqualified name would sort by these text aliases ('10' < '9').
 */
const EVENT_COLUMNS = `e.stream_id, e.stream_version::text AS stream_version, e.event_id::text AS event_id, e.type, e.schema_version,
  e.data::text AS data, e.metadata::text AS metadata,
  to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at,
  e.transaction_id::text AS transaction_id, e.global_position::text AS global_position,
  encode(e.prev_hash, 'hex') AS prev_hash, encode(e.hash, 'hex') AS hash`;

const DEFAULT_READ_LIMIT = 1000;
const MAX_READ_LIMIT = 10_000;
/** Rows scanned per filtered read: filtered reads advance through non-matching rows in windows this big. */
const FILTER_WINDOW = 2000;

function toStored(row: EventRow): StoredEvent {
  return {
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    dataJson: row.data ?? 'null',
    metadataJson: row.metadata ?? 'null',
    recordedAt: row.recorded_at,
    globalPosition: globalPositionFromDecimals(row.transaction_id, row.global_position),
    hash: row.hash,
    prevHash: row.prev_hash,
  };
}

function expectedCode(expected: ExpectedVersion): number {
  return expected === 'any' ? -2 : expected === 'no-stream' ? -1 : expected;
}

function toState(version: number): StreamState {
  return version < 0 ? 'no-stream' : version;
}

function isDatabaseError(error: unknown): error is DatabaseError {
  return error instanceof Error && typeof (error as Partial<DatabaseError>).code === 'string';
}

/**
 * The default event store: one append-only table in PostgreSQL. See libs/event-store/README.md for
 * the guarantees and docs/adr/0002 for why tailing and hashing work the way they do.
 */
export class PostgresEventStore implements EventStore {
  readonly pool: Pool;
  readonly schema: string;
  private readonly ownsPool: boolean;
  private readonly masterKey: MasterKey | undefined;
  private readonly sealSigningKey: SealSigningKey | undefined;
  /** Checks seal checkpoints in `verifyAll`; undefined: their signatures are not checked. */
  readonly sealPublicKey: SealPublicKey | undefined;
  private readonly codec: EventCodec;
  private readonly notifier: AppendNotifier;
  private readonly listener: AppendListener;
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly sealers = new Set<PostgresSealer>();
  private readonly beforeCommit: PostgresEventStoreOptions['beforeCommit'];
  private readonly sql: ReturnType<typeof statements>;
  private closed = false;

  constructor(options: PostgresEventStoreOptions) {
    if (!options.pool && !options.connectionString)
      throw new EventStoreConfigError(
        'PostgresEventStore needs a pool or a connectionString (e.g. DATABASE_URL)',
      );
    this.schema = assertSchemaName(options.schema ?? DEFAULT_SCHEMA);
    // Keys first: a bad one must not leave a pool behind.
    this.sealSigningKey =
      options.sealSigningKey === undefined ? undefined : new SealSigningKey(options.sealSigningKey);
    const publicKey =
      options.sealPublicKey === undefined ? undefined : new SealPublicKey(options.sealPublicKey);
    if (publicKey && this.sealSigningKey && publicKey.keyId !== this.sealSigningKey.keyId)
      throw new EventStoreConfigError(
        `sealPublicKey ${publicKey.keyId} is not the public half of sealSigningKey ${this.sealSigningKey.keyId}: give one of them, or a matching pair`,
      );
    this.sealPublicKey = publicKey ?? this.sealSigningKey?.publicKey;
    this.ownsPool = !options.pool;
    this.pool =
      options.pool ??
      // A connection losing its server must not crash the process; the next query reconnects.
      resilientPool(
        { max: 10, ...options.poolConfig, connectionString: options.connectionString },
        () => undefined,
      );
    this.masterKey = options.masterKey === undefined ? undefined : new MasterKey(options.masterKey);
    const upcasters =
      options.upcasters instanceof UpcasterRegistry
        ? options.upcasters
        : new UpcasterRegistry(options.upcasters ?? []);
    const protector = new PersonalDataProtector(
      options.personalData ?? [],
      new PostgresPersonKeyStore(this.pool, this.schema),
      this.masterKey,
    );
    this.codec = new EventCodec(protector, upcasters);
    const channel = `${this.schema}.appended`;
    this.notifier = new AppendNotifier(this.pool, channel, options.notifyCoalesceMs ?? 25);
    this.listener = new AppendListener(this.pool, channel);
    this.beforeCommit = options.beforeCommit;
    this.sql = statements(this.schema);
  }

  /** Creates the store and (by default) applies pending migrations first. */
  static async create(
    options: PostgresEventStoreOptions & { readonly migrate?: boolean },
  ): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    if (options.migrate !== false) {
      try {
        await migrate(store.pool, { schema: store.schema });
      } catch (error) {
        await store.close();
        throw error;
      }
    }
    return store;
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent<string, object>[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const expected = validateExpectedVersion(options);
    const prepared = await this.codec.prepare(streamId, events);
    if (prepared.length === 0) return this.appendNothing(streamId, expected);
    type AppendRow = { stream_version: string; transaction_id: string; global_position: string };
    const run = (query: QueryConfig): Promise<QueryResult<AppendRow>> =>
      this.beforeCommit
        ? this.appendInTransaction<AppendRow>(streamId, query)
        : this.pool.query<AppendRow>(query);
    let result: QueryResult<AppendRow> | null = null;
    let checkIds = false;
    const single = prepared[0];
    if (prepared.length === 1 && single && expected !== 'any') {
      // The common case, one event at a known version, is one plain statement. When it inserts
      // nothing (version moved) or hits a unique key, the function below works out whether this
      // is a retry, a conflict or a race.
      try {
        const fast = await run({
          name: this.sql.appendOne.name,
          text: this.sql.appendOne.text,
          values: [
            streamId,
            expectedCode(expected),
            single.eventId,
            single.type,
            single.schemaVersion,
            single.dataJson,
            single.metadataJson,
          ],
        });
        if (fast.rows.length === 1) result = fast;
      } catch (error) {
        if (!isDatabaseError(error) || error.code !== '23505')
          throw await this.translateAppendError(error, streamId, expected, prepared);
      }
      checkIds = true;
    }
    const values = [
      streamId,
      expectedCode(expected),
      prepared.map((event) => event.eventId),
      prepared.map((event) => event.type),
      prepared.map((event) => event.schemaVersion),
      prepared.map((event) => event.dataJson),
      prepared.map((event) => event.metadataJson),
    ];
    // A unique-key violation means another append got there first, or this is a retry racing the
    // original: ask once more with the ids checked, so the function can tell which. With 'any',
    // keep trying at the new head.
    const attempts = expected === 'any' ? 5 : 2;
    for (let attempt = 1; !result; attempt++) {
      try {
        result = await run({
          name: this.sql.append.name,
          text: this.sql.append.text,
          values: [...values, checkIds || attempt > 1],
        });
      } catch (error) {
        if (isDatabaseError(error) && error.code === '23505' && attempt < attempts) continue;
        throw await this.translateAppendError(error, streamId, expected, prepared);
      }
    }
    this.notifier.poke();
    const rows = result.rows;
    const last = rows[rows.length - 1];
    return {
      nextExpectedVersion: last ? Number(last.stream_version) : 'no-stream',
      positions: rows.map((row) => globalPositionFromDecimals(row.transaction_id, row.global_position)),
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    const from = options.fromVersion ?? 0;
    const to = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(from) || from < 0)
      throw new InvalidEvent('fromVersion', 'must be an integer ≥ 0');
    if (!Number.isSafeInteger(to) || to < 0) throw new InvalidEvent('toVersion', 'must be an integer ≥ 0');
    if (
      options.asOf !== undefined &&
      (!(options.asOf instanceof Date) || Number.isNaN(options.asOf.getTime()))
    )
      throw new InvalidEvent('asOf', 'must be a valid Date');
    const { rows } = await this.pool.query<EventRow>({
      ...this.sql.readStream,
      values: [streamId, from, to, options.asOf ? options.asOf.toISOString() : 'infinity'],
    });
    return this.codec.decode(rows.map(toStored));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? DEFAULT_READ_LIMIT;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_READ_LIMIT)
      throw new InvalidEvent('limit', `must be an integer from 1 to ${MAX_READ_LIMIT}`);
    const filter = validateFilter(options.filter);
    let position = options.after === undefined ? GLOBAL_START : assertGlobalPosition(options.after, 'after');
    const events: RecordedEvent[] = [];
    for (;;) {
      const page = await this.readPage(position, limit - events.length, filter);
      events.push(...page.events);
      position = page.position;
      if (page.exhausted || events.length >= limit) return events;
    }
  }

  async headPosition(): Promise<GlobalPosition> {
    const { rows } = await this.pool.query<{ transaction_id: string; global_position: string }>(
      this.sql.head,
    );
    const row = rows[0];
    return row ? globalPositionFromDecimals(row.transaction_id, row.global_position) : GLOBAL_START;
  }

  subscribeToAll(options: SubscribeToAllOptions, handler: EventHandler): Subscription {
    if (this.closed) throw new EventStoreConfigError('the event store is closed');
    this.listener.ensureStarted();
    const subscription = new PollingSubscription(
      options,
      handler,
      (after, limit, filter) => this.readPage(after, limit, filter),
      this.listener.waker,
      (done) => this.subscriptions.delete(done),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata | null> {
    assertStreamId(streamId);
    const { rows } = await this.pool.query<{ metadata: StreamMetadata }>(
      `SELECT metadata FROM ${this.schema}.streams WHERE stream_id = $1`,
      [streamId],
    );
    return rows[0]?.metadata ?? null;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    assertStreamId(streamId);
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))
      throw new InvalidEvent('metadata', 'must be a JSON object');
    await this.pool.query(
      `INSERT INTO ${this.schema}.streams (stream_id, metadata) VALUES ($1, $2::jsonb)
       ON CONFLICT (stream_id) DO UPDATE SET metadata = EXCLUDED.metadata`,
      [streamId, JSON.stringify(metadata)],
    );
  }

  async loadCheckpoint(name: string): Promise<GlobalPosition | null> {
    assertCheckpointName(name);
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position FROM ${this.schema}.checkpoints WHERE name = $1`,
      [name],
    );
    return rows[0] ? assertGlobalPosition(rows[0].position) : null;
  }

  async saveCheckpoint(
    name: string,
    expected: GlobalPosition | null,
    next: GlobalPosition,
  ): Promise<boolean> {
    assertCheckpointName(name);
    assertGlobalPosition(next, 'next');
    if (expected === null) {
      const result = await this.pool.query(
        `INSERT INTO ${this.schema}.checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
        [name, next],
      );
      return result.rowCount === 1;
    }
    assertGlobalPosition(expected, 'expected');
    const result = await this.pool.query(
      `UPDATE ${this.schema}.checkpoints SET position = $3, updated_at = now() WHERE name = $1 AND position = $2`,
      [name, expected, next],
    );
    return result.rowCount === 1;
  }

  async erasePerson(personId: string): Promise<void> {
    await this.codec.protector.erase(personId);
  }

  verifyStream(streamId: string): Promise<VerifyResult> {
    assertStreamId(streamId);
    return verifyPostgresStream(this.pool, this.schema, streamId);
  }

  verifyAll(options?: VerifyAllOptions): Promise<VerifyResult> {
    return verifyPostgresAll(
      this.pool,
      this.schema,
      { sealPublicKey: this.sealPublicKey, masterKey: this.masterKey },
      options,
    );
  }

  /** The global sealer for this store's schema; `start()` it in one or more processes, or call `sealPending()`. */
  createSealer(options: SealerOptions = {}): PostgresSealer {
    const sealer = new PostgresSealer(this.pool, this.schema, this.sealSigningKey, options);
    this.sealers.add(sealer);
    return sealer;
  }

  /** One-off: seal everything settled now (tests, maintenance jobs). */
  sealPending(options: { readonly forceCheckpoint?: boolean } = {}): Promise<SealResult> {
    return new PostgresSealer(this.pool, this.schema, this.sealSigningKey).sealPending(options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await Promise.all([...this.sealers].map((sealer) => sealer.stop()));
    await this.listener.close();
    await this.notifier.close();
    if (this.ownsPool) await this.pool.end();
  }

  /** Reads one window of the settled log (see ReadPage); subscriptions call this directly. */
  async readPage(after: GlobalPosition, limit: number, filter: ReadAllFilter | undefined): Promise<ReadPage> {
    const { major, minor } = parseGlobalPosition(after);
    if (!filter) {
      const { rows } = await this.pool.query<EventRow>({
        ...this.sql.readAll,
        values: [major.toString(), minor.toString(), limit],
      });
      const last = rows[rows.length - 1];
      const position = last ? globalPositionFromDecimals(last.transaction_id, last.global_position) : after;
      const exhausted = rows.length < limit;
      return {
        events: await this.codec.decode(rows.map(toStored)),
        position,
        exhausted,
        pending: exhausted && (await this.hasUnsettled(position)),
      };
    }
    const window = Math.max(limit, FILTER_WINDOW);
    const { rows } = await this.pool.query<EventRow>({
      ...this.sql.readAllFiltered,
      values: [major.toString(), minor.toString(), window, filter.streamPrefix ?? '', filter.types ?? null],
    });
    const matched: StoredEvent[] = [];
    let position = after;
    let consumed = 0;
    for (const row of rows) {
      if (row.matched) {
        if (matched.length === limit) break;
        matched.push(toStored(row));
      }
      position = globalPositionFromDecimals(row.transaction_id, row.global_position);
      consumed++;
    }
    const exhausted = rows.length < window && consumed === rows.length;
    return {
      events: await this.codec.decode(matched),
      position,
      exhausted,
      pending: exhausted && (await this.hasUnsettled(position)),
    };
  }

  /** Committed (visible) events past the cursor that the horizon still holds back. */
  private async hasUnsettled(after: GlobalPosition): Promise<boolean> {
    const { major, minor } = parseGlobalPosition(after);
    const { rows } = await this.pool.query<{ pending: boolean }>({
      ...this.sql.unsettled,
      values: [major.toString(), minor.toString()],
    });
    return rows[0]?.pending === true;
  }

  private async appendNothing(streamId: string, expected: ExpectedVersion): Promise<AppendResult> {
    const actual = await this.currentState(streamId);
    if (expected !== 'any' && expected !== actual) throw new WrongExpectedVersion(streamId, expected, actual);
    return { nextExpectedVersion: actual, positions: [] };
  }

  private async currentState(streamId: string): Promise<StreamState> {
    const { rows } = await this.pool.query<{ version: string | null }>(
      `SELECT max(e.stream_version)::text AS version FROM ${this.schema}.events e WHERE e.stream_id = $1`,
      [streamId],
    );
    return toState(rows[0]?.version ? Number(rows[0].version) : -1);
  }

  private async appendInTransaction<Row extends QueryResultRow>(
    streamId: string,
    query: QueryConfig,
  ): Promise<QueryResult<Row>> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await client.query<Row>(query);
      await this.beforeCommit?.(streamId);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async translateAppendError(
    error: unknown,
    streamId: string,
    expected: ExpectedVersion,
    prepared: readonly PreparedEvent[],
  ): Promise<unknown> {
    if (!isDatabaseError(error)) return error;
    if (error.code === SQLSTATE.wrongExpectedVersion) {
      const detail = JSON.parse(error.detail ?? '{}') as { actual?: number };
      return new WrongExpectedVersion(streamId, expected, toState(detail.actual ?? -1));
    }
    if (error.code === SQLSTATE.eventIdConflict) {
      const detail = JSON.parse(error.detail ?? '{}') as {
        eventId?: string;
        streamId?: string;
        streamVersion?: number;
      };
      return new EventIdConflict(
        detail.eventId ?? '?',
        detail.streamId !== undefined && detail.streamVersion !== undefined
          ? { streamId: detail.streamId, streamVersion: detail.streamVersion }
          : null,
        streamId,
        'the stored event differs (type, schema version, data or place)',
      );
    }
    if (error.code === '23505' && error.constraint === 'events_event_id_key') {
      const { rows } = await this.pool.query<{ event_id: string; stream_id: string; stream_version: string }>(
        `SELECT e.event_id::text AS event_id, e.stream_id, e.stream_version::text AS stream_version FROM ${this.schema}.events e WHERE e.event_id = ANY ($1::uuid[]) ORDER BY e.global_position LIMIT 1`,
        [prepared.map((event) => event.eventId)],
      );
      const row = rows[0];
      return new EventIdConflict(
        row?.event_id ?? '?',
        row ? { streamId: row.stream_id, streamVersion: Number(row.stream_version) } : null,
        streamId,
        'it is stored elsewhere',
      );
    }
    if (error.code === '23505' && error.constraint === 'events_stream_version_key') {
      // Someone appended at the same version again while this append retried.
      return new WrongExpectedVersion(streamId, expected, await this.currentState(streamId));
    }
    return error;
  }
}

function assertCheckpointName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 200)
    throw new InvalidEvent('checkpoint name', 'must be a non-empty string of at most 200 characters');
}

function statements(schema: string) {
  // Only transactions below the xmin horizon: everything older has committed or aborted, so no
  // event can still appear before the cursor.
  const settled = `e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;
  return {
    append: {
      name: `${schema}.append_events`,
      text: `SELECT a.stream_version::text AS stream_version, a.transaction_id::text AS transaction_id, a.global_position::text AS global_position
               FROM ${schema}.append_events($1, $2, $3::uuid[], $4::text[], $5::integer[], $6::text[], $7::text[], $8::boolean) a
              ORDER BY a.stream_version`,
    },
    // One event at an expected version: the same hash as append_events() (migrations.ts), one
    // plain INSERT. Inserts nothing when the stream is not at $2. The head is read before anything
    // is written, so the transaction id is assigned after the previous append committed.
    appendOne: {
      name: `${schema}.append_one`,
      text: `WITH head AS (
               SELECT e.stream_version, e.hash, e.recorded_at FROM ${schema}.events e
                WHERE e.stream_id = $1 ORDER BY e.stream_version DESC LIMIT 1
             ), h AS (
               SELECT coalesce(head.stream_version, -1) AS version,
                      coalesce(head.hash, decode(repeat('00', 32), 'hex')) AS prev,
                      greatest(date_trunc('milliseconds', clock_timestamp()), head.recorded_at) AS at
                 FROM (SELECT) AS one LEFT JOIN head ON true
             )
             INSERT INTO ${schema}.events AS e
                    (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
             SELECT $1, h.version + 1, $3::uuid, $4::text, $5::integer, $6::text::jsonb, $7::text::jsonb, h.at, h.prev,
                    sha256(h.prev || convert_to(
                      '{"data":' || $6::text
                      || ',"eventId":"' || $3::uuid::text
                      || '","metadata":' || $7::text
                      || ',"recordedAt":"' || to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                      || '","schemaVersion":' || $5::integer::text
                      || ',"streamId":' || to_json($1::text)::text
                      || ',"streamVersion":' || (h.version + 1)::text
                      || ',"type":' || to_json($4::text)::text
                      || '}', 'UTF8'))
               FROM h WHERE h.version = $2::bigint
             RETURNING e.stream_version::text AS stream_version, e.transaction_id::text AS transaction_id,
                       e.global_position::text AS global_position`,
    },
    readStream: {
      name: `${schema}.read_stream`,
      text: `SELECT ${EVENT_COLUMNS} FROM ${schema}.events e
              WHERE e.stream_id = $1 AND e.stream_version >= $2 AND e.stream_version <= $3 AND e.recorded_at <= $4::timestamptz
              ORDER BY e.stream_version`,
    },
    readAll: {
      name: `${schema}.read_all`,
      text: `SELECT ${EVENT_COLUMNS} FROM ${schema}.events e
              WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) AND ${settled}
              ORDER BY e.transaction_id, e.global_position LIMIT $3`,
    },
    readAllFiltered: {
      name: `${schema}.read_all_filtered`,
      text: `SELECT w.stream_id, w.stream_version::text AS stream_version, w.event_id::text AS event_id, w.type, w.schema_version,
                    CASE WHEN w.matched THEN w.data::text END AS data, CASE WHEN w.matched THEN w.metadata::text END AS metadata,
                    to_char(w.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at,
                    w.transaction_id::text AS transaction_id, w.global_position::text AS global_position,
                    encode(w.prev_hash, 'hex') AS prev_hash, encode(w.hash, 'hex') AS hash, w.matched
               FROM (SELECT e.*, (starts_with(e.stream_id, $4) AND ($5::text[] IS NULL OR e.type = ANY ($5::text[]))) AS matched
                       FROM ${schema}.events e
                      WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) AND ${settled}
                      ORDER BY e.transaction_id, e.global_position LIMIT $3) w
              ORDER BY w.transaction_id, w.global_position`,
    },
    unsettled: {
      name: `${schema}.unsettled`,
      text: `SELECT EXISTS (SELECT 1 FROM ${schema}.events e
                             WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
                               AND e.transaction_id >= pg_snapshot_xmin(pg_current_snapshot())) AS pending`,
    },
    head: {
      name: `${schema}.head_position`,
      text: `SELECT e.transaction_id::text AS transaction_id, e.global_position::text AS global_position FROM ${schema}.events e
              WHERE ${settled} ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1`,
    },
  };
}
