import { Pool } from 'pg';
import { eventually, freshId, freshName } from '@accord/testing';
import {
  DurableScheduler,
  type DurableSchedulerOptions,
  type FiredTimer,
  type SchedulerLogger,
} from './durable-scheduler';

const pool = new Pool({ connectionString: process.env['DATABASE_URL'] ?? '', max: 12 });
const schema = `scheduler_it_${freshName('s').replace(/-/g, '_')}`;
const running: DurableScheduler[] = [];

function recordingLogger(): SchedulerLogger & { entries: Array<{ level: string; msg: string }> } {
  const entries: Array<{ level: string; msg: string }> = [];
  const record = (level: string) => (_fields: Record<string, unknown>, msg: string) =>
    void entries.push({ level, msg });
  return { entries, info: record('info'), warn: record('warn'), error: record('error') };
}

function scheduler(service: string, options: Partial<DurableSchedulerOptions> = {}): DurableScheduler {
  const created = new DurableScheduler({
    pool,
    service,
    schema,
    logger: recordingLogger(),
    pollIntervalMs: 100,
    ...options,
  });
  running.push(created);
  return created;
}

/** Collects fired timers by id, so a test can tell "fired once" from "fired twice". */
function recorder(): { fired: Map<string, FiredTimer[]>; handler: (timer: FiredTimer) => Promise<void> } {
  const fired = new Map<string, FiredTimer[]>();
  return {
    fired,
    handler: async (timer) => {
      fired.set(timer.timerId, [...(fired.get(timer.timerId) ?? []), timer]);
    },
  };
}

const inMs = (ms: number): Date => new Date(Date.now() + ms);

beforeAll(async () => {
  // Several replicas migrating at once must not trip over each other.
  await Promise.all(
    [1, 2, 3].map(() =>
      new DurableScheduler({ pool, service: 'migrate', schema, logger: recordingLogger() }).migrate(),
    ),
  );
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
});

