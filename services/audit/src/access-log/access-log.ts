import type { Pool } from 'pg';

/** One read of a case's personal data through audit. */
export interface AccessEntry {
  readonly kind: 'access';
  readonly caseId: string;
  readonly at: string;
  readonly actor: string;
  readonly agency: string;
  readonly roles: readonly string[];
  /** What was read, e.g. `GET /api/cases/:caseId/history`. */
  readonly endpoint: string;
  readonly correlationId: string | null;
}

export type AccessRequest = Omit<AccessEntry, 'kind' | 'at'>;

interface AccessRow {
  case_id: string;
  at: Date;
  actor: string;
  agency: string;
  roles: string[];
  endpoint: string;
  correlation_id: string | null;
}

/**
 * `audit.access_log`: append-only (the table refuses UPDATE and DELETE). Who read which case's
 * personal data, when, through which endpoint.
 */
export class AccessLog {
  constructor(private readonly pool: Pick<Pool, 'query'>) {}

  async record(request: AccessRequest): Promise<void> {
    await this.pool.query(
      `INSERT INTO audit.access_log (case_id, actor, agency, roles, endpoint, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [request.caseId, request.actor, request.agency, request.roles, request.endpoint, request.correlationId],
    );
  }

  /** Oldest first. */
  async forCase(caseId: string): Promise<AccessEntry[]> {
    const { rows } = await this.pool.query<AccessRow>(
      `SELECT case_id, at, actor, agency, roles, endpoint, correlation_id
         FROM audit.access_log WHERE case_id = $1 ORDER BY at, id`,
      [caseId],
    );
    return rows.map((row) => ({
      kind: 'access',
      caseId: row.case_id,
      at: row.at.toISOString(),
      actor: row.actor,
      agency: row.agency,
      roles: row.roles,
      endpoint: row.endpoint,
      correlationId: row.correlation_id,
    }));
  }
}
