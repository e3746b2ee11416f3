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
