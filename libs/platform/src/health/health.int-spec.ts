import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Module } from '@nestjs/common';
import { eventually, freePort } from '@accord/testing';
import { startService, type RunningService } from '../bootstrap';
import { loadConfig } from '../config/config';
import { ServiceConfig } from '../config/service-config';
import { createLogger } from '../logging/logger';

const run = promisify(execFile);
const kafkaScript = resolve(__dirname, '../../../../infra/kafka/kafka.sh');

/** The checkout's credentials secret (as the infra scripts read it): ACCORD_CREDENTIALS_SECRET, else the state folder's secrets.env. */
function credentialsSecret(): string {
  const fromEnv = process.env['ACCORD_CREDENTIALS_SECRET']?.trim();
  if (fromEnv) return fromEnv;
  const file = join(
    process.env['ACCORD_STATE_DIR'] ?? resolve(__dirname, '../../../../.accord'),
    'secrets.env',
  );
  const line = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .find((entry) => entry.startsWith('ACCORD_CREDENTIALS_SECRET='))
    : undefined;
  if (!line) throw new Error(`no ACCORD_CREDENTIALS_SECRET in the environment or ${file}`);
  return line.slice('ACCORD_CREDENTIALS_SECRET='.length).trim();
}

@Module({})
class NothingModule {}

interface Health {
  status: number;
  body: { status: string; details: Record<string, { status: string; message?: string }> };
}

async function health(service: RunningService): Promise<Health> {
  const response = await fetch(`${service.url}/health`);
  return { status: response.status, body: (await response.json()) as Health['body'] };
}

async function start(env: Record<string, string>): Promise<RunningService> {
  const config = loadConfig(ServiceConfig, {
    SERVICE_NAME: 'intake',
    DATABASE_URL: process.env['DATABASE_URL'],
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
    EVENT_STORE_MASTER_KEY: process.env['EVENT_STORE_MASTER_KEY'],
    AUTH_PLATFORM_ISSUER: process.env['AUTH_PLATFORM_ISSUER'],
    HOST: '127.0.0.1',
    HEALTH_TIMEOUT_MS: '1500',
    PORT: String(await freePort()),
    ...env,
  });
  return startService(
    { name: 'intake', module: NothingModule, eventStore: 'none' },
    config,
    createLogger('intake', 'silent'),
  );
}

describe('GET /health', () => {
  it('answers 503 naming PostgreSQL when the database does not answer, without crashing', async () => {
    const service = await start({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/nowhere`,
    });
    try {
      const result = await health(service);
      expect(result.status).toBe(503);
      expect(result.body.details['postgres']?.status).toBe('down');
      expect(result.body.details['kafka']?.status).toBe('up');
    } finally {
      await service.app.close();
    }
  });

  describe('while its own Kafka broker is killed and brought back', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'accord-kafka-'));
    let env: NodeJS.ProcessEnv;
    let service: RunningService;
    const kafka = (command: 'up' | 'down') => run('bash', [kafkaScript, command], { env, timeout: 180_000 });

    beforeAll(async () => {
      const port = await freePort();
      env = {
        ...process.env,
        // The same credentials secret as the suite's broker, so this broker's admin password is the
        // one the service under test already holds (KAFKA_SASL_* of the test environment).
        ACCORD_CREDENTIALS_SECRET: credentialsSecret(),
        ACCORD_STATE_DIR: stateDir,
        ACCORD_KAFKA_PORT: String(port),
        ACCORD_KAFKA_CONTROLLER_PORT: String(await freePort()),
        ACCORD_KAFKA_HEAP: '256m',
      };
      await kafka('up');
      service = await start({ KAFKA_BROKERS: `127.0.0.1:${port}` });
    });

    afterAll(async () => {
      await service?.app.close();
      await kafka('down');
      rmSync(stateDir, { recursive: true, force: true });
    });

    it('is 200 with the broker up, 503 within seconds of its death, and 200 again when it returns', async () => {
      expect((await health(service)).status).toBe(200);

      await kafka('down');
      const down = await eventually(
        async () => {
          const result = await health(service);
          return result.status === 503 ? result : false;
        },
        { timeout: 15_000, interval: 250 },
      );
      expect(down.body.details['kafka']?.status).toBe('down');
      expect(down.body.details['postgres']?.status).toBe('up');

      await kafka('up');
      await eventually(async () => (await health(service)).status === 200, {
        timeout: 60_000,
        interval: 500,
      });
    });
  });
});
