import type { Pool, DatabaseError, QueryConfig, QueryResult, QueryResultRow } from 'pg';
import type { PersonKeyStore } from '../crypto/key-store';
import { PersonKeyCache, type PersonKeyCacheOptions } from '../crypto/person-key-cache';
import type { PreparedEvent, StoredEvent } from '../event-codec';
import type { AuditView, EventStorage, StorageAppendResult } from '../event-storage.port';
import type { AppendResult, ExpectedVersion, ReadAllFilter, StreamState } from '../event-store.port';
import { EventIdConflict, WrongExpectedVersion } from '../errors';
import {
  GLOBAL_START,
  assertGlobalPosition,
  globalPositionFromDecimals,
  parseGlobalPosition,
  type GlobalPosition,
} from '../global-position';
import type { SealStorage } from '../seal';
import type { ReadPage, Waker } from '../subscription-loop';
import { inPostgresAuditView } from './audit-view';
import { EVENT_COLUMNS, toStored, type EventRow } from './event-rows';
import { erasureChannel, SQLSTATE } from './migrations';
import { AppendListener, AppendNotifier } from './notifications';
import { PostgresPersonKeyStore } from './person-key-store';
import { PostgresSealStorage } from './seal-storage';
import { inPoolTransaction } from './transaction';

/** Rows scanned per filtered read: filtered reads advance through non-matching rows in windows this big. */
const FILTER_WINDOW = 2000;

function expectedCode(expected: ExpectedVersion): number {
  return expected === 'any' ? -2 : expected === 'no-stream' ? -1 : expected;
}

function toState(version: number): StreamState {
  return version < 0 ? 'no-stream' : version;
}

/**
 * A page of the log and, in the same statement (one snapshot, one round trip), whether committed
 * events past the cursor are still held back by the horizon. An empty page is one row of nulls.
 */
type PageRow = EventRow & { pending: boolean };

function pendingIn(rows: readonly PageRow[]): boolean {
  return rows[0]?.pending === true;
}

function isDatabaseError(error: unknown): error is DatabaseError {
  return error instanceof Error && typeof (error as Partial<DatabaseError>).code === 'string';
}

export interface PostgresEventStorageOptions {
  readonly pool: Pool;
  /** Already checked by assertSchemaName. */
  readonly schema: string;
  /** Minimum gap between append announcements (default 25 ms); see AppendNotifier. */
  readonly notifyCoalesceMs?: number;
  /** How long and how many person keys are remembered between reads (see PersonKeyCache). */
  readonly personKeyCache?: PersonKeyCacheOptions;
  /**
   * Test seam: when set, each append runs in an explicit transaction and this runs after the
   * events are written and before COMMIT (the tailing test uses it to hold transactions open).
   */
  readonly beforeCommit?: (streamId: string) => Promise<void>;
}

/**
 * The PostgreSQL adapter: one append-only table. The hash chain is computed by the database in the
 * append (the same function as hash-chain.ts); the global seal is kept in `seal` and `seal_checkpoints` (seal-storage.ts). See
 * libs/event-store/README.md for the guarantees and docs/adr/0002 for why tailing works this way.
 */
export class PostgresEventStorage implements EventStorage {
  readonly personKeys: PersonKeyStore;
  readonly personKeyCache: PersonKeyCache;
  readonly sealStorage: SealStorage;
  private readonly pool: Pool;
  private readonly schema: string;
  private readonly notifier: AppendNotifier;
  private readonly listener: AppendListener;
  private readonly beforeCommit: PostgresEventStorageOptions['beforeCommit'];
  private readonly sql: ReturnType<typeof statements>;

  constructor(options: PostgresEventStorageOptions) {
    this.pool = options.pool;
    this.schema = options.schema;
    this.personKeyCache = new PersonKeyCache(options.personKeyCache);
    this.personKeys = new PostgresPersonKeyStore(this.pool, this.schema, () => this.listener.ensureStarted());
    this.sealStorage = new PostgresSealStorage(this.pool, this.schema);
    const channel = `${this.schema}.appended`;
    this.notifier = new AppendNotifier(this.pool, channel, options.notifyCoalesceMs ?? 25);
    this.listener = new AppendListener(this.pool, channel, {
      channel: erasureChannel(this.schema),
      keys: this.personKeyCache,
    });
    this.beforeCommit = options.beforeCommit;
    this.sql = statements(this.schema);
  }

