import { Query, type Pool, type PoolClient, type QueryResultRow } from 'pg';
import type { AuditView, SealView } from '../event-storage.port';
import { globalPositionFromDecimals } from '../global-position';
import type { SealCheckpoint, SealLink } from '../seal';
import { EVENT_COLUMNS, toStored, type EventRow } from './event-rows';
import { inPoolTransaction } from './transaction';

/**
 * Rows per page. A walk holds what it kept of this page and of the next one, arriving, while it
 * checks one; small pages keep that cheap for the young-generation GC, which copies what is alive
 * (at 5000 whole rows, about 6 MB, it took a quarter of a whole-log verification).
 */
const PAGE = 1000;

interface SealRow {
  seal_seq: string;
  transaction_id: string;
  global_position: string;
  stream_id: string;
  stream_version: string;
  event_hash: string;
  seal_hash: string;
}

interface CheckpointRow {
  seal_seq: string;
  seal_hash: string;
  transaction_id: string;
  global_position: string;
  key_id: string | null;
  signature: Buffer | null;
  algorithm: 'Ed25519' | null;
}

/** Text columns; every ORDER BY names the table alias, never these text aliases ('10' < '9'). */
const SEAL_COLUMNS = `s.seal_seq::text AS seal_seq, s.transaction_id::text AS transaction_id, s.global_position::text AS global_position, s.stream_id,
  s.stream_version::text AS stream_version, encode(s.event_hash, 'hex') AS event_hash, encode(s.seal_hash, 'hex') AS seal_hash`;

const toLink = (row: SealRow): SealLink => ({
  seq: BigInt(row.seal_seq),
  globalPosition: globalPositionFromDecimals(row.transaction_id, row.global_position),
  streamId: row.stream_id,
  streamVersion: Number(row.stream_version),
  eventHash: row.event_hash,
  sealHash: row.seal_hash,
});

/** One page: its rows mapped, and the last row's keyset position. */
interface Page<Item, Key> {
  readonly items: Item[];
  readonly last: Key | undefined;
}

/**
 * Runs a page's query, mapping each row as it arrives, so only the mapped items stay alive: the
 * rows themselves (an event's data and metadata text) die young, cheap for the garbage collector.
 * A map that throws fails the page once the query is done (the connection stays usable).
 */
function mappedPage<Row extends QueryResultRow, Item, Key>(
  client: PoolClient,
  text: string,
  values: unknown[],
  map: (row: Row) => Item,
  key: (row: Row) => Key,
): Promise<Page<Item, Key>> {
  return new Promise((resolve, reject) => {
    const items: Item[] = [];
    let last: Row | undefined;
    let failed = false;
    let failure: unknown;
    const query = new Query<Row>(text, values);
    query.on('row', (row) => {
      if (failed) return;
      try {
        items.push(map(row));
        last = row;
      } catch (error) {
        [failed, failure] = [true, error];
      }
    });
    query.on('error', reject);
    query.on('end', () => (failed ? reject(failure) : resolve({ items, last: last && key(last) })));
    client.query(query);
  });
}

/**
 * Keyset pagination: pages of PAGE rows until one comes back short. The next page is asked for as
 * soon as a page arrives, so the database reads it while the caller checks this one (the
 * connection queues the queries; the snapshot is the same).
 */
async function* paged<Item, Key>(
  fetch: (after: Key | undefined) => Promise<Page<Item, Key>>,
): AsyncGenerator<Item[]> {
  let next: Promise<Page<Item, Key>> | null = fetch(undefined);
  try {
    while (next) {
      const page: Page<Item, Key> = await next;
      next = page.items.length < PAGE ? null : fetch(page.last);
      // A caller that stops early leaves it unread: its failure is not this walk's.
      next?.catch(() => undefined);
      if (page.items.length > 0) yield page.items;
    }
  } finally {
    // Settled before the caller ends the transaction the query runs in.
    await next?.catch(() => undefined);
  }
}

/**
 * The stored log in one REPEATABLE READ snapshot, so concurrent appends and seal passes cannot look
 * like tampering. Reads every row, settled or not; the seal is in the same snapshot.
 */
export async function inPostgresAuditView<T>(
  pool: Pool,
  schema: string,
  work: (view: AuditView) => Promise<T>,
): Promise<T> {
  return inPoolTransaction(
    pool,
    (client) => work(postgresAuditView(client, schema)),
    'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
  );
}

function postgresAuditView(client: PoolClient, schema: string): AuditView {
  const seal: SealView = {
    async streamLinks(streamId) {
      const { rows } = await client.query<SealRow>(
        `SELECT ${SEAL_COLUMNS} FROM ${schema}.seal s WHERE s.stream_id = $1 ORDER BY s.stream_version`,
        [streamId],
      );
      return rows.map(toLink);
    },
    links: () =>
      paged((after: string | undefined) =>
        mappedPage(
          client,
          `SELECT ${SEAL_COLUMNS} FROM ${schema}.seal s WHERE s.seal_seq > $1 ORDER BY s.seal_seq LIMIT $2`,
          [after ?? '0', PAGE],
          toLink,
          (row: SealRow) => row.seal_seq,
        ),
      ),
    async checkpoints() {
      const { rows } = await client.query<CheckpointRow>(
        `SELECT c.seal_seq::text AS seal_seq, encode(c.seal_hash, 'hex') AS seal_hash, c.transaction_id::text AS transaction_id,
                c.global_position::text AS global_position, c.key_id, c.signature, c.algorithm
           FROM ${schema}.seal_checkpoints c ORDER BY c.seal_seq`,
      );
      return rows.map(
        (row): SealCheckpoint => ({
          seq: BigInt(row.seal_seq),
          sealHash: row.seal_hash,
          globalPosition: globalPositionFromDecimals(row.transaction_id, row.global_position),
          keyId: row.key_id,
          signature: row.signature,
          algorithm: row.algorithm,
        }),
      );
    },
    async end() {
      const { rows } = await client.query<{ transaction_id: string; global_position: string }>(
        `SELECT s.transaction_id::text AS transaction_id, s.global_position::text AS global_position FROM ${schema}.seal s ORDER BY s.seal_seq DESC LIMIT 1`,
      );
      const row = rows[0];
      return row ? globalPositionFromDecimals(row.transaction_id, row.global_position) : null;
    },
  };
  return {
    seal,
    async stream(streamId) {
      const { rows } = await client.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM ${schema}.events e WHERE e.stream_id = $1 ORDER BY e.stream_version`,
        [streamId],
      );
      return rows.map(toStored);
    },
    events: (map) =>
      paged((after: readonly [string, string] | undefined) =>
        mappedPage(
          client,
          `SELECT ${EVENT_COLUMNS} FROM ${schema}.events e
            WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
            ORDER BY e.transaction_id, e.global_position LIMIT $3`,
          [after?.[0] ?? '0', after?.[1] ?? '0', PAGE],
          (row: EventRow) => map(toStored(row)),
          (row) => [row.transaction_id, row.global_position] as const,
        ),
      ),
    async count() {
      const { rows } = await client.query<{ total: string }>(
        `SELECT count(*)::text AS total FROM ${schema}.events`,
      );
      return Number(rows[0]?.total ?? 0);
    },
  };
}
