import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  SERVICE_NAMES,
  serviceRoot,
  serviceUrlVariable,
  UPSTREAM_NAMES,
  type ServiceName,
} from '@accord/contracts';
import { spawnService, untilHealthy } from './processes';

/** How many ports a fleet takes: one per service in the manifest, from its base port upward. */
export const FLEET_SIZE = SERVICE_NAMES.length;

/** A service's port in a fleet: the base port plus its index in the manifest (gateway +0 …). */
const fleetPort = (basePort: number, name: ServiceName): number => basePort + SERVICE_NAMES.indexOf(name);

/** Further replicas of a service in a fleet: 20 ports further per replica (room for 20 services). */
const replicaFleetPort = (basePort: number, name: ServiceName, replica: number): number =>
  fleetPort(basePort, name) + 20 * replica;

export interface RunningProcess {
  readonly name: ServiceName;
  /** 0 for a service's first (or only) process, 1 … for its further replicas. */
  readonly replica: number;
  readonly url: string;
  readonly child: ChildProcess;
  readonly logFile: string;
}

export interface ServiceFleet {
  /** Where each service's first replica answers. */
  readonly urls: Record<ServiceName, string>;
  /** Each service's first replica. */
  readonly processes: Map<ServiceName, RunningProcess>;
  /** Kills one service (SIGKILL: no graceful anything) and waits until it is gone. */
  kill(name: ServiceName): Promise<void>;
  /** Starts one service again and waits for its /health to answer 200. */
  start(name: ServiceName): Promise<void>;
  /** The replicas of a service running now, by replica number. */
  replicas(name: ServiceName): RunningProcess[];
  /**
   * Runs `count` replicas of a service (at most the fleet's `replicas` for it): starts the missing
   * ones and waits for their /health, or stops the highest-numbered ones (SIGTERM, as a scale-in).
   */
  scale(name: ServiceName, count: number): Promise<void>;
  /** Kills one replica (SIGKILL) and waits until it is gone. */
  killReplica(name: ServiceName, replica: number): Promise<void>;
  stop(): Promise<void>;
}

function serviceEnv(urls: Record<ServiceName, readonly string[]>, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    HOST: '127.0.0.1',
    LOG_LEVEL: env['E2E_LOG_LEVEL'] ?? 'info',
    ...Object.fromEntries(UPSTREAM_NAMES.map((name) => [serviceUrlVariable(name), urls[name].join(',')])),
  };
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((done) => child.once('exit', () => done()));

async function terminate(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited(child);
  clearTimeout(timer);
}

/**
 * Every service of the manifest as its own process, as `npm start` runs them, on ports
 * basePort…basePort+FLEET_SIZE-1; one replica each at first. `replicas` reserves room for more of a
 * service (`scale`): every reserved replica's URL is in the `<NAME>_URL` the gateway balances over,
 * so a replica that is not running is skipped as a refused connection.
 * Logs go to `<logDir>/<service>.log` (`<service>#<n>.log` for further replicas). Used by the e2e suites.
 */
export async function startServiceFleet(options: {
  basePort: number;
  logDir: string;
  env?: NodeJS.ProcessEnv;
  replicas?: Partial<Record<ServiceName, number>>;
  /** Run the compiled services (dist/, `npm run build`) instead of their TypeScript sources. */
  compiled?: boolean;
}): Promise<ServiceFleet> {
  mkdirSync(options.logDir, { recursive: true });
  const running = new Map<string, RunningProcess>();
  const key = (name: ServiceName, replica: number): string => `${name}#${replica}`;
  const reserved = (name: ServiceName): number => options.replicas?.[name] ?? 1;
  const replicaUrls = Object.fromEntries(
    SERVICE_NAMES.map((name) => [
      name,
      Array.from(
        { length: reserved(name) },
        (_, replica) => `http://127.0.0.1:${replicaFleetPort(options.basePort, name, replica)}`,
      ),
    ]),
  ) as Record<ServiceName, string[]>;
  const urls = Object.fromEntries(SERVICE_NAMES.map((name) => [name, replicaUrls[name][0]])) as Record<
    ServiceName,
    string
  >;
  const env = serviceEnv(replicaUrls, options.env ?? process.env);
  const processes = new Map<ServiceName, RunningProcess>();

  const launch = (name: ServiceName, replica = 0): RunningProcess => {
    const url = replicaUrls[name][replica] as string;
    const logFile = resolve(options.logDir, replica === 0 ? `${name}.log` : `${name}#${replica + 1}.log`);
    const child = spawnService(
      name,
      serviceRoot(name),
      { ...env, PORT: new URL(url).port },
      logFile,
      options.compiled,
    );
    const started = { name, replica, url, child, logFile };
    running.set(key(name, replica), started);
    if (replica === 0) processes.set(name, started);
    return started;
  };
  const forget = ({ name, replica }: RunningProcess): void => {
    running.delete(key(name, replica));
    if (replica === 0) processes.delete(name);
  };

  SERVICE_NAMES.forEach((name) => launch(name));
  try {
    await Promise.all(SERVICE_NAMES.map((name) => untilHealthy(urls[name], name, processes.get(name))));
  } catch (error) {
    // A fleet that never came up is nobody's to stop later: no process outlives the failed start.
    for (const { child } of running.values()) child.kill('SIGKILL');
    throw error;
  }

  const replicas = (name: ServiceName): RunningProcess[] =>
    [...running.values()].filter((p) => p.name === name).sort((a, b) => a.replica - b.replica);
  const killReplica = async (name: ServiceName, replica: number): Promise<void> => {
    const target = running.get(key(name, replica));
    if (!target) return;
    target.child.kill('SIGKILL');
    await exited(target.child);
    forget(target);
  };

  return {
    urls,
    processes,
    kill: (name) => killReplica(name, 0),
    async start(name) {
      const started = launch(name);
      await untilHealthy(started.url, name, started);
    },
    replicas,
    killReplica,
    async scale(name, count) {
      if (count < 1 || count > reserved(name))
        throw new Error(`the fleet reserved ${reserved(name)} replica(s) of ${name}; cannot run ${count}`);
      const missing = Array.from({ length: count }, (_, replica) => replica).filter(
        (replica) => !running.has(key(name, replica)),
      );
      await Promise.all(
        missing.map((replica) => {
          const started = launch(name, replica);
          return untilHealthy(started.url, name, started);
        }),
      );
      const surplus = replicas(name).filter((p) => p.replica >= count);
      await Promise.all(
        surplus.map(async (p) => {
          await terminate(p.child);
          forget(p);
        }),
      );
    },
    async stop() {
      await Promise.all([...running.values()].map(({ child }) => terminate(child)));
      running.clear();
      processes.clear();
    },
  };
}
