import { randomBytes } from 'node:crypto';
import { InMemoryPersonKeyStore } from '../crypto/key-store';
import type { PreparedEvent, StoredEvent } from '../event-codec';
import type { AuditView, EventStorage, SealView } from '../event-storage.port';
import type { AppendResult, ExpectedVersion, ReadAllFilter, StreamState } from '../event-store.port';
import { EventIdConflict, WrongExpectedVersion } from '../errors';
import { GLOBAL_START, globalPositionOf, type GlobalPosition } from '../global-position';
import { chainEvents } from '../hash-chain';
import { LayeredEventStore, type EventStoreLayers } from '../layered-event-store';
import type { SealCheckpoint, SealLink, SealStorage, SealWriter } from '../seal';
import { Waker, matchesFilter, type ReadPage } from '../subscription-loop';

export interface InMemoryEventStoreOptions extends EventStoreLayers {
  /** Clock for recordedAt (tests of as-of reads); default the system clock. */
  readonly now?: () => Date;
}

/**
 * The port in memory, for unit tests of handlers and projections: the same layers (validation,
 * hashing, encryption, upcasting, sealing, verification) over an adapter that keeps the log in arrays.
 */
export class InMemoryEventStore extends LayeredEventStore {
  constructor(options: InMemoryEventStoreOptions = {}) {
    // A random master key by default: personal data works, and is gone with the process.
    super(new InMemoryEventStorage(options.now ?? (() => new Date())), {
      ...options,
      masterKey: options.masterKey ?? randomBytes(32),
    });
  }
}

/** A seal in arrays: every appended event counts as settled (appends are atomic on the event loop). */
class InMemorySealStorage implements SealStorage {
  readonly links: SealLink[] = [];
  readonly checkpoints: { readonly checkpoint: SealCheckpoint; readonly at: number }[] = [];
  private busy = false;

  constructor(private readonly log: readonly StoredEvent[]) {}

  async inSealPass<T>(work: (writer: SealWriter) => Promise<T>): Promise<T | null> {
    if (this.busy) return null;
    this.busy = true;
    try {
      return await work({
        lastLink: async () => this.links[this.links.length - 1] ?? null,
        settledAfter: async (after, limit) =>
          this.log.filter((event) => after === null || event.globalPosition > after).slice(0, limit),
        appendLinks: async (links) => void this.links.push(...links),
        lastCheckpoint: async () => {
          const last = this.checkpoints[this.checkpoints.length - 1];
          return last ? { seq: last.checkpoint.seq, ageMs: Date.now() - last.at } : null;
        },
        appendCheckpoint: async (checkpoint) => void this.checkpoints.push({ checkpoint, at: Date.now() }),
      });
    } finally {
      this.busy = false;
    }
  }

  /** A copy, like the log's in an audit view. */
  view(): SealView {
    const links = [...this.links];
    const checkpoints = this.checkpoints.map((entry) => entry.checkpoint);
    return {
      streamLinks: async (streamId) => links.filter((link) => link.streamId === streamId),
      links: async function* () {
        yield links;
      },
      checkpoints: async () => checkpoints,
      end: async () => links[links.length - 1]?.globalPosition ?? null,
    };
  }
}

class InMemoryEventStorage implements EventStorage {
  readonly personKeys = new InMemoryPersonKeyStore();
  private readonly log: StoredEvent[] = [];
  readonly sealStorage = new InMemorySealStorage(this.log);
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly checkpoints = new Map<string, GlobalPosition>();
  private readonly waker = new Waker();

  constructor(private readonly now: () => Date) {}

