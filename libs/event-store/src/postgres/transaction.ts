import type { Pool, PoolClient } from 'pg';

/** Runs `work` in one transaction on `client`: COMMIT when it resolves, ROLLBACK when it throws. */
export async function inTransaction<T>(
  client: PoolClient,
  work: () => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  await client.query(begin);
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The same on a connection of its own from the pool, released afterwards. */
export async function inPoolTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  begin?: string,
): Promise<T> {
  const client = await pool.connect();
  try {
    return await inTransaction(client, () => work(client), begin);
  } finally {
    client.release();
  }
}
