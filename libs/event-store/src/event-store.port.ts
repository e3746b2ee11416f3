import type { GlobalPosition } from './global-position';

/**
 * The audit trail of one event: who did it, for whom, why, under which rule, and when it happened
 * in the world (`occurredAt`, from the command) as opposed to when it was stored (`recordedAt`).
 */
export interface EventMetadata {
  readonly correlationId: string;
  readonly causationId: string;
  /** Who acted (user id, or `system:<component>` for automated steps). */
  readonly actor: string;
  /** The agency the actor works for. */
  readonly agency?: string;
  /** The person or agency the actor acted for, when not themselves. */
  readonly onBehalfOf?: string;
  readonly reason?: string;
  /** Version of the rule set a decision was made under (eligibility rules, consent policy…). */
  readonly ruleVersion?: string;
  /** W3C trace context of the request that caused the event. */
  readonly traceparent?: string;
  /** ISO-8601 instant. */
  readonly occurredAt: string;
}

/** The metadata keys an event may carry; anything else is refused so the audit trail keeps one shape. */
export const EVENT_METADATA_KEYS = [
  'correlationId',
  'causationId',
  'actor',
  'agency',
  'onBehalfOf',
  'reason',
  'ruleVersion',
  'traceparent',
  'occurredAt',
] as const satisfies readonly (keyof EventMetadata)[];

