import type { Pool, PoolClient } from 'pg';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import {
  compareGlobalPositions,
  GLOBAL_START,
  isGlobalPosition,
  type GlobalPosition,
  type PostgresEventStore,
  type ReadAllFilter,
  type RecordedEvent,
} from '@accord/event-store';
import {
  heardFromLog,
  PARKED_EVENTS_TABLE,
  readModelSchema,
  rebuildStampName,
  type HeardEvent,
  type Projection,
  type ServiceProjections,
} from '@accord/platform';
import { differenceCount, diffRows, type Row, type TableDiff } from './row-diff';

export interface TableComparison {
  readonly table: string;
  readonly key: readonly string[];
  readonly liveRows: number;
  readonly rebuiltRows: number;
  readonly diff: TableDiff;
}

/** One comparison of the live tables with the rebuild, in one snapshot. */
export interface Comparison {
  /** The live checkpoint; the rebuild holds exactly the projection's own events up to it. */
  readonly checkpoint: GlobalPosition | null;
  /** The last event the rebuild applied (past the checkpoint only for events heard from other services). */
  readonly rebuiltThrough: GlobalPosition;
  readonly tables: readonly TableComparison[];
}

export interface RebuildOptions {
  readonly pool: Pool;
  readonly databaseUrl: string;
  readonly store: PostgresEventStore;
  readonly service: ServiceProjections;
  readonly projection: Projection;
  /** One progress line, at most about once a second. */
  readonly progress: (line: string) => void;
  readonly label: string;
}

/** PostgreSQL errors worth a second try when taking the swap's locks. */
const LOCK_RETRY_CODES = new Set(['40P01', '55P03']);
const READ_BATCH = 1000;
const PROGRESS_EVERY_MS = 1000;

const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

/** Runs one statement, returns its rows: a pool, or the connection of an open transaction. */
type Sql = <T>(text: string, values?: readonly unknown[]) => Promise<T[]>;

const onPool =
  (pool: Pool): Sql =>
  async <T>(text: string, values: readonly unknown[] = []) =>
    (await pool.query(text, [...values])).rows as T[];

const onRunner =
  (runner: QueryRunner): Sql =>
  async <T>(text: string, values: readonly unknown[] = []) =>
    (await runner.query(text, [...values])) as T[];

type Step =
  | { readonly kind: 'own'; readonly event: RecordedEvent }
  | { readonly kind: 'heard'; readonly event: HeardEvent };

/**
 * Rebuilds one projection from the log into a scratch schema (`<schema>_rebuild`, tables created
 * LIKE the live ones), through the same `apply` the live service runs, and compares or swaps it
 * with the live tables. One rebuild per service at a time (an advisory lock).
 */
export class ProjectionRebuild {
  readonly liveSchema: string;
  readonly scratchSchema: string;
  private scratch: DataSource | undefined;
  private lockClient: PoolClient | undefined;
  private cursor: GlobalPosition = GLOBAL_START;
  private read = 0;
  private applied = 0;
  private total = 0;
  private readonly started = Date.now();
  private lastProgress = 0;
  private reported = -1;

  constructor(private readonly options: RebuildOptions) {
    this.liveSchema = readModelSchema(options.service.definition.name);
    this.scratchSchema = `${this.liveSchema}_rebuild`;
  }

  private get projection(): Projection {
    return this.options.projection;
  }

