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
  type PersonKeyStore,
  type StoredPersonKey,
} from './crypto/key-store';
export {
  SealPublicKey,
  SealSigningKey,
  parseSealPublicKey,
  parseSealSigningKey,
  SEAL_PUBLIC_KEY_ENV,
  SEAL_SIGNING_KEY_ENV,
  type SealSignatureAlgorithm,
} from './crypto/seal-signing-key';
export {
  ERASED,
  PersonalDataProtector,
  type PersonalDataRule,
  type PersonalFieldGroup,
} from './crypto/personal-data';
export {
  handleCommand,
  defaultFromRecorded,
  type Decider,
  type DomainEvent,
  type HandleCommandOptions,
  type HandleCommandResult,
} from './command-handler';
export {
  EVENT_STORE,
  EventStoreModule,
  InjectEventStore,
  type EventStoreModuleOptions,
  type EventStoreModuleAsyncOptions,
} from './event-store.module';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { PostgresPersonKeyStore } from './postgres/person-key-store';
export { reportingClient, resilientPool, type ConnectionLossListener } from './postgres/resilient-pool';
export { readStoreGauges, type StoreGauges } from './postgres/store-gauges';
export { PostgresSealer, checkpointMessage, type SealerOptions, type SealResult } from './postgres/sealer';
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
