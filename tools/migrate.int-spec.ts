import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { migrate as applyMigrations } from '@accord/event-store';
import { eventually } from '@accord/testing';

const root = resolve(__dirname, '..');

function migrate(schema: string, args: string[]) {
  const child = spawn(
    process.execPath,
    ['-r', resolve(root, 'tools/ts-register.cjs'), resolve(root, 'tools/migrate.ts'), ...args],
    { cwd: root, env: { ...process.env, EVENT_STORE_SCHEMA: schema }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; output: string }>((done) =>
    child.on('exit', (code) => done({ code, output })),
  );
  return { child, exited, output: () => output };
}

/** deploy/k8s: each service's init container runs `migrate --wait` until the migration Job is done. */
describe('migrate --wait', () => {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 1 });
  const schema = `migrate_wait_${randomBytes(4).toString('hex')}`;

  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  });

  it('waits while migrations are missing, applies none itself, and ends once they are applied', async () => {
    const waiter = migrate(schema, ['--wait']);
    let exitedEarly = false;
    void waiter.exited.then(() => (exitedEarly = true));
    // It reported what it waits for, and has not created anything.
    await eventually(() => waiter.output().includes('waiting for'), { timeout: 30_000, interval: 100 });
    const { rows } = await pool.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [
      schema,
    ]);
    expect(rows).toEqual([]);
    expect(exitedEarly).toBe(false);

    // What the migration Job does to the schema (`npm run migrate` provisions the default one).
    const applied = await applyMigrations(pool, { schema });
    expect(applied.applied.length).toBeGreaterThan(0);
    const waited = await waiter.exited;
    expect(waited.code).toBe(0);
    expect(waited.output).toContain(`event store schema ${schema} is up to date`);
  });
});