  /** Takes the lock, creates the scratch schema and its tables, opens a DataSource on it. */
  async prepare(): Promise<void> {
    const { pool, databaseUrl, service } = this.options;
    this.lockClient = await pool.connect();
    const { rows } = await this.lockClient.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_lock(hashtext($1)) AS locked`,
      [`accord.rebuild.${this.liveSchema}`],
    );
    if (!rows[0]?.locked) {
      this.lockClient.release();
      this.lockClient = undefined;
      throw new Error(
        `another rebuild of ${service.definition.name} is running (it owns schema ${this.scratchSchema}); wait for it to finish`,
      );
    }
    for (const { name } of this.projection.tables) {
      const { rows: found } = await pool.query<{ exists: boolean }>(
        `SELECT to_regclass($1) IS NOT NULL AS exists`,
        [`${this.liveSchema}.${name}`],
      );
      if (!found[0]?.exists)
        throw new Error(
          `${this.liveSchema}.${name} does not exist: start ${service.definition.name} once so its migrations create it`,
        );
    }
    await pool.query(`DROP SCHEMA IF EXISTS ${quote(this.scratchSchema)} CASCADE`);
    await pool.query(`CREATE SCHEMA ${quote(this.scratchSchema)}`);
    for (const { name } of this.projection.tables) {
      const scratch = `${quote(this.scratchSchema)}.${quote(name)}`;
      await pool.query(
        `CREATE TABLE ${scratch} (LIKE ${quote(this.liveSchema)}.${quote(name)} INCLUDING ALL)`,
      );
      // LIKE copies a serial column's default, which would draw from the live table's sequence.
      const { rows: serials } = await pool.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
          WHERE table_schema = $1 AND table_name = $2 AND column_default LIKE 'nextval(%'`,
        [this.scratchSchema, name],
      );
      for (const { column_name: column } of serials) {
        const sequence = `${quote(this.scratchSchema)}.${quote(`${name}_${column}_seq`)}`;
        await pool.query(`CREATE SEQUENCE ${sequence} OWNED BY ${scratch}.${quote(column)}`);
        await pool.query(
          `ALTER TABLE ${scratch} ALTER COLUMN ${quote(column)} SET DEFAULT nextval('${sequence.replace(/'/g, "''")}')`,
        );
      }
    }
    this.scratch = new DataSource({
      type: 'postgres',
      url: databaseUrl,
      schema: this.scratchSchema,
      entities: [...(service.definition.readModels?.entities ?? [])],
      synchronize: false,
      migrationsRun: false,
      logging: false,
      extra: { max: 2 },
    });
    await this.scratch.initialize();
  }

  /** Drops the scratch schema and lets the next rebuild of this service go. */
  async close(): Promise<void> {
    if (this.scratch?.isInitialized) await this.scratch.destroy();
    if (this.lockClient) {
      await this.options.pool.query(`DROP SCHEMA IF EXISTS ${quote(this.scratchSchema)} CASCADE`);
      await this.lockClient.query(`SELECT pg_advisory_unlock(hashtext($1))`, [
        `accord.rebuild.${this.liveSchema}`,
      ]);
      this.lockClient.release();
      this.lockClient = undefined;
    }
  }

  /** The live checkpoint (`null`: the live runner has applied nothing yet). */
  async liveCheckpoint(sql: Sql = onPool(this.options.pool)): Promise<GlobalPosition | null> {
    const rows = await sql<{ position: string }>(
      `SELECT position FROM ${quote(this.liveSchema)}.projection_checkpoints WHERE name = $1`,
      [this.projection.name],
    );
    const position = rows[0]?.position;
    return position && isGlobalPosition(position) ? position : null;
  }

  /** What the rebuild reads from the log: the projection's own events, and those it hears from others. */
  private filter(): ReadAllFilter | undefined {
    const { streamPrefix, types, heard } = this.projection;
    if (!heard) return { streamPrefix, ...(types ? { types } : {}) };
    // Own and heard events come from different streams; one read in log order needs one filter.
    return types ? { types: [...types, ...heard.events.map((event) => event.name)] } : undefined;
  }

  private async countToRead(): Promise<number> {
    const filter = this.filter();
    const { rows } = await this.options.pool.query<{ count: string }>(
      `SELECT count(*)::text AS count FROM ${quote(this.options.store.schema)}.events
        WHERE starts_with(stream_id, $1) AND ($2::text[] IS NULL OR type = ANY ($2::text[]))`,
      [filter?.streamPrefix ?? '', filter?.types ?? null],
    );
    return Number(rows[0]?.count ?? 0);
  }

  /**
   * Applies the log, in its order, up to the first own event past `checkpoint` (the live runner has
   * not applied that one yet) and no further than `head`. For a projection without heard events
   * that is exactly the checkpoint. Inside `within` (an open transaction on the scratch DataSource)
   * when given, else one transaction per page.
   */
  async advance(
    checkpoint: GlobalPosition | null,
    head: GlobalPosition,
    within?: EntityManager,
  ): Promise<void> {
    const scratch = this.scratch;
    if (!scratch) throw new Error('prepare() first');
    const { store } = this.options;
    const { streamPrefix, types, heard } = this.projection;
    const filter = this.filter();
    this.total = await this.countToRead();
    for (;;) {
      const page = await store.readAll({
        after: this.cursor,
        limit: READ_BATCH,
        ...(filter ? { filter } : {}),
      });
      const steps: Step[] = [];
      let through = this.cursor;
      let reachedBound = false;
      let seen = 0;
      for (const event of page) {
        if (compareGlobalPositions(event.globalPosition, head) > 0) {
          reachedBound = true;
          break;
        }
        if (event.streamId.startsWith(streamPrefix)) {
          if (checkpoint === null || compareGlobalPositions(event.globalPosition, checkpoint) > 0) {
            reachedBound = true;
            break;
          }
          if (!types || types.includes(event.type)) steps.push({ kind: 'own', event });
        } else if (heard) {
          const heardEvent = heardFromLog(event, heard.events);
          if (heardEvent) steps.push({ kind: 'heard', event: heardEvent });
        }
        through = event.globalPosition;
        seen++;
      }
      const applySteps = async (manager: EntityManager) => {
        for (const step of steps) {
          if (step.kind === 'own') await this.projection.apply(step.event, manager, store);
          else await heard?.apply(step.event, manager);
        }
      };
      if (steps.length > 0) await (within ? applySteps(within) : scratch.transaction(applySteps));
      this.cursor = through;
      this.read += seen;
      this.applied += steps.length;
      this.report(false);
      if (reachedBound || page.length < READ_BATCH) break;
    }
    this.report(true);
  }

  private report(final: boolean): void {
    const now = Date.now();
    if (this.read === this.reported) return;
    if (!final && now - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = now;
    this.reported = this.read;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    this.options.progress(
      `${this.options.label}: ${this.read} events read of ${Math.max(this.total, this.read)} in the log, ${this.applied} applied (${Math.round(this.read / seconds)} events/s)`,
    );
  }

  private async primaryKey(table: string): Promise<string[]> {
    const { rows } = await this.options.pool.query<{ column: string }>(
      `SELECT a.attname AS column
         FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = to_regclass($1) AND i.indisprimary
        ORDER BY array_position(i.indkey::int2[], a.attnum)`,
      [`${quote(this.liveSchema)}.${quote(table)}`],
    );
    return rows.map((row) => row.column);
  }

  private async columns(table: string): Promise<string[]> {
    const { rows } = await this.options.pool.query<{ column: string }>(
      `SELECT attname AS column FROM pg_attribute
        WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [`${quote(this.liveSchema)}.${quote(table)}`],
    );
    return rows.map((row) => row.column);
  }

  /** Compares every table, live against rebuilt, through `sql` (whose snapshot decides what "live" is). */
  async compareTables(sql: Sql): Promise<TableComparison[]> {
    const comparisons: TableComparison[] = [];
    for (const { name, notDerived } of this.projection.tables) {
      const key = await this.primaryKey(name);
      const ignored = Object.keys(notDerived ?? {});
      const live = `${quote(this.liveSchema)}.${quote(name)}`;
      const rebuilt = `${quote(this.scratchSchema)}.${quote(name)}`;
      const join = key.map((column) => `l.${quote(column)} = r.${quote(column)}`).join(' AND ');
      // Only rows that differ leave the database; diffRows then says how.
      const rows = await sql<{ live: Row | null; rebuilt: Row | null }>(
        `SELECT to_jsonb(l) - $1::text[] AS live, to_jsonb(r) - $1::text[] AS rebuilt
           FROM ${live} l FULL JOIN ${rebuilt} r ON ${join}
          WHERE (to_jsonb(l) - $1::text[]) IS DISTINCT FROM (to_jsonb(r) - $1::text[])`,
        [ignored],
      );
      const counts = await sql<{ live: string; rebuilt: string }>(
        `SELECT (SELECT count(*) FROM ${live})::text AS live, (SELECT count(*) FROM ${rebuilt})::text AS rebuilt`,
      );
      comparisons.push({
        table: name,
        key,
        liveRows: Number(counts[0]?.live ?? 0),
        rebuiltRows: Number(counts[0]?.rebuilt ?? 0),
        diff: await this.withoutRowsAhead(
          diffRows(
            name,
            key,
            rows.flatMap((row) => (row.live ? [row.live] : [])),
            rows.flatMap((row) => (row.rebuilt ? [row.rebuilt] : [])),
            ignored,
          ),
          sql,
        ),
      });
    }
    return comparisons;
  }

  /**
   * A read model that another writer keeps too (`alsoWrittenBy`: the command runner right after
   * each command) can hold a case's row for events past the checkpoint the rebuild stops at. Such a
   * row is ahead, not wrong: its `version` is newer than the rebuilt one and the case's stream in the
   * log does reach it (the runner will re-apply those events from the checkpoint). A row whose
   * version the log does not hold stays a difference.
   */
  private async withoutRowsAhead(diff: TableDiff, sql: Sql): Promise<TableDiff> {
    if (!this.projection.alsoWrittenBy || !this.projection.streamPrefix) return diff;
    const lastVersion = async (row: Row): Promise<number | null> => {
      const [found] = await sql<{ version: number | null }>(
        `SELECT max(stream_version) AS version FROM ${quote(this.options.store.schema)}.events WHERE stream_id = $1`,
        [`${this.projection.streamPrefix}${String(row['case_id'])}`],
      );
      return found?.version ?? null;
    };
    const reached = async (row: Row, version: unknown): Promise<boolean> => {
      const last =
        typeof version === 'number' && typeof row['case_id'] === 'string' ? await lastVersion(row) : null;
      return last !== null && (version as number) <= last;
    };
    const extra: Row[] = [];
    for (const row of diff.extra) if (!(await reached(row, row['version']))) extra.push(row);
    const changed: TableDiff['changed'][number][] = [];
    for (const change of diff.changed) {
      const version = change.columns.find(({ column }) => column === 'version');
      const ahead =
        version !== undefined &&
        typeof version.live === 'number' &&
        typeof version.rebuilt === 'number' &&
        version.live > version.rebuilt &&
        (await reached(change.key, version.live));
      if (!ahead) changed.push(change);
    }
    return { ...diff, extra, changed };
  }

  /**
   * Catches the rebuild up with the log in bulk, then compares in one REPEATABLE READ transaction:
   * its snapshot fixes the live tables and the live checkpoint (the runner moves both in one
   * commit), the rebuild applies the last events up to that checkpoint inside the same transaction,
   * and both sides are compared there. A live runner that keeps moving cannot spoil it.
   */
  async compare(): Promise<Comparison> {
    const { store } = this.options;
    await this.advance(await this.liveCheckpoint(), await store.headPosition());
    return this.inTransaction('REPEATABLE READ', async (runner) => {
      const sql = onRunner(runner);
      const checkpoint = await this.liveCheckpoint(sql);
      await this.advance(checkpoint, await store.headPosition(), runner.manager);
      return { checkpoint, rebuiltThrough: this.cursor, tables: await this.compareTables(sql) };
    });
  }

  /**
   * Replaces the live tables' rows with the rebuilt ones, in one transaction that holds the live
   * tables in EXCLUSIVE mode (reads go on; the runner, inline and Kafka writers wait) and the
   * checkpoints table against writes, so nothing moves while the rebuild catches up and is copied.
   * The checkpoint stays where it is: the rebuild was made up to it. Returns the comparison made
   * under the lock, before the copy (all equal: nothing was copied).
   */
  async swap(): Promise<Comparison> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.inTransaction('READ COMMITTED', (runner) => this.swapWithin(runner));
      } catch (error) {
        const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code;
        if (attempt >= 5 || !code || !LOCK_RETRY_CODES.has(code)) throw error;
      }
    }
  }

  private async inTransaction<T>(
    isolation: 'READ COMMITTED' | 'REPEATABLE READ',
    work: (runner: QueryRunner) => Promise<T>,
  ): Promise<T> {
    if (!this.scratch) throw new Error('prepare() first');
    const runner = this.scratch.createQueryRunner();
    await runner.connect();
    const cursor = this.cursor;
    try {
      await runner.startTransaction(isolation);
      const result = await work(runner);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      this.cursor = cursor;
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async swapWithin(runner: QueryRunner): Promise<Comparison> {
    const sql = onRunner(runner);
    await sql(`SET LOCAL lock_timeout = '10s'`);
    const tables = this.projection.tables.map(({ name }) => `${quote(this.liveSchema)}.${quote(name)}`);
    // In the order the live runner takes them (it moves its checkpoint, then writes the tables):
    // the other order deadlocks with a runner caught between its two statements.
    await sql(`LOCK TABLE ${quote(this.liveSchema)}.projection_checkpoints IN SHARE ROW EXCLUSIVE MODE`);
    await sql(`LOCK TABLE ${tables.join(', ')} IN EXCLUSIVE MODE`);
    const checkpoint = await this.liveCheckpoint(sql);
    await this.advance(checkpoint, await this.options.store.headPosition(), runner.manager);
    const before = await this.compareTables(sql);
    const comparison: Comparison = { checkpoint, rebuiltThrough: this.cursor, tables: before };
    // The rebuild applied every event, the parked ones too: nothing is set aside any more.
    await this.clearParked(sql);
    if (before.every(({ diff }) => differenceCount(diff) === 0)) return comparison;
    for (const { name } of this.projection.tables) {
      const columns = (await this.columns(name)).map(quote).join(', ');
      const live = `${quote(this.liveSchema)}.${quote(name)}`;
      await sql(`DELETE FROM ${live}`);
      await sql(
        `INSERT INTO ${live} (${columns}) OVERRIDING SYSTEM VALUE SELECT ${columns} FROM ${quote(this.scratchSchema)}.${quote(name)}`,
      );
      // Serial columns copied from the rebuild must not be handed out again.
      const sequences = await sql<{ column: string; sequence: string }>(
        `SELECT attname AS column, pg_get_serial_sequence($1, attname) AS sequence FROM pg_attribute
          WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped
            AND pg_get_serial_sequence($1, attname) IS NOT NULL`,
        [live],
      );
      for (const { column, sequence } of sequences)
        await sql(
          `SELECT setval($1, m) FROM (SELECT max(${quote(column)}) AS m FROM ${live}) t
            WHERE m IS NOT NULL AND m > (SELECT last_value FROM ${sequence})`,
          [sequence],
        );
    }
    // A live runner skips the events its own service's commands applied to the rows as they came
    // (read-your-writes); those past the checkpoint are gone from the rows just copied. The stamp
    // tells every runner of the projection to apply again from the checkpoint.
    await sql(
      `INSERT INTO ${quote(this.liveSchema)}.projection_checkpoints (name, position, updated_at)
       VALUES ($1, $2, clock_timestamp())
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = EXCLUDED.updated_at`,
      [rebuildStampName(this.projection.name), checkpoint ?? GLOBAL_START],
    );
    const left = (await this.compareTables(sql)).filter(({ diff }) => differenceCount(diff) > 0);
    if (left.length > 0)
      throw new Error(
        `after the copy ${left.map(({ table }) => table).join(', ')} still differ from the rebuild; nothing was changed`,
      );
    return comparison;
  }

  private async clearParked(sql: Sql): Promise<void> {
    const table = `${quote(this.liveSchema)}.${quote(PARKED_EVENTS_TABLE)}`;
    const [exists] = await sql<{ found: string | null }>(`SELECT to_regclass($1)::text AS found`, [table]);
    if (exists?.found) await sql(`DELETE FROM ${table} WHERE projection = $1`, [this.projection.name]);
  }
}
