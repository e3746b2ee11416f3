import type { Pool } from 'pg';
import type { PersonKeyStore, StoredPersonKey } from '../crypto/key-store';

/** Wrapped person keys in `<schema>.person_keys`; erasure deletes the row and records a tombstone. */
export class PostgresPersonKeyStore implements PersonKeyStore {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  async find(personIds: readonly string[]): Promise<Map<string, StoredPersonKey>> {
    const found = new Map<string, StoredPersonKey>();
    if (personIds.length === 0) return found;
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
