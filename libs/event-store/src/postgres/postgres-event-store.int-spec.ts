import { randomBytes, randomUUID } from 'node:crypto';
import { Pool, type DatabaseError } from 'pg';
import { EVENT_STORE_MIGRATIONS, EventStoreConfigError, PostgresEventStore, migrate, streamName } from '..';
import { eventStoreContract, contractPersonalData, contractUpcasters } from '../../test/event-store.contract';
import { adminPool, storeInThrowawaySchema, type SchemaStore } from '../../test/postgres-support';
import { statements } from './postgres-event-storage';
import { databaseUrl, newEvent, randomMasterKey, throwawaySchema } from '../../test/support';

const admin = adminPool();
const schemas: SchemaStore[] = [];

afterAll(async () => {
  await Promise.all(schemas.map((entry) => entry.drop()));
  await admin.end();
});

eventStoreContract(
  'PostgreSQL',
  async (config) => {
    const entry = await storeInThrowawaySchema(admin, { ...config });
    schemas.push(entry);
    return entry.store;
  },
  { idempotentAppendAny: true, globallyUniqueEventIds: true, liveTimeoutMs: 15_000, globalSeal: true },
  randomMasterKey(),
);

/** Asks until `check` holds (at most 10 s): for what another connection delivers in its own time. */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function sqlError(promise: Promise<unknown>): Promise<DatabaseError> {
  try {
    await promise;
  } catch (error) {
    return error as DatabaseError;
  }
  throw new Error('expected the statement to be refused, but it succeeded');
}

