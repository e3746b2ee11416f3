import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const repoRoot = resolve(__dirname, '..', '..', '..');

export type InfraSource = 'env' | 'testcontainers' | 'local';

export interface ProvidedInfrastructure {
  readonly databaseUrl: string;
  readonly kafkaBrokers: string;
  /** The Kafka admin's settings (KAFKA_SASL_*, KAFKA_TLS_CA_FILE) where the broker requires them. */
  readonly kafkaEnv: Readonly<Record<string, string>>;
  readonly sources: { readonly postgres: InfraSource; readonly kafka: InfraSource };
  stop(): Promise<void>;
}

interface Provided {
  readonly value: string;
  readonly source: InfraSource;
  readonly stop: () => Promise<void>;
  readonly env?: Record<string, string>;
}

const noop = async (): Promise<void> => undefined;

function say(message: string): void {
  process.stderr.write(`[accord-testing] ${message}\n`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** True when a Docker engine may answer (DOCKER_HOST or the socket, and ACCORD_TESTCONTAINERS is not `off`). */
export function dockerEngineConfigured(): boolean {
  if (process.env['ACCORD_TESTCONTAINERS'] === 'off') return false;
  return Boolean(process.env['DOCKER_HOST']) || existsSync('/var/run/docker.sock');
}

/** True when a Docker engine answers; a docker CLI without an engine does not count. */
export async function dockerEngineAnswers(): Promise<boolean> {
  if (!dockerEngineConfigured()) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 10_000)),
    ]);
    return true;
  } catch (error) {
    say(`no Docker engine answers (${(error as Error).message}); falling back to local services`);
    return false;
  }
}

async function postgresFromContainer(): Promise<Provided> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('postgres:16-alpine')
    .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_DB: 'accord_test' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  return {
    value: `postgres://postgres@${container.getHost()}:${container.getMappedPort(5432)}/accord_test`,
    source: 'testcontainers',
    stop: async () => void (await container.stop()),
  };
}

async function kafkaFromContainer(): Promise<Provided> {
  say('no Java for the local broker: a testcontainers broker without authentication or ACLs');
  const { GenericContainer, Wait } = await import('testcontainers');
  // The broker must advertise the host-side port, so it is chosen before the container starts.
  const hostPort = await freePort();
  const container = await new GenericContainer('apache/kafka:3.9.1')
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${hostPort}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_NUM_PARTITIONS: '12',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_HEAP_OPTS: '-Xmx512m -Xms128m',
    })
    .withExposedPorts({ container: 9092, host: hostPort })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  return {
    value: `localhost:${hostPort}`,
    source: 'testcontainers',
    stop: async () => void (await container.stop()),
  };
}

async function postgresFromLocalScripts(): Promise<Provided> {
  const { stdout, stderr } = await run('bash', [resolve(repoRoot, 'infra/postgres/pg.sh'), 'up'], {
    // The suites' database; a benchmark names its own (ACCORD_TEST_DB_NAME), so neither leaves
    // the other thousands of cases to wade through.
    env: { ...process.env, ACCORD_DB_NAME: process.env['ACCORD_TEST_DB_NAME'] ?? 'accord_test' },
  });
  if (stderr.trim()) say(stderr.trim().split('\n').join(' | '));
  return { value: stdout.trim(), source: 'local', stop: noop };
}

async function kafkaFromLocalScripts(): Promise<Provided> {
  const { stderr } = await run('bash', [resolve(repoRoot, 'infra/kafka/kafka.sh'), 'up'], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 600_000,
  });
  if (stderr.trim()) say(stderr.trim().split('\n').join(' | '));
  // The broker requires SASL/SCRAM: tests connect as its admin (services as themselves).
  const { stdout } = await run('bash', [resolve(repoRoot, 'infra/kafka/kafka.sh'), 'admin-env']);
  const env = Object.fromEntries(
    stdout
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return {
    value: `127.0.0.1:${process.env['ACCORD_KAFKA_PORT'] ?? '9092'}`,
    source: 'local',
    stop: noop,
    env,
  };
}

/** True when a Java runtime answers: the local infra scripts can then run an authenticated broker. */
async function javaAnswers(): Promise<boolean> {
  return run('java', ['-version']).then(
    () => true,
    () => false,
  );
}

/**
 * Provides a real PostgreSQL and a real Kafka broker. PostgreSQL from the first of: DATABASE_URL;
 * testcontainers, where a Docker engine answers; the local infra scripts (infra/postgres/pg.sh).
 * Kafka from KAFKA_BROKERS, else the local infra scripts (infra/kafka/kafka.sh) wherever Java
 * runs: their broker requires SASL/SCRAM and enforces per-service ACLs, so the suites run on
 * per-service identities as production does. A testcontainers broker (no authentication) only
 * where there is a Docker engine and no Java. Says which it used.
 */
