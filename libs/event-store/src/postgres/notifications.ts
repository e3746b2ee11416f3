import type { Pool, PoolClient } from 'pg';
import type { PersonKeyCache } from '../crypto/person-key-cache';
import { Waker } from '../subscription-loop';

/**
 * Announces appends with NOTIFY from the client, after the append has committed. NOTIFY inside the
 * append transaction would take PostgreSQL's global notify lock at every commit and serialise all
 * appends (and their WAL flushes). Here announcements are coalesced (at most one in flight, then a
 * short pause), and sent with synchronous_commit off for that one transaction: NOTIFY assigns a
 * transaction id, and waiting for its commit's WAL flush would compete with the appends' flushes
 * for nothing — a notification lost in a crash is covered by the listeners' polling anyway.
 * The payload names the aggregates whose streams were appended to (`intake.Referral-,intake.AgencyTrust-`;
 * empty: any), so a listener wakes only the readers of those streams.
 */
export class AppendNotifier {
  private inFlight: Promise<void> | null = null;
  private pending = false;
  private closed = false;
  /** Prefixes appended to since the last announcement; null: a stream without one, announce to all. */
  private prefixes: Set<string> | null = new Set();

  constructor(
    private readonly pool: Pool,
    private readonly channel: string,
    private readonly coalesceMs: number,
  ) {}

  poke(streamId: string): void {
    if (this.closed) return;
    // `<service>.<Aggregate>-<id>`: announce `<service>.<Aggregate>-`, so the readers of a
    // service's other aggregates sleep on too.
    const dot = streamId.indexOf('.');
    const dash = streamId.indexOf('-', dot);
    if (dot < 0) this.prefixes = null;
    else this.prefixes?.add(streamId.slice(0, dash > dot ? dash + 1 : dot + 1));
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    this.inFlight = this.drain().finally(() => {
      this.inFlight = null;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.inFlight;
  }

  private async drain(): Promise<void> {
    do {
      this.pending = false;
      const payload = this.prefixes ? [...this.prefixes].join(',') : '';
      this.prefixes = new Set();
      try {
        // One statement, one implicit transaction: the local setting holds until its commit, and
        // an error cannot leave a pooled connection inside an open transaction block.
        await this.pool.query({
          name: 'accord.event_store.notify',
          text: `SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, $2)`,
          values: [this.channel, payload],
        });
      } catch {
        // Listeners fall back to polling; an append never fails because its announcement did.
      }
      if (this.coalesceMs > 0) await new Promise((resolve) => setTimeout(resolve, this.coalesceMs));
    } while (this.pending && !this.closed);
  }
}

/** The erasure notices a listener hears (`erase_person` sends them) and the key cache they keep honest. */
export interface ErasureNotices {
  readonly channel: string;
  readonly keys: PersonKeyCache;
}

/**
 * One LISTEN connection per store; wakes its subscriptions. Reconnects on failure (polling covers
 * the gap). It also hears erasures when given their channel: the person key cache serves keys only while
 * this connection listens, and forgets them all the moment it is lost.
 */
export class AppendListener {
  readonly waker = new Waker();
  private client: PoolClient | null = null;
  private starting: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly channel: string,
    private readonly erasures?: ErasureNotices,
  ) {}

  ensureStarted(): void {
    if (this.client || this.starting || this.closed) return;
    this.starting = this.connect().finally(() => {
      this.starting = null;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.starting;
    const client = this.client;
    this.client = null;
    this.erasures?.keys.live(false);
    if (client) {
      client.removeAllListeners('notification');
      try {
        await client.query('UNLISTEN *');
        client.release();
      } catch (error) {
        client.release(error instanceof Error ? error : true);
      }
    }
  }

  private async connect(): Promise<void> {
    let client: PoolClient | null = null;
    try {
      client = await this.pool.connect();
      const connected = client;
      const erasures = this.erasures;
      connected.on('notification', ({ channel, payload }) => {
        if (erasures && channel === erasures.channel) {
          if (payload) erasures.keys.erased(payload);
          else erasures.keys.forgetAll();
        } else this.waker.wake(payload ? payload.split(',') : undefined);
      });
      connected.on('error', (error) => this.lost(connected, error));
      connected.on('end', () => this.lost(connected, new Error('the LISTEN connection ended')));
      await connected.query(`LISTEN "${this.channel}"`);
      if (erasures) await connected.query(`LISTEN "${erasures.channel}"`);
      if (this.closed) {
        connected.release();
        return;
      }
      this.client = connected;
      erasures?.keys.live(true);
      // Anything appended while we were not listening is found by the wake-up's read.
      this.waker.wake();
    } catch (error) {
      if (client) client.release(error instanceof Error ? error : true);
      this.scheduleReconnect();
    }
  }

  private lost(client: PoolClient, error: Error): void {
    if (this.client !== client) return;
    this.client = null;
    this.erasures?.keys.live(false);
    client.release(error);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.ensureStarted();
    }, 1000);
    this.retry.unref();
  }
}