describe('PostgreSQL adapter', () => {
  describe('migrations', () => {
    it('apply once, in order, under a lock, even when started concurrently, and refuse edited history', async () => {
      const schema = throwawaySchema('es_migrate');
      const pool = new Pool({ connectionString: databaseUrl(), max: 6 });
      try {
        const results = await Promise.all([1, 2, 3].map(() => migrate(pool, { schema })));
        expect(results.flatMap((result) => result.applied)).toEqual(
          EVENT_STORE_MIGRATIONS.map((migration) => migration.id),
        );
        const again = await migrate(pool, { schema });
        expect(again).toEqual({
          schema,
          applied: [],
          alreadyApplied: EVENT_STORE_MIGRATIONS.map((migration) => migration.id),
        });
        const { rows } = await pool.query<{ id: string }>(`SELECT id FROM ${schema}.migrations ORDER BY id`);
        expect(rows.map((row) => row.id)).toEqual([
          '0001_event_store',
          '0002_lock_free_append',
          '0003_ed25519_seal_checkpoints',
          '0004_rewrap_person_key',
          '0005_announce_erasure',
        ]);

        const edited = EVENT_STORE_MIGRATIONS.map((migration) => ({
          ...migration,
          sql: `${migration.sql}\n-- edited`,
        }));
        await expect(migrate(pool, { schema, migrations: edited })).rejects.toBeInstanceOf(
          EventStoreConfigError,
        );
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await pool.end();
      }
    });
  });

  describe('tailing at the head of a long log', () => {
    // Every subscriber polls at the head after each append: that read must not grow with the log.
    // (It once asked "is anything past the cursor still above the horizon?" with an EXISTS that
    // PostgreSQL planned as a sequential scan of every event: 42 ms a poll at 22,000 events.)
    it('reads a few index pages, not the whole events table', async () => {
      const entry = await storeInThrowawaySchema(admin);
      schemas.push(entry);
      // No statistics yet, as in a new or busy database: autovacuum had not analysed a live log of
      // 26,774 events when the sequential scan was found.
      await Promise.all(
        Array.from({ length: 8 }, async (_, writer) => {
          for (let batch = 0; batch < 10; batch++)
            await entry.store.appendToStream(
              streamName('tailing', 'Thing', `${writer}-${batch}`),
              Array.from({ length: 250 }, (__, index) => newEvent('ThingHappened', { index })),
              { expectedVersion: 'no-stream' },
            );
        }),
      );
      const { rows: heads } = await admin.query<{ tx: string; gp: string; pages: number }>(
        `SELECT e.transaction_id::text AS tx, e.global_position::text AS gp,
                (pg_relation_size('${entry.schema}.events') / 8192)::int AS pages
           FROM ${entry.schema}.events e ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1`,
      );
      const head = heads[0] as { tx: string; gp: string; pages: number };
      expect(head.pages).toBeGreaterThan(200);
      const sql = statements(entry.schema);
      // The services run these as named prepared statements: after five runs PostgreSQL plans them
      // once for any parameters (a generic plan), which is where the sequential scan came from.
      const plans = [
        { text: sql.readAll.text, types: 'xid8, bigint, integer', args: `'${head.tx}', ${head.gp}, 100` },
        {
          text: sql.readAllFiltered.text,
          types: 'xid8, bigint, integer, text, text[]',
          args: `'${head.tx}', ${head.gp}, 100, 'tailing.', NULL`,
        },
      ];
      const client = await admin.connect();
      try {
        await client.query(`SET plan_cache_mode = force_generic_plan`);
        for (const [index, { text, types, args }] of plans.entries()) {
          await client.query(`PREPARE tail_${index} (${types}) AS ${text}`);
          const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: Record<string, unknown> }> }>(
            `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE tail_${index} (${args})`,
          );
          const plan = rows[0]?.['QUERY PLAN'][0]?.Plan ?? {};
          expect(JSON.stringify(plan)).not.toMatch(/"Node Type":"Seq Scan"/);
          expect(
            Number(plan['Shared Hit Blocks'] ?? 0) + Number(plan['Shared Read Blocks'] ?? 0),
          ).toBeLessThan(50);
        }
      } finally {
        await client.query('DEALLOCATE ALL; RESET plan_cache_mode');
        client.release();
      }
    });
  });

  describe('stored bytes', () => {
    let entry: SchemaStore;
    beforeAll(async () => {
      entry = await storeInThrowawaySchema(admin, {
        personalData: contractPersonalData,
        upcasters: contractUpcasters,
      });
      schemas.push(entry);
    });

    it('upcasts on read only: the stored row keeps its original schema version and data', async () => {
      const id = streamName('storage', 'Thing', randomUUID());
      await entry.store.appendToStream(id, [newEvent('ThingRenamed', { name: 'original' })], {
        expectedVersion: 'no-stream',
      });
      expect((await entry.store.readStream(id))[0]).toMatchObject({
        schemaVersion: 3,
        data: { title: 'original', subtitle: null },
      });
      const { rows } = await admin.query(
        `SELECT schema_version, data FROM ${entry.schema}.events WHERE stream_id = $1`,
        [id],
      );
      expect(rows).toEqual([{ schema_version: 1, data: { name: 'original' } }]);
    });

    it('never stores personal fields in clear, and after erasure no table holds the key or the plaintext', async () => {
      const id = streamName('storage', 'Referral', randomUUID());
      const person = `person-${randomUUID()}`;
      const name = `Zebedee Plaintext ${randomBytes(4).toString('hex')}`;
      const email = `zebedee.${randomBytes(4).toString('hex')}@example.org`;
      await entry.store.appendToStream(
        id,
        [
          newEvent('PersonReferred', {
            referralId: 'r-9',
            persons: [{ personId: person, name, contact: { email, phone: '+44 20 7946 0000' } }],
          }),
        ],
        { expectedVersion: 'no-stream' },
      );
      expect((await entry.store.readStream(id))[0]?.data).toMatchObject({
        persons: [{ name, contact: { email } }],
      });

      const tables = (
        await admin.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
          [entry.schema],
        )
      ).rows.map((row) => row.table_name);
      expect(tables).toEqual(expect.arrayContaining(['events', 'person_keys', 'streams', 'seal']));
      const rowsContaining = async (needle: string): Promise<number> => {
        let total = 0;
        for (const table of tables) {
          const { rows } = await admin.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${entry.schema}.${table} t WHERE t::text LIKE '%' || $1 || '%'`,
            [needle],
          );
          total += rows[0]?.n ?? 0;
        }
        return total;
      };
      expect(await rowsContaining(name)).toBe(0);
      expect(await rowsContaining(email)).toBe(0);
      const stored = await admin.query<{ data: { persons: { personId: string; name: string }[] } }>(
        `SELECT data FROM ${entry.schema}.events WHERE stream_id = $1`,
        [id],
      );
      expect(stored.rows[0]?.data.persons[0]?.personId).toBe(person);
      expect(stored.rows[0]?.data.persons[0]?.name).toMatch(/^enc:v1:/);
      expect(
        (await admin.query(`SELECT 1 FROM ${entry.schema}.person_keys WHERE person_id = $1`, [person]))
          .rowCount,
      ).toBe(1);

      await entry.store.audit.erasePerson(person);

      expect(
        (await admin.query(`SELECT 1 FROM ${entry.schema}.person_keys WHERE person_id = $1`, [person]))
          .rowCount,
      ).toBe(0);
      expect(
        (await admin.query(`SELECT 1 FROM ${entry.schema}.erased_persons WHERE person_id = $1`, [person]))
          .rowCount,
      ).toBe(1);
      expect(await rowsContaining(name)).toBe(0);
      expect(await rowsContaining(email)).toBe(0);
      expect((await entry.store.readStream(id))[0]?.data).toEqual({
        referralId: 'r-9',
        persons: [{ personId: person, name: '[erased]', contact: '[erased]' }],
      });
      expect(await entry.store.audit.verifyStream(id)).toMatchObject({ intact: true, checked: 1 });
    });

    it('a key another process remembers is forgotten the moment an erasure commits', async () => {
      // Another process on the same log, remembering keys for ten minutes: only the erasure notice
      // can make it forget in time.
      const other = await PostgresEventStore.create({
        connectionString: databaseUrl(),
        schema: entry.schema,
        masterKey: entry.masterKey,
        personalData: contractPersonalData,
        personKeyCache: { ttlMs: 600_000 },
        migrate: false,
      });
      try {
        const id = streamName('storage', 'Referral', randomUUID());
        const person = `person-${randomUUID()}`;
        await entry.store.appendToStream(
          id,
          [newEvent('PersonReferred', { referralId: 'r-10', persons: [{ personId: person, name: 'Ada' }] })],
          { expectedVersion: 'no-stream' },
        );
        const keyLookups = jest.spyOn(other.pool, 'query');
        const lookups = () =>
          keyLookups.mock.calls.filter(([config]) => JSON.stringify(config).includes('person_keys')).length;
        // Until its erasure listener is up the other process looks the key up every time.
        await waitFor(async () => {
          await other.readStream(id);
          const before = lookups();
          await other.readStream(id);
          return lookups() === before;
        });
        expect((await other.readStream(id))[0]?.data).toMatchObject({ persons: [{ name: 'Ada' }] });

        await entry.store.audit.erasePerson(person);

        await waitFor(async () => {
          const [event] = await other.readStream(id);
          return (event?.data as { persons: { name: string }[] }).persons[0]?.name === '[erased]';
        });
      } finally {
        await other.close();
      }
    });

    it('a one-event append answers with the event exactly as a read returns it', async () => {
      const id = streamName('storage', 'Referral', randomUUID());
      const person = `person-${randomUUID()}`;
      const first = await entry.store.appendToStream(
        id,
        [newEvent('PersonReferred', { referralId: 'r-11', persons: [{ personId: person, name: 'Bo' }] })],
        { expectedVersion: 'no-stream' },
      );
      const recorded = await first.recorded?.();
      expect(recorded).toHaveLength(1);
      expect(recorded).toEqual(await entry.store.readStream(id));
      expect(recorded?.[0]?.data).toMatchObject({ persons: [{ name: 'Bo' }] });
      // Several events go through the database function, which does not return them: read them back.
      const more = await entry.store.appendToStream(
        id,
        [newEvent('ThingHappened', { n: 1 }), newEvent('ThingHappened', { n: 2 })],
        { expectedVersion: 0 },
      );
      expect(more.recorded).toBeUndefined();
    });

    it('hashes in the database exactly as the verifier recomputes them', async () => {
      const id = streamName('storage', 'Thing', randomUUID());
      const { rows: before } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${entry.schema}.events`,
      );
      await entry.store.appendToStream(
        id,
        [
          newEvent('ThingHappened', {
            emoji: '😀',
            quote: '"',
            ctl: '\u0001\n',
            deep: { z: [{ b: 1, a: 2 }], a: true },
          }),
        ],
        {
          expectedVersion: 'no-stream',
        },
      );
      expect(await entry.store.audit.verifyStream(id)).toMatchObject({ intact: true, checked: 1 });
      expect(await entry.store.audit.verifyAll()).toMatchObject({
        intact: true,
        checked: (before[0]?.n ?? 0) + 1,
      });
    });
  });

  describe('immutability', () => {
    let entry: SchemaStore;
    let role: string;
    let appPool: Pool;
    let asApp: PostgresEventStore;
    let streamId: string;

    beforeAll(async () => {
      entry = await storeInThrowawaySchema(admin);
      schemas.push(entry);
      role = `es_app_${randomBytes(5).toString('hex')}`;
      await admin.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER`);
      // Every table privilege, so the refusals below come from the triggers, not from missing grants.
      await admin.query(`GRANT USAGE ON SCHEMA ${entry.schema} TO ${role}`);
      await admin.query(
        `GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA ${entry.schema} TO ${role}`,
      );
      await admin.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${entry.schema} TO ${role}`);
      const url = new URL(databaseUrl());
      url.username = role;
      url.password = '';
      appPool = new Pool({ connectionString: url.toString(), max: 2 });
      asApp = new PostgresEventStore({ pool: appPool, schema: entry.schema });
      streamId = streamName('immutable', 'Thing', randomUUID());
      await asApp.appendToStream(
        streamId,
        [newEvent('ThingHappened', { n: 1 }), newEvent('ThingHappened', { n: 2 })],
        { expectedVersion: 'no-stream' },
      );
    });

    afterAll(async () => {
      await asApp.close();
      await appPool.end();
      await admin.query(`DROP OWNED BY ${role}`);
      await admin.query(`DROP ROLE ${role}`);
    });

    it('refuses UPDATE, DELETE and TRUNCATE from the application role, which cannot switch triggers off', async () => {
      const s = entry.schema;
      expect(
        (await sqlError(appPool.query(`UPDATE ${s}.events SET data = '{}' WHERE stream_id = $1`, [streamId])))
          .code,
      ).toBe('EV003');
      expect(
        (await sqlError(appPool.query(`DELETE FROM ${s}.events WHERE stream_id = $1`, [streamId]))).code,
      ).toBe('EV003');
      expect((await sqlError(appPool.query(`TRUNCATE ${s}.events`))).code).toBe('EV003');
      expect((await sqlError(appPool.query(`DELETE FROM ${s}.seal`))).code).toBe('EV003');
      expect((await sqlError(appPool.query('SET session_replication_role = replica'))).code).toBe('42501');
      expect((await sqlError(appPool.query(`ALTER TABLE ${s}.events DISABLE TRIGGER USER`))).code).toBe(
        '42501',
      );
      expect(await entry.store.audit.verifyStream(streamId)).toMatchObject({ intact: true, checked: 2 });
    });

    it('refuses them from a superuser too, unless triggers are switched off — and then verify notices', async () => {
      const s = entry.schema;
      const refused = await sqlError(
        admin.query(`UPDATE ${s}.events SET data = '{"n": 99}' WHERE stream_id = $1 AND stream_version = 1`, [
          streamId,
        ]),
      );
      expect(refused.code).toBe('EV003');
      expect(refused.message).toContain('append-only');
      expect(
        (await sqlError(admin.query(`DELETE FROM ${s}.events WHERE stream_id = $1`, [streamId]))).code,
      ).toBe('EV003');
      expect((await sqlError(admin.query(`TRUNCATE ${s}.events CASCADE`))).code).toBe('EV003');
      expect(await entry.store.audit.verifyStream(streamId)).toMatchObject({ intact: true, checked: 2 });

      const client = await admin.connect();
      try {
        await client.query('BEGIN');
        await client.query('SET LOCAL session_replication_role = replica');
        const changed = await client.query(
          `UPDATE ${s}.events SET data = '{"n": 99}' WHERE stream_id = $1 AND stream_version = 1`,
          [streamId],
        );
        expect(changed.rowCount).toBe(1);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      expect(await entry.store.audit.verifyStream(streamId)).toMatchObject({
        intact: false,
        reason: 'hash-mismatch',
        streamId,
        streamVersion: 1,
      });
    });
  });
});
