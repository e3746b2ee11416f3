import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { provisionServiceIdentities, SERVICE_ENV_VARIABLE } from './infrastructure';

const run = promisify(execFile);
const repoRoot = resolve(__dirname, '..', '..', '..');

/**
 * A dependency a test (or `npm run chaos`) owns and may take away: started from the project's own
 * infra scripts in a state directory of its own, so stopping it disturbs nobody else's server.
 */
export interface OwnedDependency {
  /** Where clients connect: a DATABASE_URL or a KAFKA_BROKERS value. */
  readonly address: string;
  start(): Promise<void>;
  /** Orderly shutdown (PostgreSQL: fast mode, which terminates every backend with 57P01). */
  stop(): Promise<void>;
  /** SIGKILL, no goodbye (Kafka); PostgreSQL has no such mode here and stops fast instead. */
  kill(): Promise<void>;
  /**
   * What an administrator's client needs besides the address (Kafka: SASL settings), with
   * ACCORD_STATE_DIR, so that provisioning derives the same credentials the server was made with.
   */
  adminEnv(): Promise<Record<string, string>>;
}

export interface OwnedDependencyOptions {
  /** Holds the cluster/broker state (`<stateDir>/postgres`, `<stateDir>/kafka`). */
  readonly stateDir: string;
  readonly port: number;
}

async function script(path: string, command: string, env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await run('bash', [resolve(repoRoot, path), command], {
    env: { ...process.env, ...env },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 300_000,
  });
  return stdout.trim();
}

/** A project-local PostgreSQL cluster (infra/postgres/pg.sh in local mode) with database `accord`. */
export function ownedPostgres(options: OwnedDependencyOptions): OwnedDependency {
  const env: NodeJS.ProcessEnv = {
    ACCORD_PG_MODE: 'local',
    ACCORD_PG_PORT: String(options.port),
    ACCORD_STATE_DIR: options.stateDir,
    ACCORD_DB_NAME: 'accord',
    DATABASE_URL: '',
  };
  const stop = async (): Promise<void> => void (await script('infra/postgres/pg.sh', 'down', env));
  // The superuser's password is made at the first start; pg.sh prints the URL with it.
  let address: string | undefined;
  return {
    get address(): string {
      if (!address)
        throw new Error('start the owned PostgreSQL first: its address holds a password made then');
      return address;
    },
    start: async () => void (address = await script('infra/postgres/pg.sh', 'up', env)),
    stop,
    kill: stop,
    adminEnv: async () => ({ ACCORD_STATE_DIR: options.stateDir }),
  };
}

/** A single-node Kafka broker of its own (infra/kafka/kafka.sh), controller on port + 1. */
export function ownedKafka(options: OwnedDependencyOptions): OwnedDependency {
  const env: NodeJS.ProcessEnv = {
    ACCORD_STATE_DIR: options.stateDir,
    ACCORD_KAFKA_PORT: String(options.port),
    ACCORD_KAFKA_CONTROLLER_PORT: String(options.port + 1),
    ACCORD_KAFKA_HEAP: '384m',
    // A busy machine (every suite at once on two cores) starts a JVM slowly.
    ACCORD_KAFKA_START_TIMEOUT: '300',
  };
  return {
    address: `127.0.0.1:${options.port}`,
    start: async () => void (await script('infra/kafka/kafka.sh', 'up', env)),
    stop: async () => void (await script('infra/kafka/kafka.sh', 'down', env)),
    kill: async () => {
      const pidFile = resolve(options.stateDir, 'kafka', 'kafka.pid');
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      process.kill(pid, 'SIGKILL');
      while (isAlive(pid)) await new Promise((done) => setTimeout(done, 100));
      // kafka.sh down finds no live broker and clears the pid file.
      await script('infra/kafka/kafka.sh', 'down', env);
    },
    adminEnv: async () => ({
      ...Object.fromEntries(
        (await script('infra/kafka/kafka.sh', 'admin-env', env))
          .split('\n')
          .filter((line) => line.includes('='))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      ),
      ACCORD_STATE_DIR: options.stateDir,
    }),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A PostgreSQL cluster and a Kafka broker of one's own, with every service's identity provisioned on them. */
export interface OwnedInfrastructure {
  readonly postgres: OwnedDependency;
  readonly kafka: OwnedDependency;
  /** DATABASE_URL, KAFKA_BROKERS and each service's own identity (ACCORD_SERVICE_ENV), once started. */
  readonly env: NodeJS.ProcessEnv;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * PostgreSQL on `basePort + 199`, Kafka on `basePort + 190` (controller + 191), state under
 * `stateDir`: what a suite or `npm run chaos` may stop, kill and restart without touching anybody
 * else's servers.
 */
export function ownedInfrastructure(options: { stateDir: string; basePort: number }): OwnedInfrastructure {
  const postgres = ownedPostgres({ stateDir: options.stateDir, port: options.basePort + 199 });
  const kafka = ownedKafka({ stateDir: options.stateDir, port: options.basePort + 190 });
  const env: NodeJS.ProcessEnv = {};
  return {
    postgres,
    kafka,
    env,
    async start() {
      await Promise.all([postgres.start(), kafka.start()]);
      env['DATABASE_URL'] = postgres.address;
      env['KAFKA_BROKERS'] = kafka.address;
      // Each service runs as its own role on these servers, as the global setup does on the shared ones.
      env[SERVICE_ENV_VARIABLE] = JSON.stringify(
        await provisionServiceIdentities({
          databaseUrl: postgres.address,
          kafkaBrokers: kafka.address,
          kafkaEnv: await kafka.adminEnv(),
        }),
      );
    },
    async stop() {
      await Promise.all([postgres.stop(), kafka.stop()]);
    },
  };
}
