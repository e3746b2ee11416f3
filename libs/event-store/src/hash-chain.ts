import { GENESIS_HASH, hashEvent } from './canonical';
import type { PreparedEvent, StoredEvent } from './event-codec';

/** What a stream's chain continues from: its newest event. */
export interface StreamTip {
  readonly version: number;
  readonly hash: string;
  readonly recordedAt: string;
}

/**
 * The per-stream hash chain, for adapters that compute it in the client (the PostgreSQL adapter's
 * append computes the same function in SQL): `hash = SHA-256(prev_hash ‖ canonical(event))` over
 * the data as stored, with one `recordedAt` per append that never goes backwards within a stream.
 */
export function chainEvents(
  streamId: string,
  tip: StreamTip | null,
  events: readonly PreparedEvent[],
  now: Date,
): Omit<StoredEvent, 'globalPosition'>[] {
  const at = now.toISOString();
  const recordedAt = tip && tip.recordedAt > at ? tip.recordedAt : at;
  let prevHash = tip?.hash ?? GENESIS_HASH;
  const base = tip?.version ?? -1;
  return events.map((event, index) => {
    const fields = {
      streamId,
      streamVersion: base + index + 1,
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      recordedAt,
    };
    const hash = hashEvent(prevHash, {
      ...fields,
      data: JSON.parse(event.dataJson) as unknown,
      metadata: JSON.parse(event.metadataJson) as unknown,
    });
    const linked = { ...fields, dataJson: event.dataJson, metadataJson: event.metadataJson, prevHash, hash };
    prevHash = hash;
    return linked;
  });
}
