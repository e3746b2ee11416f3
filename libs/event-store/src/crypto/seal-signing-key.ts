import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { keyList } from './key-list';
import { EventStoreConfigError } from '../errors';

export const SEAL_SIGNING_KEY_ENV = 'SEAL_SIGNING_KEY';
export const SEAL_PUBLIC_KEY_ENV = 'SEAL_PUBLIC_KEY';

/** How a seal checkpoint is signed: Ed25519 now; HMAC-SHA256 under the master key before migration 0003. */
export const SEAL_SIGNATURE_ALGORITHMS = ['Ed25519', 'HMAC-SHA256'] as const;
export type SealSignatureAlgorithm = (typeof SEAL_SIGNATURE_ALGORITHMS)[number];

const GENERATE_HINT = 'generate one with `openssl genpkey -algorithm ed25519 -outform DER | base64`';

/**
 * Key text as DER: a PEM block (real line breaks or `\n` escapes, as env files often carry them), or
 * the base64 of the DER on one line — which is the PEM's body without its armour.
 */
function derOf(text: string, label: 'PRIVATE KEY' | 'PUBLIC KEY', what: string): Buffer {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    const pem = trimmed.replaceAll('\\n', '\n').trim();
    const match = new RegExp(`^-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----$`).exec(
      pem,
    );
    if (!match)
      throw new EventStoreConfigError(
        `${what} must be one PEM block from "-----BEGIN ${label}-----" to "-----END ${label}-----" (${label === 'PRIVATE KEY' ? 'PKCS#8' : 'SPKI'}), got ${/^-----BEGIN [A-Z0-9 ]*-----/.exec(pem)?.[0] ?? 'another header'}`,
      );
    return Buffer.from((match[1] ?? '').replace(/\s+/g, ''), 'base64');
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed))
    throw new EventStoreConfigError(
      `${what} must be a PEM block or the base64 of its DER on one line; ${GENERATE_HINT}`,
    );
  return Buffer.from(trimmed, 'base64');
}

/** The signing key of the global seal's checkpoints: PKCS#8 PEM, or base64 of the PKCS#8 DER. */
export function parseSealSigningKey(input: string | KeyObject): KeyObject {
  const what = 'the seal signing key';
  let key: KeyObject;
  if (input instanceof KeyObject) key = input;
  else {
    try {
      key = createPrivateKey({ key: derOf(input, 'PRIVATE KEY', what), format: 'der', type: 'pkcs8' });
    } catch (error) {
      if (error instanceof EventStoreConfigError) throw error;
      throw new EventStoreConfigError(`${what} is not a PKCS#8 private key; ${GENERATE_HINT}`);
    }
  }
  if (key.type !== 'private')
    throw new EventStoreConfigError(`${what} must be a private key, got a ${key.type} key`);
  if (key.asymmetricKeyType !== 'ed25519')
    throw new EventStoreConfigError(
      `${what} must be an Ed25519 key, got ${key.asymmetricKeyType ?? 'an unknown'} key; ${GENERATE_HINT}`,
    );
  return key;
}

/** A public key of the seal: SPKI PEM, or base64 of the SPKI DER. */
export function parseSealPublicKey(input: string | Uint8Array | KeyObject): KeyObject {
  const what = 'the seal public key';
  let key: KeyObject;
  if (input instanceof KeyObject) key = input;
  else {
    try {
      key = createPublicKey(
        typeof input === 'string'
          ? { key: derOf(input, 'PUBLIC KEY', what), format: 'der', type: 'spki' }
          : { key: Buffer.from(input), format: 'der', type: 'spki' },
      );
    } catch (error) {
      if (error instanceof EventStoreConfigError) throw error;
      throw new EventStoreConfigError(
        `${what} is not an SPKI public key ("-----BEGIN PUBLIC KEY-----"); \`npm run audit -- public-key\` prints it`,
      );
    }
  }
  if (key.type !== 'public')
    throw new EventStoreConfigError(
      `${what} must be a public key, got a ${key.type} key: never hand the private key to a verifier`,
    );
  if (key.asymmetricKeyType !== 'ed25519')
    throw new EventStoreConfigError(
      `${what} must be an Ed25519 key, got ${key.asymmetricKeyType ?? 'an unknown'} key`,
    );
  return key;
}

/** Checks seal checkpoint signatures; needs nothing secret, so it is what an auditor holds. */
export class SealPublicKey {
  /** First 16 hex digits of SHA-256 over the SPKI DER: names the key in checkpoints and messages. */
  readonly keyId: string;
  /** SPKI DER, as stored next to each checkpoint. */
  readonly der: Buffer;
  readonly pem: string;
  private readonly key: KeyObject;

  constructor(input: string | Uint8Array | KeyObject) {
    this.key = parseSealPublicKey(input);
    this.der = this.key.export({ type: 'spki', format: 'der' });
    this.pem = this.key.export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = createHash('sha256').update(this.der).digest('hex').slice(0, 16);
  }

  verify(message: string, signature: Uint8Array): boolean {
    return verify(null, Buffer.from(message, 'utf8'), this.key, signature);
  }
}

/** Signs seal checkpoints (Ed25519); configured as SEAL_SIGNING_KEY where the sealer runs. */
export class SealSigningKey {
  readonly publicKey: SealPublicKey;
  private readonly key: KeyObject;

  constructor(input: string | KeyObject) {
    this.key = parseSealSigningKey(input);
    this.publicKey = new SealPublicKey(createPublicKey(this.key));
  }

  get keyId(): string {
    return this.publicKey.keyId;
  }

  sign(message: string): Buffer {
    return sign(null, Buffer.from(message, 'utf8'), this.key);
  }
}

/** `SEAL_RETIRED_PUBLIC_KEYS`: public halves of seal signing keys a rotation replaced. */
export const RETIRED_SEAL_PUBLIC_KEYS_ENV = 'SEAL_RETIRED_PUBLIC_KEYS';

/** Comma-separated public keys (base64 SPKI DER, or PEM with `\n` escapes): none when unset. */
export function retiredSealPublicKeysFrom(value: string | undefined): SealPublicKey[] {
  return keyList(value).map((key) => new SealPublicKey(key));
}
