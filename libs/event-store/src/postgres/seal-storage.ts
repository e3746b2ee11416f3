import type { Pool } from 'pg';
import { globalPositionFromDecimals, parseGlobalPosition, type GlobalPosition } from '../global-position';
import type { SealStorage, SealWriter } from '../seal';
import { LOCK_NAMESPACE } from './migrations';
import { inPoolTransaction } from './transaction';

const decimals = (position: GlobalPosition): { tx: string; gp: string } => {
  const { major, minor } = parseGlobalPosition(position);
  return { tx: major.toString(), gp: minor.toString() };
};

/**
 * The seal in PostgreSQL (`seal`, `seal_checkpoints`, append-only): one pass per transaction, under
 * a transaction-scoped advisory lock. "Settled" is below the xmin horizon, as for gap-free reads.
 */
export class PostgresSealStorage implements SealStorage {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  inSealPass<T>(work: (writer: SealWriter) => Promise<T>): Promise<T | null> {
    const s = this.schema;
    return inPoolTransaction(this.pool, async (client) => {
      const lock = await client.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS ok',
        [LOCK_NAMESPACE.seal, s],
      );
      if (!lock.rows[0]?.ok) return null;
      return work({
        async lastLink() {
          const { rows } = await client.query<{
            seq: string;
            hash: string;
            event_hash: string;
            transaction_id: string;
            global_position: string;
            stream_id: string;
            stream_version: string;
          }>(
            `SELECT s.seal_seq::text AS seq, encode(s.seal_hash, 'hex') AS hash, encode(s.event_hash, 'hex') AS event_hash,
                    s.transaction_id::text AS transaction_id, s.global_position::text AS global_position,
                    s.stream_id, s.stream_version::text AS stream_version
               FROM ${s}.seal s ORDER BY s.seal_seq DESC LIMIT 1`,
          );
          const row = rows[0];
          return row
            ? {
                seq: BigInt(row.seq),
                globalPosition: globalPositionFromDecimals(row.transaction_id, row.global_position),
                streamId: row.stream_id,
                streamVersion: Number(row.stream_version),
                eventHash: row.event_hash,
                sealHash: row.hash,
              }
            : null;
        },
        async settledAfter(after, limit) {
          const from = after ? decimals(after) : { tx: '0', gp: '0' };
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
            [from.tx, from.gp, limit],
          );
          return rows.map((row) => ({
            globalPosition: globalPositionFromDecimals(row.transaction_id, row.global_position),
            streamId: row.stream_id,
            streamVersion: Number(row.stream_version),
            hash: row.hash,
          }));
        },
        async appendLinks(links) {
          const at = links.map((link) => decimals(link.globalPosition));
          await client.query(
            `INSERT INTO ${s}.seal (seal_seq, global_position, transaction_id, stream_id, stream_version, event_hash, seal_hash)
             SELECT n.seq, n.gp, n.tx, n.stream_id, n.version, decode(n.event_hash, 'hex'), decode(n.seal_hash, 'hex')
               FROM unnest($1::bigint[], $2::bigint[], $3::xid8[], $4::text[], $5::bigint[], $6::text[], $7::text[])
                    AS n(seq, gp, tx, stream_id, version, event_hash, seal_hash)`,
            [
              links.map((link) => link.seq.toString()),
              at.map((position) => position.gp),
              at.map((position) => position.tx),
              links.map((link) => link.streamId),
              links.map((link) => link.streamVersion),
              links.map((link) => link.eventHash),
              links.map((link) => link.sealHash),
            ],
          );
        },
        async lastCheckpoint() {
          const { rows } = await client.query<{ seq: string; age_ms: number }>(
            `SELECT c.seal_seq::text AS seq, (extract(epoch FROM now() - c.created_at) * 1000)::float8 AS age_ms
               FROM ${s}.seal_checkpoints c ORDER BY c.seal_seq DESC LIMIT 1`,
          );
          const row = rows[0];
          return row ? { seq: BigInt(row.seq), ageMs: row.age_ms } : null;
        },
        async appendCheckpoint(checkpoint, publicKey) {
          const { tx, gp } = decimals(checkpoint.globalPosition);
          await client.query(
            `INSERT INTO ${s}.seal_checkpoints (seal_seq, seal_hash, transaction_id, global_position, key_id, signature, algorithm, public_key)
             VALUES ($1, decode($2, 'hex'), $3::xid8, $4, $5, $6, $7, $8)`,
            [
              checkpoint.seq.toString(),
              checkpoint.sealHash,
              tx,
              gp,
              checkpoint.keyId,
              checkpoint.signature,
              checkpoint.algorithm,
              publicKey,
            ],
          );
        },
      });
    });
  }
}
