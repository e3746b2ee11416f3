import type { Pool, PoolClient } from 'pg';
import { GENESIS_HASH, sealHash } from '../canonical';
import type { MasterKey } from '../crypto/key-store';
import type { SealPublicKey } from '../crypto/seal-signing-key';
import type { VerifyAllOptions, VerifyFailure, VerifyResult } from '../event-store.port';
import { globalPositionFromDecimals, type GlobalPosition } from '../global-position';
import { ChainWalker, progressReporter, verifyFailure, type ChainLink } from '../verify-chain';
import { checkpointMessage } from './sealer';

const PAGE = 5000;

interface EventRow {
  stream_id: string;
  stream_version: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
  transaction_id: string;
  global_position: string;
  prev_hash: string;
  hash: string;
}

interface SealRow {
  seal_seq: string;
  transaction_id: string;
  global_position: string;
  stream_id: string;
  stream_version: string;
  event_hash: string;
  seal_hash: string;
}

/** Text columns; every ORDER BY names the table alias, never these text aliases ('10' < '9'). */
const eventColumns = `e.stream_id, e.stream_version::text AS stream_version, e.event_id::text AS event_id, e.type, e.schema_version,
  e.data::text AS data, e.metadata::text AS metadata,
  to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at,
  e.transaction_id::text AS transaction_id, e.global_position::text AS global_position,
  encode(e.prev_hash, 'hex') AS prev_hash, encode(e.hash, 'hex') AS hash`;

const sealColumns = `s.seal_seq::text AS seal_seq, s.transaction_id::text AS transaction_id, s.global_position::text AS global_position, s.stream_id,
  s.stream_version::text AS stream_version, encode(s.event_hash, 'hex') AS event_hash, encode(s.seal_hash, 'hex') AS seal_hash`;

function toLink(row: EventRow): ChainLink & { readonly position: GlobalPosition } {
  const position = globalPositionFromDecimals(row.transaction_id, row.global_position);
  return {
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as unknown,
    recordedAt: row.recorded_at,
    prevHash: row.prev_hash,
    hash: row.hash,
    globalPosition: position,
    position,
  };
}

/** Verification reads one consistent snapshot, so concurrent appends cannot look like tampering. */
async function inSnapshot<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export function verifyPostgresStream(pool: Pool, schema: string, streamId: string): Promise<VerifyResult> {
  return inSnapshot(pool, async (client) => {
    const { rows } = await client.query<EventRow>(
      `SELECT ${eventColumns} FROM ${schema}.events e WHERE e.stream_id = $1 ORDER BY e.stream_version`,
      [streamId],
    );
    const walker = new ChainWalker();
    const byVersion = new Map<number, ChainLink & { position: GlobalPosition }>();
    for (const row of rows) {
      const link = toLink(row);
      const failure = walker.check(link);
      if (failure) return failure;
      byVersion.set(link.streamVersion, link);
    }
    const seals = await client.query<SealRow>(
      `SELECT ${sealColumns} FROM ${schema}.seal s WHERE s.stream_id = $1 ORDER BY s.stream_version`,
      [streamId],
    );
    for (const seal of seals.rows) {
      const failure = checkSealAgainstEvent(walker.checked, seal, byVersion.get(Number(seal.stream_version)));
      if (failure) return failure;
    }
    return { intact: true, checked: walker.checked, sealed: seals.rows.length };
  });
}

function checkSealAgainstEvent(
  checked: number,
  seal: SealRow,
  event: (ChainLink & { position: GlobalPosition }) | undefined,
): VerifyFailure | null {
  const sealedAt = {
    streamId: seal.stream_id,
    streamVersion: Number(seal.stream_version),
    globalPosition: globalPositionFromDecimals(seal.transaction_id, seal.global_position),
  };
  if (!event) {
    return verifyFailure(
      checked,
      'event-missing',
      sealedAt,
      `event ${seal.stream_id}@${seal.stream_version} (hash ${seal.event_hash})`,
      'nothing',
      `the seal records ${seal.stream_id}@${seal.stream_version}, but the event is gone: it was deleted`,
    );
  }
  if (event.position !== sealedAt.globalPosition || event.hash !== seal.event_hash) {
    return verifyFailure(
      checked,
      'seal-mismatch',
      sealedAt,
      `hash ${seal.event_hash} at ${sealedAt.globalPosition}`,
      `hash ${event.hash} at ${event.position}`,
      `${seal.stream_id}@${seal.stream_version} is not the event that was sealed: it was replaced (with a recomputed chain) or moved`,
    );
  }
  return null;
}

interface Checkpoint {
  seal_seq: string;
  seal_hash: string;
  transaction_id: string;
  global_position: string;
  key_id: string | null;
  signature: Buffer | null;
  algorithm: 'Ed25519' | null;
}

