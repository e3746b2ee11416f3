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

export interface RunningProcess {
  readonly name: ServiceName;
  readonly url: string;
  readonly child: ChildProcess;
}

export interface ServiceFleet {
  readonly urls: Record<ServiceName, string>;
  readonly processes: Map<ServiceName, RunningProcess>;
  /** Kills one service (SIGKILL: no graceful anything) and waits until it is gone. */
  kill(name: ServiceName): Promise<void>;
  /** Starts one service again and waits for its /health to answer 200. */
  start(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

function serviceEnv(urls: Record<ServiceName, string>, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    HOST: '127.0.0.1',
    LOG_LEVEL: env['E2E_LOG_LEVEL'] ?? 'info',
    ...Object.fromEntries(UPSTREAM_NAMES.map((name) => [serviceUrlVariable(name), urls[name]])),
  };
}

/**
 * Every service of the manifest as its own process, as `npm start` runs them, on ports
 * basePort…basePort+FLEET_SIZE-1.
 * Logs go to `<logDir>/<service>.log`. Used by the e2e suites.
 */
export async function startServiceFleet(options: {
  basePort: number;
  logDir: string;
  env?: NodeJS.ProcessEnv;
}): Promise<ServiceFleet> {
  mkdirSync(options.logDir, { recursive: true });
  const processes = new Map<ServiceName, RunningProcess>();
  const urls = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, `http://127.0.0.1:${fleetPort(options.basePort, name)}`]),
  ) as Record<ServiceName, string>;
  const env = serviceEnv(urls, options.env ?? process.env);

  const launch = (name: ServiceName): RunningProcess => {
    const child = spawnService(
      name,
      serviceRoot(name),
      { ...env, PORT: String(fleetPort(options.basePort, name)) },
      resolve(options.logDir, `${name}.log`),
    );
    const running = { name, url: urls[name], child };
    processes.set(name, running);
    return running;
  };

  const healthy = (name: ServiceName): Promise<void> => untilHealthy(urls[name], name);

  SERVICE_NAMES.forEach(launch);
  try {
    await Promise.all(SERVICE_NAMES.map(healthy));
  } catch (error) {
    // A fleet that never came up is nobody's to stop later: no process outlives the failed start.
    for (const { child } of processes.values()) child.kill('SIGKILL');
    throw error;
  }

  const exited = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((done) => child.once('exit', () => done()));

  return {
    urls,
    processes,
    async kill(name) {
      const running = processes.get(name);
      if (!running) return;
      running.child.kill('SIGKILL');
      await exited(running.child);
      processes.delete(name);
    },
    async start(name) {
      launch(name);
      await healthy(name);
    },
    async stop() {
      await Promise.all(
        [...processes.values()].map(async ({ child }) => {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited(child);
          clearTimeout(timer);
        }),
      );
      processes.clear();
    },
  };
}
