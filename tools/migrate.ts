/**
 * `npm run migrate`: provisions the database behind DATABASE_URL (the operator's URL) and applies
 * every pending migration — event store, scheduler, each service's read models — as the owner role
 * (tools/provision/postgres.ts). Idempotent; run it before services start with their own roles.
 *
 * `migrate --wait` changes nothing: with a service's own DATABASE_URL it waits (up to
 * MIGRATE_WAIT_SECONDS, default 600) until that role can read the event store's migrations and every
 * one is applied — provisioning grants the read last, in the transaction that grants everything
 * else — so a Kubernetes init container holds the service back until the migration Job is done
 * (deploy/k8s). EVENT_STORE_SCHEMA (default event_store) names the schema it watches.
 */
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { DEFAULT_SCHEMA, EVENT_STORE_MIGRATIONS } from '@accord/event-store';
import { credentialsSecret, stateDir } from './provision/identities';
import { provisionPostgres } from './provision/postgres';

/** The event-store migrations this connection cannot see applied (all of them before the grants). */
async function pending(pool: Pool, schema: string): Promise<string[]> {
  const applied = await pool
    .query<{ id: string }>(`SELECT id FROM ${schema}.migrations`)
    .then(({ rows }) => new Set(rows.map((row) => row.id)))
    .catch(() => new Set<string>());
  return EVENT_STORE_MIGRATIONS.map((migration) => migration.id).filter((id) => !applied.has(id));
}

async function waitForMigrations(url: string): Promise<number> {
  const schema = process.env['EVENT_STORE_SCHEMA'] ?? DEFAULT_SCHEMA;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    process.stderr.write(
      `migrate: EVENT_STORE_SCHEMA must be a lower-case SQL identifier (got "${schema}")\n`,
    );
    return 2;
  }
  const deadline = Date.now() + Number(process.env['MIGRATE_WAIT_SECONDS'] ?? 600) * 1000;
  const pool = new Pool({ connectionString: url, max: 1 });
  pool.on('error', () => undefined);
  try {
    let last = '';
    for (;;) {
      const missing = await pending(pool, schema);
      if (missing.length === 0) {
        process.stdout.write(`migrate: event store schema ${schema} is up to date\n`);
        return 0;
      }
      if (missing.join() !== last) process.stdout.write(`migrate: waiting for ${missing.join(', ')}\n`);
      last = missing.join();
      if (Date.now() > deadline) {
        process.stderr.write(`migrate: gave up waiting for ${missing.join(', ')}\n`);
        return 1;
      }
      await new Promise((done) => setTimeout(done, 2000));
    }
  } finally {
    await pool.end();
  }
}

async function main(): Promise<number> {
  const operatorUrl = process.env['DATABASE_URL'];
  if (!operatorUrl) {
    process.stderr.write(
      'migrate: DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/accord)\n',
    );
    return 2;
  }
  if (process.argv.includes('--wait')) return waitForMigrations(operatorUrl);
  const state = stateDir();
  await provisionPostgres(operatorUrl, credentialsSecret(resolve(state, 'secrets.env')), (message) =>
    process.stdout.write(`migrate: ${message}\n`),
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`migrate: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