/** What checks the signed checkpoints: the seal's public key (Ed25519), the master key (older HMAC rows). */
export interface CheckpointKeys {
  readonly sealPublicKey: SealPublicKey | undefined;
  readonly masterKey: MasterKey | undefined;
}

/**
 * Walks the whole log once in global order, checking at the same time every stream's chain, the
 * global seal (which catches removed or re-inserted whole streams, and removed newest events) and
 * the signed seal checkpoints (which catch a seal recomputed by someone without the signing key).
 */
export function verifyPostgresAll(
  pool: Pool,
  schema: string,
  keys: CheckpointKeys,
  options?: VerifyAllOptions,
): Promise<VerifyResult> {
  return inSnapshot(pool, async (client) => {
    const total = options?.onProgress
      ? Number(
          (await client.query<{ total: string }>(`SELECT count(*)::text AS total FROM ${schema}.events`))
            .rows[0]?.total ?? 0,
        )
      : null;
    const progress = progressReporter(options, total);
    const checkpoints = (
      await client.query<Checkpoint>(
        `SELECT c.seal_seq::text AS seal_seq, encode(c.seal_hash, 'hex') AS seal_hash, c.transaction_id::text AS transaction_id,
                c.global_position::text AS global_position, c.key_id, c.signature, c.algorithm
           FROM ${schema}.seal_checkpoints c ORDER BY c.seal_seq`,
      )
    ).rows;
    const lastSealRow = (
      await client.query<{ transaction_id: string; global_position: string }>(
        `SELECT s.transaction_id::text AS transaction_id, s.global_position::text AS global_position FROM ${schema}.seal s ORDER BY s.seal_seq DESC LIMIT 1`,
      )
    ).rows[0];
    const sealEnd = lastSealRow
      ? globalPositionFromDecimals(lastSealRow.transaction_id, lastSealRow.global_position)
      : null;

    const seals = pager<SealRow>(async (after) => {
      const { rows } = await client.query<SealRow>(
        `SELECT ${sealColumns} FROM ${schema}.seal s WHERE s.seal_seq > $1 ORDER BY s.seal_seq LIMIT $2`,
        [after?.seal_seq ?? '0', PAGE],
      );
      return rows;
    });
    const events = pager<EventRow>(async (after) => {
      const { rows } = await client.query<EventRow>(
        `SELECT ${eventColumns} FROM ${schema}.events e
          WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
          ORDER BY e.transaction_id, e.global_position LIMIT $3`,
        [after?.transaction_id ?? '0', after?.global_position ?? '0', PAGE],
      );
      return rows;
    });

    const walker = new ChainWalker();
    let prevSeal = GENESIS_HASH;
    let expectedSeq = 1n;
    let checkpointIndex = 0;
    let sealed = 0;

    const consumeSeal = (
      seal: SealRow,
      event: ChainLink & { position: GlobalPosition },
    ): VerifyFailure | null => {
      const sealedAt = {
        streamId: seal.stream_id,
        streamVersion: Number(seal.stream_version),
        globalPosition: globalPositionFromDecimals(seal.transaction_id, seal.global_position),
      };
      if (BigInt(seal.seal_seq) !== expectedSeq) {
        return verifyFailure(
          walker.checked,
          'seal-gap',
          sealedAt,
          `seal link ${expectedSeq}`,
          `seal link ${seal.seal_seq}`,
          `seal links before ${seal.seal_seq} were removed`,
        );
      }
      const recomputed = sealHash(prevSeal, seal.event_hash, BigInt(seal.global_position));
      if (recomputed !== seal.seal_hash) {
        return verifyFailure(
          walker.checked,
          'seal-mismatch',
          sealedAt,
          recomputed,
          seal.seal_hash,
          `seal link ${seal.seal_seq} does not follow from the links before it: the seal was edited`,
        );
      }
      const mismatch = checkSealAgainstEvent(walker.checked, seal, event);
      if (mismatch) return mismatch;
      const checkpoint = checkpoints[checkpointIndex];
      if (checkpoint && checkpoint.seal_seq === seal.seal_seq) {
        const failure = checkCheckpoint(walker.checked, checkpoint, seal, keys);
        if (failure) return failure;
        checkpointIndex++;
      }
      prevSeal = seal.seal_hash;
      expectedSeq++;
      sealed++;
      return null;
    };

    for (;;) {
      const row = await events.peek();
      if (!row) break;
      const link = toLink(row);
      if (sealEnd && link.position <= sealEnd) {
        const seal = await seals.peek();
        const sealPosition = seal
          ? globalPositionFromDecimals(seal.transaction_id, seal.global_position)
          : null;
        // A seal link before this event with no event of its own: that event was removed.
        if (seal && sealPosition && sealPosition < link.position)
          return checkSealAgainstEvent(walker.checked, seal, undefined) as VerifyFailure;
        if (!seal || sealPosition !== link.position) {
          return verifyFailure(
            walker.checked,
            'unsealed-event',
            link,
            'no event here (the seal skips this position)',
            `event ${link.eventId}`,
            `${link.streamId}@${link.streamVersion} sits inside the sealed part of the log but was never sealed: it was inserted behind the store's back`,
          );
        }
        const failure = consumeSeal(seal, link);
        if (failure) return failure;
        await seals.next();
      }
      const failure = walker.check(link);
      if (failure) return failure;
      progress.step(walker.checked);
      await events.next();
    }
    progress.done(walker.checked);
    const leftover = await seals.peek();
    if (leftover) return checkSealAgainstEvent(walker.checked, leftover, undefined) as VerifyFailure;
    const unreached = checkpoints[checkpointIndex];
    if (unreached) {
      return verifyFailure(
        walker.checked,
        'checkpoint-mismatch',
        {
          streamId: null,
          streamVersion: null,
          globalPosition: globalPositionFromDecimals(unreached.transaction_id, unreached.global_position),
        },
        `seal link ${unreached.seal_seq}`,
        `seal ends at link ${expectedSeq - 1n}`,
        `a signed checkpoint covers seal link ${unreached.seal_seq}, but the seal ends before it: its tail was removed`,
      );
    }

    return { intact: true, checked: walker.checked, sealed };
  });
}

