import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { eventually } from './eventually';

const repoRoot = resolve(__dirname, '..', '..', '..');

/** The services and their offsets from the base port (gateway +0 … audit +6), as in libs/contracts. */
export const SERVICE_PORT_OFFSETS = {
  gateway: 0,
  intake: 1,
  screening: 2,
  consent: 3,
  conferencing: 4,
  'follow-up': 5,
  audit: 6,
} as const;
export type E2eService = keyof typeof SERVICE_PORT_OFFSETS;

export interface RunningProcess {
  readonly name: E2eService;
  readonly url: string;
  readonly child: ChildProcess;
}

export interface ServiceFleet {
  readonly urls: Record<E2eService, string>;
  readonly processes: Map<E2eService, RunningProcess>;
  /** Kills one service (SIGKILL: no graceful anything) and waits until it is gone. */
  kill(name: E2eService): Promise<void>;
  /** Starts one service again and waits for its /health to answer 200. */
  start(name: E2eService): Promise<void>;
  stop(): Promise<void>;
}

function serviceEnv(basePort: number, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const url = (name: E2eService) => `http://127.0.0.1:${basePort + SERVICE_PORT_OFFSETS[name]}`;
  return {
    ...env,
    HOST: '127.0.0.1',
    LOG_LEVEL: env['E2E_LOG_LEVEL'] ?? 'info',
    INTAKE_URL: url('intake'),
    SCREENING_URL: url('screening'),
    CONSENT_URL: url('consent'),
    CONFERENCING_URL: url('conferencing'),
    FOLLOW_UP_URL: url('follow-up'),
    AUDIT_URL: url('audit'),
  };
}

/** One service as its own process (`env` includes its PORT), its output appended to `logFile`. */
export function spawnService(name: E2eService, env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(
    process.execPath,
    ['-r', resolve(repoRoot, 'tools/ts-register.cjs'), resolve(repoRoot, `services/${name}/src/main.ts`)],
    { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

/** Waits (up to 2 minutes) until the service at `url` answers GET /health with 200. */
export async function untilHealthy(url: string, name: string): Promise<void> {
  await eventually(
    async () => {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.status !== 200)
        throw new Error(`${name} /health answered ${response.status}: ${await response.text()}`);
    },
    { timeout: 120_000, interval: 500 },
  );
}

/**
 * Every service as its own process, as `npm start` runs them, on ports basePort…basePort+6.
 * Logs go to `<logDir>/<service>.log`. Used by the e2e suites.
 */
export async function startServiceFleet(options: {
  basePort: number;
  logDir: string;
  env?: NodeJS.ProcessEnv;
}): Promise<ServiceFleet> {
  mkdirSync(options.logDir, { recursive: true });
  const env = serviceEnv(options.basePort, options.env ?? process.env);
  const processes = new Map<E2eService, RunningProcess>();
  const urls = Object.fromEntries(
    Object.entries(SERVICE_PORT_OFFSETS).map(([name, offset]) => [
      name,
      `http://127.0.0.1:${options.basePort + offset}`,
    ]),
  ) as Record<E2eService, string>;

  const launch = (name: E2eService): RunningProcess => {
    const child = spawnService(
      name,
      { ...env, PORT: String(options.basePort + SERVICE_PORT_OFFSETS[name]) },
      resolve(options.logDir, `${name}.log`),
    );
    const running = { name, url: urls[name], child };
    processes.set(name, running);
    return running;
  };

  const healthy = (name: E2eService): Promise<void> => untilHealthy(urls[name], name);

  const names = Object.keys(SERVICE_PORT_OFFSETS) as E2eService[];
  names.forEach(launch);
  await Promise.all(names.map(healthy));

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
