import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  Filter,
  JSONType,
  KurrentDBClient,
  Position,
  ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { GENESIS_HASH, hashEvent } from '../canonical';
import { InMemoryPersonKeyStore, MasterKey, type PersonKeyStore } from '../crypto/key-store';
import { PersonalDataProtector, type PersonalDataRule } from '../crypto/personal-data';
import { EventCodec, type PreparedEvent, type StoredEvent } from '../event-codec';
import type {
  AppendOptions,
  AppendResult,
  EventHandler,
  EventStore,
  ExpectedVersion,
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
import { EventIdConflict, EventStoreConfigError, InvalidEvent, WrongExpectedVersion } from '../errors';
import {
  GLOBAL_START,
  assertGlobalPosition,
  globalPositionOf,
  parseGlobalPosition,
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
import { ChainWalker, progressReporter, verifyFailure, type ChainLink } from '../verify-chain';

export interface KurrentDbEventStoreOptions {
  /** e.g. `kurrentdb://localhost:2113?tls=false` (EVENTSTOREDB_URL). */
  readonly connectionString?: string;
  readonly client?: KurrentDBClient;
  /**
   * Where person keys live. KurrentDB cannot physically delete a single event on demand (deletion
   * is a scavenge away), so keys must live elsewhere: pass a PostgresPersonKeyStore in production.
   * The default keeps them in memory (tests only).
   */
  readonly keyStore?: PersonKeyStore;
  readonly masterKey?: string | Uint8Array;
  readonly personalData?: readonly PersonalDataRule[];
  readonly upcasters?: readonly Upcaster[] | UpcasterRegistry;
}

/** Chain fields kept in each event's metadata: KurrentDB has no columns of our own. */
interface AccordChain {
  readonly v: 1;
  readonly schemaVersion: number;
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly hash: string;
}

const CHAIN_KEY = '$accord';
const CHECKPOINT_STREAM_PREFIX = 'accord-checkpoint-';
const METADATA_KEY = 'accord';
const MAX_ANY_RETRIES = 5;

type KurrentRecorded = NonNullable<ResolvedEvent['event']>;
/** The client library, loaded on first use: it pulls in gRPC, which services on PostgreSQL never need. */
type KurrentClientModule = typeof import('@kurrent/kurrentdb-client');

const START = 'start';
const END = 'end';
const FORWARDS = 'forwards';
const BACKWARDS = 'backwards';
const NO_STREAM = 'no_stream';

function toKurrentPosition(position: GlobalPosition): Position {
  const { major, minor } = parseGlobalPosition(position);
  return { commit: major, prepare: minor };
}

function fromKurrentPosition(position: Position | undefined): GlobalPosition {
  return position ? globalPositionOf(position.commit, position.prepare) : GLOBAL_START;
}

function splitMetadata(raw: unknown): { metadata: Record<string, unknown>; chain: AccordChain | null } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || raw instanceof Uint8Array)
    return { metadata: {}, chain: null };
  const { [CHAIN_KEY]: chain, ...metadata } = raw as Record<string, unknown>;
  return { metadata, chain: chain && typeof chain === 'object' ? (chain as AccordChain) : null };
}

function toStored(event: KurrentRecorded, position?: Position): StoredEvent {
  const { metadata, chain } = splitMetadata(event.metadata);
  return {
    streamId: event.streamId,
    streamVersion: Number(event.revision),
    eventId: event.id,
    type: event.type,
    schemaVersion: chain?.schemaVersion ?? 1,
    dataJson: JSON.stringify(event.isJson ? event.data : null),
    metadataJson: JSON.stringify(metadata),
    recordedAt: chain?.recordedAt ?? event.created.toISOString(),
    globalPosition: fromKurrentPosition(position ?? event.position),
    hash: chain?.hash ?? '',
    prevHash: chain?.prevHash ?? '',
  };
}

function isUserEvent(event: KurrentRecorded | undefined): event is KurrentRecorded {
  return (
    event !== undefined &&
    !event.streamId.startsWith('$') &&
    !event.type.startsWith('$') &&
    !event.streamId.startsWith(CHECKPOINT_STREAM_PREFIX)
  );
}

function kurrentFilter(k: KurrentClientModule, filter: ReadAllFilter | undefined): Filter {
  if (filter?.streamPrefix !== undefined) return k.streamNameFilter({ prefixes: [filter.streamPrefix] });
  if (filter?.types !== undefined && filter.types.length > 0)
    return k.eventTypeFilter({ prefixes: [...filter.types] });
  return k.excludeSystemEvents();
}

