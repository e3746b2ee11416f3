import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import {
  afterFailure,
  assertSchemaName,
  DEFAULT_RETRY_POLICY,
  filterCondition,
  groupBy,
  isEmptyFilter,
  SchedulerConfigError,
  type RetryPolicy,
  type TimerFilter,
} from './timer-rules';

export interface TimerSpec {
  /** Unique per service; derive it from what the timer is for (`overdue:<actionId>`), so scheduling is idempotent. */
  timerId: string;
  kind: string;
  caseId: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
}

/** The id of a case's one timer of `kind`: scheduling it again moves it, never adds a second. */
export const caseTimerId = (kind: string, caseId: string): string => `${kind}:${caseId}`;

/** A case's one timer of `kind` (see caseTimerId), due at `dueAt`. */
export function caseTimer(
  kind: string,
  caseId: string,
  dueAt: Date,
  payload?: Record<string, unknown>,
): TimerSpec {
  return { timerId: caseTimerId(kind, caseId), kind, caseId, dueAt, ...(payload ? { payload } : {}) };
}

export interface FiredTimer extends TimerSpec {
  service: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempts: number;
  firedAt: Date;
}

export type TimerHandler = (timer: FiredTimer) => Promise<void>;

export interface SchedulerLogger {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

export interface DurableSchedulerOptions {
  pool: Pool;
  /** Timers belong to a service: replicas of one service share them, other services never see them. */
  service: string;
  logger: SchedulerLogger;
  /** How often each replica looks for due timers (default 1000 ms). */
  pollIntervalMs?: number;
  /** Timers claimed per poll (default 20). */
  batchSize?: number;
  /** PostgreSQL schema of the timers table (default `scheduler`). */
  schema?: string;
  /**
   * How long a claim holds (default 60 s). A replica that dies mid-handler leaves its claim behind;
   * another takes the timer over once the lease has run out.
   */
  leaseMs?: number;
  /** Attempts and backoff for failing handlers (default: 8 attempts, 1 s doubling up to 5 min). */
  retry?: Partial<RetryPolicy>;
}

/** Advisory-lock namespace of the scheduler's migration (first key of the two-key form). */
const MIGRATE_LOCK = 0x4163_0101;

interface TimerRow {
  service: string;
  timer_id: string;
  kind: string;
  case_id: string;
  due_at: Date;
  payload: Record<string, unknown> | null;
  attempts: number;
  claimed_at: Date;
}

/**
 * A durable timer service on PostgreSQL, safe with any number of replicas: due timers are claimed
 * with `FOR UPDATE SKIP LOCKED` under a lease, handled, then marked fired; failures are retried
 * with exponential backoff and marked failed after the last attempt. Delivery is at-least-once
 * (a lease that runs out mid-handler lets another replica run it again), so handlers must be
 * idempotent — in Accord they append a domain event with an id derived from the timer.
 */
export class DurableScheduler {
  private readonly pool: Pool;
  private readonly service: string;
  private readonly logger: SchedulerLogger;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly schema: string;
  private readonly leaseMs: number;
  private readonly retry: RetryPolicy;
  private readonly handlers = new Map<string, TimerHandler>();
  private running = false;
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private starting: { stopped: boolean; done: Promise<void> } | undefined;

  constructor(options: DurableSchedulerOptions) {
    if (!options.service) throw new SchedulerConfigError('scheduler needs a service name');
    this.pool = options.pool;
    this.service = options.service;
    this.logger = options.logger;
    this.pollIntervalMs = positive(options.pollIntervalMs ?? 1_000, 'pollIntervalMs');
    this.batchSize = positive(options.batchSize ?? 20, 'batchSize');
    this.schema = assertSchemaName(options.schema ?? 'scheduler');
    this.leaseMs = positive(options.leaseMs ?? 60_000, 'leaseMs');
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    positive(this.retry.maxAttempts, 'retry.maxAttempts');
  }

