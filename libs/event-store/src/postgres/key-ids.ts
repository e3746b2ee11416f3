import type { Pool } from 'pg';
import {
  MASTER_KEY_ENV,
  MasterKey,
  RETIRED_MASTER_KEYS_ENV,
  retiredMasterKeysFrom,
} from '../crypto/key-store';
import {
  RETIRED_SEAL_PUBLIC_KEYS_ENV,
  SEAL_PUBLIC_KEY_ENV,
  SEAL_SIGNING_KEY_ENV,
  SealPublicKey,
  SealSigningKey,
  retiredSealPublicKeysFrom,
} from '../crypto/seal-signing-key';
import { EventStoreConfigError } from '../errors';
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

/** SQLSTATEs of a schema not migrated yet: no table, no schema. It holds nothing, so no key wrote it. */
const NOT_MIGRATED = new Set(['42P01', '3F000']);

export async function storedKeyIds(pool: Pool, schema: string): Promise<StoredKeyIds> {
  const name = assertSchemaName(schema);
  let rows: { kind: 'master' | 'seal'; key_id: string; count: string }[];
  try {
    ({ rows } = await pool.query<{ kind: 'master' | 'seal'; key_id: string; count: string }>(
      `SELECT 'master' AS kind, key_id, count(*) AS count FROM ${name}.person_keys GROUP BY key_id
       UNION ALL
       SELECT CASE WHEN algorithm = 'Ed25519' THEN 'seal' ELSE 'master' END, key_id, count(*)
         FROM ${name}.seal_checkpoints WHERE key_id IS NOT NULL GROUP BY 1, 2`,
    ));
  } catch (error) {
    if (NOT_MIGRATED.has((error as { code?: string }).code ?? '')) return { master: {}, seal: {} };
    throw error;
  }
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

/** The keys as configured (environment variable values): the master keys, and the seal keys where held. */
export interface ConfiguredKeys {
  readonly [MASTER_KEY_ENV]: string;
  readonly [RETIRED_MASTER_KEYS_ENV]?: string | undefined;
  readonly [SEAL_SIGNING_KEY_ENV]?: string | undefined;
  readonly [SEAL_PUBLIC_KEY_ENV]?: string | undefined;
  readonly [RETIRED_SEAL_PUBLIC_KEYS_ENV]?: string | undefined;
}

/** Fingerprints of the configured keys: each kind's current key first, then the retired ones. */
export function configuredKeyIds(keys: ConfiguredKeys): ConfiguredKeyIds {
  const signing = keys[SEAL_SIGNING_KEY_ENV];
  const publicKey = keys[SEAL_PUBLIC_KEY_ENV];
  const currentSeal = signing
    ? new SealSigningKey(signing).keyId
    : publicKey
      ? new SealPublicKey(publicKey).keyId
      : undefined;
  return {
    master: new MasterKey(keys[MASTER_KEY_ENV], retiredMasterKeysFrom(keys[RETIRED_MASTER_KEYS_ENV])).keyIds,
    seal: [
      ...(currentSeal ? [currentSeal] : []),
      ...retiredSealPublicKeysFrom(keys[RETIRED_SEAL_PUBLIC_KEYS_ENV]).map((key) => key.keyId),
    ],
  };
}

/** The stored data was written with keys this process does not hold: it would answer 500s and broken verifications. */
export class StoredKeysMismatch extends EventStoreConfigError {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

const listed = (ids: readonly string[]): string => (ids.length === 0 ? 'none' : ids.join(', '));

/** One sentence per key the stored data names but the configuration lacks: which key, expected, found, what to do. */
export function keyMismatches(
  stored: StoredKeyIds,
  configured: ConfiguredKeyIds,
  checkSeal: boolean,
): string[] {
  const unaccounted = unaccountedKeyIds(stored, configured);
  const [master, ...retiredMaster] = configured.master;
  const [seal, ...retiredSeal] = configured.seal;
  return [
    ...unaccounted.master.map(
      (id) =>
        `${MASTER_KEY_ENV} is master key ${master ?? 'none'} (retired: ${listed(retiredMaster)}), but ${stored.master[id]} stored person key(s) or seal checkpoint(s) were written with master key ${id}: set ${MASTER_KEY_ENV} to the key the data was written with, or, after a rotation, add that key to ${RETIRED_MASTER_KEYS_ENV} (\`npm run keys -- ids\` compares them)`,
    ),
    ...(checkSeal ? unaccounted.seal : []).map(
      (id) =>
        `${SEAL_SIGNING_KEY_ENV} is seal key ${seal ?? 'none'} (retired: ${listed(retiredSeal)}), but ${stored.seal[id]} stored seal checkpoint(s) were signed by seal key ${id}: set ${SEAL_SIGNING_KEY_ENV} to the key that signed them, or, after a rotation, add its public half to ${RETIRED_SEAL_PUBLIC_KEYS_ENV} (\`npm run keys -- ids\` compares them)`,
    ),
  ];
}

/**
 * Refuses (StoredKeysMismatch) when the stored data names a key that `keys` does not hold: a
 * service started on the wrong secrets would otherwise look healthy while older cases answer 500
 * and verification fails. The seal keys are checked only where `keys` holds one (the sealer).
 * An empty or unmigrated store passes.
 */
export async function checkStoredKeys(pool: Pool, schema: string, keys: ConfiguredKeys): Promise<void> {
  const configured = configuredKeyIds(keys);
  const problems = keyMismatches(await storedKeyIds(pool, schema), configured, configured.seal.length > 0);
  if (problems.length > 0) throw new StoredKeysMismatch(problems);
}
