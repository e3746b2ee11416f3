import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { PostgresEventStore, streamName, type PersonalDataRule } from '..';
import { adminPool, storeInThrowawaySchema, type SchemaStore } from '../../test/postgres-support';
import { databaseUrl, eventually, newEvent } from '../../test/support';

const run = promisify(execFile);

const personalData: PersonalDataRule[] = [
  { type: 'PersonNamed', personalFields: [{ personIdPath: 'personId', fields: ['name'] }] },
];

/**
 * docs/operations.md, "Backup and restore": a `pg_dump` of the event store schema, restored with
 * `pg_restore` into an empty database, passes the whole-log verify (every chain, the seal, the signed
 * checkpoints), reads back the same events (personal data included, with the same master key) and
 * still refuses changes.
 */
describe('PostgreSQL adapter: backup and restore', () => {
  const admin = adminPool();
  const workDir = mkdtempSync(join(tmpdir(), 'accord-backup-'));
  const database = `accord_restore_${randomBytes(5).toString('hex')}`;
  const restoredUrl = (() => {
    const url = new URL(databaseUrl());
    url.pathname = `/${database}`;
    return url.toString();
  })();
  let source: SchemaStore;
  let restored: PostgresEventStore | undefined;

  beforeAll(async () => {
    source = await storeInThrowawaySchema(admin, { personalData });
  });

  afterAll(async () => {
    await restored?.close();
    await source.drop();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('restores a dump into an empty database that verifies intact and reads the same events', async () => {
    const streams = ['Alpha', 'Beta', 'Gamma'].map((aggregate) =>
      streamName('backup', aggregate, randomUUID()),
    );
    const person = `person-${randomUUID()}`;
    for (const [index, id] of streams.entries()) {
      await source.store.appendToStream(
        id,
        [
          newEvent('ThingHappened', { index }),
          newEvent('PersonNamed', { personId: person, name: `Ada ${index}` }),
        ],
        { expectedVersion: 'no-stream' },
      );
    }
    // Only settled events are sealed: a transaction elsewhere in the cluster may hold some back a moment.
    let sealed = 0;
    await eventually(async () => {
      sealed += (await source.store.sealPending({ forceCheckpoint: true })).sealed;
      expect(sealed).toBe(6);
    });
    expect(await source.store.audit.verifyAll()).toEqual({ intact: true, checked: 6, sealed: 6 });

    const dump = join(workDir, 'event-store.dump');
    await run('pg_dump', ['--format=custom', `--schema=${source.schema}`, `--file=${dump}`, databaseUrl()]);
    await admin.query(`CREATE DATABASE ${database}`);
    await run('pg_restore', ['--no-owner', '--no-acl', `--dbname=${restoredUrl}`, dump]);

    restored = await PostgresEventStore.create({
      connectionString: restoredUrl,
      schema: source.schema,
      masterKey: source.masterKey,
      personalData,
    });
    expect(await restored.audit.verifyAll()).toEqual({ intact: true, checked: 6, sealed: 6 });
    for (const id of streams) {
      const original = await source.store.readStream(id);
      expect(await restored.readStream(id)).toEqual(original);
      expect(original[1]?.data).toMatchObject({ name: expect.stringMatching(/^Ada \d$/) });
    }
    // Tailing after a restore needs every restored transaction id below the server's own.
    const pool = new Pool({ connectionString: restoredUrl, max: 1 });
    try {
      const { rows } = await pool.query<{ behind: boolean }>(
        `SELECT max(transaction_id) < pg_current_xact_id() AS behind FROM ${source.schema}.events`,
      );
      expect(rows[0]?.behind).toBe(true);
      // The append-only triggers came back with the dump.
      await expect(pool.query(`DELETE FROM ${source.schema}.events`)).rejects.toThrow();
    } finally {
      await pool.end();
    }
  });
});
