import type { Pool } from 'pg';
import { assertSchemaName, DEFAULT_SCHEMA } from './migrations';

/** What an operator watches in the event store itself (Prometheus gauges; docs/operations.md). */
export interface StoreGauges {
  /** Committed events a gap-free reader may not read yet: a transaction older than them is still open. */
  readonly horizonHeldEvents: number;
  /** How long the oldest of those has waited (0 when none): a long transaction stalls every relay and the sealer. */
  readonly horizonWaitSeconds: number;
  /** When the newest event was recorded (Unix seconds; 0 when the log is empty). */
  readonly lastEventAt: number;
  /** When the sealer last wrote a signed checkpoint (Unix seconds; 0 when never). */
  readonly lastCheckpointAt: number;
}

/**
 * Reads the gauges in one round trip. Every part is an index lookup (the tailing index, the
 * primary keys), cheap enough for every scrape.
 */
export async function readStoreGauges(pool: Pool, schema: string = DEFAULT_SCHEMA): Promise<StoreGauges> {
  const s = assertSchemaName(schema);
  const { rows } = await pool.query<{
    held: string;
    wait: number | null;
    last_event: number | null;
    last_checkpoint: number | null;
  }>(
    `SELECT held.count::text AS held,
            extract(epoch FROM now() - held.oldest)::float8 AS wait,
            (SELECT extract(epoch FROM e.recorded_at)::float8 FROM ${s}.events e ORDER BY e.global_position DESC LIMIT 1) AS last_event,
            (SELECT extract(epoch FROM c.created_at)::float8 FROM ${s}.seal_checkpoints c ORDER BY c.seal_seq DESC LIMIT 1) AS last_checkpoint
       FROM (SELECT count(*) AS count, min(e.recorded_at) AS oldest
               FROM ${s}.events e
              WHERE e.transaction_id >= pg_snapshot_xmin(pg_current_snapshot())) AS held`,
  );
  const row = rows[0];
  return {
    horizonHeldEvents: Number(row?.held ?? 0),
    horizonWaitSeconds: Math.max(0, row?.wait ?? 0),
    lastEventAt: row?.last_event ?? 0,
    lastCheckpointAt: row?.last_checkpoint ?? 0,
  };
}
