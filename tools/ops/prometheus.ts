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
export function serviceTargets(env: NodeJS.ProcessEnv = process.env): ScrapeTarget[] {
  return SERVICE_NAMES.map((service) => ({
    service,
    address: `127.0.0.1:${env[servicePortVariable(service)] ?? SERVICES[service].port}`,
  }));
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
  /** Where config, data, pid and log go. */
  readonly stateDir: string;
  readonly port: number;
  readonly targets: readonly ScrapeTarget[];
}

const pidFile = (stateDir: string): string => resolve(stateDir, 'prometheus.pid');

function runningPid(stateDir: string): number | null {
  const file = pidFile(stateDir);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
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
  mkdirSync(options.stateDir, { recursive: true });
  const targetsFile = resolve(options.stateDir, 'targets.json');
  writeFileSync(targetsFile, `${JSON.stringify(fileSdTargets(options.targets), null, 2)}\n`);
  const configFile = resolve(options.stateDir, 'prometheus.yml');
  writeFileSync(configFile, `${JSON.stringify(prometheusConfig(targetsFile), null, 2)}\n`);
  const url = `http://127.0.0.1:${options.port}`;
  let pid = runningPid(options.stateDir);
  if (pid === null) {
    const log = openSync(resolve(options.stateDir, 'prometheus.log'), 'a');
    const child = spawn(
      'prometheus',
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${resolve(options.stateDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${options.port}`,
        '--web.enable-lifecycle',
        '--storage.tsdb.retention.time=2d',
      ],
      { detached: true, stdio: ['ignore', log, log] },
    );
    child.unref();
    if (child.pid === undefined) throw new Error('prometheus did not start');
    pid = child.pid;
    writeFileSync(pidFile(options.stateDir), `${pid}\n`);
  } else {
    await fetch(`${url}/-/reload`, { method: 'POST' });
  }
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await fetch(`${url}/-/ready`)
      .then((response) => response.ok)
      .catch(() => false);
    if (ready) return { url, pid };
    if (runningPid(options.stateDir) === null || Date.now() > deadline)
      throw new Error(`prometheus did not become ready; see ${resolve(options.stateDir, 'prometheus.log')}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/** Stops the Prometheus started from this state directory, if any; true when one was running. */
export async function stopPrometheus(stateDir: string): Promise<boolean> {
  const pid = runningPid(stateDir);
  rmSync(pidFile(stateDir), { force: true });
  if (pid === null) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  process.kill(pid, 'SIGKILL');
  return true;
}
