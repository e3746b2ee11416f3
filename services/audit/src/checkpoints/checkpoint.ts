import type { Pool } from 'pg';
import {
  checkpointMessage,
  globalPositionFromDecimals,
  SealPublicKey,
  type MasterKey,
  type SealSignatureAlgorithm,
} from '@accord/event-store';

export const CHECKPOINT_FORMAT = 'accord-seal-checkpoint/v2';
/** Files exported while checkpoints were HMAC-SHA256 under the master key (no algorithm choice, no public key). */
export const LEGACY_CHECKPOINT_FORMAT = 'accord-seal-checkpoint/v1';

/**
 * A signed checkpoint of the global seal, as exported for safe keeping outside the database. The
 * sealer signs with Ed25519 (SEAL_SIGNING_KEY), so anyone holding the public key can check it, with
 * no database and no secret. The copy kept outside is what proves the log up to `sealSeq` was not
 * rewritten later, even by someone holding the signing key. Checkpoints written before Ed25519 are
 * HMAC-SHA256 under a key derived from EVENT_STORE_MASTER_KEY: only the master key checks those.
 */
export interface ExportedCheckpoint {
  readonly format: typeof CHECKPOINT_FORMAT | typeof LEGACY_CHECKPOINT_FORMAT;
  /** Number of events sealed up to and including this link (decimal string: it may pass 2^53). */
  readonly sealSeq: string;
  readonly sealHash: string;
  readonly globalPosition: string;
  /** When the sealer wrote it. Not covered by the signature. */
  readonly createdAt: string;
  /** null when unsigned (the sealer had no signing key). */
  readonly algorithm: SealSignatureAlgorithm | null;
  /** Fingerprint of the signing key: first 16 hex digits of SHA-256 over its public key's SPKI DER. */
  readonly keyId: string | null;
  /**
   * The signer's public key (SPKI PEM), for convenience. Never trusted by itself: whoever forges a
   * file can put their own key here. Check against the public key you kept.
   */
  readonly publicKey: string | null;
  readonly signedMessage: string;
  /** base64; null when unsigned. */
  readonly signature: string | null;
}

export { checkpointMessage };

/** SPKI DER as PEM, without parsing: a damaged stored key must still export (and then fail to verify). */
function spkiPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

interface CheckpointRow {
  seal_seq: string;
  seal_hash: string;
  transaction_id: string;
  global_position: string;
  created_at: Date;
  key_id: string | null;
  signature: Buffer | null;
  algorithm: 'Ed25519' | null;
  public_key: Buffer | null;
}

/** The newest signed checkpoint the sealer wrote in `schema`, or null before the first one. */
export async function latestCheckpoint(
  pool: Pick<Pool, 'query'>,
  schema: string,
): Promise<ExportedCheckpoint | null> {
  const { rows } = await pool.query<CheckpointRow>(
    `SELECT c.seal_seq::text AS seal_seq, encode(c.seal_hash, 'hex') AS seal_hash, c.transaction_id::text AS transaction_id,
            c.global_position::text AS global_position, c.created_at, c.key_id, c.signature,
            c.algorithm, c.public_key
       FROM ${schema}.seal_checkpoints c ORDER BY c.seal_seq DESC LIMIT 1`,
  );
  const row = rows[0];
  if (!row) return null;
  const globalPosition = globalPositionFromDecimals(row.transaction_id, row.global_position);
  return {
    format: CHECKPOINT_FORMAT,
    sealSeq: row.seal_seq,
    sealHash: row.seal_hash,
    globalPosition,
    createdAt: row.created_at.toISOString(),
    // Rows written before migration 0003 have no algorithm: a signature there is HMAC-SHA256.
    algorithm: row.signature ? (row.algorithm ?? 'HMAC-SHA256') : null,
    keyId: row.key_id,
    publicKey: row.public_key ? spkiPem(row.public_key) : null,
    signedMessage: checkpointMessage(row.seal_seq, row.seal_hash, globalPosition),
    signature: row.signature ? row.signature.toString('base64') : null,
  };
}

export type CheckpointProblem =
  | 'not-a-checkpoint'
  | 'unsigned'
  | 'other-key'
  | 'signature-invalid'
  /** The signature holds only under the public key the file carries: authenticity not established. */
  | 'key-not-trusted'
  /** HMAC-SHA256 (before Ed25519) and no master key at hand. */
  | 'not-verifiable-offline'
  | 'not-in-log'
  | 'differs-from-log';