/** An event to append. `data` must be JSON: plain objects, arrays, strings, finite numbers, booleans, null. */
export interface NewEvent<Type extends string = string, Data extends object = Record<string, unknown>> {
  /** UUID; the same id appended twice at the same place is a no-op (idempotency). */
  readonly eventId: string;
  readonly type: Type;
  /** Integer ≥ 1; older versions are upcast on read. */
  readonly schemaVersion: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data extends object = Record<string, unknown>>
  extends NewEvent<Type, Data> {
  readonly streamId: string;
  /** 0 for a stream's first event. */
  readonly streamVersion: number;
  readonly globalPosition: GlobalPosition;
  /** ISO-8601 instant at millisecond precision, assigned by the store. */
  readonly recordedAt: string;
  /** Hex SHA-256 of `prevHash ‖ canonical(event)`, over the data as stored (ciphertext for personal fields). */
  readonly hash: string;
  readonly prevHash: string;
}

/**
 * `number`: the version of the stream's last event (0-based), `'no-stream'`: the stream has no
 * events yet, `'any'`: skip the check (idempotency is then best-effort on some adapters).
 */
export type ExpectedVersion = number | 'no-stream' | 'any';

/** What a stream holds now: the version of its last event, or `'no-stream'`. */
export type StreamState = number | 'no-stream';

export interface AppendOptions {
  readonly expectedVersion: ExpectedVersion;
}

export interface AppendResult {
  /** Version of the last event appended (pass it as `expectedVersion` next time). */
  readonly nextExpectedVersion: StreamState;
  /** One per appended event, in order. */
  readonly positions: readonly GlobalPosition[];
  /**
   * The appended events as a read of the stream would return them, without reading them back;
   * absent where the adapter cannot tell (then read them).
   */
  readonly recorded?: () => Promise<RecordedEvent[]>;
}

export interface ReadStreamOptions {
  /** Inclusive. */
  readonly fromVersion?: number;
  /** Inclusive. */
  readonly toVersion?: number;
}

export interface ReadAllFilter {
  /** e.g. `screening.` for every stream of a service, or `screening.Screening-` for one aggregate type. */
  readonly streamPrefix?: string;
  readonly types?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive; defaults to the start of the log. */
  readonly after?: GlobalPosition;
  /** At most this many events (default 1000). */
  readonly limit?: number;
  readonly filter?: ReadAllFilter;
  /**
   * Personal fields stay encrypted as stored (`enc:v1:…:<personId>` strings), for copies that leave
   * the store, such as the relay's Kafka messages: an erasure then shreds the copies too. Whoever
   * needs them reads them with `revealPersonalData`.
   */
  readonly sealed?: boolean;
}

export interface ReadAllPage {
  readonly events: RecordedEvent[];
  readonly position: GlobalPosition;
}

export type EventHandler = (event: RecordedEvent) => void | Promise<void>;

export interface SubscribeToAllOptions {
  /** Exclusive; defaults to the start of the log. */
  readonly after?: GlobalPosition;
  readonly filter?: ReadAllFilter;
  /** Events fetched per read while catching up (default 500). */
  readonly batchSize?: number;
  /** Polling fallback when no notification arrives (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /**
   * Called when the handler throws or reading keeps failing; the subscription has stopped by then.
   * Without it, the error is only visible through `done`.
   */
  readonly onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Last position the handler finished with (or scanned past, when a filter skipped events). */
  readonly position: GlobalPosition;
  /** True once the subscription has caught up with the log at least once. */
  readonly isLive: boolean;
  /** Resolves when stopped, rejects with the error that stopped it. */
  readonly done: Promise<void>;
  /** Stops after the event being handled, if any; resolves when stopped. */
  stop(): Promise<void>;
}

export const VERIFY_FAILURE_REASONS = [
  'hash-mismatch',
  'prev-hash-mismatch',
  'version-gap',
  'event-missing',
  'unsealed-event',
  'seal-mismatch',
  'seal-gap',
  'checkpoint-mismatch',
  'checkpoint-signature-invalid',
  'unreadable',
] as const;
export type VerifyFailureReason = (typeof VERIFY_FAILURE_REASONS)[number];

export type VerifyResult =
  | { readonly intact: true; readonly checked: number; readonly sealed?: number }
  | {
      readonly intact: false;
      readonly checked: number;
      readonly reason: VerifyFailureReason;
      readonly streamId: string | null;
      readonly streamVersion: number | null;
      readonly globalPosition: GlobalPosition | null;
      /** The event the break is in; null where no event is at hand (one that was removed, a seal link). */
      readonly eventId: string | null;
      readonly expected: string;
      readonly found: string;
      /** One sentence an auditor can act on. */
      readonly detail: string;
    };

export type VerifyFailure = Extract<VerifyResult, { intact: false }>;

/** Every break a whole-log walk found: it goes on past the first, so one break hides none after it. */
export interface VerifyBreaks {
  readonly count: number;
  /** The first `listBreaks` of them, in log order. */
  readonly first: readonly VerifyFailure[];
  /** Breaks per stream, most first (null: the global seal's own, such as a removed checkpointed tail). */
  readonly byStream: readonly { readonly streamId: string | null; readonly count: number }[];
  readonly byReason: readonly { readonly reason: VerifyFailureReason; readonly count: number }[];
}

/**
 * The whole log's verdict. Broken: the first break's fields (as `VerifyResult`), `checked` counts
 * every event walked, and `breaks` all of them.
 */
export type LogVerifyResult =
  | Extract<VerifyResult, { intact: true }>
  | (VerifyFailure & { readonly breaks: VerifyBreaks });

/** How far a whole-log verification got. */
export interface VerifyProgress {
  readonly checked: number;
  /** Events in the log when the walk began; null where the adapter cannot tell cheaply. */
  readonly total: number | null;
}

export interface VerifyAllOptions {
  readonly onProgress?: (progress: VerifyProgress) => void;
  /** Report every this many events (default 1000). */
  readonly progressEvery?: number;
  /** How many breaks to keep in full (`breaks.first`; default 20); all are counted. */
  readonly listBreaks?: number;
}

/**
 * The event store port: what a service needs, nothing more. One implementation,
 * `LayeredEventStore`, composes validation, crypto-shredding, upcasting, paging and
 * subscriptions over an `EventStorage` adapter (PostgreSQL, KurrentDB, in-memory); one contract
 * suite (libs/event-store/test/event-store.contract.ts) runs against each adapter.
 */
export interface EventStore {
  appendToStream(
    streamId: string,
    events: readonly NewEvent<string, object>[],
    options: AppendOptions,
  ): Promise<AppendResult>;
  /** Events of one stream in version order, personal fields decrypted, upcast to the latest schema. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of every stream in global order, after `after`; never skips an event committed later by a slower writer. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * `readAll`, and where the next read continues: after the events read and after every event the
   * filter passed over, but never past an event not yet readable. A reader of a few streams (a
   * relay) moves its cursor over the rest of the log with it, without asking for the head.
   */
  readAllPage(options?: ReadAllOptions): Promise<ReadAllPage>;
  /**
   * Decrypts, in place, the personal fields of event data read `sealed` (or carried on Kafka) under
   * the event's id; a field of an erased person becomes `[erased]`.
   */
  revealPersonalData(items: readonly { readonly eventId: string; readonly data: object }[]): Promise<void>;
  /** Position of the last event a reader can see now: subscribe from here to get only what comes next. */
  headPosition(): Promise<GlobalPosition>;
  /** Catch up from `after`, then stay live; the handler sees events one at a time, in global order. */
  subscribeToAll(options: SubscribeToAllOptions, handler: EventHandler): Subscription;
  /**
   * Resolves when an append to streams starting with `streamPrefix` is announced after `seen` (a
   * value of `appendsSeen()` taken before the read that found nothing), or after `ms`: for a
   * reader that tails the log in its own way (the relay) instead of polling on a timer.
   */
  waitForAppend(seen: number, ms: number, streamPrefix?: string): Promise<void>;
  /** The current count of append announcements, for `waitForAppend`. */
  appendsSeen(): number;
  loadCheckpoint(name: string): Promise<GlobalPosition | null>;
  /**
   * Compare-and-set: stores `next` only if the stored checkpoint equals `expected` (`null`: none
   * stored yet). Returns false when another process moved it first.
   */
  saveCheckpoint(name: string, expected: GlobalPosition | null, next: GlobalPosition): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * What the audit service needs beyond the port: the past, proof and erasure. Served by the same
 * layers over the same adapter (`LayeredEventStore.audit`), so no adapter implements it.
 */
export interface EventAudit {
  /** The stream as it was at `asOf`: its events recorded at or before that instant (a prefix of the stream). */
  readStreamAsOf(streamId: string, asOf: Date): Promise<RecordedEvent[]>;
  /** One stream's hash chain, and its seal links where the adapter keeps a seal. */
  verifyStream(streamId: string): Promise<VerifyResult>;
  /** The whole log; `onProgress` hears how far the walk got (every `progressEvery` events, and at the end). */
  verifyAll(options?: VerifyAllOptions): Promise<LogVerifyResult>;
  /**
   * Crypto-shredding: deletes the person's key; their fields read as `[erased]` from now on. False
   * when the store holds no key for them (no such person): nothing is erased.
   */
  erasePerson(personId: string): Promise<boolean>;
}
