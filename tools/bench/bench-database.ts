import { Client } from 'pg';

/**
 * The database the event-store and scale benchmarks load: BENCH_DATABASE_URL, else the server of
 * DATABASE_URL (or 127.0.0.1:5432) with database `accord_bench`.
 */
export function benchUrl(): string {
  if (process.env['BENCH_DATABASE_URL']) return process.env['BENCH_DATABASE_URL'];
  const url = new URL(process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/accord_bench');
  url.pathname = '/accord_bench';
  return url.toString();
}

/** Creates the database of `url` when it is missing (connecting to the server's `postgres`). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
