import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { InMemoryEventStore, type RecordedEvent } from '@accord/event-store';
import { eventually } from '@accord/testing';
import { parkedEventsMigration, PARKED_EVENTS_TABLE } from './parked-events';
import { projectionSchema, rebuildStampName, type Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

const schema = `runner_${randomUUID().slice(0, 8)}`;
const store = new InMemoryEventStore();
const dataSource = new DataSource({ type: 'postgres', url: process.env['DATABASE_URL'], schema });
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Fails with a transient error (a lost serialization race) this many more times. */
let transientFailures = 0;
/** Every event id applied, by the runner or by a test playing the command's own apply. */
const applied: string[] = [];

/** Counts each stream's events into a row; an event marked `poison` is a bug it trips over. */
const counting: Projection = {
  name: 'counting.v1',
  streamPrefix: 'test.Thing-',
  tables: [{ name: 'counts' }],
  async apply(event: RecordedEvent, manager: EntityManager) {
    if (event.data['poison'])
      throw new TypeError(`cannot read properties of undefined (event ${event.eventId})`);
    if (transientFailures > 0) {
      transientFailures--;
      throw Object.assign(new Error('could not serialize access'), { code: '40001' });
    }
    applied.push(event.eventId);
    await manager.query(
      `INSERT INTO "${projectionSchema(manager)}".counts (stream_id, n, last_version) VALUES ($1, 1, $2)
       ON CONFLICT (stream_id) DO UPDATE SET n = counts.n + 1, last_version = EXCLUDED.last_version
       WHERE counts.last_version < EXCLUDED.last_version`,
      [event.streamId, event.streamVersion],
    );
  },
};

const append = async (streamId: string, data: Record<string, unknown> = {}, eventId = randomUUID()) =>
  store.appendToStream(
    streamId,
    [
      {
        eventId,
        type: 'ThingHappened',
        schemaVersion: 1,
        data,
        metadata: {
          correlationId: randomUUID(),
          causationId: randomUUID(),
          actor: 'test',
          occurredAt: new Date().toISOString(),
        },
      },
    ],
    { expectedVersion: 'any' },
  );

const counts = async () =>
  Object.fromEntries(
    (
      await dataSource.query<{ stream_id: string; n: number }[]>(
        `SELECT stream_id, n FROM "${schema}".counts`,
      )
    ).map((row) => [row.stream_id, row.n]),
  );

const checkpoint = async () =>
  (
    await dataSource.query<{ position: string }[]>(
      `SELECT position FROM "${schema}".projection_checkpoints WHERE name = $1`,
      [counting.name],
    )
  )[0]?.position;

describe('ProjectionRunner (real PostgreSQL)', () => {
  const parked: string[] = [];
  let runner: ProjectionRunner;

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${schema}"`);
    await dataSource.query(
      `CREATE TABLE "${schema}".projection_checkpoints (name text primary key, position text not null, updated_at timestamptz not null)`,
    );
    await dataSource.query(
      `CREATE TABLE "${schema}".counts (stream_id text primary key, n integer not null, last_version integer not null)`,
    );
    const runnerForMigration = dataSource.createQueryRunner();
    await new (parkedEventsMigration(schema))().up(runnerForMigration);
    await runnerForMigration.release();
    runner = new ProjectionRunner(counting, store, dataSource, schema, silent, {
      parked: (_projection, event) => parked.push(`${event.streamId}@${event.streamVersion}`),
    });
    runner.start();
  });

  afterAll(async () => {
    await runner.stop();
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  it('parks an event it cannot apply, and the rest of its stream, while every other stream moves on', async () => {
    const [a, b] = ['test.Thing-a', 'test.Thing-b'];
    await append(a);
    await append(a, { poison: true });
    await append(b);
    await append(a);
    await append(b);
    await eventually(async () => expect(await counts()).toEqual({ [a]: 1, [b]: 2 }), 20_000);
    await eventually(() => expect(parked).toEqual([`${a}@1`, `${a}@2`]));
    const rows = await dataSource.query<{ stream_version: number; event_type: string; reason: string }[]>(
      `SELECT stream_version, event_type, reason FROM "${schema}".${PARKED_EVENTS_TABLE} WHERE projection = $1 ORDER BY stream_version`,
      [counting.name],
    );
    expect(rows).toEqual([
      {
        stream_version: 1,
        event_type: 'ThingHappened',
        reason: expect.stringMatching(/^TypeError: cannot read/),
      },
      { stream_version: 2, event_type: 'ThingHappened', reason: 'an earlier event of its stream is parked' },
    ]);
    // The checkpoint passed the parked events: a restart does not trip over them again.
    const [checkpoint] = await dataSource.query<{ position: string }[]>(
      `SELECT position FROM "${schema}".projection_checkpoints WHERE name = $1`,
      [counting.name],
    );
    expect(checkpoint?.position).toBe(await store.headPosition());
  });

  it('retries a transient failure for as long as it lasts, and parks nothing for it', async () => {
    const c = 'test.Thing-c';
    transientFailures = 4; // more than the attempts a non-transient failure gets
    await append(c);
    await eventually(async () => expect((await counts())[c]).toBe(1), 30_000);
    expect(transientFailures).toBe(0);
    expect(parked.filter((entry) => entry.startsWith(c))).toEqual([]);
  });

  it('does not apply again what a command applied at once, and moves its checkpoint past it', async () => {
    const d = 'test.Thing-d';
    await append(d);
    await eventually(async () => expect((await counts())[d]).toBe(1), 10_000);
    // What ProjectionHost does after a command: announce, append, apply, say it committed.
    let committed!: (applied: boolean) => void;
    runner.applyingAfterCommand(d, 1, new Promise((settle) => (committed = settle)));
    const eventId = randomUUID();
    await append(d, {}, eventId);
    const [, own] = await store.readStream(d);
    await dataSource.transaction((manager) => counting.apply(own as RecordedEvent, manager, store));
    committed(true);
    await eventually(async () => expect(await checkpoint()).toBe(await store.headPosition()), 10_000);
    expect(applied.filter((id) => id === eventId)).toHaveLength(1);
    expect((await counts())[d]).toBe(2);
  });

  it('applies itself what a command could not apply at once', async () => {
    const f = 'test.Thing-f';
    runner.applyingAfterCommand(f, 0, Promise.resolve(false));
    const eventId = randomUUID();
    await append(f, {}, eventId);
    await eventually(async () => expect((await counts())[f]).toBe(1), 10_000);
    expect(applied.filter((id) => id === eventId)).toHaveLength(1);
  });

  it('applies again from its checkpoint what it skipped, once rebuild --apply put the rows back', async () => {
    const e = 'test.Thing-e';
    await append(e);
    await eventually(async () => expect(await checkpoint()).toBe(await store.headPosition()), 10_000);
    // What `npm run rebuild -- … --apply` does: lock the checkpoints, replace the rows with the
    // state at the checkpoint, stamp the projection, commit.
    const rebuild = dataSource.createQueryRunner();
    await rebuild.connect();
    await rebuild.startTransaction();
    await rebuild.query(`LOCK TABLE "${schema}".projection_checkpoints IN SHARE ROW EXCLUSIVE MODE`);
    const eventId = randomUUID();
    runner.applyingAfterCommand(e, 1, Promise.resolve(true));
    await append(e, {}, eventId);
    const [, own] = await store.readStream(e);
    await dataSource.transaction((manager) => counting.apply(own as RecordedEvent, manager, store));
    expect((await counts())[e]).toBe(2);
    await rebuild.query(`UPDATE "${schema}".counts SET n = 1, last_version = 0 WHERE stream_id = $1`, [e]);
    await rebuild.query(
      `INSERT INTO "${schema}".projection_checkpoints (name, position, updated_at) VALUES ($1, $2, clock_timestamp())`,
      [rebuildStampName(counting.name), 'ignored'],
    );
    await rebuild.commitTransaction();
    await rebuild.release();
    await eventually(async () => expect((await counts())[e]).toBe(2), 20_000);
    expect(applied.filter((id) => id === eventId)).toHaveLength(2);
    await eventually(async () => expect(await checkpoint()).toBe(await store.headPosition()), 10_000);
  });
});