  async append(
    streamId: string,
    prepared: readonly PreparedEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    // No await: the check and the write are one atomic step on the event loop.
    const stream = this.streams.get(streamId) ?? [];
    const tip = stream[stream.length - 1];
    const actual: StreamState = tip ? tip.streamVersion : 'no-stream';
    const existing = prepared.map((event) => this.byId.get(event.eventId));
    if (existing.some((event) => event !== undefined) && (expected === 'any' || expected !== actual)) {
      const first = existing[0];
      const same =
        first !== undefined &&
        prepared.every((event, index) => {
          const stored = existing[index];
          return (
            stored !== undefined &&
            stored.streamId === streamId &&
            stored.streamVersion === first.streamVersion + index &&
            stored.type === event.type &&
            stored.schemaVersion === event.schemaVersion &&
            stored.dataJson === event.dataJson
          );
        });
      if (
        same &&
        first &&
        (expected === 'any' || first.streamVersion === (expected === 'no-stream' ? 0 : expected + 1))
      ) {
        return {
          nextExpectedVersion: first.streamVersion + prepared.length - 1,
          positions: existing.map((event) => (event as StoredEvent).globalPosition),
        };
      }
      const conflict = existing.find((event) => event !== undefined) as StoredEvent;
      throw new EventIdConflict(
        conflict.eventId,
        { streamId: conflict.streamId, streamVersion: conflict.streamVersion },
        streamId,
        'the stored event differs (type, schema version, data or place)',
      );
    }
    if (expected !== 'any' && expected !== actual) throw new WrongExpectedVersion(streamId, expected, actual);
    const clash = existing.find((event) => event !== undefined);
    if (clash)
      throw new EventIdConflict(
        clash.eventId,
        { streamId: clash.streamId, streamVersion: clash.streamVersion },
        streamId,
        'it is stored elsewhere',
      );
    if (prepared.length === 0) return { nextExpectedVersion: actual, positions: [] };
    const chained = chainEvents(
      streamId,
      tip ? { version: tip.streamVersion, hash: tip.hash, recordedAt: tip.recordedAt } : null,
      prepared,
      this.now(),
    );
    const positions = chained.map((link) => {
      const stored: StoredEvent = { ...link, globalPosition: globalPositionOf(0n, this.log.length + 1) };
      stream.push(stored);
      this.log.push(stored);
      this.byId.set(stored.eventId, stored);
      return stored.globalPosition;
    });
    this.streams.set(streamId, stream);
    this.waker.wake();
    return { nextExpectedVersion: stream.length - 1, positions };
  }

  async readStream(streamId: string, fromVersion: number, toVersion: number): Promise<StoredEvent[]> {
    return (this.streams.get(streamId) ?? []).filter(
      (event) => event.streamVersion >= fromVersion && event.streamVersion <= toVersion,
    );
  }

  async readPage(
    after: GlobalPosition,
    limit: number,
    filter: ReadAllFilter | undefined,
  ): Promise<ReadPage<StoredEvent>> {
    const start = this.log.findIndex((event) => event.globalPosition > after);
    if (start < 0) return { events: [], position: after, exhausted: true };
    const selected: StoredEvent[] = [];
    let position = after;
    let index = start;
    for (; index < this.log.length && selected.length < limit; index++) {
      const event = this.log[index] as StoredEvent;
      if (matchesFilter(event, filter)) selected.push(event);
      position = event.globalPosition;
    }
    return { events: selected, position, exhausted: index >= this.log.length };
  }

  async headPosition(): Promise<GlobalPosition> {
    return this.log[this.log.length - 1]?.globalPosition ?? GLOBAL_START;
  }

  appendWaker(): Waker {
    return this.waker;
  }

  async loadCheckpoint(name: string): Promise<GlobalPosition | null> {
    return this.checkpoints.get(name) ?? null;
  }

  async saveCheckpoint(
    name: string,
    expected: GlobalPosition | null,
    next: GlobalPosition,
  ): Promise<boolean> {
    if ((this.checkpoints.get(name) ?? null) !== expected) return false;
    this.checkpoints.set(name, next);
    return true;
  }

  inAuditView<T>(work: (view: AuditView) => Promise<T>): Promise<T> {
    // A copy: appends during the walk are not part of it.
    const log = [...this.log];
    return work({
      stream: async (streamId) => log.filter((event) => event.streamId === streamId),
      events: async function* (map) {
        yield log.map(map);
      },
      count: async () => log.length,
      seal: this.sealStorage.view(),
    });
  }

  async close(): Promise<void> {}
}
