import type { MigrationInterface } from 'typeorm';
import { plainIdentifier, sqlMigration } from './sql-migration';

/**
 * Events a projection could not apply, in `<schema>.projection_parked_events`. The runner parks an
 * event that fails for a reason retrying cannot cure (a bug, data it does not expect) and every
 * later event of the same stream, so that case's rows stay as they were instead of being updated
 * out of order, while every other case moves on. `npm run rebuild -- <service> <projection> --apply`
 * (after the fix) rebuilds the tables and clears the projection's parked events.
 */
export const PARKED_EVENTS_TABLE = 'projection_parked_events';

/** The migration every service with read models runs (added by the platform, after its own). */
export function parkedEventsMigration(schema: string): new () => MigrationInterface {
  plainIdentifier(schema, 'schema name');
  return sqlMigration({
    name: 'CreateProjectionParkedEvents1796169600000',
    up: [
      `create table if not exists "${schema}"."${PARKED_EVENTS_TABLE}" (
        projection     text not null,
        event_id       uuid not null,
        position       text not null,
        stream_id      text not null,
        stream_version integer not null,
        event_type     text not null,
        reason         text not null,
        parked_at      timestamptz not null default now(),
        primary key (projection, event_id)
      )`,
      `create index if not exists "${PARKED_EVENTS_TABLE}_stream"
        on "${schema}"."${PARKED_EVENTS_TABLE}" (projection, stream_id)`,
    ],
    down: [`drop table if exists "${schema}"."${PARKED_EVENTS_TABLE}"`],
  });
}

/** SQLSTATE classes and codes that a later attempt can succeed past: the database, not the event. */
const TRANSIENT_SQLSTATE = /^(08|53|57P0|40001|40P01|55P03|57014)/;
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const TRANSIENT_MESSAGE =
  /connection terminated|timeout exceeded when trying to connect|cannot use a pool after calling end|not queryable|connection provided by a query runner was already released/i;

/**
 * Whether `error` says nothing about the event itself: the database was unreachable, busy, shutting
 * down, or this transaction lost a race. The runner retries those for ever and parks only the rest.
 */
export function isTransientFailure(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { code, driverError, message } = error as {
    code?: unknown;
    driverError?: { code?: unknown };
    message?: unknown;
  };
  const codes = [code, driverError?.code].filter((value): value is string => typeof value === 'string');
  if (codes.some((value) => TRANSIENT_SQLSTATE.test(value) || TRANSIENT_NODE_CODES.has(value))) return true;
  return typeof message === 'string' && TRANSIENT_MESSAGE.test(message);
}
