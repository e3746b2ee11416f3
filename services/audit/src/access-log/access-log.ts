import type { Pool } from 'pg';
import { PERSONAL_DATA_READ, personalDataReadV2 } from '@accord/contracts';
import type { EventStore } from '@accord/event-store';
import type { Principal } from '@accord/platform';
import { accessStreams } from '../case/case-streams';

/**
 * Reads of a case's personal data by one actor through one endpoint, through audit or through the
 * service that served them: one read, or the repeats a service counted in one window
 * (docs/adr/0013-coalesced-access-log.md).
 */
export interface AccessEntry {
  readonly kind: 'access';
  /** The service that served the read. */
  readonly service: string;
  readonly caseId: string;
  /** The first read this entry counts. */
  readonly at: string;
  /** The last read this entry counts (`at` when `reads` is 1). */
  readonly lastAt: string;
  /** How many reads; no read is counted in two entries. */
  readonly reads: number;
  readonly actor: string;
  readonly agency: string;
  readonly roles: readonly string[];
  /** What was read, e.g. `GET /api/cases/:caseId/history`. */
  readonly endpoint: string;
  readonly correlationId: string | null;
}

/** One read through audit: the case, who read it (the caller's principal), through what. */
export interface AccessRequest {
  readonly caseId: string;
  readonly principal: Principal;
  readonly endpoint: string;
  readonly correlationId: string | null;
}

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
 * Who read which case's personal data, when, through which endpoint. Audit records its own reads in
 * `audit.access_log` (append-only: the table refuses UPDATE and DELETE; audit writes no events);
 * the other services record theirs as `PersonalDataRead` events in `<service>.DataAccess-<caseId>`
 * (libs/platform `@ReadsPersonalData`), repeats counted per window. `forCase` shows both, oldest first.
 */
export class AccessLog {
  constructor(
    private readonly pool: Pick<Pool, 'query'>,
    private readonly store: Pick<EventStore, 'readStream'>,
  ) {}

  async record({ caseId, principal, endpoint, correlationId }: AccessRequest): Promise<void> {
    await this.pool.query(
      `INSERT INTO audit.access_log (case_id, actor, agency, roles, endpoint, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [caseId, principal.sub, principal.agency, principal.roles, endpoint, correlationId],
    );
  }

  /** Every recorded read of the case, from audit and from every service, oldest first. */
  async forCase(caseId: string): Promise<AccessEntry[]> {
    const [own, served] = await Promise.all([this.auditReads(caseId), this.serviceReads(caseId)]);
    return [...own, ...served].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  private async serviceReads(caseId: string): Promise<AccessEntry[]> {
    const streams = await Promise.all(
      accessStreams(caseId).map(async ({ service, streamId }) =>
        (await this.store.readStream(streamId)).map((event) => ({ service, event })),
      ),
    );
    return streams.flat().flatMap(({ service, event }) => {
      if (event.type !== PERSONAL_DATA_READ) return [];
      const read = personalDataReadV2(event);
      return [
        {
          kind: 'access' as const,
          service,
          caseId,
          at: read.firstReadAt,
          lastAt: read.lastReadAt,
          reads: read.reads,
          actor: read.actor,
          agency: read.agency,
          roles: read.roles,
          endpoint: read.endpoint,
          correlationId: event.metadata.correlationId ?? null,
        },
      ];
    });
  }

  private async auditReads(caseId: string): Promise<AccessEntry[]> {
    const { rows } = await this.pool.query<AccessRow>(
      `SELECT case_id, at, actor, agency, roles, endpoint, correlation_id
         FROM audit.access_log WHERE case_id = $1 ORDER BY at, id`,
      [caseId],
    );
    return rows.map((row) => ({
      kind: 'access',
      service: 'audit',
      caseId: row.case_id,
      at: row.at.toISOString(),
      lastAt: row.at.toISOString(),
      reads: 1,
      actor: row.actor,
      agency: row.agency,
      roles: row.roles,
      endpoint: row.endpoint,
      correlationId: row.correlation_id,
    }));
  }
}