export interface CheckpointCheck {
  readonly valid: boolean;
  readonly problem: CheckpointProblem | null;
  readonly detail: string;
}

const fail = (problem: CheckpointProblem, detail: string): CheckpointCheck => ({
  valid: false,
  problem,
  detail,
});

const ALGORITHMS: readonly (SealSignatureAlgorithm | null)[] = ['Ed25519', 'HMAC-SHA256', null];

/** Reads an exported checkpoint back (either format), refusing anything that is not one. */
export function parseCheckpoint(value: unknown): ExportedCheckpoint | null {
  if (value === null || typeof value !== 'object') return null;
  const candidate = value as Record<string, unknown>;
  const text = (key: string): string | undefined =>
    typeof candidate[key] === 'string' ? (candidate[key] as string) : undefined;
  const textOrNull = (key: string): string | null | undefined =>
    candidate[key] === null || candidate[key] === undefined ? null : text(key);
  const format = candidate['format'];
  const sealSeq = text('sealSeq');
  const sealHash = text('sealHash');
  const globalPosition = text('globalPosition');
  const signature = textOrNull('signature');
  const keyId = textOrNull('keyId');
  const publicKey = format === CHECKPOINT_FORMAT ? textOrNull('publicKey') : null;
  const algorithm = (candidate['algorithm'] ?? null) as SealSignatureAlgorithm | null;
  if (
    (format !== CHECKPOINT_FORMAT && format !== LEGACY_CHECKPOINT_FORMAT) ||
    sealSeq === undefined ||
    !/^\d+$/.test(sealSeq) ||
    sealHash === undefined ||
    globalPosition === undefined ||
    signature === undefined ||
    keyId === undefined ||
    publicKey === undefined ||
    !ALGORITHMS.includes(algorithm) ||
    (format === LEGACY_CHECKPOINT_FORMAT && algorithm === 'Ed25519')
  )
    return null;
  return {
    format,
    sealSeq,
    sealHash,
    globalPosition,
    createdAt: text('createdAt') ?? '',
    algorithm: signature === null ? null : (algorithm ?? 'HMAC-SHA256'),
    keyId,
    publicKey,
    signedMessage: text('signedMessage') ?? '',
    signature,
  };
}

/** The keys an auditor brings: never taken from the checkpoint file itself. */
export interface TrustedKeys {
  /** The seal public key kept for safe keeping (`npm run audit -- public-key`). */
  readonly publicKey?: SealPublicKey | undefined;
  /** Only for HMAC-SHA256 checkpoints, written before Ed25519. */
  readonly masterKey?: MasterKey | undefined;
}

const ASK_FOR_KEY =
  'pass --public-key <file> (or SEAL_PUBLIC_KEY) with the seal public key you kept (`npm run audit -- public-key` prints it)';

/**
 * The checkpoint's signature, recomputed from its fields (not its `signedMessage`), under the key
 * the auditor trusts. With no such key, a signature that holds under the key embedded in the file
 * is `key-not-trusted`: a forger would embed their own key.
 */