/**
 * The port over KurrentDB (EventStoreDB's successor). Same contract; the differences (client-side
 * recordedAt, no global seal, best-effort idempotency for expectedVersion 'any', stream deletion is
 * possible server-side) are listed in libs/event-store/README.md.
 */
export class KurrentDbEventStore implements EventStore {
  readonly client: KurrentDBClient;
  private readonly codec: EventCodec;
  private readonly waker = new Waker();
  private readonly subscriptions = new Set<PollingSubscription>();
  private liveFeed: AllStreamSubscription | null = null;

  private constructor(
    private readonly k: KurrentClientModule,
    options: KurrentDbEventStoreOptions,
  ) {
    if (!options.client && !options.connectionString)
      throw new EventStoreConfigError(
        'KurrentDbEventStore needs a client or a connectionString (e.g. EVENTSTOREDB_URL)',
      );
    this.client = options.client ?? k.KurrentDBClient.connectionString(options.connectionString as string);
    const upcasters =
      options.upcasters instanceof UpcasterRegistry
        ? options.upcasters
        : new UpcasterRegistry(options.upcasters ?? []);
    const masterKey = options.masterKey === undefined ? undefined : new MasterKey(options.masterKey);
    this.codec = new EventCodec(
      new PersonalDataProtector(
        options.personalData ?? [],
        options.keyStore ?? new InMemoryPersonKeyStore(),
        masterKey,
      ),
      upcasters,
    );
  }

