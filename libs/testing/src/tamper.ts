import type { Pool } from 'pg';

/**
 * Runs SQL on the event store with its immutability triggers off (`session_replication_role =
 * replica`), as an attacker with the database's superuser could: what verification must catch.
 * `admin` connects as a superuser; the services' own roles may not do this.
 */
export async function tamper(admin: Pool, sql: string, values: unknown[] = []): Promise<void> {
  const client = await admin.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query(sql, values);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