export function checkSignature(checkpoint: ExportedCheckpoint, trusted: TrustedKeys): CheckpointCheck {
  if (!checkpoint.signature || !checkpoint.algorithm)
    return fail('unsigned', 'the checkpoint carries no signature (the sealer had no signing key)');
  const message = checkpointMessage(checkpoint.sealSeq, checkpoint.sealHash, checkpoint.globalPosition);
  const signature = Buffer.from(checkpoint.signature, 'base64');
  const altered = 'the signature does not match the checkpoint: the file was altered or forged';
  if (checkpoint.algorithm === 'HMAC-SHA256') {
    const { masterKey } = trusted;
    if (!masterKey)
      return fail(
        'not-verifiable-offline',
        'an HMAC-SHA256 checkpoint (written before checkpoints were Ed25519) can be checked only with EVENT_STORE_MASTER_KEY',
      );
    if (checkpoint.keyId !== masterKey.keyId)
      return fail(
        'other-key',
        `the checkpoint was signed by master key ${checkpoint.keyId ?? '(none)'}, this one is ${masterKey.keyId}`,
      );
    return masterKey.verifySignature(message, signature)
      ? { valid: true, problem: null, detail: `HMAC-SHA256 signature by master key ${masterKey.keyId}` }
      : fail('signature-invalid', altered);
  }
  const { publicKey } = trusted;
  if (publicKey) {
    if (checkpoint.keyId !== publicKey.keyId)
      return fail(
        'other-key',
        `the checkpoint names seal key ${checkpoint.keyId ?? '(none)'}, the public key you trust is ${publicKey.keyId}`,
      );
    return publicKey.verify(message, signature)
      ? {
          valid: true,
          problem: null,
          detail: `Ed25519 signature by seal key ${publicKey.keyId}, the public key you trust`,
        }
      : fail('signature-invalid', altered);
  }
  let embedded: SealPublicKey;
  try {
    embedded = new SealPublicKey(checkpoint.publicKey ?? '');
  } catch {
    return fail('key-not-trusted', `no public key to check the signature with: ${ASK_FOR_KEY}`);
  }
  if (embedded.keyId !== checkpoint.keyId || !embedded.verify(message, signature))
    return fail('signature-invalid', `${altered} (checked under the public key the file carries)`);
  return fail(
    'key-not-trusted',
    `authenticity NOT established: the signature holds only under the public key inside the file (${embedded.keyId}), which a forger would have put there too; ${ASK_FOR_KEY}`,
  );
}

/** Problems that leave authenticity open, as opposed to evidence that something is wrong. */
const INCONCLUSIVE: readonly (CheckpointProblem | null)[] = [
  'unsigned',
  'key-not-trusted',
  'not-verifiable-offline',
];

export interface CheckpointVerdict {
  /** 0 authentic (and in the log, when checked), 1 invalid, 3 authenticity not established. */
  readonly exitCode: 0 | 1 | 3;
  /** One line for a person. */
  readonly line: string;
}

/** Sums up a checkpoint's checks; `inLog` null when no database was at hand. */
export function checkpointVerdict(
  checkpoint: ExportedCheckpoint,
  signature: CheckpointCheck,
  inLog: CheckpointCheck | null,
): CheckpointVerdict {
  const subject = `seal checkpoint ${checkpoint.sealSeq}`;
  const failures = [signature, inLog].filter((check): check is CheckpointCheck => !!check && !check.valid);
  const details = failures.map((check) => check.detail).join('; ');
  if (failures.some((check) => !INCONCLUSIVE.includes(check.problem)))
    return { exitCode: 1, line: `INVALID: ${subject}: ${details}` };
  if (failures.length > 0) {
    const logPart = inLog?.valid ? `; ${inLog.detail}` : '';
    return { exitCode: 3, line: `NOT ESTABLISHED: ${subject}: ${details}${logPart}` };
  }
  return {
    exitCode: 0,
    line: inLog
      ? `VALID: ${subject}: ${signature.detail}, and ${inLog.detail}`
      : `VALID: ${subject}: ${signature.detail}; the log itself was not checked (no DATABASE_URL)`,
  };
}

/** Whether the log's seal still passes through the checkpoint: same link, same hash, same event. */
export async function checkAgainstLog(
  pool: Pick<Pool, 'query'>,
  schema: string,
  checkpoint: ExportedCheckpoint,
): Promise<CheckpointCheck> {
  const { rows } = await pool.query<{ seal_hash: string; transaction_id: string; global_position: string }>(
    `SELECT encode(s.seal_hash, 'hex') AS seal_hash, s.transaction_id::text AS transaction_id, s.global_position::text AS global_position
       FROM ${schema}.seal s WHERE s.seal_seq = $1`,
    [checkpoint.sealSeq],
  );
  const row = rows[0];
  if (!row)
    return fail('not-in-log', `the log's seal has no link ${checkpoint.sealSeq}: its tail was removed`);
  const position = globalPositionFromDecimals(row.transaction_id, row.global_position);
  if (row.seal_hash !== checkpoint.sealHash || position !== checkpoint.globalPosition)
    return fail(
      'differs-from-log',
      `seal link ${checkpoint.sealSeq} is now ${row.seal_hash} at ${position}, the checkpoint says ${checkpoint.sealHash} at ${checkpoint.globalPosition}: the log before it was rewritten`,
    );
  return { valid: true, problem: null, detail: `the seal still passes through link ${checkpoint.sealSeq}` };
}