describe('DurableScheduler (real PostgreSQL)', () => {
  it('fires a timer once when it is due, with its spec and the attempt number', async () => {
    const s = scheduler(freshName('svc'));
    const { fired, handler } = recorder();
    s.onFire('reminder', handler);
    const caseId = freshId();
    await s.schedule({ timerId: 'due-soon', kind: 'reminder', caseId, dueAt: inMs(300), payload: { n: 1 } });
    // Due later than the first, so once it has fired the first has had every chance to fire twice.
    await s.schedule({ timerId: 'sentinel', kind: 'reminder', caseId, dueAt: inMs(900) });
    s.start();

    await eventually(() => expect(fired.get('sentinel')).toHaveLength(1), 60_000);
    expect(fired.get('due-soon')).toHaveLength(1);
    expect(fired.get('due-soon')?.[0]).toMatchObject({
      timerId: 'due-soon',
      kind: 'reminder',
      caseId,
      payload: { n: 1 },
      attempts: 1,
    });
    expect(await s.pending()).toEqual([]);
  });

  it('fires each timer exactly once with two replicas on the same table', async () => {
    const service = freshName('svc');
    const { fired, handler } = recorder();
    const a = scheduler(service, { batchSize: 7 });
    const b = scheduler(service, { batchSize: 7 });
    a.onFire('tick', handler);
    b.onFire('tick', handler);
    const ids = Array.from({ length: 100 }, (_, i) => `tick-${i}`);
    for (const [i, timerId] of ids.entries()) {
      await a.schedule({ timerId, kind: 'tick', caseId: `case-${i % 10}`, dueAt: new Date() });
    }
    a.start();
    b.start();

    await eventually(() => expect(fired.size).toBe(100), 60_000);
    await eventually(async () => expect(await a.pending()).toEqual([]), 60_000);
    await a.schedule({ timerId: 'sentinel', kind: 'tick', caseId: 'case-x', dueAt: new Date() });
    await eventually(() => expect(fired.get('sentinel')).toHaveLength(1), 60_000);
    for (const timerId of ids) expect(fired.get(timerId)).toHaveLength(1);
  });

  it('fires on start a timer that fell due while no scheduler ran', async () => {
    const service = freshName('svc');
    await scheduler(service).schedule({
      timerId: 'missed',
      kind: 'reminder',
      caseId: freshId(),
      dueAt: inMs(-60_000),
    });

    const restarted = scheduler(service);
    const { fired, handler } = recorder();
    restarted.onFire('reminder', handler);
    restarted.start();

    await eventually(() => expect(fired.get('missed')).toHaveLength(1), 60_000);
  });

  it('retakes a claim whose lease ran out (a replica died mid-handler)', async () => {
    const service = freshName('svc');
    const s = scheduler(service);
    await s.schedule({ timerId: 'orphaned', kind: 'reminder', caseId: freshId(), dueAt: inMs(-1_000) });
    await pool.query(
      `UPDATE ${schema}.timers SET locked_by = 'dead-replica', attempts = 1, locked_until = now() + interval '1 second'
       WHERE service = $1 AND timer_id = 'orphaned'`,
      [service],
    );
    const { fired, handler } = recorder();
    s.onFire('reminder', handler);
    s.start();

    await eventually(() => expect(fired.get('orphaned')).toHaveLength(1), 60_000);
    expect(fired.get('orphaned')?.[0]?.attempts).toBe(2);
  });

  it('cancels open timers by case, kind or id, and a cancelled timer never fires', async () => {
    const s = scheduler(freshName('svc'));
    const [halted, other] = [freshId(), freshId()];
    await s.schedule({ timerId: 'h-1', kind: 'overdue', caseId: halted, dueAt: inMs(200) });
    await s.schedule({ timerId: 'h-2', kind: 'reminder', caseId: halted, dueAt: inMs(200) });
    await s.schedule({ timerId: 'o-1', kind: 'overdue', caseId: other, dueAt: inMs(600) });
    await s.schedule({ timerId: 'o-2', kind: 'reminder', caseId: other, dueAt: inMs(600) });

    expect(await s.cancel({ caseId: halted })).toBe(2);
    expect(await s.cancel({ caseId: halted })).toBe(0);
    expect(await s.cancel({ caseId: other, kind: 'reminder' })).toBe(1);
    await expect(s.cancel({})).rejects.toThrow(/at least one/);
    expect((await s.pending()).map((t) => t.timerId)).toEqual(['o-1']);
    // Scheduling a cancelled timer again does not revive it (a redelivered message must not).
    await s.schedule({ timerId: 'h-1', kind: 'overdue', caseId: halted, dueAt: inMs(200) });

    const { fired, handler } = recorder();
    s.onFire('overdue', handler);
    s.onFire('reminder', handler);
    s.start();
    await eventually(() => expect(fired.get('o-1')).toHaveLength(1), 60_000);
    expect([...fired.keys()]).toEqual(['o-1']);
  });

  it('retries a failing handler with backoff until it succeeds', async () => {
    const s = scheduler(freshName('svc'), { retry: { baseDelayMs: 50, maxDelayMs: 200 } });
    const attempts: number[] = [];
    s.onFire('flaky', async (timer) => {
      attempts.push(timer.attempts);
      if (timer.attempts < 3) throw new Error(`transient failure ${timer.attempts}`);
    });
    await s.schedule({ timerId: 'flaky-1', kind: 'flaky', caseId: freshId(), dueAt: new Date() });
    s.start();

    await eventually(async () => expect(await s.pending()).toEqual([]), 60_000);
    expect(attempts).toEqual([1, 2, 3]);
    const row = await pool.query(
      `SELECT fired_at, failed_at, last_error FROM ${schema}.timers WHERE timer_id = 'flaky-1'`,
    );
    expect(row.rows[0]).toMatchObject({ fired_at: expect.any(Date), failed_at: null, last_error: null });
  });

  it('gives up after the last attempt: the timer is marked failed and an error is logged', async () => {
    const service = freshName('svc');
    const logger = recordingLogger();
    const s = scheduler(service, { logger, retry: { maxAttempts: 2, baseDelayMs: 50 } });
    s.onFire('broken', async () => {
      throw new Error('always broken');
    });
    await s.schedule({ timerId: 'broken-1', kind: 'broken', caseId: freshId(), dueAt: new Date() });
    s.start();

    await eventually(async () => expect(await s.pending()).toEqual([]), 60_000);
    const row = await pool.query(
      `SELECT attempts, failed_at, fired_at, last_error FROM ${schema}.timers WHERE service = $1`,
      [service],
    );
    expect(row.rows[0]).toMatchObject({
      attempts: 2,
      failed_at: expect.any(Date),
      fired_at: null,
      last_error: 'always broken',
    });
    expect(logger.entries.filter((e) => e.level === 'error')).toHaveLength(1);
  });

  it('is idempotent on timerId: scheduling again moves an open timer and leaves a fired one alone', async () => {
    const s = scheduler(freshName('svc'));
    const caseId = freshId();
    const later = inMs(3_600_000);
    await s.schedule({ timerId: 'once', kind: 'reminder', caseId, dueAt: inMs(1_800_000) });
    await s.schedule({ timerId: 'once', kind: 'reminder', caseId, dueAt: later });
    expect(await s.pending({ caseId })).toEqual([
      { timerId: 'once', kind: 'reminder', caseId, dueAt: later },
    ]);

    await s.schedule({ timerId: 'once', kind: 'reminder', caseId, dueAt: new Date() });
    const { fired, handler } = recorder();
    s.onFire('reminder', handler);
    s.start();
    await eventually(() => expect(fired.get('once')).toHaveLength(1), 60_000);

    await s.schedule({ timerId: 'once', kind: 'reminder', caseId, dueAt: new Date() });
    await s.schedule({ timerId: 'sentinel', kind: 'reminder', caseId, dueAt: new Date() });
    await eventually(() => expect(fired.get('sentinel')).toHaveLength(1), 60_000);
    expect(fired.get('once')).toHaveLength(1);
  });

  it('keeps services apart: a replica never claims another service’s timers', async () => {
    const mine = scheduler(freshName('svc'));
    const theirs = scheduler(freshName('svc'));
    const { fired, handler } = recorder();
    mine.onFire('reminder', handler);
    await theirs.schedule({ timerId: 'theirs', kind: 'reminder', caseId: freshId(), dueAt: new Date() });
    await mine.schedule({ timerId: 'mine', kind: 'reminder', caseId: freshId(), dueAt: new Date() });
    mine.start();

    await eventually(() => expect(fired.get('mine')).toHaveLength(1), 60_000);
    expect(fired.has('theirs')).toBe(false);
    expect(await theirs.pending()).toHaveLength(1);
  });

  it('stop waits for the handlers in flight', async () => {
    const s = scheduler(freshName('svc'));
    let release: () => void = () => undefined;
    let finished = false;
    s.onFire('slow', async () => {
      await new Promise<void>((resolveSlow) => (release = resolveSlow));
      finished = true;
    });
    await s.schedule({ timerId: 'slow-1', kind: 'slow', caseId: freshId(), dueAt: new Date() });
    s.start();
    await eventually(async () => {
      const row = await pool.query(
        `SELECT attempts FROM ${schema}.timers WHERE timer_id = 'slow-1' AND locked_by IS NOT NULL`,
      );
      expect(row.rows).toHaveLength(1);
    }, 60_000);

    const stopped = s.stop();
    release();
    await stopped;
    expect(finished).toBe(true);
  });
});