  /** Creates the schema and table if missing. Safe to run from every replica at once. */
  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      // Everything there already: no DDL, so a service's own role (which may not create anything in
      // the scheduler's schema) starts once `npm run migrate` (the owner role) has made it.
      const present = await client.query<{ missing: number }>(
        `SELECT count(*) FILTER (WHERE to_regclass(name) IS NULL)::integer AS missing
           FROM unnest($1::text[]) AS name`,
        [['timers', 'timers_open_due_idx', 'timers_case_idx'].map((name) => `${this.schema}.${name}`)],
      );
      if (present.rows[0]?.missing === 0) return;
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATE_LOCK, this.schema]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${this.schema}.timers (
          service      text NOT NULL,
          timer_id     text NOT NULL,
          kind         text NOT NULL,
          case_id      text NOT NULL,
          due_at       timestamptz NOT NULL,
          payload      jsonb,
          attempts     integer NOT NULL DEFAULT 0,
          last_error   text,
          locked_until timestamptz,
          locked_by    text,
          fired_at     timestamptz,
          failed_at    timestamptz,
          cancelled_at timestamptz,
          created_at   timestamptz NOT NULL DEFAULT now(),
          updated_at   timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (service, timer_id)
        )`);
      // Only open timers are ever polled; fired ones stay as history without slowing the claim.
      await client.query(`
        CREATE INDEX IF NOT EXISTS timers_open_due_idx ON ${this.schema}.timers (service, due_at)
          WHERE fired_at IS NULL AND failed_at IS NULL AND cancelled_at IS NULL`);
      await client.query(
        `CREATE INDEX IF NOT EXISTS timers_case_idx ON ${this.schema}.timers (service, case_id)`,
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Idempotent on (service, timerId). Scheduling an open timer again moves it to the new `dueAt`
   * (and kind, case, payload); a timer already fired, failed or cancelled is left as it is, so a
   * redelivered message can never revive a cancelled timer.
   */
  async schedule(timer: TimerSpec): Promise<void> {
    if (Number.isNaN(timer.dueAt.getTime())) {
      throw new SchedulerConfigError(`timer ${timer.timerId}: dueAt is not a valid date`);
    }
    await this.pool.query(
      `INSERT INTO ${this.schema}.timers (service, timer_id, kind, case_id, due_at, payload)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (service, timer_id) DO UPDATE
         SET kind = EXCLUDED.kind, case_id = EXCLUDED.case_id, due_at = EXCLUDED.due_at,
             payload = EXCLUDED.payload, updated_at = now()
         WHERE timers.fired_at IS NULL AND timers.failed_at IS NULL AND timers.cancelled_at IS NULL`,
      [this.service, timer.timerId, timer.kind, timer.caseId, timer.dueAt, timer.payload ?? null],
    );
    if (timer.dueAt.getTime() <= Date.now()) this.nudge();
  }

  /**
   * Cancels the open timers matching every given field; returns how many. A handler already
   * running cannot be stopped: handlers check their aggregate's state anyway.
   */
  async cancel(filter: TimerFilter): Promise<number> {
    if (isEmptyFilter(filter)) {
      throw new SchedulerConfigError('cancel needs at least one of timerId, caseId, kind');
    }
    const where = filterCondition(filter, 2);
    const result = await this.pool.query(
      `UPDATE ${this.schema}.timers SET cancelled_at = now(), locked_until = NULL, locked_by = NULL, updated_at = now()
       WHERE service = $1 AND fired_at IS NULL AND failed_at IS NULL AND cancelled_at IS NULL ${where.sql}`,
      [this.service, ...where.params],
    );
    return result.rowCount ?? 0;
  }

  /** One handler per kind; this replica claims only kinds it has a handler for. */
  onFire(kind: string, handler: TimerHandler): void {
    if (this.handlers.has(kind))
      throw new SchedulerConfigError(`a handler for timer kind ${kind} is already registered`);
    this.handlers.set(kind, handler);
  }

  /** Open timers (not fired, failed or cancelled), soonest first. */
  async pending(filter: TimerFilter = {}): Promise<TimerSpec[]> {
    const where = filterCondition(filter, 2);
    const result = await this.pool.query<TimerRow>(
      `SELECT timer_id, kind, case_id, due_at, payload FROM ${this.schema}.timers
       WHERE service = $1 AND fired_at IS NULL AND failed_at IS NULL AND cancelled_at IS NULL ${where.sql}
       ORDER BY due_at, timer_id`,
      [this.service, ...where.params],
    );
    return result.rows.map(toSpec);
  }

  /**
   * `migrate()` then `start()`, retried every `retryMs` until PostgreSQL answers: like the rest of
   * the platform, a service's start-up does not wait for the database. `stop()` ends the retries.
   */
  startWhenReady(retryMs = 2_000): void {
    if (this.starting) return;
    const starting = { stopped: false, done: Promise.resolve() };
    starting.done = (async () => {
      while (!starting.stopped) {
        try {
          await this.migrate();
          if (!starting.stopped) this.start();
          return;
        } catch (error) {
          this.logger.warn(
            { err: error, service: this.service },
            'cannot start timers yet (PostgreSQL unreachable?); retrying',
          );
          await new Promise((resolveRetry) => setTimeout(resolveRetry, retryMs));
        }
      }
    })();
    this.starting = starting;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    this.logger.info({ service: this.service, kinds: [...this.handlers.keys()] }, 'scheduler started');
  }

  /** Stops polling and waits for the handlers in flight to finish. */
  async stop(): Promise<void> {
    if (this.starting) {
      this.starting.stopped = true;
      await this.starting.done;
      this.starting = undefined;
    }
    if (!this.running) return;
    this.running = false;
    this.nudge();
    await this.loop;
    this.loop = undefined;
    this.logger.info({ service: this.service }, 'scheduler stopped');
  }

  private nudge(): void {
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimedFullBatch = false;
      try {
        const claimed = await this.claim();
        claimedFullBatch = claimed.length >= this.batchSize;
        await this.handleAll(claimed);
      } catch (error) {
        // The database may be away for a while; the timers wait in the table until it is back.
        this.logger.warn({ err: error, service: this.service }, 'scheduler poll failed; will try again');
      }
      if (this.running && !claimedFullBatch) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolveIdle) => {
      const done = (): void => {
        clearTimeout(timeout);
        this.wakeUp = undefined;
        resolveIdle();
      };
      const timeout = setTimeout(done, this.pollIntervalMs);
      this.wakeUp = done;
    });
  }

  private async claim(): Promise<Array<TimerRow & { token: string }>> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return [];
    const token = randomUUID();
    // One statement, so one short transaction: the row locks last only while the lease is written.
    const result = await this.pool.query<TimerRow>(
      `WITH due AS (
         SELECT service, timer_id FROM ${this.schema}.timers
         WHERE service = $1 AND kind = ANY($2::text[])
           AND fired_at IS NULL AND failed_at IS NULL AND cancelled_at IS NULL
           AND due_at <= now() AND (locked_until IS NULL OR locked_until <= now())
         ORDER BY due_at
         LIMIT $3
         FOR UPDATE SKIP LOCKED
       )
       UPDATE ${this.schema}.timers t
          SET locked_until = now() + make_interval(secs => $4::double precision / 1000),
              locked_by = $5, attempts = t.attempts + 1, updated_at = now()
         FROM due
        WHERE t.service = due.service AND t.timer_id = due.timer_id
       RETURNING t.service, t.timer_id, t.kind, t.case_id, t.due_at, t.payload, t.attempts, now() AS claimed_at`,
      [this.service, kinds, this.batchSize, this.leaseMs, token],
    );
    return result.rows.map((row) => ({ ...row, token }));
  }

  /** Timers of one case run in order (they usually append to one stream); cases run side by side. */
  private async handleAll(claimed: Array<TimerRow & { token: string }>): Promise<void> {
    const byCase = groupBy(
      [...claimed].sort((a, b) => a.due_at.getTime() - b.due_at.getTime()),
      (row) => row.case_id,
    );
    await Promise.all(
      byCase.map(async (rows) => {
        for (const row of rows) await this.handleOne(row);
      }),
    );
  }

  private async handleOne(row: TimerRow & { token: string }): Promise<void> {
    const handler = this.handlers.get(row.kind);
    const fired: FiredTimer = {
      ...toSpec(row),
      service: row.service,
      attempts: row.attempts,
      firedAt: row.claimed_at,
    };
    try {
      if (!handler) throw new Error(`no handler for timer kind ${row.kind}`);
      await handler(fired);
    } catch (error) {
      await this.recordFailure(row, error);
      return;
    }
    await this.pool.query(
      `UPDATE ${this.schema}.timers SET fired_at = now(), locked_until = NULL, last_error = NULL, updated_at = now()
       WHERE service = $1 AND timer_id = $2 AND locked_by = $3 AND fired_at IS NULL`,
      [row.service, row.timer_id, row.token],
    );
  }

  private async recordFailure(row: TimerRow & { token: string }, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const decision = afterFailure(row.attempts, this.retry);
    const fields = {
      service: row.service,
      timerId: row.timer_id,
      kind: row.kind,
      caseId: row.case_id,
      attempts: row.attempts,
    };
    if (decision.kind === 'give-up') {
      this.logger.error(
        { ...fields, err: error },
        'timer handler failed for the last time; timer marked failed',
      );
      await this.pool.query(
        `UPDATE ${this.schema}.timers SET failed_at = now(), last_error = $4, locked_until = NULL, updated_at = now()
         WHERE service = $1 AND timer_id = $2 AND locked_by = $3`,
        [row.service, row.timer_id, row.token, message],
      );
      return;
    }
    this.logger.warn(
      { ...fields, err: error, retryInMs: decision.delayMs },
      'timer handler failed; will retry',
    );
    // The lease doubles as "not before": the timer is claimable again once the backoff has passed.
    await this.pool.query(
      `UPDATE ${this.schema}.timers
          SET last_error = $4, locked_until = now() + make_interval(secs => $5::double precision / 1000), updated_at = now()
        WHERE service = $1 AND timer_id = $2 AND locked_by = $3`,
      [row.service, row.timer_id, row.token, message, decision.delayMs],
    );
  }
}

function toSpec(row: Pick<TimerRow, 'timer_id' | 'kind' | 'case_id' | 'due_at' | 'payload'>): TimerSpec {
  return {
    timerId: row.timer_id,
    kind: row.kind,
    caseId: row.case_id,
    dueAt: row.due_at,
    ...(row.payload ? { payload: row.payload } : {}),
  };
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new SchedulerConfigError(`${name} must be a positive number`);
  return value;
}
