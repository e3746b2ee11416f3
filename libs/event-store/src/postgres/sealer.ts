import type { Pool, PoolClient } from 'pg';
import type { SealSigningKey } from '../crypto/seal-signing-key';
import { globalPositionFromDecimals } from '../global-position';
import { checkpointMessage, nextSealLink, type SealLink } from '../seal';
import { LOCK_NAMESPACE } from './migrations';
import { inPoolTransaction } from './transaction';

export interface SealerOptions {
  /** Events sealed per transaction (default 5000). */
  readonly batchSize?: number;
  /** Write a signed checkpoint after this many sealed events (default 1000)… */
  readonly checkpointEvery?: number;
  /** …or when this long has passed since the last one (default 10 s). */
  readonly checkpointIntervalMs?: number;
  /** Background pass interval for `start()` (default 1000 ms). */
  readonly intervalMs?: number;
  readonly onError?: (error: unknown) => void;
  /** Told once, on `start()`, when there is no signing key (default console.warn). */
  readonly onWarning?: (message: string) => void;
}

export interface SealResult {
  readonly sealed: number;
  /** False when another sealer held the lock, so this one did nothing. */
  readonly acquired: boolean;
}

interface LastSeal {
  readonly seq: bigint;
  readonly hash: string;
  readonly transactionId: string;
  readonly globalPosition: string;
}

/**
 * Chains every settled event into one global seal (see docs/adr/0002). Only events below the xmin
 * horizon are sealed, so the seal order is final: nothing can later commit in front of it. One
 * sealer runs at a time: each pass holds a transaction-scoped advisory lock, so replicas may all run
 * one (the others skip their passes) and a crashed sealer leaves no stale lock behind.
 */
