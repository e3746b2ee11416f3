import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { DEFAULT_SCHEMA, MasterKey, PostgresPersonKeyStore } from '@accord/event-store';
import { eventually, freePort } from '@accord/testing';

const root = resolve(__dirname, '../../..');

interface Exit {
  code: number | null;
  stderr: string;
}

/**
 * Starts a service's real entry point as its own process: from source as `npm start` does, or
 * compiled (dist/), as the Docker image runs it.
 */
function launch(service: string, env: Record<string, string | undefined>, compiled = false) {
  const entry = compiled
    ? [
        '-r',
        resolve(root, 'tools/register-aliases.cjs'),
        resolve(root, `dist/services/${service}/src/main.js`),
      ]
    : ['-r', resolve(root, 'tools/ts-register.cjs'), resolve(root, `services/${service}/src/main.ts`)];
  const child = spawn(process.execPath, entry, {
    cwd: root,
    env: { PATH: process.env['PATH'], LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolveExit) =>
    child.on('exit', (code) => resolveExit({ code, stderr })),
  );
  return { child, exited };
}

const goodEnv = () => ({
  DATABASE_URL: process.env['DATABASE_URL'],
  KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
  // The broker's identity (SASL/SCRAM, TLS) as the test environment has it.
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => /^KAFKA_(SASL|TLS)/.test(name))),
  EVENT_STORE_MASTER_KEY: process.env['EVENT_STORE_MASTER_KEY'],
  AUTH_PLATFORM_ISSUER: process.env['AUTH_PLATFORM_ISSUER'],
});

describe('a service process', () => {
  it('exits non-zero naming a malformed variable', async () => {
    const { exited } = launch('intake', { ...goodEnv(), PORT: 'abc' });
    const exit = await exited;
    expect(exit.code).not.toBe(0);
    expect(exit.stderr).toMatch(/PORT: .*\(got "abc"\)/);
  });

  it('exits non-zero naming a missing variable', async () => {
    const { exited } = launch('screening', { ...goodEnv(), DATABASE_URL: undefined });
    const exit = await exited;
    expect(exit.code).not.toBe(0);
    expect(exit.stderr).toMatch(/DATABASE_URL: .*\(it is not set\)/);
  });

  it('refuses to start on data written with another master key, naming both fingerprints', async () => {
    // The store holds something the tests' key wrote (on a fresh database too): a key of nobody's.
    const written = new MasterKey(process.env['EVENT_STORE_MASTER_KEY'] ?? '');
    const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 1 });
    try {
      const personId = `person-${randomUUID()}`;
      await new PostgresPersonKeyStore(pool, DEFAULT_SCHEMA).ensure(
        new Map([[personId, { wrappedKey: written.wrap(personId, randomBytes(32)), keyId: written.keyId }]]),
      );
    } finally {
      await pool.end();
    }
    const regenerated = randomBytes(32).toString('hex');
    const { exited } = launch('intake', {
      ...goodEnv(),
      EVENT_STORE_MASTER_KEY: regenerated,
      PORT: String(await freePort()),
    });
    const exit = await exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain(
      'intake: cannot start. The stored data was written with keys it does not hold',
    );
    expect(exit.stderr).toContain(
      `EVENT_STORE_MASTER_KEY is master key ${new MasterKey(regenerated).keyId} (retired: none)`,
    );
    expect(exit.stderr).toContain(`were written with master key ${written.keyId}`);
  });

  // With the key that wrote the store (the same store as above), a service starts.
  it.each([
    ['from source', false],
    ['compiled, as the image runs it', true],
  ])('boots %s, answers /health with 200, and stops cleanly on SIGTERM', async (_how, compiled) => {
    if (compiled && !existsSync(resolve(root, 'dist/services/consent/src/main.js'))) {
      throw new Error('dist/ is missing: `npm test` builds it first (npm run build)');
    }
    const port = await freePort();
    const { child, exited } = launch(
      'consent',
      { ...goodEnv(), PORT: String(port), HOST: '127.0.0.1' },
      compiled,
    );
    try {
      const body = await eventually(
        async () => {
          const response = await fetch(`http://127.0.0.1:${port}/health`);
          return response.status === 200
            ? ((await response.json()) as { details: Record<string, { status: string }> })
            : false;
        },
        { timeout: 60_000, interval: 250 },
      );
      expect(body.details['postgres']?.status).toBe('up');
      expect(body.details['kafka']?.status).toBe('up');
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(/accord_http_requests_total\{[^}]*route="\/health"[^}]*status="200"/);
    } catch (error) {
      process.stderr.write(
        `service stderr:\n${(await Promise.race([exited, Promise.resolve({ stderr: '(still running)' })])).stderr}\n`,
      );
      throw error;
    } finally {
      child.kill('SIGTERM');
    }
    expect((await exited).code).toBe(0);
  });
});
