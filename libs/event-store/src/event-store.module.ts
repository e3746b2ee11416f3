import {
  Inject,
  Module,
  type DynamicModule,
  type FactoryProvider,
  type InjectionToken,
  type OnApplicationShutdown,
  type OptionalFactoryDependency,
  type Provider,
} from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import type { Pool } from 'pg';
import type { PersonalDataRule } from './crypto/personal-data';
import type { EventAudit, EventStore } from './event-store.port';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
import type { LayeredEventStore } from './layered-event-store';
import { PostgresPersonKeyStore } from './postgres/person-key-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import type { Sealer, SealerOptions } from './sealer';
import type { Upcaster } from './upcasting';

/** Injection token of the EventStore port. */
export const EVENT_STORE = 'accord.EVENT_STORE';

/** `constructor(@InjectEventStore() private readonly store: EventStore) {}` */
export const InjectEventStore = (): PropertyDecorator & ParameterDecorator => Inject(EVENT_STORE);

/** Injection token of the audit layer (as-of reads, verification, erasure) over the same store. */
export const EVENT_AUDIT = 'accord.EVENT_AUDIT';

/** `constructor(@InjectEventAudit() private readonly audit: EventAudit) {}` */
export const InjectEventAudit = (): PropertyDecorator & ParameterDecorator => Inject(EVENT_AUDIT);

export interface EventStoreModuleOptions {
  readonly connectionString?: string;
  readonly pool?: Pool;
  /** 32 bytes, hex or base64; typically EVENT_STORE_MASTER_KEY. */
  readonly masterKey?: string | Uint8Array;
  /** Master keys a rotation replaced; typically EVENT_STORE_RETIRED_MASTER_KEYS. */
  readonly retiredMasterKeys?: readonly (string | Uint8Array)[];
  /** Public halves of seal signing keys a rotation replaced; typically SEAL_RETIRED_PUBLIC_KEYS. */
  readonly retiredSealPublicKeys?: readonly (string | Uint8Array | KeyObject)[];
  /** Ed25519 private key that signs seal checkpoints (PKCS#8 PEM or base64 DER); typically SEAL_SIGNING_KEY. */
  readonly sealSigningKey?: string | KeyObject;
  readonly schema?: string;
  readonly personalData?: readonly PersonalDataRule[];
  readonly upcasters?: readonly Upcaster[];
  /** Apply pending migrations at start-up (default true). */
  readonly migrate?: boolean;
  /** Run the global sealer in this process (one pass at a time across replicas); default off. */
  readonly sealer?: boolean | SealerOptions;
  /**
   * Keep the events in KurrentDB instead (`kurrentdb://host:2113?tls=false`; typically
   * EVENTSTOREDB_URL). PostgreSQL still holds the per-person keys (erasure deletes one row), so the
   * pool and migrations are still needed. There is no global seal on KurrentDB: `sealer` is ignored.
   */
  readonly kurrentDbUrl?: string;
}

export interface EventStoreModuleAsyncOptions {
  readonly imports?: DynamicModule['imports'];
  readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
  readonly useFactory: (...args: never[]) => EventStoreModuleOptions | Promise<EventStoreModuleOptions>;
}

const OPTIONS = 'accord.EVENT_STORE_OPTIONS';

class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(
    readonly store: LayeredEventStore,
    private readonly sealer: Sealer | null,
    /** Holds the pool (and the person keys) when the events live elsewhere. */
    private readonly postgres: PostgresEventStore | null = null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.sealer?.stop();
    await this.store.close();
    await this.postgres?.close();
  }
}

const LIFECYCLE = 'accord.EVENT_STORE_LIFECYCLE';

async function createStore(options: EventStoreModuleOptions): Promise<EventStoreLifecycle> {
  const store = await PostgresEventStore.create({
    connectionString: options.connectionString,
    pool: options.pool,
    masterKey: options.masterKey,
    retiredMasterKeys: options.retiredMasterKeys,
    sealSigningKey: options.sealSigningKey,
    retiredSealPublicKeys: options.retiredSealPublicKeys,
    schema: options.schema,
    personalData: options.personalData,
    upcasters: options.upcasters,
    migrate: options.migrate,
  });
  if (options.kurrentDbUrl) {
    if (options.sealer)
      (typeof options.sealer === 'object' && options.sealer.onWarning
        ? options.sealer.onWarning
        : (message: string) => console.warn(`[event-store] ${message}`))(
        'the events live in KurrentDB, which has no global seal: no sealer runs (libs/event-store/README.md)',
      );
    const events = await KurrentDbEventStore.connect({
      connectionString: options.kurrentDbUrl,
      keyStore: new PostgresPersonKeyStore(store.pool, store.schema),
      masterKey: options.masterKey,
      retiredMasterKeys: options.retiredMasterKeys,
      personalData: options.personalData,
      upcasters: options.upcasters,
    });
    return new EventStoreLifecycle(events, null, store);
  }
  let sealer: Sealer | null = null;
  if (options.sealer) {
    sealer = store.createSealer(options.sealer === true ? {} : options.sealer);
    sealer.start();
  }
  return new EventStoreLifecycle(store, sealer);
}

function providers(optionsProvider: Provider): Provider[] {
  const lifecycle: FactoryProvider = { provide: LIFECYCLE, useFactory: createStore, inject: [OPTIONS] };
  const store: FactoryProvider = {
    provide: EVENT_STORE,
    useFactory: (owner: EventStoreLifecycle): EventStore => owner.store,
    inject: [LIFECYCLE],
  };
  const audit: FactoryProvider = {
    provide: EVENT_AUDIT,
    useFactory: (owner: EventStoreLifecycle): EventAudit => owner.store.audit,
    inject: [LIFECYCLE],
  };
  return [optionsProvider, lifecycle, store, audit];
}

/**
 * Provides the EventStore port (PostgreSQL adapter) under EVENT_STORE and its audit layer under
 * EVENT_AUDIT, globally: migrates on start,
 * optionally runs the sealer, closes the pool on application shutdown (`app.enableShutdownHooks()`
 * or `app.close()`).
 */
@Module({})
export class EventStoreModule {
  static forRoot(options: EventStoreModuleOptions): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: providers({ provide: OPTIONS, useValue: options }),
      exports: [EVENT_STORE, EVENT_AUDIT],
    };
  }

  static forRootAsync(options: EventStoreModuleAsyncOptions): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      imports: options.imports ?? [],
      providers: providers({
        provide: OPTIONS,
        useFactory: options.useFactory,
        inject: options.inject ?? [],
      }),
      exports: [EVENT_STORE, EVENT_AUDIT],
    };
  }
}
