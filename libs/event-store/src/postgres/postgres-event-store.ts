import type { KeyObject } from 'node:crypto';
import type { Pool, PoolConfig } from 'pg';
import { resilientPool } from './resilient-pool';
import { SealPublicKey, SealSigningKey } from '../crypto/seal-signing-key';
import { EventStoreConfigError } from '../errors';
import { LayeredEventStore, type EventStoreLayers } from '../layered-event-store';
import { DEFAULT_SCHEMA, assertSchemaName, migrate } from './migrations';
import { PostgresEventStorage, type PostgresEventStorageOptions } from './postgres-event-storage';

export interface PostgresEventStoreOptions
  extends Omit<EventStoreLayers, 'sealPublicKey' | 'sealSigningKey' | 'retiredSealPublicKeys'>,
    Pick<PostgresEventStorageOptions, 'notifyCoalesceMs' | 'beforeCommit' | 'personKeyCache'> {
  /** Use this pool (not closed by `close()`), or… */
  readonly pool?: Pool;
  /** …connect with this (the store owns and closes its pool). */
  readonly connectionString?: string;
  /** Extra pool settings when the store creates the pool (default max 10). */
  readonly poolConfig?: Omit<PoolConfig, 'connectionString'>;
  /** Default `event_store`. Tests use throw-away schemas. */
  readonly schema?: string;
  /**
   * Ed25519 private key (PKCS#8 PEM, or base64 of its DER), typically SEAL_SIGNING_KEY: the sealer
   * signs seal checkpoints with it, and `verifyAll` checks them with its public half.
   */
  readonly sealSigningKey?: string | KeyObject;
  /** Ed25519 public key (SPKI PEM or base64 DER) for `verifyAll` where the signing key is not held (an auditor). */
  readonly sealPublicKey?: string | Uint8Array | KeyObject;
  /** Public keys of seal signing keys a rotation replaced (SPKI PEM or base64 DER): their checkpoints still verify. */
  readonly retiredSealPublicKeys?: readonly (string | Uint8Array | KeyObject)[];
}

/**
 * The default event store: the layers over PostgresEventStorage (which keeps the global seal too),
 * plus the PostgreSQL-only parts: the pool and migrations.
 */
export class PostgresEventStore extends LayeredEventStore {
  readonly pool: Pool;
  readonly schema: string;
  /** Checks seal checkpoints in `verifyAll`; undefined: their signatures are not checked. */
  readonly sealPublicKey: SealPublicKey | undefined;
  private readonly ownsPool: boolean;
  private poolEnded = false;

  constructor(options: PostgresEventStoreOptions) {
    if (!options.pool && !options.connectionString)
      throw new EventStoreConfigError(
        'PostgresEventStore needs a pool or a connectionString (e.g. DATABASE_URL)',
      );
    const schema = assertSchemaName(options.schema ?? DEFAULT_SCHEMA);
    // Keys first: a bad one must not leave a pool behind.
    const sealSigningKey =
      options.sealSigningKey === undefined ? undefined : new SealSigningKey(options.sealSigningKey);
    const publicKey =
      options.sealPublicKey === undefined ? undefined : new SealPublicKey(options.sealPublicKey);
    if (publicKey && sealSigningKey && publicKey.keyId !== sealSigningKey.keyId)
      throw new EventStoreConfigError(
        `sealPublicKey ${publicKey.keyId} is not the public half of sealSigningKey ${sealSigningKey.keyId}: give one of them, or a matching pair`,
      );
    const sealPublicKey = publicKey ?? sealSigningKey?.publicKey;
    const retiredSealPublicKeys = (options.retiredSealPublicKeys ?? []).map((key) => new SealPublicKey(key));
    const pool =
      options.pool ??
      // A connection losing its server must not crash the process; the next query reconnects.
      resilientPool(
        { max: 10, ...options.poolConfig, connectionString: options.connectionString },
        () => undefined,
      );
    super(
      new PostgresEventStorage({
        pool,
        schema,
        notifyCoalesceMs: options.notifyCoalesceMs,
        beforeCommit: options.beforeCommit,
        personKeyCache: options.personKeyCache,
      }),
      { ...options, sealPublicKey, sealSigningKey, retiredSealPublicKeys },
    );
    this.pool = pool;
    this.schema = schema;
    this.ownsPool = !options.pool;
    this.sealPublicKey = sealPublicKey;
  }

  /** Creates the store and (by default) applies pending migrations first. */
  static async create(
    options: PostgresEventStoreOptions & { readonly migrate?: boolean },
  ): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    if (options.migrate !== false) {
      try {
        await migrate(store.pool, { schema: store.schema });
      } catch (error) {
        await store.close();
        throw error;
      }
    }
    return store;
  }

  override async close(): Promise<void> {
    await super.close();
    if (this.ownsPool && !this.poolEnded) {
      this.poolEnded = true;
      await this.pool.end();
    }
  }
}
