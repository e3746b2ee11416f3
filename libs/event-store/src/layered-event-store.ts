import { MasterKey } from './crypto/key-store';
import { PersonalDataProtector, type PersonalDataRule } from './crypto/personal-data';
import type { SealPublicKey, SealSigningKey } from './crypto/seal-signing-key';
import { EventCodec } from './event-codec';
import type { EventStorage } from './event-storage.port';
import type {
  AppendOptions,
  AppendResult,
  EventAudit,
  EventHandler,
  EventStore,
  LogVerifyResult,
  NewEvent,
  ReadAllFilter,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
  VerifyAllOptions,
  VerifyResult,
} from './event-store.port';
import { EventStoreConfigError, InvalidEvent } from './errors';
import { GLOBAL_START, assertGlobalPosition, type GlobalPosition } from './global-position';
import { assertStreamId } from './stream-name';
import { Sealer, type SealResult, type SealerOptions } from './sealer';
import { PollingSubscription, validateFilter, type ReadPage } from './subscription-loop';
import { UpcasterRegistry, type Upcaster } from './upcasting';
import { validateExpectedVersion } from './validation';
import { verifyAllIn, verifyStreamIn } from './verify-log';

/** The layers' settings: the same for every adapter. */
export interface EventStoreLayers {
  /** 32 bytes (Buffer, hex or base64): wraps per-person keys (and checks HMAC seal checkpoints written before migration 0003). */
  readonly masterKey?: string | Uint8Array;
  /** Master keys replaced by a rotation: person keys still wrapped by one unwrap with it (`rewrapPersonKeys`). */
  readonly retiredMasterKeys?: readonly (string | Uint8Array)[];
  readonly personalData?: readonly PersonalDataRule[];
  readonly upcasters?: readonly Upcaster[] | UpcasterRegistry;
  /** Checks signed seal checkpoints in `verifyAll`, where the adapter keeps a seal. */
  readonly sealPublicKey?: SealPublicKey;
  /** Public keys of seal signing keys replaced by a rotation: the checkpoints they signed still verify. */
  readonly retiredSealPublicKeys?: readonly SealPublicKey[];
  /** Signs the seal's checkpoints, where the adapter keeps a seal and this process runs a sealer. */
  readonly sealSigningKey?: SealSigningKey;
}

const DEFAULT_READ_LIMIT = 1000;
const MAX_READ_LIMIT = 10_000;
const LAST_VERSION = Number.MAX_SAFE_INTEGER;

function assertVersion(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new InvalidEvent(field, 'must be an integer ≥ 0');
  return value;
}

function assertCheckpointName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 200)
    throw new InvalidEvent('checkpoint name', 'must be a non-empty string of at most 200 characters');
}

/**
 * The event store every service gets: an `EventStorage` adapter with the layers every adapter
 * shares composed over it — validation, crypto-shredding (per-person AES-256-GCM keys wrapped by
 * the master key), upcasting, read paging, catch-up-then-live subscriptions — and, for audit,
 * as-of reads, verification of the hash chains and the seal, and erasure (`audit`).
 */
export class LayeredEventStore implements EventStore {
  /** What audit needs beyond the port, over the same adapter. */
  readonly audit: EventAudit;
  private readonly codec: EventCodec;
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly sealers = new Set<Sealer>();
  private readonly sealSigningKey: SealSigningKey | undefined;
  private closed = false;

  constructor(
    private readonly storage: EventStorage,
    layers: EventStoreLayers,
  ) {
    const masterKey =
      layers.masterKey === undefined ? undefined : new MasterKey(layers.masterKey, layers.retiredMasterKeys);
    const upcasters =
      layers.upcasters instanceof UpcasterRegistry
        ? layers.upcasters
        : new UpcasterRegistry(layers.upcasters ?? []);
    this.codec = new EventCodec(
      new PersonalDataProtector(
        layers.personalData ?? [],
        storage.personKeys,
        masterKey,
        storage.personKeyCache,
      ),
      upcasters,
    );
    this.sealSigningKey = layers.sealSigningKey;
    this.audit = auditLayer(storage, this.codec, {
      masterKey,
      sealPublicKey: layers.sealPublicKey ?? layers.sealSigningKey?.publicKey,
      retiredSealPublicKeys: layers.retiredSealPublicKeys ?? [],
    });
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent<string, object>[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const expected = validateExpectedVersion(options);
    const { stored, ...result } = await this.storage.append(
      streamId,
      await this.codec.prepare(streamId, events),
      expected,
    );
    return stored ? { ...result, recorded: () => this.codec.decode(stored) } : result;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    const from = assertVersion(options.fromVersion ?? 0, 'fromVersion');
    const to = assertVersion(options.toVersion ?? LAST_VERSION, 'toVersion');
    return this.codec.decode(await this.storage.readStream(streamId, from, to));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await this.readAllPage(options)).events;
  }