export async function provideInfrastructure(): Promise<ProvidedInfrastructure> {
  const envDatabase = process.env['DATABASE_URL'];
  const envKafka = process.env['KAFKA_BROKERS'];
  const kafkaFromDocker = !envKafka && !(await javaAnswers());
  const docker = !envDatabase || kafkaFromDocker ? await dockerEngineAnswers() : false;

  const [postgres, kafka] = await Promise.all([
    envDatabase
      ? Promise.resolve<Provided>({ value: envDatabase, source: 'env', stop: noop })
      : docker
        ? postgresFromContainer()
        : postgresFromLocalScripts(),
    envKafka
      ? Promise.resolve<Provided>({ value: envKafka, source: 'env', stop: noop })
      : docker && kafkaFromDocker
        ? kafkaFromContainer()
        : kafkaFromLocalScripts(),
  ]);

  const describe = (p: Provided): string =>
    p.source === 'env'
      ? 'from the environment'
      : p.source === 'testcontainers'
        ? 'from testcontainers'
        : 'from the local infra scripts';
  say(`PostgreSQL ${describe(postgres)}: ${redact(postgres.value)}`);
  say(`Kafka ${describe(kafka)}: ${kafka.value}`);

  return {
    databaseUrl: postgres.value,
    kafkaBrokers: kafka.value,
    kafkaEnv: kafka.env ?? {},
    sources: { postgres: postgres.source, kafka: kafka.source },
    stop: async () => {
      await Promise.all([postgres.stop(), kafka.stop()]);
    },
  };
}

/** Where the harness hands each service's own settings (its DATABASE_URL …) to the test workers, as JSON. */
export const SERVICE_ENV_VARIABLE = 'ACCORD_SERVICE_ENV';

/**
 * Provisions the per-service identities on the provided infrastructure (tools/provision.ts: a
 * PostgreSQL role per service, migrations as the owner role; a Kafka user per service with its
 * ACLs) and returns each identity's settings.
 */
export async function provisionServiceIdentities(
  infra: Pick<ProvidedInfrastructure, 'databaseUrl' | 'kafkaBrokers' | 'kafkaEnv'>,
): Promise<Record<string, Record<string, string>>> {
  const { stdout, stderr } = await run(
    process.execPath,
    ['-r', resolve(repoRoot, 'tools/ts-register.cjs'), resolve(repoRoot, 'tools/provision.ts'), '--json'],
    {
      env: {
        ...process.env,
        ...infra.kafkaEnv,
        DATABASE_URL: infra.databaseUrl,
        KAFKA_BROKERS: infra.kafkaBrokers,
      },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 300_000,
    },
  );
  if (stderr.trim()) say(stderr.trim().split('\n').join(' | '));
  return JSON.parse(stdout) as Record<string, Record<string, string>>;
}

/**
 * Fails, naming each key and fingerprint, when the database holds data written with keys other than
 * process.env's (EVENT_STORE_MASTER_KEY, SEAL_SIGNING_KEY, and retired ones): `npm run keys -- ids`.
 */
export async function checkStoredKeysOf(databaseUrl: string, ownDatabase: boolean): Promise<void> {
  try {
    await run(
      process.execPath,
      ['-r', resolve(repoRoot, 'tools/ts-register.cjs'), resolve(repoRoot, 'tools/keys.ts'), 'ids'],
      { env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 120_000 },
    );
  } catch (error) {
    const { code, stdout } = error as { code?: number; stdout?: string };
    if (code !== 1 || !stdout) throw error;
    const { configured, unaccounted } = JSON.parse(stdout) as {
      configured: { master: string[]; seal: string[] };
      unaccounted: { master: string[]; seal: string[] };
    };
    throw new Error(
      `the tests' database ${redact(databaseUrl)} holds data written with keys the tests do not use ` +
        `(master key(s) ${unaccounted.master.join(', ') || 'none'}, seal key(s) ${unaccounted.seal.join(', ') || 'none'}; ` +
        `the tests use master key ${configured.master.join(', ')} and seal key ${configured.seal.join(', ')}), ` +
        `and every service would refuse to start on it. ` +
        (ownDatabase
          ? `It is the tests' own database, written only by tests: drop it (DROP DATABASE) and it is made afresh.`
          : `Unset DATABASE_URL to let the tests use a database of their own, or set EVENT_STORE_MASTER_KEY and SEAL_SIGNING_KEY to the keys that wrote it.`),
    );
  }
}

/** A service's own settings as the harness provisioned them (empty outside a harnessed run). */
export function serviceIdentityEnv(
  service: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const all = env[SERVICE_ENV_VARIABLE];
  return all ? ((JSON.parse(all) as Record<string, Record<string, string>>)[service] ?? {}) : {};
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
