/**
 * Applies pending database migrations to DATABASE_URL (`npm run migrate`). Today: the event store
 * schema (EVENT_STORE_SCHEMA, default event_store). Safe to run from every replica at start-up:
 * migrations run under an advisory lock and are recorded, so each is applied exactly once.
 */
import { Pool } from 'pg';
import { DEFAULT_SCHEMA, migrate } from '@accord/event-store';

async function main(): Promise<number> {
  const connectionString = process.env['DATABASE_URL'];
  if (!connectionString) {
    process.stderr.write(
      'migrate: DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/accord)\n',
    );
    return 2;
  }
  const schema = process.env['EVENT_STORE_SCHEMA'] ?? DEFAULT_SCHEMA;
  const pool = new Pool({ connectionString, max: 1 });
  try {
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
