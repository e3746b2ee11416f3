import type { Pool } from 'pg';
import { globalPositionFromDecimals, type MasterKey } from '@accord/event-store';

export const CHECKPOINT_FORMAT = 'accord-seal-checkpoint/v1';

/**
 * A signed checkpoint of the global seal, as exported for safe keeping outside the database. The
 * event store signs with HMAC-SHA256 under a key derived from EVENT_STORE_MASTER_KEY (not
 * Ed25519): checking the signature needs the master key, and the copy kept outside is what proves
 * the log up to `sealSeq` was not rewritten later, even by someone holding that key.
 */
export interface ExportedCheckpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  /** Number of events sealed up to and including this link (decimal string: it may pass 2^53). */
  readonly sealSeq: string;
  readonly sealHash: string;
  readonly globalPosition: string;
  readonly createdAt: string;
  readonly algorithm: 'HMAC-SHA256';
  readonly keyId: string | null;
  readonly signedMessage: string;
  /** base64; null when the store had no master key. */
  readonly signature: string | null;
}

/** The message a checkpoint's signature covers; the same as libs/event-store's sealer signs. */
export function checkpointMessage(sealSeq: string, sealHash: string, globalPosition: string): string {
  return `accord-seal-checkpoint:v1|${sealSeq}|${sealHash}|${globalPosition}`;
}

interface CheckpointRow {
  seal_seq: string;
  seal_hash: string;
  transaction_id: string;
  global_position: string;
  created_at: Date;
  key_id: string | null;
  signature: Buffer | null;
}

/** The newest signed checkpoint the sealer wrote in `schema`, or null before the first one. */
export async function latestCheckpoint(
  pool: Pick<Pool, 'query'>,
  schema: string,
): Promise<ExportedCheckpoint | null> {
  const { rows } = await pool.query<CheckpointRow>(
    `SELECT c.seal_seq::text AS seal_seq, encode(c.seal_hash, 'hex') AS seal_hash, c.transaction_id::text AS transaction_id,
            c.global_position::text AS global_position, c.created_at, c.key_id, c.signature
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
    algorithm: 'HMAC-SHA256',
    keyId: row.key_id,
    signedMessage: checkpointMessage(row.seal_seq, row.seal_hash, globalPosition),
    signature: row.signature ? row.signature.toString('base64') : null,
  };
}

export type CheckpointProblem =
  | 'not-a-checkpoint'
  | 'unsigned'
  | 'other-key'
  | 'signature-invalid'
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

/** Reads an exported checkpoint back, refusing anything that is not one. */
export function parseCheckpoint(value: unknown): ExportedCheckpoint | null {
  if (value === null || typeof value !== 'object') return null;
  const candidate = value as Record<string, unknown>;
  const text = (key: string) => typeof candidate[key] === 'string';
  return candidate['format'] === CHECKPOINT_FORMAT &&
    text('sealSeq') &&
    /^\d+$/.test(candidate['sealSeq'] as string) &&
    text('sealHash') &&
    text('globalPosition') &&
    (candidate['signature'] === null || text('signature'))
    ? (candidate as unknown as ExportedCheckpoint)
    : null;
}

/** The checkpoint's signature under this master key, recomputed from its fields (not its `signedMessage`). */
export function checkSignature(checkpoint: ExportedCheckpoint, masterKey: MasterKey): CheckpointCheck {
  if (!checkpoint.signature) return fail('unsigned', 'the checkpoint carries no signature');
  if (checkpoint.keyId !== masterKey.keyId)
    return fail(
      'other-key',
      `the checkpoint was signed by master key ${checkpoint.keyId ?? '(none)'}, this one is ${masterKey.keyId}`,
    );
  const message = checkpointMessage(checkpoint.sealSeq, checkpoint.sealHash, checkpoint.globalPosition);
  return masterKey.verifySignature(message, Buffer.from(checkpoint.signature, 'base64'))
    ? { valid: true, problem: null, detail: `signed by master key ${masterKey.keyId}` }
    : fail(
        'signature-invalid',
        'the signature does not match the checkpoint: the file was altered or forged',
      );
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
