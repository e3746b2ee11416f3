import { checkStoredKeys, DEFAULT_SCHEMA, resilientPool } from '@accord/event-store';
import type { ServiceConfig } from './service-config';

/**
 * Before anything starts (the sealer would sign with a wrong key at once): the stored data must have
 * been written with keys this service holds, its master key or a retired one and, where it runs the
 * sealer, its seal key or a retired one's public half. Throws StoredKeysMismatch naming each key,
 * the fingerprint configured and the one found. An empty store passes. Like the event store's own
 * start-up, it needs PostgreSQL to answer.
 */
export async function refuseForeignKeys(config: ServiceConfig, sealer: boolean): Promise<void> {
  const pool = resilientPool(
    { connectionString: config.DATABASE_URL, max: 1, connectionTimeoutMillis: 10_000 },
    () => undefined,
  );
  try {
    await checkStoredKeys(pool, DEFAULT_SCHEMA, {
      EVENT_STORE_MASTER_KEY: config.EVENT_STORE_MASTER_KEY,
      EVENT_STORE_RETIRED_MASTER_KEYS: config.EVENT_STORE_RETIRED_MASTER_KEYS,
      // Only the sealer holds a seal key; the others sign nothing, so have nothing to check it against.
      ...(sealer
        ? {
            SEAL_SIGNING_KEY: config.SEAL_SIGNING_KEY,
            SEAL_RETIRED_PUBLIC_KEYS: config.SEAL_RETIRED_PUBLIC_KEYS,
          }
        : {}),
    });
  } finally {
    await pool.end();
  }
}
