import { randomInt, randomUUID } from 'node:crypto';
import { GLOBAL_START, streamName, type RecordedEvent } from '..';
import { adminPool, storeInThrowawaySchema, type SchemaStore } from '../../test/postgres-support';
import { eventually, newEvent } from '../../test/support';

/**
 * A reader must never skip an event that a slower transaction commits after a faster one. These
 * tests hold append transactions open (the store's beforeCommit seam) so commit order differs from
 * the order in which sequence numbers were taken.
 */
describe('PostgreSQL adapter: gap-free tailing', () => {
  const admin = adminPool();
  /** Appends to these streams stop before COMMIT: `reached` fires, then they wait for `gate`. */
  const gates = new Map<string, { readonly reached: () => void; readonly gate: Promise<void> }>();
  let entry: SchemaStore;

  beforeAll(async () => {
    entry = await storeInThrowawaySchema(admin, {
      beforeCommit: async (streamId) => {
        const held = gates.get(streamId);
        if (held) {
          held.reached();
          await held.gate;
        } else if (streamId.includes('.Busy-'))
          await new Promise((resolve) => setTimeout(resolve, randomInt(0, 25)));
      },
    });
  });

  afterAll(async () => {
    await entry.drop();
    await admin.end();
  });

  it('holds back an event that committed first while an earlier-numbered one is still in flight, then reads both in order', async () => {
    const store = entry.store;
    const start = await store.headPosition();
    const slow = streamName('tail', 'Slow', randomUUID());
    const fast = streamName('tail', 'Fast', randomUUID());
    let open: () => void = () => undefined;
    let reached: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => (reached = resolve));
    gates.set(slow, { reached, gate: new Promise<void>((resolve) => (open = resolve)) });

    const slowAppend = store.appendToStream(slow, [newEvent('ThingHappened', { who: 'slow' })], {
      expectedVersion: 'no-stream',
    });
    // The slow append has written its row (sequence number and transaction id taken) and waits to commit.
    await holding;
    const fastResult = await store.appendToStream(fast, [newEvent('ThingHappened', { who: 'fast' })], {
      expectedVersion: 'no-stream',
    });

    // The fast event is committed and visible to plain SELECTs, yet the tail must not hand it out:
    // a reader that did would move its cursor past the slow event and never see it.
    const visible = await admin.query(
      `SELECT count(*)::int AS n FROM ${entry.schema}.events WHERE stream_id = $1`,
      [fast],
    );
    expect(visible.rows[0]).toEqual({ n: 1 });
    const early = await store.readAll({ after: start, filter: { streamPrefix: 'tail.' } });
    expect(early.map((event) => event.streamId)).not.toContain(fast);

    open();
    const slowResult = await slowAppend;
    const both = await eventually(async () => {
      const read = await store.readAll({ after: start, filter: { streamPrefix: 'tail.' } });
      return read.length === 2 ? read : Promise.reject(new Error(`read ${read.length} of 2`));
    });
    expect(both.map((event) => event.streamId)).toEqual([slow, fast]);
    expect(both.map((event) => event.globalPosition)).toEqual([
      slowResult.positions[0],
      fastResult.positions[0],
    ]);
  });

  it('gives a concurrent tailer every event exactly once while 8 writers hold their transactions open for random times', async () => {
    const store = entry.store;
    const start = await store.headPosition();
    const seen: RecordedEvent[] = [];
    const tailer = store.subscribeToAll(
      { after: start, filter: { streamPrefix: 'busy.' }, batchSize: 64, pollIntervalMs: 200 },
      (event) => {
        seen.push(event);
      },
    );
    // A naive tailer with a sequence-number cursor, for comparison: it is what the horizon prevents.
    const naiveSeen = new Set<string>();
    let naiveCursor = 0n;
    let writing = true;
    const naive = (async () => {
      for (let finalRead = false; !finalRead; ) {
        finalRead = !writing;
        const { rows } = await admin.query<{ event_id: string; global_position: string }>(
          `SELECT event_id::text AS event_id, global_position::text AS global_position FROM ${entry.schema}.events
            WHERE global_position > $1 AND stream_id LIKE 'busy.%' ORDER BY global_position`,
          [naiveCursor.toString()],
        );
        for (const row of rows) {
          naiveSeen.add(row.event_id);
          naiveCursor = BigInt(row.global_position);
        }
      }
    })();

    const writers = 8;
    const appendsPerWriter = 40;
    const written: string[] = [];
    await Promise.all(
      Array.from({ length: writers }, async () => {
        const id = streamName('busy', 'Busy', randomUUID());
        let version: number | 'no-stream' = 'no-stream';
        for (let i = 0; i < appendsPerWriter; i++) {
          const batch = Array.from({ length: randomInt(1, 4) }, () => newEvent('ThingHappened', { i }));
          written.push(...batch.map((event) => event.eventId));
          version = (await store.appendToStream(id, batch, { expectedVersion: version }))
            .nextExpectedVersion as number;
        }
      }),
    );
    writing = false;
    await naive;

    await eventually(() => expect(seen.length).toBeGreaterThanOrEqual(written.length), { timeout: 30_000 });
    await tailer.stop();
    const seenIds = seen.map((event) => event.eventId);
    expect(seenIds).toHaveLength(written.length);
    expect(new Set(seenIds)).toEqual(new Set(written));
    for (const [streamId, versions] of groupVersions(seen))
      expect({ streamId, versions }).toEqual({ streamId, versions: versions.map((_, index) => index) });

    const firstRead = await store.readAll({ after: start, filter: { streamPrefix: 'busy.' }, limit: 10_000 });
    const secondRead = await store.readAll({
      after: start,
      filter: { streamPrefix: 'busy.' },
      limit: 10_000,
    });
    expect(firstRead.map((event) => event.globalPosition)).toEqual(seen.map((event) => event.globalPosition));
    expect(secondRead.map((event) => event.globalPosition)).toEqual(
      firstRead.map((event) => event.globalPosition),
    );
    const skippedByNaive = written.filter((id) => !naiveSeen.has(id)).length;
    process.stderr.write(
      `[gap-free tailing] ${written.length} events; a sequence-number cursor would have skipped ${skippedByNaive} of them\n`,
    );
  });

  it('starts from the beginning of the log by default', async () => {
    const first = await entry.store.readAll({ limit: 1 });
    const fromStart = await entry.store.readAll({ after: GLOBAL_START, limit: 1 });
    expect(first).toEqual(fromStart);
    expect(first).toHaveLength(1);
  });
});

function groupVersions(events: readonly RecordedEvent[]): Map<string, number[]> {
  const grouped = new Map<string, number[]>();
  for (const event of events)
    grouped.set(event.streamId, [...(grouped.get(event.streamId) ?? []), event.streamVersion]);
  return grouped;
}
