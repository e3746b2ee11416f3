import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  StreamNotFoundError,
  WrongExpectedVersionError,
  type EventData,
  type Filter,
  type KurrentDBClient,
  type Position,
} from '@kurrent/kurrentdb-client';

interface Stored {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly created: Date;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position: Position;
}

type Revision = 'start' | 'end' | bigint;
type StreamState = 'any' | 'no_stream' | 'stream_exists' | bigint;

const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));
const before = (a: Position, b: Position): boolean =>
  a.commit < b.commit || (a.commit === b.commit && a.prepare < b.prepare);

function passes(filter: Filter | undefined, event: Stored): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === 'streamName' ? event.streamId : event.type;
  if ('prefixes' in filter) return filter.prefixes.some((prefix) => subject.startsWith(prefix));
  return new RegExp(filter.regex).test(subject);
}

/**
 * An in-process stand-in for the subset of the KurrentDB gRPC client the adapter uses, following the
 * server's documented semantics (stream revisions from 0, $all positions, inclusive `fromPosition`
 * reads, metadata in `$$<stream>`, optimistic concurrency on appends and metadata). It lets the
 * contract run against the adapter's own logic where no server is reachable; it is not a substitute
 * for running the contract against a real server (EVENTSTOREDB_URL).
 */
export class FakeKurrentDbClient {
  private readonly log: Stored[] = [];
  private readonly feed = new EventEmitter();

  async appendToStream(
    streamName: string,
    events: EventData | EventData[],
    options: { streamState?: StreamState } = {},
  ): Promise<{ success: true; nextExpectedRevision: bigint; position: Position }> {
    const list = Array.isArray(events) ? events : [events];
    const current = this.streamOf(streamName);
    const actual: bigint | 'no_stream' =
      current.length === 0 ? 'no_stream' : (current[current.length - 1] as Stored).revision;
    const expected = options.streamState ?? 'any';
    const ok =
      expected === 'any' || (expected === 'stream_exists' ? actual !== 'no_stream' : expected === actual);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName, expected, current: actual });
    let revision = actual === 'no_stream' ? -1n : actual;
    let position: Position = { commit: 0n, prepare: 0n };
    for (const event of list) {
      revision++;
      position = { commit: BigInt(this.log.length + 1) * 100n, prepare: BigInt(this.log.length + 1) * 100n };
      const stored: Stored = {
        streamId: streamName,
        id: event.id,
        revision,
        type: event.type,
        created: new Date(),
        data: clone(event.data),
        metadata: clone(event.metadata),
        position,
      };
      this.log.push(stored);
      this.feed.emit('data', { event: this.toRecorded(stored) });
    }
    return { success: true, nextExpectedRevision: revision, position };
  }

  readStream(
    streamName: string,
    options: {
      direction?: 'forwards' | 'backwards';
      fromRevision?: Revision;
      maxCount?: number | bigint;
    } = {},
  ): AsyncIterableIterator<{ event: unknown }> {
    const stream = this.streamOf(streamName);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    let selected = backwards ? [...stream].reverse() : stream;
    if (typeof from === 'bigint')
      selected = selected.filter((event) => (backwards ? event.revision <= from : event.revision >= from));
    selected = selected.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
    const records = selected.map((event) => ({ event: this.toRecorded(event) }));
    return (async function* () {
      if (stream.length === 0) throw new StreamNotFoundError(undefined, streamName);
      yield* records;
    })();
  }

  readAll(
    options: {
      direction?: 'forwards' | 'backwards';
      fromPosition?: 'start' | 'end' | Position;
      maxCount?: number | bigint;
      filter?: Filter;
    } = {},
  ): AsyncIterableIterator<{ event: unknown }> {
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    let selected = backwards ? [...this.log].reverse() : [...this.log];
    if (typeof from === 'object')
      selected = selected.filter((event) =>
        backwards ? !before(from, event.position) : !before(event.position, from),
      );
    selected = selected
      .filter((event) => passes(options.filter, event))
      .slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
    const records = selected.map((event) => ({ event: this.toRecorded(event) }));
    return (async function* () {
      yield* records;
    })();
  }

  subscribeToAll(options: { filter?: Filter } = {}): EventEmitter & { unsubscribe(): Promise<void> } {
    const subscription = Object.assign(new EventEmitter(), {
      unsubscribe: async () => {
        this.feed.off('data', forward);
      },
    });
    const forward = (resolved: { event: Stored }): void => {
      if (passes(options.filter, resolved.event)) subscription.emit('data', resolved);
    };
    this.feed.on('data', forward);
    return subscription;
  }

  async getStreamMetadata(
    streamName: string,
  ): Promise<{ streamName: string; metadata?: Record<string, unknown>; metastreamRevision?: bigint }> {
    const last = this.streamOf(`$$${streamName}`).at(-1);
    return last
      ? {
          streamName,
          metadata: clone(last.data) as Record<string, unknown>,
          metastreamRevision: last.revision,
        }
      : { streamName };
  }

  async setStreamMetadata(
    streamName: string,
    metadata: Record<string, unknown>,
    options: { expectedRevision?: StreamState } = {},
  ): Promise<unknown> {
    return this.appendToStream(
      `$$${streamName}`,
      [
        {
          id: randomUUID(),
          contentType: 'application/json',
          type: '$metadata',
          data: metadata,
          metadata: undefined,
        },
      ],
      {
        streamState: options.expectedRevision ?? 'any',
      },
    );
  }

  async dispose(): Promise<void> {
    this.feed.removeAllListeners();
  }

  asClient(): KurrentDBClient {
    return this as unknown as KurrentDBClient;
  }

  private streamOf(streamName: string): Stored[] {
    return this.log.filter((event) => event.streamId === streamName);
  }

  private toRecorded(event: Stored): Stored & { isJson: true } {
    return { ...event, data: clone(event.data), metadata: clone(event.metadata), isJson: true };
  }
}
