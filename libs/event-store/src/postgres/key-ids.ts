import type { Pool } from 'pg';
import { assertSchemaName } from './migrations';

/**
 * The fingerprints (key ids) of the keys the stored data was written with, and how much of it each
 * wrote: what a key rotation moves away from, and what the configured keys must account for.
 */
export interface StoredKeyIds {
  /** Master keys: those wrapping person keys, and those whose HMAC signed checkpoints before Ed25519. */
  readonly master: Readonly<Record<string, number>>;
  /** Seal signing keys (Ed25519) that signed checkpoints. */
  readonly seal: Readonly<Record<string, number>>;
}

/** The configured keys' fingerprints, the current one of each kind first, then the retired ones. */
export interface ConfiguredKeyIds {
  readonly master: readonly string[];
  readonly seal: readonly string[];
}

export async function storedKeyIds(pool: Pool, schema: string): Promise<StoredKeyIds> {
  const name = assertSchemaName(schema);
  const { rows } = await pool.query<{ kind: 'master' | 'seal'; key_id: string; count: string }>(
    `SELECT 'master' AS kind, key_id, count(*) AS count FROM ${name}.person_keys GROUP BY key_id
     UNION ALL
     SELECT CASE WHEN algorithm = 'Ed25519' THEN 'seal' ELSE 'master' END, key_id, count(*)
       FROM ${name}.seal_checkpoints WHERE key_id IS NOT NULL GROUP BY 1, 2`,
  );
  const tally = (kind: 'master' | 'seal'): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const row of rows.filter((r) => r.kind === kind))
      counts[row.key_id] = (counts[row.key_id] ?? 0) + Number(row.count);
    return counts;
  };
  return { master: tally('master'), seal: tally('seal') };
}

/** Stored fingerprints no configured key (current or retired) accounts for: data those keys cannot read or verify. */
export function unaccountedKeyIds(stored: StoredKeyIds, configured: ConfiguredKeyIds): ConfiguredKeyIds {
  return {
    master: Object.keys(stored.master).filter((id) => !configured.master.includes(id)),
    seal: Object.keys(stored.seal).filter((id) => !configured.seal.includes(id)),
  };
}
