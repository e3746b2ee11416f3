import { Client, Pool, type ClientConfig, type PoolConfig } from 'pg';

/** Told once per connection that dies under its owner (server restarted, backend terminated, network gone). */
export type ConnectionLossListener = (error: Error) => void;

/**
 * A pg Client class whose instances always have an 'error' listener. pg's Pool listens only while
 * a client is idle; a client that is checked out (a held advisory lock, a LISTEN, an open
 * transaction between statements) and loses its server emits 'error' with nobody listening, and
 * Node ends the process (`Unhandled 'error' event … 57P01`). With this class the loss is reported,
 * the client is no longer queryable, and its owner's next query fails like any other query.
 * TypeORM takes it too: `extra: { Client: reportingClient(…) }` is passed on to its pool.
 */
export function reportingClient(onLoss: ConnectionLossListener): typeof Client {
  return class ReportingClient extends Client {
    constructor(config?: string | ClientConfig) {
      super(config);
      this.on('error', onLoss);
    }
  };
}

/**
 * A pool that survives its server going away: every client reports its loss to `onLoss` (once),
 * and the pool's own 'error' (the same loss seen on an idle client) is absorbed. The next query
 * opens a new connection; until the server answers, queries fail and callers decide (retry, 503).
 */
export function resilientPool(config: PoolConfig, onLoss: ConnectionLossListener): Pool {
  const pool = new Pool({ ...config, Client: reportingClient(onLoss) });
  pool.on('error', () => undefined);
  return pool;
}