  static async connect(options: KurrentDbEventStoreOptions): Promise<KurrentDbEventStore> {
    return new KurrentDbEventStore(await import('@kurrent/kurrentdb-client'), options);
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent<string, object>[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const expected = validateExpectedVersion(options);
    const prepared = await this.codec.prepare(streamId, events);
    for (let attempt = 0; ; attempt++) {
      const last = await this.lastEvent(streamId);
      const actual: StreamState = last ? Number(last.revision) : 'no-stream';
      if (expected !== 'any' && expected !== actual) {
        const replay = await this.replayOf(streamId, expected, prepared);
        if (replay) return replay;
        throw new WrongExpectedVersion(streamId, expected, actual);
      }
      if (prepared.length === 0) return { nextExpectedVersion: actual, positions: [] };
      const chainStart = last ? splitMetadata(last.metadata).chain : null;
      const base = typeof actual === 'number' ? actual : -1;
      const now = new Date().toISOString();
      const recordedAt = chainStart && chainStart.recordedAt > now ? chainStart.recordedAt : now;
      let prevHash = chainStart?.hash ?? GENESIS_HASH;
      const toWrite = prepared.map((event, index) => {
        const data = JSON.parse(event.dataJson) as Record<string, unknown>;
        const metadata = JSON.parse(event.metadataJson) as Record<string, unknown>;
        const streamVersion = base + index + 1;
        const hash = hashEvent(prevHash, {
          streamId,
          streamVersion,
          eventId: event.eventId,
          type: event.type,
          schemaVersion: event.schemaVersion,
          data,
          metadata,
          recordedAt,
        });
        const chain: AccordChain = { v: 1, schemaVersion: event.schemaVersion, recordedAt, prevHash, hash };
        prevHash = hash;
        return this.k.jsonEvent({
          id: event.eventId,
          type: event.type,
          data: data as JSONType,
          metadata: { ...metadata, [CHAIN_KEY]: chain },
        });
      });
      try {
        await this.client.appendToStream(streamId, toWrite, {
          streamState: base < 0 ? NO_STREAM : BigInt(base),
        });
      } catch (error) {
        if (error instanceof this.k.WrongExpectedVersionError) {
          if (expected === 'any' && attempt < MAX_ANY_RETRIES) continue;
          const replay = await this.replayOf(streamId, expected === 'any' ? actual : expected, prepared);
          if (replay) return replay;
          const now = await this.lastEvent(streamId);
          throw new WrongExpectedVersion(streamId, expected, now ? Number(now.revision) : 'no-stream');
        }
        throw error;
      }
      const written = await this.readRaw(streamId, base + 1, prepared.length);
      return {
        nextExpectedVersion: base + prepared.length,
        positions: written.map((event) => fromKurrentPosition(event.position)),
      };
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    const from = options.fromVersion ?? 0;
    const to = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(from) || from < 0)
      throw new InvalidEvent('fromVersion', 'must be an integer ≥ 0');
    const asOf = options.asOf?.toISOString();
    const raw = await this.readRaw(
      streamId,
      from,
      to === Number.MAX_SAFE_INTEGER ? undefined : to - from + 1,
    );
    const stored = raw
      .map((event) => toStored(event))
      .filter((event) => event.streamVersion <= to && (asOf === undefined || event.recordedAt <= asOf));
    return this.codec.decode(stored);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? 1000;
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new InvalidEvent('limit', 'must be a positive integer');
    const filter = validateFilter(options.filter);
    let position = options.after === undefined ? GLOBAL_START : assertGlobalPosition(options.after, 'after');
    const events: RecordedEvent[] = [];
    for (;;) {
      const page = await this.readPage(position, limit - events.length, filter);
      events.push(...page.events);
      position = page.position;
      if (page.exhausted || events.length >= limit) return events;
    }
  }

  async headPosition(): Promise<GlobalPosition> {
    for await (const resolved of this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
      filter: this.k.excludeSystemEvents(),
    })) {
      if (resolved.event) return fromKurrentPosition(resolved.event.position);
    }
    return GLOBAL_START;
  }

  subscribeToAll(options: SubscribeToAllOptions, handler: EventHandler): Subscription {
    this.ensureLiveFeed();
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
    assertStreamId(streamId);
    const result = await this.client.getStreamMetadata(streamId);
    const custom = result.metadata?.[METADATA_KEY];
    return custom && typeof custom === 'object' ? (custom as StreamMetadata) : null;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    assertStreamId(streamId);
    // Namespaced: top-level keys such as maxAge or truncateBefore are KurrentDB retention settings.
    await this.client.setStreamMetadata(streamId, {
      [METADATA_KEY]: JSON.parse(JSON.stringify(metadata)) as unknown,
    });
  }

  async loadCheckpoint(name: string): Promise<GlobalPosition | null> {
    const result = await this.client.getStreamMetadata(`${CHECKPOINT_STREAM_PREFIX}${name}`);
    const position = result.metadata?.['position'];
    return typeof position === 'string' ? assertGlobalPosition(position) : null;
  }

  /** CAS on the checkpoint stream's metadata revision: KurrentDB's optimistic concurrency does the compare. */
  async saveCheckpoint(
    name: string,
    expected: GlobalPosition | null,
    next: GlobalPosition,
  ): Promise<boolean> {
    assertGlobalPosition(next, 'next');
    const stream = `${CHECKPOINT_STREAM_PREFIX}${name}`;
    const current = await this.client.getStreamMetadata(stream);
    const stored = current.metadata?.['position'];
    if ((typeof stored === 'string' ? stored : null) !== expected) return false;
    try {
      await this.client.setStreamMetadata(
        stream,
        { position: next },
        { expectedRevision: current.metastreamRevision ?? NO_STREAM },
      );
      return true;
    } catch (error) {
      if (error instanceof this.k.WrongExpectedVersionError) return false;
      throw error;
    }
  }

  async erasePerson(personId: string): Promise<void> {
    await this.codec.protector.erase(personId);
  }

  async verifyStream(streamId: string): Promise<VerifyResult> {
    const walker = new ChainWalker();
    for (const event of await this.readRaw(streamId, 0)) {
      const failure = checkKurrentLink(walker, event);
      if (failure) return failure;
    }
    return { intact: true, checked: walker.checked };
  }

  /** Best effort: every stream's chain, in one pass over $all. There is no global seal here. */
  async verifyAll(options?: VerifyAllOptions): Promise<VerifyResult> {
    const walker = new ChainWalker();
    const progress = progressReporter(options, null);
    for await (const resolved of this.client.readAll({
      fromPosition: START,
      direction: FORWARDS,
      filter: this.k.excludeSystemEvents(),
    })) {
      if (!isUserEvent(resolved.event)) continue;
      const failure = checkKurrentLink(walker, resolved.event);
      if (failure) return failure;
      progress.step(walker.checked);
    }
    progress.done(walker.checked);
    return { intact: true, checked: walker.checked };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    const feed = this.liveFeed;
    this.liveFeed = null;
    await feed?.unsubscribe().catch(() => undefined);
    await this.client.dispose();
  }

  private async readPage(
    after: GlobalPosition,
    limit: number,
    filter: ReadAllFilter | undefined,
  ): Promise<ReadPage> {
    // readAll includes the event at fromPosition; ask for one more and drop it.
    const maxCount = limit + 1;
    const matched: StoredEvent[] = [];
    let position = after;
    let returned = 0;
    for await (const resolved of this.client.readAll({
      fromPosition: after === GLOBAL_START ? START : toKurrentPosition(after),
      direction: FORWARDS,
      maxCount,
      filter: kurrentFilter(this.k, filter),
    })) {
      returned++;
      const event = (resolved as AllStreamResolvedEvent).event;
      if (!event) continue;
      const eventPosition = fromKurrentPosition(event.position);
      if (eventPosition <= after) continue;
      if (matched.length === limit) break;
      position = eventPosition;
      if (isUserEvent(event) && matchesFilter(event, filter)) matched.push(toStored(event, event.position));
    }
    return { events: await this.codec.decode(matched), position, exhausted: returned < maxCount };
  }

  private ensureLiveFeed(): void {
    if (this.liveFeed) return;
    // Used only as a doorbell: the polling loop does the reading, so catch-up and live share one path.
    const feed = this.client.subscribeToAll({ fromPosition: END, filter: this.k.excludeSystemEvents() });
    feed.on('data', () => this.waker.wake());
    feed.on('error', () => {
      if (this.liveFeed === feed) this.liveFeed = null;
    });
    this.liveFeed = feed;
  }

  private async lastEvent(streamId: string): Promise<KurrentRecorded | null> {
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        if (resolved.event) return resolved.event;
      }
    } catch (error) {
      if (error instanceof this.k.StreamNotFoundError) return null;
      throw error;
    }
    return null;
  }

  private async readRaw(
    streamId: string,
    fromVersion: number,
    maxCount?: number,
  ): Promise<KurrentRecorded[]> {
    const events: KurrentRecorded[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        fromRevision: BigInt(fromVersion),
        direction: FORWARDS,
        ...(maxCount ? { maxCount } : {}),
      })) {
        if (resolved.event) events.push(resolved.event);
      }
    } catch (error) {
      if (error instanceof this.k.StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /** When the stream moved past `expected`, is it because these very events were appended before? */
  private async replayOf(
    streamId: string,
    expected: ExpectedVersion,
    prepared: readonly PreparedEvent[],
  ): Promise<AppendResult | null> {
    if (expected === 'any' || prepared.length === 0) return null;
    const from = expected === 'no-stream' ? 0 : expected + 1;
    const stored = await this.readRaw(streamId, from, prepared.length);
    const ids = new Set(prepared.map((event) => event.eventId));
    const overlapping = stored.filter((event) => ids.has(event.id));
    if (overlapping.length === 0) return null;
    const same =
      stored.length === prepared.length &&
      prepared.every((event, index) => {
        const candidate = stored[index];
        if (!candidate || candidate.id !== event.eventId || candidate.type !== event.type) return false;
        const { chain } = splitMetadata(candidate.metadata);
        return (
          (chain?.schemaVersion ?? 1) === event.schemaVersion &&
          toStored(candidate).dataJson === JSON.stringify(JSON.parse(event.dataJson))
        );
      });
    if (same)
      return {
        nextExpectedVersion: from + prepared.length - 1,
        positions: stored.map((event) => fromKurrentPosition(event.position)),
      };
    const conflict = overlapping[0] as KurrentRecorded;
    throw new EventIdConflict(
      conflict.id,
      { streamId, streamVersion: Number(conflict.revision) },
      streamId,
      'the stored event differs (type, schema version or data)',
    );
  }
}

function checkKurrentLink(walker: ChainWalker, event: KurrentRecorded): ReturnType<ChainWalker['check']> {
  const stored = toStored(event);
  if (!stored.hash) {
    return verifyFailure(
      walker.checked,
      'unreadable',
      stored,
      'an Accord hash chain in the event metadata',
      'none',
      `${stored.streamId}@${stored.streamVersion} was not written through the Accord event store`,
    );
  }
  const link: ChainLink = {
    ...stored,
    data: JSON.parse(stored.dataJson),
    metadata: JSON.parse(stored.metadataJson),
  };
  return walker.check(link);
}
