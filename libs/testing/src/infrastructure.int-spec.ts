import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './infrastructure';

const run = promisify(execFile);
const root = resolve(__dirname, '../../..');

describe('infra/postgres/pg.sh where no server runs on 5432', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'accord-pg-'));
  let env: NodeJS.ProcessEnv;
  const pg = (command: 'up' | 'down') =>
    run('bash', [resolve(root, 'infra/postgres/pg.sh'), command], { env, timeout: 120_000 });

  beforeAll(async () => {
    // The cluster runs as the postgres user when we are root: it must be able to reach the folder.
    chmodSync(stateDir, 0o755);
    const { DATABASE_URL: _ignored, ...rest } = process.env;
    env = {
      ...rest,
      ACCORD_PG_MODE: 'local',
      ACCORD_STATE_DIR: stateDir,
      ACCORD_PG_PORT: String(await freePort()),
    };
  });

  afterAll(async () => {
    await pg('down').catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('initialises and starts a project-local cluster, finds it running the second time, and stops it', async () => {
    const first = await pg('up');
    const url = first.stdout.trim();
    expect(url).toMatch(
      new RegExp(`^postgres://postgres:[0-9a-f]{48}@127\\.0\\.0\\.1:${env['ACCORD_PG_PORT']}/accord$`),
    );

    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('select current_database() as db');
    await client.end();
    expect(rows[0]?.db).toBe('accord');

    // The cluster is in the project's hands: a connection without the password is refused.
    const anonymous = new Client({ connectionString: url.replace(/:[0-9a-f]{48}@/, '@') });
    await expect(anonymous.connect()).rejects.toThrow(/password/);

    const second = await pg('up');
    expect(second.stdout.trim()).toBe(url);
    expect(second.stderr).toContain('already answers');

    await pg('down');
    await expect(
      run('pg_isready', ['-h', '127.0.0.1', '-p', String(env['ACCORD_PG_PORT'])]),
    ).rejects.toThrow();
  });

  it('refuses a DATABASE_URL whose server does not answer, instead of starting another', async () => {
    const unreachable = `postgres://postgres@127.0.0.1:${await freePort()}/accord`;
    await expect(
      run('bash', [resolve(root, 'infra/postgres/pg.sh'), 'up'], {
        env: { ...env, DATABASE_URL: unreachable },
      }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('DATABASE_URL is set but its server does not answer'),
    });
  });
});
