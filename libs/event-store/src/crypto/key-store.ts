import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { keyList } from './key-list';
import { EventStoreConfigError, PersonalDataError } from '../errors';

/** A person's data key: 32 bytes AES-256-GCM key ‖ 32 bytes HMAC key (for deterministic nonces). */
export const DATA_KEY_BYTES = 64;
export const MASTER_KEY_ENV = 'EVENT_STORE_MASTER_KEY';

/** Accepts 32 bytes as a Buffer, 64 hex characters or base64 / base64url. */
export function parseMasterKey(input: string | Uint8Array): Buffer {
  if (typeof input !== 'string') {
    if (input.length !== 32)
      throw new EventStoreConfigError(`master key must be 32 bytes, got ${input.length}`);
    return Buffer.from(input);
  }
  const text = input.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) {
    throw new EventStoreConfigError(
      `master key must be 32 bytes as 64 hex characters or base64 (e.g. \`openssl rand -base64 32\`), got ${key.length} bytes`,
    );
  }
  return key;
}

export function masterKeyFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  name = MASTER_KEY_ENV,
): Buffer | undefined {
  const value = env[name];
  return value ? parseMasterKey(value) : undefined;
}

/** `EVENT_STORE_RETIRED_MASTER_KEYS`: master keys replaced by a rotation, comma-separated. */
export const RETIRED_MASTER_KEYS_ENV = 'EVENT_STORE_RETIRED_MASTER_KEYS';

/** The retired master keys in a comma-separated list (hex or base64 each); none when unset. */
export function retiredMasterKeysFrom(value: string | undefined): Buffer[] {
  return keyList(value).map((key) => parseMasterKey(key));
}

/**
 * Everything derived from the master key; the master key itself is never used directly. After a
 * rotation it also holds the retired keys: new person keys are wrapped with the current one, and a
 * person key still wrapped by a retired one (until `rewrapPersonKeys` moved it) unwraps with it.
 */
export class MasterKey {
  /** Short public fingerprint stored next to wrapped keys, so a wrong master key fails with a clear message. */
  readonly keyId: string;
  private readonly wrapKey: Buffer;
  /** Signed seal checkpoints before they were Ed25519 (migration 0003); kept to check those rows. */
  readonly sealSigningKey: Buffer;
  /** The keys this one replaced, by key id. */
  private readonly retired: ReadonlyMap<string, MasterKey>;

  constructor(master: string | Uint8Array, retired: readonly (string | Uint8Array)[] = []) {
    const key = parseMasterKey(master);
    this.keyId = createHash('sha256')
      .update('accord/event-store/key-id\0')
      .update(key)
      .digest('hex')
      .slice(0, 16);
    this.wrapKey = Buffer.from(
      hkdfSync('sha256', key, Buffer.alloc(0), 'accord/event-store/person-key-wrap', 32),
    );
    this.sealSigningKey = Buffer.from(
      hkdfSync('sha256', key, Buffer.alloc(0), 'accord/event-store/seal-checkpoint', 32),
    );
    this.retired = new Map(
      retired
        .map((old) => new MasterKey(old))
        .filter((old) => old.keyId !== this.keyId)
        .map((old) => [old.keyId, old]),
    );
  }

  /** The fingerprints of every key held: the current one first, then the retired ones. */
  get keyIds(): string[] {
    return [this.keyId, ...this.retired.keys()];
  }

  /** The key (current or retired) with this fingerprint, if held. */
  private holding(keyId: string): MasterKey | undefined {
    return keyId === this.keyId ? this : this.retired.get(keyId);
  }

  newDataKey(): Buffer {
    return randomBytes(DATA_KEY_BYTES);
  }

  /** AES-256-GCM, bound to the person id so wrapped keys cannot be swapped between persons. */
  wrap(personId: string, dataKey: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.wrapKey, iv);
    cipher.setAAD(Buffer.from(`accord-person-key:v1:${personId}`, 'utf8'));
    const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  unwrap(personId: string, wrapped: Buffer, keyId: string): Buffer {
    const holder = this.holding(keyId);
    if (!holder) {
      throw new PersonalDataError(
        `the key of person ${personId} was wrapped with master key ${keyId}, but this store holds master key ${this.keyIds.join(', ')}: configure the master key the data was written with (a replaced one in ${RETIRED_MASTER_KEYS_ENV})`,
      );
    }
    return holder === this ? this.unwrapOwn(personId, wrapped) : holder.unwrapOwn(personId, wrapped);
  }

  private unwrapOwn(personId: string, wrapped: Buffer): Buffer {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.wrapKey, wrapped.subarray(0, 12));
      decipher.setAAD(Buffer.from(`accord-person-key:v1:${personId}`, 'utf8'));
      decipher.setAuthTag(wrapped.subarray(12, 28));
      return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
    } catch {
      throw new PersonalDataError(
        `the stored key of person ${personId} does not unwrap with this master key: it was altered or belongs to another person`,
      );
    }
  }

  /** HMAC-SHA256 of a seal checkpoint, as written before migration 0003 (the sealer now signs with Ed25519). */
  sign(message: string): Buffer {
    return createHmac('sha256', this.sealSigningKey).update(message, 'utf8').digest();
  }

  /** Checks an HMAC seal checkpoint against the key (current or retired) whose fingerprint it names. */
  verifySignature(message: string, signature: Buffer, keyId: string = this.keyId): boolean {
    const holder = this.holding(keyId);
    if (!holder) return false;
    const expected = holder.sign(message);
    return signature.length === expected.length && timingSafeEqual(signature, expected);
  }
}

export interface StoredPersonKey {
  readonly wrappedKey: Buffer;
  readonly keyId: string;
}

/**
 * Where wrapped per-person keys live. Erasure must really delete: this is the one place in the
 * event store where data is removed.
 */
export interface PersonKeyStore {
  find(personIds: readonly string[]): Promise<Map<string, StoredPersonKey>>;
  /**
   * Stores the candidate key of every person who has none and was never erased; returns, for each
   * person, the key now stored, or null when the person was erased (their data must not come back).
   */
  ensure(candidates: ReadonlyMap<string, StoredPersonKey>): Promise<Map<string, StoredPersonKey | null>>;
  /** Deletes the person's key for good; false when there was no key (no such person), and nothing is done. */
  erase(personId: string): Promise<boolean>;
}

export class InMemoryPersonKeyStore implements PersonKeyStore {
  private readonly keys = new Map<string, StoredPersonKey>();
  private readonly erased = new Set<string>();

  async find(personIds: readonly string[]): Promise<Map<string, StoredPersonKey>> {
    const found = new Map<string, StoredPersonKey>();
    for (const id of personIds) {
      const key = this.keys.get(id);
      if (key) found.set(id, key);
    }
    return found;
  }

  async ensure(
    candidates: ReadonlyMap<string, StoredPersonKey>,
  ): Promise<Map<string, StoredPersonKey | null>> {
    const result = new Map<string, StoredPersonKey | null>();
    for (const [id, candidate] of candidates) {
      if (this.erased.has(id)) {
        result.set(id, null);
        continue;
      }
      const existing = this.keys.get(id) ?? candidate;
      this.keys.set(id, existing);
      result.set(id, existing);
    }
    return result;
  }

  async erase(personId: string): Promise<boolean> {
    if (!this.keys.has(personId)) return false;
    this.erased.add(personId);
    this.keys.delete(personId);
    return true;
  }
}
