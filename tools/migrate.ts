/**
 * Applies pending database migrations to DATABASE_URL (`npm run migrate`). Today: the event store
 * schema (EVENT_STORE_SCHEMA, default event_store). Safe to run from every replica at start-up:
 * migrations run under an advisory lock and are recorded, so each is applied exactly once.
 * `--wait` applies nothing: it waits (up to MIGRATE_WAIT_SECONDS, default 600) until every
 * migration has been applied by someone else — the Kubernetes migration Job — so a service's init
 * container holds it back until then (deploy/k8s).
 */
import { Pool } from 'pg';
import { DEFAULT_SCHEMA, EVENT_STORE_MIGRATIONS, migrate } from '@accord/event-store';

async function pending(pool: Pool, schema: string): Promise<string[]> {
  const applied = await pool
    .query<{ id: string }>(`SELECT id FROM ${schema}.migrations`)
    .then(({ rows }) => new Set(rows.map((row) => row.id)))
    // No schema or table yet: nothing is applied.
    .catch(() => new Set<string>());
  return EVENT_STORE_MIGRATIONS.map((migration) => migration.id).filter((id) => !applied.has(id));
}

async function waitForMigrations(pool: Pool, schema: string): Promise<number> {
  const deadline = Date.now() + Number(process.env['MIGRATE_WAIT_SECONDS'] ?? 600) * 1000;
  let last = '';
  for (;;) {
    const missing = await pending(pool, schema).catch((error: unknown) => [
      `(database not reachable: ${error instanceof Error ? error.message : String(error)})`,
    ]);
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
}

async function main(): Promise<number> {
  const connectionString = process.env['DATABASE_URL'];
  if (!connectionString) {
    process.stderr.write(
      'migrate: DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/accord)\n',
    );
    return 2;
  }
  const schema = process.env['EVENT_STORE_SCHEMA'] ?? DEFAULT_SCHEMA;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    process.stderr.write(
      `migrate: EVENT_STORE_SCHEMA must be a lower-case SQL identifier (got "${schema}")\n`,
    );
    return 2;
  }
  const pool = new Pool({ connectionString, max: 1 });
  pool.on('error', () => undefined);
  try {
    if (process.argv.includes('--wait')) return await waitForMigrations(pool, schema);
    const result = await migrate(pool, { schema });
    const applied = result.applied.length > 0 ? `applied ${result.applied.join(', ')}` : 'nothing to apply';
    process.stdout.write(
      `migrate: event store schema ${result.schema}: ${applied} (${result.alreadyApplied.length} already applied)\n`,
    );
    return 0;
  } finally {
    await pool.end();
  }
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
