import type { QueryResultRow } from 'pg';
import type { StoredEvent } from '../event-codec';
import { globalPositionFromDecimals } from '../global-position';

export interface EventRow extends QueryResultRow {
  stream_id: string;
  stream_version: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: string | null;
  metadata: string | null;
  recorded_at: string;
  transaction_id: string;
  global_position: string;
  prev_hash: string;
  hash: string;
  matched?: boolean;
}

/**
 * Columns as text (bigint and xid8 beyond 2^53, hashes as hex). Every ORDER BY names the table
 * alias: an unqualified name would sort by these text aliases ('10' < '9').
 */
export const EVENT_COLUMNS = `e.stream_id, e.stream_version::text AS stream_version, e.event_id::text AS event_id, e.type, e.schema_version,
  e.data::text AS data, e.metadata::text AS metadata,
  to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at,
  e.transaction_id::text AS transaction_id, e.global_position::text AS global_position,
  encode(e.prev_hash, 'hex') AS prev_hash, encode(e.hash, 'hex') AS hash`;

export function toStored(row: EventRow): StoredEvent {
  return {
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    dataJson: row.data ?? 'null',
    metadataJson: row.metadata ?? 'null',
    recordedAt: row.recorded_at,
    globalPosition: globalPositionFromDecimals(row.transaction_id, row.global_position),
    hash: row.hash,
    prevHash: row.prev_hash,
  };
}
