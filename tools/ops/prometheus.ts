import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SERVICE_NAMES, SERVICES, servicePortVariable, type ServiceName } from '@accord/contracts';

const repoRoot = resolve(__dirname, '..', '..');
/** The rules every Prometheus of Accord loads (tested by `npm run test:deploy`). */
export const RULES_FILE = resolve(repoRoot, 'deploy', 'prometheus', 'accord.rules.yml');

export interface ScrapeTarget {
  readonly service: ServiceName;
  /** `host:port` */
  readonly address: string;
}

/** Every service of the manifest where `npm start` runs it (its port variable, else its default port). */
export function defaultTargets(env: NodeJS.ProcessEnv = process.env): ScrapeTarget[] {
  return SERVICE_NAMES.map((service) => ({
    service,
    address: `127.0.0.1:${env[servicePortVariable(service)] ?? SERVICES[service].port}`,
  }));
}

/** What a running `npm start` says it runs: every instance, replicas included, and its own pid. */
interface PublishedInstances {
  readonly pid: number;
  readonly targets: readonly ScrapeTarget[];
}

const instancesFile = (stateRoot: string): string => resolve(stateRoot, 'instances.json');
const prometheusTargetsFile = (stateRoot: string): string => resolve(stateRoot, 'prometheus', 'targets.json');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function published(stateRoot: string): PublishedInstances | null {
  const file = instancesFile(stateRoot);
  if (!existsSync(file)) return null;
  try {
    const instances = JSON.parse(readFileSync(file, 'utf8')) as PublishedInstances;
    return alive(instances.pid) ? instances : null;
  } catch {
    return null;
  }
}

/**
 * The instances to scrape: those a running `npm start` of this state directory published (every
 * replica of `--scale` on its own port), else every service at its port variable or default port.
 */
export function serviceTargets(stateRoot: string, env: NodeJS.ProcessEnv = process.env): ScrapeTarget[] {
  return [...(published(stateRoot)?.targets ?? defaultTargets(env))];
}

function writeTargets(stateRoot: string, targets: readonly ScrapeTarget[]): void {
  writeFileSync(prometheusTargetsFile(stateRoot), `${JSON.stringify(fileSdTargets(targets), null, 2)}\n`);
}

/**
 * `npm start` says which instances it runs. A Prometheus already started by `npm run ops:up` from
 * this state directory follows at once (file_sd), so start order does not matter.
 */
export function publishInstances(stateRoot: string, pid: number, targets: readonly ScrapeTarget[]): void {
  mkdirSync(stateRoot, { recursive: true });
  writeFileSync(instancesFile(stateRoot), `${JSON.stringify({ pid, targets }, null, 2)}\n`);
  if (existsSync(prometheusTargetsFile(stateRoot))) writeTargets(stateRoot, targets);
}

/** `npm start` stopped: back to the default targets, so a later start is scraped as it runs. */
export function withdrawInstances(stateRoot: string, env: NodeJS.ProcessEnv = process.env): void {
  rmSync(instancesFile(stateRoot), { force: true });
  if (existsSync(prometheusTargetsFile(stateRoot))) writeTargets(stateRoot, defaultTargets(env));
}

/** prometheus.yml (JSON is YAML): job `accord`, one target per service instance, labelled with its service. */
export function prometheusConfig(targetsFile: string, scrapeInterval = '5s'): object {
  return {
    global: { scrape_interval: scrapeInterval, evaluation_interval: scrapeInterval },
    rule_files: [RULES_FILE],
    scrape_configs: [
      {
        job_name: 'accord',
        metrics_path: '/metrics',
        // The services label their metrics with `service` themselves; the target's label is the same.
        honor_labels: true,
        file_sd_configs: [{ files: [targetsFile], refresh_interval: '5s' }],
      },
    ],
  };
}

/** The file_sd document: Prometheus re-reads it, so replicas that come and go need no restart. */
export const fileSdTargets = (targets: readonly ScrapeTarget[]): object[] =>
  targets.map((target) => ({ targets: [target.address], labels: { service: target.service } }));

export interface PrometheusHandle {
  readonly url: string;
  readonly pid: number;
}

export interface PrometheusOptions {
  /** Accord's state directory (`.accord`): Prometheus keeps config, data, pid and log in its `prometheus/`. */
  readonly stateRoot: string;
  readonly port: number;
  readonly targets: readonly ScrapeTarget[];
}

const pidFile = (stateDir: string): string => resolve(stateDir, 'prometheus.pid');

function runningPid(stateDir: string): number | null {
  const file = pidFile(stateDir);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return alive(pid) ? pid : null;
}

/** Debian's `prometheus` package, installed by the project's script when missing (its service is left stopped). */
export function ensurePrometheusInstalled(): void {
  const result = spawnSync(
    'bash',
    [resolve(repoRoot, 'infra', 'debian', 'ensure.sh'), 'prometheus=prometheus', 'promtool=prometheus'],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error('could not install Prometheus (Debian package `prometheus`)');
}

/**
 * Starts Prometheus (or keeps the one already running from this state directory, with its
 * targets rewritten) and resolves once it is ready.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusHandle> {
  const stateDir = resolve(options.stateRoot, 'prometheus');
  mkdirSync(stateDir, { recursive: true });
  writeTargets(options.stateRoot, options.targets);
  const configFile = resolve(stateDir, 'prometheus.yml');
  writeFileSync(
    configFile,
    `${JSON.stringify(prometheusConfig(prometheusTargetsFile(options.stateRoot)), null, 2)}\n`,
  );
  const url = `http://127.0.0.1:${options.port}`;
  let pid = runningPid(stateDir);
  if (pid === null) {
    const log = openSync(resolve(stateDir, 'prometheus.log'), 'a');
    const child = spawn(
      'prometheus',
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${resolve(stateDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${options.port}`,
        '--web.enable-lifecycle',
        '--storage.tsdb.retention.time=2d',
      ],
      { detached: true, stdio: ['ignore', log, log] },
    );
    child.unref();
    if (child.pid === undefined) throw new Error('prometheus did not start');
    pid = child.pid;
    writeFileSync(pidFile(stateDir), `${pid}\n`);
  } else {
    await fetch(`${url}/-/reload`, { method: 'POST' });
  }
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await fetch(`${url}/-/ready`)
      .then((response) => response.ok)
      .catch(() => false);
    if (ready) return { url, pid };
    if (runningPid(stateDir) === null || Date.now() > deadline)
      throw new Error(`prometheus did not become ready; see ${resolve(stateDir, 'prometheus.log')}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/** Stops the Prometheus started from this state directory, if any; true when one was running. */
export async function stopPrometheus(stateRoot: string): Promise<boolean> {
  const stateDir = resolve(stateRoot, 'prometheus');
  const pid = runningPid(stateDir);
  rmSync(pidFile(stateDir), { force: true });
  if (pid === null) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((done) => setTimeout(done, 100));
  }
  process.kill(pid, 'SIGKILL');
  return true;
}
