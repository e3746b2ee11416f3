import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  Filter,
  JSONType,
  KurrentDBClient,
  Position,
  ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { InMemoryPersonKeyStore, type PersonKeyStore } from '../crypto/key-store';
import type { PreparedEvent, StoredEvent } from '../event-codec';
import type { AuditView, EventStorage } from '../event-storage.port';
import type { AppendResult, ExpectedVersion, ReadAllFilter, StreamState } from '../event-store.port';
import { EventIdConflict, EventStoreConfigError, WrongExpectedVersion } from '../errors';
import {
  GLOBAL_START,
  assertGlobalPosition,
  globalPositionOf,
  parseGlobalPosition,
  type GlobalPosition,
} from '../global-position';
import { chainEvents } from '../hash-chain';
import { LayeredEventStore, type EventStoreLayers } from '../layered-event-store';
import { Waker, matchesFilter, type ReadPage } from '../subscription-loop';

export interface KurrentDbEventStoreOptions extends Omit<EventStoreLayers, 'sealPublicKey'> {
  /** e.g. `kurrentdb://localhost:2113?tls=false` (EVENTSTOREDB_URL). */
  readonly connectionString?: string;
  readonly client?: KurrentDBClient;
  /**
   * Where person keys live. KurrentDB cannot physically delete a single event on demand (deletion
   * is a scavenge away), so keys must live elsewhere: pass a PostgresPersonKeyStore in production.
   * The default keeps them in memory (tests only).
   */
  readonly keyStore?: PersonKeyStore;
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

/** What servers before KurrentDB PR #3459 (EventStoreDB 22.6) report as the position of a stream read. */
const NO_POSITION = 18_446_744_073_709_551_615n;

function fromKurrentPosition(position: Position | undefined): GlobalPosition {
  if (!position || position.commit === NO_POSITION)
    throw new EventStoreConfigError(
      'this KurrentDB server does not report $all positions on stream reads; Accord needs KurrentDB, or EventStoreDB 22.10 or later',
    );
  return globalPositionOf(position.commit, position.prepare);
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
 * The layers over KurrentDB (EventStoreDB's successor). Same contract; the differences (client-side
 * recordedAt, no global seal, best-effort idempotency for expectedVersion 'any', stream deletion is
 * possible server-side) are listed in libs/event-store/README.md.
 */
export class KurrentDbEventStore extends LayeredEventStore {
  private constructor(
    readonly client: KurrentDBClient,
    storage: KurrentDbEventStorage,
    options: KurrentDbEventStoreOptions,
  ) {
    super(storage, options);
  }

  /** Loads the client library on first use: it pulls in gRPC, which services on PostgreSQL never need. */
  static async connect(options: KurrentDbEventStoreOptions): Promise<KurrentDbEventStore> {
    if (!options.client && !options.connectionString)
      throw new EventStoreConfigError(
        'KurrentDbEventStore needs a client or a connectionString (e.g. EVENTSTOREDB_URL)',
      );
    const k = await import('@kurrent/kurrentdb-client');
    const client = options.client ?? k.KurrentDBClient.connectionString(options.connectionString as string);
    return new KurrentDbEventStore(
      client,
      new KurrentDbEventStorage(k, client, options.keyStore ?? new InMemoryPersonKeyStore()),
      options,
    );
  }
}

class KurrentDbEventStorage implements EventStorage {
  private readonly waker = new Waker();
  private liveFeed: AllStreamSubscription | null = null;

  constructor(
    private readonly k: KurrentClientModule,
    private readonly client: KurrentDBClient,
    readonly personKeys: PersonKeyStore,
  ) {}

  async append(
    streamId: string,
    prepared: readonly PreparedEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    for (let attempt = 0; ; attempt++) {
      const last = await this.lastEvent(streamId);
      const actual: StreamState = last ? Number(last.revision) : 'no-stream';
      if (expected !== 'any' && expected !== actual) {
        const replay = await this.replayOf(streamId, expected, prepared);
        if (replay) return replay;
        throw new WrongExpectedVersion(streamId, expected, actual);
      }
      if (prepared.length === 0) return { nextExpectedVersion: actual, positions: [] };
      const tip = last ? toStored(last) : null;
      const base = typeof actual === 'number' ? actual : -1;
      const toWrite = chainEvents(
        streamId,
        tip?.hash ? { version: base, hash: tip.hash, recordedAt: tip.recordedAt } : null,
        prepared,
        new Date(),
      ).map((event) => {
        const chain: AccordChain = {
          v: 1,
          schemaVersion: event.schemaVersion,
          recordedAt: event.recordedAt,
          prevHash: event.prevHash,
          hash: event.hash,
        };
        return this.k.jsonEvent({
          id: event.eventId,
          type: event.type,
          data: JSON.parse(event.dataJson) as JSONType,
          metadata: { ...(JSON.parse(event.metadataJson) as Record<string, unknown>), [CHAIN_KEY]: chain },
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

  async readStream(streamId: string, fromVersion: number, toVersion: number): Promise<StoredEvent[]> {
    const count = toVersion === Number.MAX_SAFE_INTEGER ? undefined : toVersion - fromVersion + 1;
    const raw = count === undefined || count > 0 ? await this.readRaw(streamId, fromVersion, count) : [];
    return raw.map((event) => toStored(event)).filter((event) => event.streamVersion <= toVersion);
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

  appendWaker(): Waker {
    this.ensureLiveFeed();
    return this.waker;
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

  inAuditView<T>(work: (view: AuditView) => Promise<T>): Promise<T> {
    // No snapshot: the walk reads the log as it goes. There is no global seal here (README).
    const { client, k } = this;
    return work({
      stream: async (streamId) => (await this.readRaw(streamId, 0)).map((event) => toStored(event)),
      events: async function* (map) {
        for await (const resolved of client.readAll({
          fromPosition: START,
          direction: FORWARDS,
          filter: k.excludeSystemEvents(),
        })) {
          if (isUserEvent(resolved.event)) yield [map(toStored(resolved.event))];
        }
      },
      count: async () => null,
      seal: null,
    });
  }

  async close(): Promise<void> {
    const feed = this.liveFeed;
    this.liveFeed = null;
    await feed?.unsubscribe().catch(() => undefined);
    await this.client.dispose();
  }

  async readPage(
    after: GlobalPosition,
    limit: number,
    filter: ReadAllFilter | undefined,
  ): Promise<ReadPage<StoredEvent>> {
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
    return { events: matched, position, exhausted: returned < maxCount };
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
