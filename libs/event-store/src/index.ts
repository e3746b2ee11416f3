export * from './event-store.port';
export * from './global-position';
export * from './errors';
export {
  canonicalJson,
  canonicalEvent,
  chainHash,
  hashEvent,
  sealHash,
  GENESIS_HASH,
  type CanonicalEventFields,
} from './canonical';
export * from './stream-name';
export { UpcasterRegistry, type Upcaster, type EventData } from './upcasting';
export {
  MasterKey,
  InMemoryPersonKeyStore,
  parseMasterKey,
  masterKeyFromEnv,
  MASTER_KEY_ENV,
  RETIRED_MASTER_KEYS_ENV,
  retiredMasterKeysFrom,
  type PersonKeyStore,
  type StoredPersonKey,
} from './crypto/key-store';
export {
  SealPublicKey,
  SealSigningKey,
  parseSealPublicKey,
  parseSealSigningKey,
  SEAL_PUBLIC_KEY_ENV,
  SEAL_SIGNATURE_ALGORITHMS,
  SEAL_SIGNING_KEY_ENV,
  RETIRED_SEAL_PUBLIC_KEYS_ENV,
  retiredSealPublicKeysFrom,
  type SealSignatureAlgorithm,
} from './crypto/seal-signing-key';
export {
  ENVELOPE_MARKER,
  ERASED,
  PersonalDataProtector,
  type PersonalDataRule,
  type PersonalFieldGroup,
} from './crypto/personal-data';
export { domainEventOf, type Decider, type DomainEvent } from './decider';
export {
  EVENT_AUDIT,
  EVENT_STORE,
  EventStoreModule,
  InjectEventAudit,
  InjectEventStore,
  type EventStoreModuleOptions,
  type EventStoreModuleAsyncOptions,
} from './event-store.module';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { PostgresPersonKeyStore, rewrapPersonKeys, type RewrapResult } from './postgres/person-key-store';
export {
  checkStoredKeys,
  configuredKeyIds,
  keyMismatches,
  storedKeyIds,
  StoredKeysMismatch,
  unaccountedKeyIds,
  type ConfiguredKeys,
  type ConfiguredKeyIds,
  type StoredKeyIds,
} from './postgres/key-ids';
export { reportingClient, resilientPool, type ConnectionLossListener } from './postgres/resilient-pool';
export { readStoreGauges, type StoreGauges } from './postgres/store-gauges';
export { Sealer, type SealerOptions, type SealResult } from './sealer';
export { PostgresSealStorage } from './postgres/seal-storage';
export {
  checkpointMessage,
  nextSealLink,
  type SealableEvent,
  type SealCheckpoint,
  type SealLink,
  type SealStorage,
  type SealWriter,
} from './seal';
export type { AuditView, EventStorage, SealView } from './event-storage.port';
export type { PreparedEvent, StoredEvent } from './event-codec';
export { chainEvents, type StreamTip } from './hash-chain';
export { LayeredEventStore, type EventStoreLayers } from './layered-event-store';
export {
  migrate,
  EVENT_STORE_MIGRATIONS,
  DEFAULT_SCHEMA,
  type Migration,
  type MigrateOptions,
  type MigrateResult,
} from './postgres/migrations';
export { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb/kurrentdb-event-store';
export { InMemoryEventStore, type InMemoryEventStoreOptions } from './in-memory/in-memory-event-store';
