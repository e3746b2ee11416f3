import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { SERVICE_NAMES, type ServiceName } from '@accord/contracts';
import { PostgresEventStore, streamName, type NewEvent } from '@accord/event-store';
import { serviceIdentityEnv } from '@accord/testing';

// The global setup provisioned the roles (tools/provision.ts); each service's URL is its own role.
const pools = new Map<ServiceName, Pool>();
const stores = new Map<ServiceName, PostgresEventStore>();
const operator = new Pool({ connectionString: process.env['DATABASE_URL'] ?? '', max: 1 });
const masterKey = randomBytes(32).toString('hex');

function poolOf(service: ServiceName): Pool {
  const url = serviceIdentityEnv(service)['DATABASE_URL'];
  if (!url) throw new Error(`no DATABASE_URL provisioned for ${service}`);
  let pool = pools.get(service);
  if (!pool) pools.set(service, (pool = new Pool({ connectionString: url, max: 2 })));
  return pool;
}

async function storeOf(service: ServiceName): Promise<PostgresEventStore> {
  let store = stores.get(service);
  if (!store)
    stores.set(service, (store = await PostgresEventStore.create({ pool: poolOf(service), masterKey })));
  return store;
}

const event = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'PrivilegeProbed',
  schemaVersion: 1,
  data: { probe: randomUUID() },
  metadata: {
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: 'system:privilege-test',
    occurredAt: new Date().toISOString(),
  },
});
const append = async (as: ServiceName, owner: string) =>
  (await storeOf(as)).appendToStream(streamName(owner, 'Probe', randomUUID()), [event()], {
    expectedVersion: 'no-stream',
  });

afterAll(async () => {
  await Promise.all([...stores.values()].map((store) => store.close()));
  await Promise.all([...pools.values()].map((pool) => pool.end()));
  await operator.end();
});

describe('PostgreSQL least privilege (a role per service, enforced by the database)', () => {
  it('connects each service as its own role, and none of them is a superuser or owns a table', async () => {
    for (const service of SERVICE_NAMES) {
      const { rows } = await poolOf(service).query<{ role: string; superuser: boolean; owned: number }>(
        `select current_user as role, rolsuper as superuser,
                (select count(*)::int from pg_class where relowner = r.oid) as owned
           from pg_roles r where rolname = current_user`,
      );
      expect(rows[0]).toEqual({ role: expect.stringMatching(/_[a-z_]+$/), superuser: false, owned: 0 });
    }
  });

  it('lets a service append to its own streams and refuses its appends to another service’s', async () => {
    await expect(append('intake', 'intake')).resolves.toMatchObject({ nextExpectedVersion: 0 });
    await expect(append('intake', 'screening')).rejects.toThrow(/row-level security/);
    await expect(append('screening', 'intake')).rejects.toThrow(/row-level security/);
    // Audit reads every stream and appends only its own (the access log).
    await expect(append('audit', 'audit')).resolves.toMatchObject({ nextExpectedVersion: 0 });
    await expect(append('audit', 'consent')).rejects.toThrow(/row-level security/);
    await expect(append('gateway', 'intake')).rejects.toThrow(/row-level security/);
  });

  it('refuses every role an update or delete of any event, its own included', async () => {
    const own = streamName('intake', 'Probe', randomUUID());
    await (await storeOf('intake')).appendToStream(own, [event()], { expectedVersion: 'no-stream' });
    for (const statement of [
      `update event_store.events set type = 'Forged' where stream_id = '${own}'`,
      `delete from event_store.events where stream_id = '${own}'`,
      'truncate event_store.events',
    ]) {
      await expect(poolOf('intake').query(statement)).rejects.toThrow(/permission denied/);
      await expect(poolOf('audit').query(statement)).rejects.toThrow(/permission denied/);
    }
  });

  it('lets a service write its own schema only; audit reads every stream but writes no other schema', async () => {
    await expect(
      poolOf('screening').query('select count(*) from screening.case_screening'),
    ).resolves.toBeTruthy();
    await expect(poolOf('screening').query('delete from intake.referral_cases where false')).rejects.toThrow(
      /permission denied for schema intake/,
    );
    await expect(poolOf('audit').query('delete from intake.referral_cases where false')).rejects.toThrow(
      /permission denied/,
    );
    await expect(poolOf('intake').query('create table intake.smuggled (id int)')).rejects.toThrow(
      /permission denied for schema intake/,
    );
    const { rows } = await poolOf('audit').query<{ streams: number }>(
      `select count(distinct split_part(stream_id, '.', 1))::int as streams from event_store.events`,
    );
    expect(rows[0]?.streams).toBeGreaterThanOrEqual(2);
  });

  it('keeps each service to its own relay checkpoint and its own timers', async () => {
    await expect(
      poolOf('consent').query(
        `insert into event_store.checkpoints (name, position) values ('relay:intake', $1)`,
        [`${'0'.repeat(20)}-${'0'.repeat(20)}`],
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      poolOf('consent').query(
        `insert into scheduler.timers (service, timer_id, kind, case_id, due_at) values ('follow-up', $1, 'x', 'c', now())`,
        [randomUUID()],
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
