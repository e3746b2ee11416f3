import type { Pool } from 'pg';
import { notFound } from '@accord/contracts';
import type { EventAudit } from '@accord/event-store';

/** A person's crypto-shredding: who ordered it, when and why. */
export interface ErasureRecord {
  readonly kind: 'erasure';
  readonly personId: string;
  readonly erasedAt: string;
  readonly erasedBy: string;
  readonly agency: string;
  readonly reason: string;
  readonly correlationId: string | null;
}

export type ErasureRequest = Omit<ErasureRecord, 'kind' | 'erasedAt'>;

interface ErasureRow {
  person_id: string;
  erased_at: Date;
  erased_by: string;
  agency: string;
  reason: string;
  correlation_id: string | null;
}

const toRecord = (row: ErasureRow): ErasureRecord => ({
  kind: 'erasure',
  personId: row.person_id,
  erasedAt: row.erased_at.toISOString(),
  erasedBy: row.erased_by,
  agency: row.agency,
  reason: row.reason,
  correlationId: row.correlation_id,
});

/**
 * `audit.erasures`: one row per erased person (append-only). Audit writes no events, so the
 * erasure's own record lives here rather than in a stream.
 */
export class ErasureRecords {
  constructor(
    private readonly pool: Pool,
    private readonly audit: Pick<EventAudit, 'erasePerson'>,
  ) {}

  /**
   * Erases the person's key and records it, both or neither: the record is inserted first and
   * committed only after the key is gone. A repeat finds the first record and erases nothing more.
   */
  async erase(
    request: ErasureRequest,
  ): Promise<{ readonly record: ErasureRecord; readonly created: boolean }> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const inserted = await client.query<ErasureRow>(
        `INSERT INTO audit.erasures (person_id, erased_by, agency, reason, correlation_id)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (person_id) DO NOTHING
         RETURNING person_id, erased_at, erased_by, agency, reason, correlation_id`,
        [request.personId, request.erasedBy, request.agency, request.reason, request.correlationId],
      );
      const row = inserted.rows[0];
      if (!row) {
        await client.query('ROLLBACK');
        const [existing] = await this.forPersons([request.personId]);
        if (!existing) throw new Error(`erasure of ${request.personId} conflicted but no record was found`);
        return { record: existing, created: false };
      }
      if (!(await this.audit.erasePerson(request.personId))) {
        await client.query('ROLLBACK');
        throw notFound('PERSON_NOT_FOUND', `No person ${request.personId} is known to Accord.`, {
          personId: request.personId,
        });
      }
      await client.query('COMMIT');
      return { record: toRecord(row), created: true };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Oldest first. */
  async forPersons(personIds: readonly string[]): Promise<ErasureRecord[]> {
    if (personIds.length === 0) return [];
    const { rows } = await this.pool.query<ErasureRow>(
      `SELECT person_id, erased_at, erased_by, agency, reason, correlation_id
         FROM audit.erasures WHERE person_id = ANY ($1::text[]) ORDER BY erased_at, person_id`,
      [personIds],
    );
    return rows.map(toRecord);
  }
}
