import { randomBytes } from 'node:crypto';
import { GENESIS_HASH, hashEvent } from '../canonical';
import { InMemoryPersonKeyStore, MasterKey } from '../crypto/key-store';
import { PersonalDataProtector, type PersonalDataRule } from '../crypto/personal-data';
import { EventCodec, type StoredEvent } from '../event-codec';
import type {
  AppendOptions,
  AppendResult,
  EventHandler,
  EventStore,
  NewEvent,
  ReadAllFilter,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  StreamState,
  SubscribeToAllOptions,
  Subscription,
  VerifyAllOptions,
  VerifyResult,
} from '../event-store.port';
import { EventIdConflict, InvalidEvent, WrongExpectedVersion } from '../errors';
import {
  GLOBAL_START,
  assertGlobalPosition,
  globalPositionOf,
  type GlobalPosition,
} from '../global-position';
import { assertStreamId } from '../stream-name';
import {
  PollingSubscription,
  Waker,
  matchesFilter,
  validateFilter,
  type ReadPage,
} from '../subscription-loop';
import { UpcasterRegistry, type Upcaster } from '../upcasting';
import { validateExpectedVersion } from '../validation';
import { ChainWalker, progressReporter, type ChainLink } from '../verify-chain';

export interface InMemoryEventStoreOptions {
  readonly personalData?: readonly PersonalDataRule[];
  readonly upcasters?: readonly Upcaster[] | UpcasterRegistry;
  /** Defaults to a random key: personal data works, and is gone with the process. */
  readonly masterKey?: string | Uint8Array;
  /** Clock for recordedAt (tests of as-of reads); default the system clock. */
  readonly now?: () => Date;
}

/**
 * The port in memory, for unit tests of handlers and projections: same validation, hashing,
 * encryption, upcasting and idempotency rules as the PostgreSQL adapter, no durability.
 */
export class InMemoryEventStore implements EventStore {
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly lastRecordedAt = new Map<string, string>();
  private readonly streamMetadata = new Map<string, StreamMetadata>();
  private readonly checkpoints = new Map<string, GlobalPosition>();
  private readonly codec: EventCodec;
  private readonly waker = new Waker();
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly now: () => Date;

  constructor(options: InMemoryEventStoreOptions = {}) {
    const upcasters =
      options.upcasters instanceof UpcasterRegistry
        ? options.upcasters
        : new UpcasterRegistry(options.upcasters ?? []);
    const masterKey = new MasterKey(options.masterKey ?? randomBytes(32));
    this.codec = new EventCodec(
      new PersonalDataProtector(options.personalData ?? [], new InMemoryPersonKeyStore(), masterKey),
      upcasters,
    );
    this.now = options.now ?? (() => new Date());
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent<string, object>[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const expected = validateExpectedVersion(options);
    const prepared = await this.codec.prepare(streamId, events);
    // From here on no await: the check and the write are one atomic step on the event loop.
    const stream = this.streams.get(streamId) ?? [];
    const actual: StreamState = stream.length === 0 ? 'no-stream' : stream.length - 1;
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

    const now = this.now().toISOString();
    const previousAt = this.lastRecordedAt.get(streamId);
    const recordedAt = previousAt && previousAt > now ? previousAt : now;
    let prevHash = stream[stream.length - 1]?.hash ?? GENESIS_HASH;
    const positions: GlobalPosition[] = [];
    for (const event of prepared) {
      const streamVersion = stream.length;
      const fields = {
        streamId,
        streamVersion,
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        recordedAt,
      };
      const hash = hashEvent(prevHash, {
        ...fields,
        data: JSON.parse(event.dataJson),
        metadata: JSON.parse(event.metadataJson),
      });
      const stored: StoredEvent = {
        ...fields,
        dataJson: event.dataJson,
        metadataJson: event.metadataJson,
        globalPosition: globalPositionOf(0n, this.log.length + 1),
        hash,
        prevHash,
      };
      stream.push(stored);
      this.log.push(stored);
      this.byId.set(event.eventId, stored);
      positions.push(stored.globalPosition);
      prevHash = hash;
    }
    this.streams.set(streamId, stream);
    this.lastRecordedAt.set(streamId, recordedAt);
    this.waker.wake();
    return { nextExpectedVersion: stream.length - 1, positions };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    const from = options.fromVersion ?? 0;
    const to = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    const asOf = options.asOf?.toISOString();
    const selected = (this.streams.get(streamId) ?? []).filter(
      (event) =>
        event.streamVersion >= from &&
        event.streamVersion <= to &&
        (asOf === undefined || event.recordedAt <= asOf),
    );
    return this.codec.decode(selected);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? 1000;
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new InvalidEvent('limit', 'must be a positive integer');
    const page = await this.readPage(
      options.after === undefined ? GLOBAL_START : assertGlobalPosition(options.after, 'after'),
      limit,
      validateFilter(options.filter),
    );
    return [...page.events];
  }

  async headPosition(): Promise<GlobalPosition> {
    return this.log[this.log.length - 1]?.globalPosition ?? GLOBAL_START;
  }

  subscribeToAll(options: SubscribeToAllOptions, handler: EventHandler): Subscription {
    const subscription = new PollingSubscription(
      options,
      handler,
      (after, limit, filter) => this.readPage(after, limit, filter),
      this.waker,
      (done) => this.subscriptions.delete(done),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata | null> {
    return this.streamMetadata.get(streamId) ?? null;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    assertStreamId(streamId);
    this.streamMetadata.set(streamId, JSON.parse(JSON.stringify(metadata)) as StreamMetadata);
  }

  async loadCheckpoint(name: string): Promise<GlobalPosition | null> {
    return this.checkpoints.get(name) ?? null;
  }

  async saveCheckpoint(
    name: string,
    expected: GlobalPosition | null,
    next: GlobalPosition,
  ): Promise<boolean> {
    assertGlobalPosition(next, 'next');
    if ((this.checkpoints.get(name) ?? null) !== expected) return false;
    this.checkpoints.set(name, next);
    return true;
  }

  async erasePerson(personId: string): Promise<void> {
    await this.codec.protector.erase(personId);
  }

  async verifyStream(streamId: string): Promise<VerifyResult> {
    const walker = new ChainWalker();
    for (const event of this.streams.get(streamId) ?? []) {
      const failure = walker.check(toLink(event));
      if (failure) return failure;
    }
    return { intact: true, checked: walker.checked };
  }

  async verifyAll(options?: VerifyAllOptions): Promise<VerifyResult> {
    const walker = new ChainWalker();
    const progress = progressReporter(options, this.log.length);
    for (const event of this.log) {
      const failure = walker.check(toLink(event));
      if (failure) return failure;
      progress.step(walker.checked);
    }
    progress.done(walker.checked);
    return { intact: true, checked: walker.checked };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
  }

  private async readPage(
    after: GlobalPosition,
    limit: number,
    filter: ReadAllFilter | undefined,
  ): Promise<ReadPage> {
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
    return { events: await this.codec.decode(selected), position, exhausted: index >= this.log.length };
  }
}

function toLink(event: StoredEvent): ChainLink {
  return { ...event, data: JSON.parse(event.dataJson), metadata: JSON.parse(event.metadataJson) };
}
