import type { PersonKeyStore } from './crypto/key-store';
import type { PersonKeyCache } from './crypto/person-key-cache';
import type { PreparedEvent, StoredEvent } from './event-codec';
import type { AppendResult, ExpectedVersion, ReadAllFilter } from './event-store.port';
import type { GlobalPosition } from './global-position';
import type { SealCheckpoint, SealLink, SealStorage } from './seal';
import type { ReadPage, Waker } from './subscription-loop';

/**
 * What an adapter implements: the narrow port in stored form. Events arrive validated, with
 * personal fields already encrypted and data and metadata as canonical JSON (`PreparedEvent`), and
 * leave as stored (`StoredEvent`: ciphertext, schema version as written, hash chain). Everything
 * else — validation, crypto-shredding, upcasting, paging, subscriptions, as-of reads, verification —
 * is a layer in `LayeredEventStore` that every adapter gets.
 */
/** What an append stored; `stored`, where the adapter has it at hand, spares reading the events back. */
export interface StorageAppendResult extends AppendResult {
  readonly stored?: readonly StoredEvent[];
}

export interface EventStorage {
  /**
   * Appends at the expected version, each event chained onto its stream (`hash-chain.ts`: the
   * adapter computes the chain or, like PostgreSQL, has the database compute the same function).
   * The same event ids at the same place again return the original result and store nothing; the
   * same id with other content is `EventIdConflict`; a stale expectation is `WrongExpectedVersion`.
   */
  append(
    streamId: string,
    events: readonly PreparedEvent[],
    expected: ExpectedVersion,
  ): Promise<StorageAppendResult>;
  /** The stream's events from `fromVersion` to `toVersion` (both inclusive), in version order. */
  readStream(streamId: string, fromVersion: number, toVersion: number): Promise<StoredEvent[]>;
  /** One window of the settled log after `after` (exclusive), at most `limit` matching events. */
  readPage(
    after: GlobalPosition,
    limit: number,
    filter: ReadAllFilter | undefined,
  ): Promise<ReadPage<StoredEvent>>;
  headPosition(): Promise<GlobalPosition>;
  /** Rings when new events may be readable; asked for when the first subscription starts. */
  appendWaker(): Waker;
  loadCheckpoint(name: string): Promise<GlobalPosition | null>;
  /** Compare-and-set, see `EventStore.saveCheckpoint`. */
  saveCheckpoint(name: string, expected: GlobalPosition | null, next: GlobalPosition): Promise<boolean>;
  /** Where the wrapped per-person data keys live (deleting one is erasure). */
  readonly personKeys: PersonKeyStore;
  /** Person keys remembered between reads, where the adapter hears every erasure (PostgreSQL). */
  readonly personKeyCache?: PersonKeyCache;
  /** Where the adapter keeps a global seal, if it keeps one: the sealing layer writes it. */
  readonly sealStorage?: SealStorage;
  /** Runs `work` over one consistent view of the stored log: what verification reads. */
  inAuditView<T>(work: (view: AuditView) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The stored log as verification reads it: exactly as stored, sealed or not. */
export interface AuditView {
  /** Every stored event of the stream, in version order. */
  stream(streamId: string): Promise<StoredEvent[]>;
  /**
   * Every stored event, in global order, a page at a time (a verifier walks hundreds of thousands),
   * each passed through `map` as it is read: a walk keeps only what it needs of each event.
   */
  events<T>(map: (event: StoredEvent) => T): AsyncIterable<readonly T[]>;
  /** How many events `events()` will yield, or null where that is not cheap to tell. */
  count(): Promise<number | null>;
  /** The global seal, where the adapter keeps one. */
  readonly seal: SealView | null;
}

export interface SealView {
  /** The seal links of one stream, in version order. */
  streamLinks(streamId: string): Promise<SealLink[]>;
  /** Every seal link, in seal order, a page at a time. */
  links(): AsyncIterable<readonly SealLink[]>;
  /** Every signed checkpoint, in seal order. */
  checkpoints(): Promise<SealCheckpoint[]>;
  /** The position of the newest seal link; null: nothing is sealed yet. */
  end(): Promise<GlobalPosition | null>;
}
