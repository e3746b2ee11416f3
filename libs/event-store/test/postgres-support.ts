import { Pool } from 'pg';
import { PostgresEventStore, type PostgresEventStoreOptions } from '../src';
import { databaseUrl, randomMasterKey, randomSealSigningKey, throwawaySchema } from './support';

/** A superuser pool for raw SQL: inspecting rows, tampering, creating roles. */
export function adminPool(): Pool {
  const pool = new Pool({ connectionString: databaseUrl(), max: 4 });
  pool.on('error', () => undefined);
  return pool;
}

export interface SchemaStore {
  readonly store: PostgresEventStore;
  readonly schema: string;
  readonly masterKey: string;
  readonly sealSigningKey: string;
  drop(): Promise<void>;
}

/** A store on a schema of its own, dropped afterwards: for tests that tamper or read the whole log. */
export async function storeInThrowawaySchema(
  admin: Pool,
  options: Partial<PostgresEventStoreOptions> = {},
): Promise<SchemaStore> {
  const schema = throwawaySchema();
  const masterKey = typeof options.masterKey === 'string' ? options.masterKey : randomMasterKey();
  const sealSigningKey =
    typeof options.sealSigningKey === 'string' ? options.sealSigningKey : randomSealSigningKey();
  const store = await PostgresEventStore.create({
    connectionString: databaseUrl(),
    schema,
    masterKey,
    sealSigningKey,
    poolConfig: { max: 12 },
    ...options,
  });
  return {
    store,
    schema,
    masterKey,
    sealSigningKey,
    drop: async () => {
      await store.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

/** Runs SQL with triggers disabled, as an attacker with superuser access could. */
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