function checkCheckpoint(
  checked: number,
  checkpoint: Checkpoint,
  seal: SealRow,
  { sealPublicKey, masterKey }: CheckpointKeys,
): VerifyFailure | null {
  const position = globalPositionFromDecimals(checkpoint.transaction_id, checkpoint.global_position);
  const at = {
    streamId: seal.stream_id,
    streamVersion: Number(seal.stream_version),
    globalPosition: position,
  };
  if (checkpoint.seal_hash !== seal.seal_hash) {
    return verifyFailure(
      checked,
      'checkpoint-mismatch',
      at,
      checkpoint.seal_hash,
      seal.seal_hash,
      `the seal at link ${seal.seal_seq} differs from the signed checkpoint: the seal was recomputed`,
    );
  }
  const message = checkpointMessage(checkpoint.seal_seq, checkpoint.seal_hash, position);
  const signedBy = checkpoint.signature
    ? `${checkpoint.algorithm ?? 'HMAC-SHA256'} signature by ${checkpoint.key_id ?? 'an unknown key'} that does not verify`
    : 'no signature';
  if (checkpoint.algorithm === 'Ed25519' || (checkpoint.signature === null && sealPublicKey)) {
    // With the public key at hand every checkpoint must carry its signature: an unsigned one was
    // written without the key, or a signed one was stripped to pass a recomputed seal off.
    if (!sealPublicKey) return null;
    const valid =
      checkpoint.signature !== null &&
      checkpoint.key_id === sealPublicKey.keyId &&
      sealPublicKey.verify(message, checkpoint.signature);
    return valid
      ? null
      : verifyFailure(
          checked,
          'checkpoint-signature-invalid',
          at,
          `an Ed25519 signature by seal key ${sealPublicKey.keyId}`,
          signedBy,
          `seal checkpoint ${checkpoint.seal_seq} is not signed by this store's seal key: it was forged or the key differs`,
        );
  }
  // Written before migration 0003: HMAC-SHA256 under a key derived from the master key.
  if (checkpoint.signature === null || !masterKey) return null;
  const valid =
    checkpoint.key_id === masterKey.keyId && masterKey.verifySignature(message, checkpoint.signature);
  return valid
    ? null
    : verifyFailure(
        checked,
        'checkpoint-signature-invalid',
        at,
        `an HMAC-SHA256 signature by master key ${masterKey.keyId}`,
        signedBy,
        `seal checkpoint ${checkpoint.seal_seq} is not signed by this store's master key: it was forged or the key differs`,
      );
}

/** Keyset pagination with a one-row lookahead. */
function pager<Row>(fetch: (after: Row | undefined) => Promise<Row[]>): {
  peek(): Promise<Row | undefined>;
  next(): Promise<void>;
} {
  let buffer: Row[] = [];
  let index = 0;
  let last: Row | undefined;
  let exhausted = false;
  const fill = async (): Promise<void> => {
    if (index < buffer.length || exhausted) return;
    buffer = await fetch(last);
    index = 0;
    if (buffer.length < PAGE) exhausted = true;
  };
  return {
    async peek() {
      await fill();
      return buffer[index];
    },
    async next() {
      await fill();
      last = buffer[index];
      index++;
    },
  };
}