  async readAllPage(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    const limit = options.limit ?? DEFAULT_READ_LIMIT;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_READ_LIMIT)
      throw new InvalidEvent('limit', `must be an integer from 1 to ${MAX_READ_LIMIT}`);
    const filter = validateFilter(options.filter);
    let position = options.after === undefined ? GLOBAL_START : assertGlobalPosition(options.after, 'after');
    const events: RecordedEvent[] = [];
    for (;;) {
      const page = await this.storage.readPage(position, limit - events.length, filter);
      events.push(...(await this.codec.decode(page.events, { reveal: options.sealed !== true })));
      position = page.position;
      if (page.exhausted || events.length >= limit) return { events, position };
    }
  }

  headPosition(): Promise<GlobalPosition> {
    return this.storage.headPosition();
  }

  revealPersonalData(items: readonly { readonly eventId: string; readonly data: object }[]): Promise<void> {
    return this.codec.protector.reveal(items);
  }

  subscribeToAll(options: SubscribeToAllOptions, handler: EventHandler): Subscription {
    if (this.closed) throw new EventStoreConfigError('the event store is closed');
    const subscription = new PollingSubscription(
      options,
      handler,
      (after, limit, filter) => this.readPage(after, limit, filter),
      this.storage.appendWaker(),
      (done) => this.subscriptions.delete(done),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  waitForAppend(seen: number, ms: number, streamPrefix?: string): Promise<void> {
    return this.storage.appendWaker().sleep(seen, ms, streamPrefix).promise;
  }

  appendsSeen(): number {
    return this.storage.appendWaker().current;
  }

  loadCheckpoint(name: string): Promise<GlobalPosition | null> {
    assertCheckpointName(name);
    return this.storage.loadCheckpoint(name);
  }

  saveCheckpoint(name: string, expected: GlobalPosition | null, next: GlobalPosition): Promise<boolean> {
    assertCheckpointName(name);
    assertGlobalPosition(next, 'next');
    if (expected !== null) assertGlobalPosition(expected, 'expected');
    return this.storage.saveCheckpoint(name, expected, next);
  }

  /** The global sealer, where the adapter keeps a seal: `start()` it in one or more processes, or call `sealPending()`. */
  createSealer(options: SealerOptions = {}): Sealer {
    if (!this.storage.sealStorage)
      throw new EventStoreConfigError('this adapter keeps no global seal (libs/event-store/README.md)');
    const sealer = new Sealer(this.storage.sealStorage, this.sealSigningKey, options);
    this.sealers.add(sealer);
    return sealer;
  }

  /** One-off: seal everything settled now (tests, maintenance jobs). */
  sealPending(options: { readonly forceCheckpoint?: boolean } = {}): Promise<SealResult> {
    if (!this.storage.sealStorage)
      throw new EventStoreConfigError('this adapter keeps no global seal (libs/event-store/README.md)');
    return new Sealer(this.storage.sealStorage, this.sealSigningKey).sealPending(options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.sealers].map((sealer) => sealer.stop()));
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.storage.close();
  }

  private async readPage(
    after: GlobalPosition,
    limit: number,
    filter: ReadAllFilter | undefined,
  ): Promise<ReadPage> {
    const page = await this.storage.readPage(after, limit, filter);
    return { ...page, events: await this.codec.decode(page.events) };
  }
}

function auditLayer(
  storage: EventStorage,
  codec: EventCodec,
  keys: Parameters<typeof verifyAllIn>[1],
): EventAudit {
  return {
    async readStreamAsOf(streamId: string, asOf: Date): Promise<RecordedEvent[]> {
      assertStreamId(streamId);
      if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime()))
        throw new InvalidEvent('asOf', 'must be a valid Date');
      // recordedAt never goes backwards within a stream, so the events at or before asOf are a prefix.
      const at = asOf.toISOString();
      const stored = await storage.readStream(streamId, 0, LAST_VERSION);
      return codec.decode(stored.filter((event) => event.recordedAt <= at));
    },
    verifyStream(streamId: string): Promise<VerifyResult> {
      assertStreamId(streamId);
      return storage.inAuditView((view) => verifyStreamIn(view, streamId));
    },
    verifyAll(options?: VerifyAllOptions): Promise<LogVerifyResult> {
      return storage.inAuditView((view) => verifyAllIn(view, keys, options));
    },
    erasePerson(personId: string): Promise<boolean> {
      return codec.protector.erase(personId);
    },
  };
}