export class PostgresSealer {
  private readonly batchSize: number;
  private readonly checkpointEvery: number;
  private readonly checkpointIntervalMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;
  private warned = false;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly signingKey: SealSigningKey | undefined,
    private readonly options: SealerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 5000;
    this.checkpointEvery = options.checkpointEvery ?? 1000;
    this.checkpointIntervalMs = options.checkpointIntervalMs ?? 10_000;
  }

  /** Seals everything settled now; resolves when caught up. */
  async sealPending(options: { readonly forceCheckpoint?: boolean } = {}): Promise<SealResult> {
    let sealed = 0;
    for (;;) {
      const pass = await this.pass(options.forceCheckpoint === true);
      if (!pass.acquired) return { sealed, acquired: sealed > 0 };
      sealed += pass.sealed;
      if (pass.sealed < this.batchSize) return { sealed, acquired: true };
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (!this.signingKey && !this.warned) {
      this.warned = true;
      (this.options.onWarning ?? ((message) => console.warn(`[event-store] ${message}`)))(
        'no seal signing key (SEAL_SIGNING_KEY): seal checkpoints are written unsigned, so a seal recomputed by someone with database access cannot be told from the real one',
      );
    }
    const tick = (): void => {
      this.running = this.sealPending()
        .catch((error: unknown) =>
          (this.options.onError ?? ((e) => console.warn('[event-store] sealer pass failed', e)))(error),
        )
        .finally(() => {
          this.running = null;
          if (!this.stopped) {
            this.timer = setTimeout(tick, this.options.intervalMs ?? 1000);
            this.timer.unref();
          }
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async pass(forceCheckpoint: boolean): Promise<{ sealed: number; acquired: boolean }> {
    const s = this.schema;
    return inPoolTransaction(this.pool, async (client) => {
      const lock = await client.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS ok',
        [LOCK_NAMESPACE.seal, s],
      );
      if (!lock.rows[0]?.ok) return { sealed: 0, acquired: false };
      const last = await this.lastSeal(client);
      const { rows } = await client.query<{
        transaction_id: string;
        global_position: string;
        stream_id: string;
        stream_version: string;
        hash: string;
      }>(
        `SELECT e.transaction_id::text AS transaction_id, e.global_position::text AS global_position, e.stream_id,
                e.stream_version::text AS stream_version, encode(e.hash, 'hex') AS hash
           FROM ${s}.events e
          WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
            AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          ORDER BY e.transaction_id, e.global_position
          LIMIT $3`,
        [last?.transactionId ?? '0', last?.globalPosition ?? '0', this.batchSize],
      );
      const links: SealLink[] = [];
      let previous = last ? { seq: last.seq, sealHash: last.hash } : null;
      for (const row of rows) {
        const link = nextSealLink(previous, {
          globalPosition: globalPositionFromDecimals(row.transaction_id, row.global_position),
          streamId: row.stream_id,
          streamVersion: Number(row.stream_version),
          hash: row.hash,
        });
        links.push(link);
        previous = link;
      }
      if (rows.length > 0) {
        await client.query(
          `INSERT INTO ${s}.seal (seal_seq, global_position, transaction_id, stream_id, stream_version, event_hash, seal_hash)
           SELECT n.seq, n.gp, n.tx, n.stream_id, n.version, decode(n.event_hash, 'hex'), decode(n.seal_hash, 'hex')
             FROM unnest($1::bigint[], $2::bigint[], $3::xid8[], $4::text[], $5::bigint[], $6::text[], $7::text[])
                  AS n(seq, gp, tx, stream_id, version, event_hash, seal_hash)`,
          [
            links.map((link) => link.seq.toString()),
            rows.map((row) => row.global_position),
            rows.map((row) => row.transaction_id),
            rows.map((row) => row.stream_id),
            rows.map((row) => row.stream_version),
            rows.map((row) => row.hash),
            links.map((link) => link.sealHash),
          ],
        );
      }
      const lastRow = rows[rows.length - 1];
      const tip =
        lastRow && previous
          ? {
              seq: previous.seq,
              hash: previous.sealHash,
              transactionId: lastRow.transaction_id,
              globalPosition: lastRow.global_position,
            }
          : last;
      if (tip) await this.maybeCheckpoint(client, tip, rows.length, forceCheckpoint);
      return { sealed: rows.length, acquired: true };
    });
  }

  private async lastSeal(client: PoolClient): Promise<LastSeal | null> {
    const { rows } = await client.query<{
      seq: string;
      hash: string;
      transaction_id: string;
      global_position: string;
    }>(
      `SELECT s.seal_seq::text AS seq, encode(s.seal_hash, 'hex') AS hash, s.transaction_id::text AS transaction_id, s.global_position::text AS global_position
         FROM ${this.schema}.seal s ORDER BY s.seal_seq DESC LIMIT 1`,
    );
    const row = rows[0];
    return row
      ? {
          seq: BigInt(row.seq),
          hash: row.hash,
          transactionId: row.transaction_id,
          globalPosition: row.global_position,
        }
      : null;
  }

  private async maybeCheckpoint(
    client: PoolClient,
    tip: LastSeal,
    sealedNow: number,
    force: boolean,
  ): Promise<void> {
    const { rows } = await client.query<{ seq: string; age_ms: number }>(
      `SELECT c.seal_seq::text AS seq, (extract(epoch FROM now() - c.created_at) * 1000)::float8 AS age_ms
         FROM ${this.schema}.seal_checkpoints c ORDER BY c.seal_seq DESC LIMIT 1`,
    );
    const previous = rows[0];
    if (previous && BigInt(previous.seq) === tip.seq) return;
    const due =
      force ||
      (sealedNow > 0 &&
        (!previous ||
          tip.seq - BigInt(previous.seq) >= BigInt(this.checkpointEvery) ||
          previous.age_ms >= this.checkpointIntervalMs));
    if (!due) return;
    const position = globalPositionFromDecimals(tip.transactionId, tip.globalPosition);
    const key = this.signingKey;
    await client.query(
      `INSERT INTO ${this.schema}.seal_checkpoints (seal_seq, seal_hash, transaction_id, global_position, key_id, signature, algorithm, public_key)
       VALUES ($1, decode($2, 'hex'), $3::xid8, $4, $5, $6, $7, $8)`,
      [
        tip.seq.toString(),
        tip.hash,
        tip.transactionId,
        tip.globalPosition,
        key?.keyId ?? null,
        key ? key.sign(checkpointMessage(tip.seq, tip.hash, position)) : null,
        key ? 'Ed25519' : null,
        key?.publicKey.der ?? null,
      ],
    );
  }
}
