import { randomUUID } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Pool } from 'pg';
import {
  EVENT_AUDIT,
  EVENT_STORE,
  EventStoreModule,
  InjectEventStore,
  KurrentDbEventStore,
  PostgresEventStore,
  SealSigningKey,
  streamName,
  type EventAudit,
  type EventStore,
} from '.';
import {
  databaseUrl,
  eventually,
  newEvent,
  randomMasterKey,
  randomSealSigningKey,
  throwawaySchema,
} from '../test/support';

@Injectable()
class CaseHistory {
  constructor(@InjectEventStore() readonly store: EventStore) {}
}

@Module({ providers: [CaseHistory], exports: [CaseHistory] })
class FeatureModule {}

describe('EventStoreModule', () => {
  const admin = new Pool({ connectionString: databaseUrl(), max: 2 });
  afterAll(() => admin.end());

  /** Each test's throwaway schema, dropped after it (once the test has closed its store). */
  const schemas: string[] = [];
  const freshSchema = (): string => {
    const schema = throwawaySchema('es_nest');
    schemas.push(schema);
    return schema;
  };
  afterEach(async () => {
    for (const schema of schemas.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  it('provides the PostgreSQL store under EVENT_STORE to any module, migrated, and closes it on shutdown', async () => {
    const schema = freshSchema();
    const moduleRef = await Test.createTestingModule({
      imports: [
        EventStoreModule.forRoot({ connectionString: databaseUrl(), schema, masterKey: randomMasterKey() }),
        FeatureModule,
      ],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    const store = app.get<EventStore>(EVENT_STORE);
    expect(store).toBeInstanceOf(PostgresEventStore);
    expect(app.get(CaseHistory).store).toBe(store);
    const id = streamName('nest', 'Thing', randomUUID());
    await store.appendToStream(id, [newEvent('ThingHappened', { ok: true })], {
      expectedVersion: 'no-stream',
    });
    expect((await store.readStream(id)).map((event) => event.data)).toEqual([{ ok: true }]);
    await app.close();
    await expect(store.readStream(id)).rejects.toThrow();
  });

  it('builds its options asynchronously, e.g. from configuration, and can run the sealer', async () => {
    const schema = freshSchema();
    const sealSigningKey = randomSealSigningKey();
    const warnings: string[] = [];
    const moduleRef = await Test.createTestingModule({
      imports: [
        EventStoreModule.forRootAsync({
          useFactory: async () => ({
            connectionString: databaseUrl(),
            schema,
            sealSigningKey,
            sealer: { intervalMs: 50, onWarning: (message: string) => warnings.push(message) },
          }),
        }),
      ],
    }).compile();
    const app = await moduleRef.createNestApplication().init();
    try {
      const store = app.get<EventStore>(EVENT_STORE);
      await store.appendToStream(streamName('nest', 'Thing', randomUUID()), [newEvent('ThingHappened', {})], {
        expectedVersion: 'no-stream',
      });
      await eventuallySealed(schema);
      expect(await app.get<EventAudit>(EVENT_AUDIT).verifyAll()).toEqual({
        intact: true,
        checked: 1,
        sealed: 1,
      });
      expect(await checkpointKeys(schema)).toEqual([
        { algorithm: 'Ed25519', key_id: new SealSigningKey(sealSigningKey).keyId },
      ]);
      expect(warnings).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('without a seal signing key, writes unsigned checkpoints and says so once', async () => {
    const schema = freshSchema();
    const warnings: string[] = [];
    const store = await PostgresEventStore.create({ connectionString: databaseUrl(), schema });
    const sealer = store.createSealer({ intervalMs: 20, onWarning: (message) => warnings.push(message) });
    try {
      sealer.start();
      await store.appendToStream(streamName('nest', 'Thing', randomUUID()), [newEvent('ThingHappened', {})], {
        expectedVersion: 'no-stream',
      });
      await eventuallySealed(schema);
      await sealer.stop();
      sealer.start();
      await sealer.stop();
      expect(await checkpointKeys(schema)).toEqual([{ algorithm: null, key_id: null }]);
      expect(warnings).toEqual([expect.stringMatching(/^no seal signing key \(SEAL_SIGNING_KEY\)/)]);
    } finally {
      await store.close();
    }
  });

  it('keeps the events in KurrentDB when given kurrentDbUrl: person keys stay in PostgreSQL, no sealer runs', async () => {
    const schema = freshSchema();
    const warnings: string[] = [];
    const moduleRef = await Test.createTestingModule({
      imports: [
        EventStoreModule.forRoot({
          connectionString: databaseUrl(),
          schema,
          masterKey: randomMasterKey(),
          // Nothing listens there: the client connects on first use, and this test uses none.
          kurrentDbUrl: 'kurrentdb://127.0.0.1:1?tls=false',
          sealer: { onWarning: (message: string) => warnings.push(message) },
        }),
      ],
    }).compile();
    const app = await moduleRef.createNestApplication().init();
    try {
      expect(app.get<EventStore>(EVENT_STORE)).toBeInstanceOf(KurrentDbEventStore);
      expect(app.get<EventAudit>(EVENT_AUDIT)).toBe(app.get<KurrentDbEventStore>(EVENT_STORE).audit);
      expect(warnings).toEqual([
        expect.stringMatching(/KurrentDB, which has no global seal: no sealer runs/),
      ]);
      const tables = await admin.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
        `${schema}.person_keys`,
      ]);
      expect(tables.rows[0]?.found).toBe(`${schema}.person_keys`);
    } finally {
      await app.close();
    }
  });

  async function checkpointKeys(schema: string): Promise<unknown[]> {
    return (await admin.query(`SELECT c.algorithm, c.key_id FROM ${schema}.seal_checkpoints c`)).rows;
  }

  async function eventuallySealed(schema: string): Promise<void> {
    await eventually(async () => {
      const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.seal`);
      expect(rows[0]?.n).toBe(1);
    });
  }
});