  async append(
    streamId: string,
    prepared: readonly PreparedEvent[],
    expected: ExpectedVersion,
  ): Promise<StorageAppendResult> {
    if (prepared.length === 0) return this.appendNothing(streamId, expected);
    type AppendRow = { stream_version: string; transaction_id: string; global_position: string };
    const run = <Row extends AppendRow>(query: QueryConfig): Promise<QueryResult<Row>> =>
      this.beforeCommit ? this.appendInTransaction<Row>(streamId, query) : this.pool.query<Row>(query);
    let result: QueryResult<AppendRow> | null = null;
    /** What the one-statement append stored, returned by it: the caller need not read it back. */
    let stored: StoredEvent | undefined;
    let checkIds = false;
    const single = prepared[0];
    if (prepared.length === 1 && single && expected !== 'any') {
      // The common case, one event at a known version, is one plain statement. When it inserts
      // nothing (version moved) or hits a unique key, the function below works out whether this
      // is a retry, a conflict or a race.
      try {
        const fast = await run<AppendRow & { recorded_at: string; prev_hash: string; hash: string }>({
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
        const [row] = fast.rows;
        if (fast.rows.length === 1 && row) {
          result = fast;
          stored = toStored({
            ...row,
            stream_id: streamId,
            event_id: single.eventId,
            type: single.type,
            schema_version: single.schemaVersion,
            data: single.dataJson,
            metadata: single.metadataJson,
          });
        }
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
    this.notifier.poke(streamId);
    const rows = result.rows;
    const last = rows[rows.length - 1];
    return {
      nextExpectedVersion: last ? Number(last.stream_version) : 'no-stream',
      positions: rows.map((row) => globalPositionFromDecimals(row.transaction_id, row.global_position)),
      ...(stored ? { stored: [stored] } : {}),
    };
  }

  async readStream(streamId: string, fromVersion: number, toVersion: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>({
      ...this.sql.readStream,
      values: [streamId, fromVersion, toVersion],
    });
    return rows.map(toStored);
  }

  async headPosition(): Promise<GlobalPosition> {
    const { rows } = await this.pool.query<{ transaction_id: string; global_position: string }>(
      this.sql.head,
    );
    const row = rows[0];
    return row ? globalPositionFromDecimals(row.transaction_id, row.global_position) : GLOBAL_START;
  }

  async loadCheckpoint(name: string): Promise<GlobalPosition | null> {
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
    if (expected === null) {
      const result = await this.pool.query(
        `INSERT INTO ${this.schema}.checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
        [name, next],
      );
      return result.rowCount === 1;
    }
    const result = await this.pool.query(
      `UPDATE ${this.schema}.checkpoints SET position = $3, updated_at = now() WHERE name = $1 AND position = $2`,
      [name, expected, next],
    );
    return result.rowCount === 1;
  }

  appendWaker(): Waker {
    this.listener.ensureStarted();
    return this.listener.waker;
  }

  inAuditView<T>(work: (view: AuditView) => Promise<T>): Promise<T> {
    return inPostgresAuditView(this.pool, this.schema, work);
  }

  async close(): Promise<void> {
    await this.listener.close();
    await this.notifier.close();
  }

  /** Reads one window of the settled log (see ReadPage); subscriptions call this directly. */
  async readPage(
    after: GlobalPosition,
    limit: number,
    filter: ReadAllFilter | undefined,
  ): Promise<ReadPage<StoredEvent>> {
    const { major, minor } = parseGlobalPosition(after);
    if (!filter) {
      const { rows } = await this.pool.query<PageRow>({
        ...this.sql.readAll,
        values: [major.toString(), minor.toString(), limit],
      });
      const events = rows.filter((row) => row.stream_id !== null);
      const last = events[events.length - 1];
      const position = last ? globalPositionFromDecimals(last.transaction_id, last.global_position) : after;
      const exhausted = events.length < limit;
      return { events: events.map(toStored), position, exhausted, pending: exhausted && pendingIn(rows) };
    }
    const window = Math.max(limit, FILTER_WINDOW);
    const { rows } = await this.pool.query<PageRow>({
      ...this.sql.readAllFiltered,
      values: [major.toString(), minor.toString(), window, filter.streamPrefix ?? '', filter.types ?? null],
    });
    const scanned = rows.filter((row) => row.stream_id !== null);
    const matched: StoredEvent[] = [];
    let position = after;
    let consumed = 0;
    for (const row of scanned) {
      if (row.matched) {
        if (matched.length === limit) break;
        matched.push(toStored(row));
      }
      position = globalPositionFromDecimals(row.transaction_id, row.global_position);
      consumed++;
    }
    const exhausted = scanned.length < window && consumed === scanned.length;
    return { events: matched, position, exhausted, pending: exhausted && pendingIn(rows) };
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
    return inPoolTransaction(this.pool, async (client) => {
      const result = await client.query<Row>(query);
      await this.beforeCommit?.(streamId);
      return result;
    });
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

/** The statements of one schema (exported for the plan checks of its int-spec). */
export function statements(schema: string) {
  // Only transactions below the xmin horizon: everything older has committed or aborted, so no
  // event can still appear before the cursor.
  const settled = `e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;
  // "Some event past the cursor is still above the horizon" is "the last event past the cursor
  // is": one step of a backward scan of the tailing index. (An EXISTS with both conditions was
  // planned as a sequential scan of the whole log, about 2 µs an event on every poll of every
  // subscriber: 42 ms at 22,000 events, and the pipeline waited on it.)
  const withPending = (page: string) =>
    `SELECT p.*, pending.pending
       FROM (SELECT coalesce((SELECT e.transaction_id >= pg_snapshot_xmin(pg_current_snapshot()) FROM ${schema}.events e
                               WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
                               ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1), false) AS pending) pending
       LEFT JOIN LATERAL (${page}) p ON true
      ORDER BY p.order_tx, p.order_pos`;
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
                       e.global_position::text AS global_position,
                       to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at,
                       encode(e.prev_hash, 'hex') AS prev_hash, encode(e.hash, 'hex') AS hash`,
    },
    readStream: {
      name: `${schema}.read_stream`,
      text: `SELECT ${EVENT_COLUMNS} FROM ${schema}.events e
              WHERE e.stream_id = $1 AND e.stream_version >= $2 AND e.stream_version <= $3
              ORDER BY e.stream_version`,
    },
    // Both page reads also say whether committed events past the cursor are still held back by
    // the horizon (they sort after every settled one, so "past the cursor" is "past the page").
    readAll: {
      name: `${schema}.read_all`,
      text: withPending(
        `SELECT ${EVENT_COLUMNS}, e.transaction_id AS order_tx, e.global_position AS order_pos FROM ${schema}.events e
          WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) AND ${settled}
          ORDER BY e.transaction_id, e.global_position LIMIT $3`,
      ),
    },
    readAllFiltered: {
      name: `${schema}.read_all_filtered`,
      text: withPending(
        `SELECT w.stream_id, w.stream_version::text AS stream_version, w.event_id::text AS event_id, w.type, w.schema_version,
                CASE WHEN w.matched THEN w.data::text END AS data, CASE WHEN w.matched THEN w.metadata::text END AS metadata,
                to_char(w.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at,
                w.transaction_id::text AS transaction_id, w.global_position::text AS global_position,
                encode(w.prev_hash, 'hex') AS prev_hash, encode(w.hash, 'hex') AS hash, w.matched,
                w.transaction_id AS order_tx, w.global_position AS order_pos
           FROM (SELECT e.*, (starts_with(e.stream_id, $4) AND ($5::text[] IS NULL OR e.type = ANY ($5::text[]))) AS matched
                   FROM ${schema}.events e
                  WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) AND ${settled}
                  ORDER BY e.transaction_id, e.global_position LIMIT $3) w`,
      ),
    },
    head: {
      name: `${schema}.head_position`,
      text: `SELECT e.transaction_id::text AS transaction_id, e.global_position::text AS global_position FROM ${schema}.events e
              WHERE ${settled} ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1`,
    },
  };
}
