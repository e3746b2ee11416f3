import type { Pool } from 'pg';
import type { MigrationInterface } from 'typeorm';
import { isServiceName, type ServiceName } from '@accord/contracts';
import { isGlobalPosition } from '@accord/event-store';
import type { SettledMessage } from '@accord/messaging';
import { plainIdentifier, sqlMigration } from '../projections/sql-migration';
import type { ConsistencyPart } from './consistency-token';

export const HEARD_POSITIONS_TABLE = 'heard_positions';

/** The migration every service with read models runs (added by the platform, after its own). */
export function heardPositionsMigration(schema: string): new () => MigrationInterface {
  plainIdentifier(schema, 'schema name');
  return sqlMigration({
    name: 'CreateHeardPositions1796256000000',
    up: [
      `create table if not exists "${schema}"."${HEARD_POSITIONS_TABLE}" (
        case_id    text not null,
        source     text not null,
        position   text not null,
        heard_at   timestamptz not null default now(),
        primary key (case_id, source)
      )`,
    ],
    down: [`drop table if exists "${schema}"."${HEARD_POSITIONS_TABLE}"`],
  });
}

const SOURCE = /^\/accord\/([a-z-]+)$/;

/**
 * How far this service has heard each other service's events of each case: the consumer records a
 * message once it is done with it (after its handler committed), so a request that waits for a
 * position sees that message's effects. Shared by the service's replicas (a row per case and source).
 */
export class HeardPositions {
  private readonly table: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.table = `"${plainIdentifier(schema, 'schema name')}"."${HEARD_POSITIONS_TABLE}"`;
  }

  /** Records a message the consumer is done with. Per case, Kafka delivers a source's events in order. */
  async record(message: SettledMessage): Promise<void> {
    const source = SOURCE.exec(message.source)?.[1];
    if (!source || !isServiceName(source) || !isGlobalPosition(message.position)) return;
    await this.pool.query(
      `INSERT INTO ${this.table} (case_id, source, position) VALUES ($1, $2, $3)
       ON CONFLICT (case_id, source) DO UPDATE
         SET position = GREATEST(${HEARD_POSITIONS_TABLE}.position, EXCLUDED.position), heard_at = now()`,
      [message.subject.toLowerCase(), source, message.position],
    );
  }

  /**
   * What this service has heard of one case from each other service: an answer built from those
   * events carries them on, so the caller's next request elsewhere waits for the same events.
   */
  async ofCase(caseId: string): Promise<ConsistencyPart[]> {
    const rows = await this.pool.query<{ source: string; position: string }>(
      `SELECT source, position FROM ${this.table} WHERE case_id = $1`,
      [caseId.toLowerCase()],
    );
    return rows.rows.flatMap(({ source, position }) =>
      isServiceName(source) && isGlobalPosition(position) ? [{ service: source, caseId, position }] : [],
    );
  }

  /** The parts not heard yet. */
  async missing(parts: readonly ConsistencyPart[]): Promise<ConsistencyPart[]> {
    if (parts.length === 0) return [];
    const rows = await this.pool.query<{ case_id: string; source: ServiceName; position: string }>(
      `SELECT case_id, source, position FROM ${this.table} WHERE case_id = ANY($1::text[])`,
      [[...new Set(parts.map((part) => part.caseId))]],
    );
    const heard = new Map(rows.rows.map((row) => [`${row.source}:${row.case_id}`, row.position]));
    return parts.filter((part) => (heard.get(`${part.service}:${part.caseId}`) ?? '') < part.position);
  }
}
