import type { Pool } from 'pg';
import type { MasterKey, PersonKeyStore, StoredPersonKey } from '../crypto/key-store';

/** Wrapped person keys in `<schema>.person_keys`; erasure deletes the row and records a tombstone. */
export class PostgresPersonKeyStore implements PersonKeyStore {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    /** Starts listening for erasures: the person key cache serves nothing until then. */
    private readonly listen: () => void = () => undefined,
  ) {}

  async find(personIds: readonly string[]): Promise<Map<string, StoredPersonKey>> {
    const found = new Map<string, StoredPersonKey>();
    if (personIds.length === 0) return found;
    this.listen();
    const { rows } = await this.pool.query<{ person_id: string; wrapped_key: Buffer; key_id: string }>({
      name: `${this.schema}.find_person_keys`,
      text: `SELECT person_id, wrapped_key, key_id FROM ${this.schema}.person_keys WHERE person_id = ANY ($1::text[])`,
      values: [personIds],
    });
    for (const row of rows) found.set(row.person_id, { wrappedKey: row.wrapped_key, keyId: row.key_id });
    return found;
  }

  async ensure(
    candidates: ReadonlyMap<string, StoredPersonKey>,
  ): Promise<Map<string, StoredPersonKey | null>> {
    this.listen();
    const ids = [...candidates.keys()];
    const { rows } = await this.pool.query<{
      person_id: string;
      wrapped_key: Buffer | null;
      key_id: string | null;
    }>({
      name: `${this.schema}.ensure_person_keys`,
      text: `SELECT person_id, wrapped_key, key_id FROM ${this.schema}.ensure_person_keys($1::text[], $2::bytea[], $3::text[])`,
      values: [
        ids,
        ids.map((id) => candidates.get(id)?.wrappedKey),
        ids.map((id) => candidates.get(id)?.keyId),
      ],
    });
    const result = new Map<string, StoredPersonKey | null>();
    for (const row of rows) {
      result.set(
        row.person_id,
        row.wrapped_key && row.key_id ? { wrappedKey: row.wrapped_key, keyId: row.key_id } : null,
      );
    }
    return result;
  }

  async erase(personId: string): Promise<boolean> {
    // Someone Accord never stored personal data of has no key: there is nothing to erase, and no
    // tombstone is written for a made-up id.
    const { rows } = await this.pool.query<{ known: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${this.schema}.person_keys WHERE person_id = $1) AS known`,
      [personId],
    );
    if (!rows[0]?.known) return false;
    await this.pool.query(`SELECT ${this.schema}.erase_person($1)`, [personId]);
    return true;
  }
}

/** What a master-key rotation's re-wrap did. */
export interface RewrapResult {
  /** The current master key's fingerprint: every person key is wrapped by it now. */
  readonly keyId: string;
  /** Person keys moved from a retired master key to the current one. */
  readonly rewrapped: number;
  /** Person keys erased while the re-wrap ran (nothing to move). */
  readonly skipped: number;
}

/**
 * The second half of a master-key rotation: every person key still wrapped by a retired master key
 * (held by `master` as retired) is unwrapped and wrapped again by the current one. Safe to run
 * while the services run, and again after an interruption; afterwards the retired keys can go.
 */
export async function rewrapPersonKeys(pool: Pool, schema: string, master: MasterKey): Promise<RewrapResult> {
  let rewrapped = 0;
  let skipped = 0;
  for (;;) {
    const { rows } = await pool.query<{ person_id: string; wrapped_key: Buffer; key_id: string }>(
      `SELECT person_id, wrapped_key, key_id FROM ${schema}.person_keys WHERE key_id <> $1 ORDER BY person_id LIMIT 500`,
      [master.keyId],
    );
    if (rows.length === 0) return { keyId: master.keyId, rewrapped, skipped };
    for (const row of rows) {
      const dataKey = master.unwrap(row.person_id, row.wrapped_key, row.key_id);
      const { rows: done } = await pool.query<{ moved: boolean }>(
        `SELECT ${schema}.rewrap_person_key($1, $2, $3, $4) AS moved`,
        [row.person_id, row.key_id, master.wrap(row.person_id, dataKey), master.keyId],
      );
      if (done[0]?.moved) rewrapped += 1;
      else skipped += 1;
    }
  }
}
