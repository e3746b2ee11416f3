/**
 * Footprint benchmark (`npm run bench:footprint`): what one replica of each service needs, the
 * numbers behind the requests and limits in tools/k8s/resources.ts. Starts every service compiled
 * (dist/, as the image runs it) on ports from BENCH_BASE_PORT (default 3500), drives
 * BENCH_CASES referrals (default 200, BENCH_CONCURRENCY at a time, default 10) through the gateway
 * to screening's decision, heard back by intake, and prints per service: resident memory idle and at
 * its peak (VmHWM), and CPU seconds and average cores used during the load. Reads DATABASE_URL,
 * KAFKA_BROKERS, EVENT_STORE_MASTER_KEY, SEAL_SIGNING_KEY, ACCORD_OIDC_URL … (or .accord/infra.env
 * from `npm run infra:up`, which also starts the development OpenID Provider).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SERVICE_NAMES, serviceUrlVariable, UPSTREAM_NAMES, type ServiceName } from '@accord/contracts';
import { readEnvFile } from '@accord/platform';
import { testToken } from '@accord/testing';
import { PipelineDriver } from '../demo/pipeline-driver';
import { formatTable, sampleProcess as sample, type ProcessSample as Sample } from './bench-report';

/** The repository root, from the source (tools/bench) or compiled (dist/tools/bench). */
const root = resolve(__dirname, __dirname.split(/[\\/]/).includes('dist') ? '../../..' : '../..');
const CASES = Number(process.env['BENCH_CASES'] ?? 200);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 10);
const BASE_PORT = Number(process.env['BENCH_BASE_PORT'] ?? 3500);

function environment(): NodeJS.ProcessEnv {
  return { ...readEnvFile(resolve(root, '.accord', 'infra.env')), ...process.env };
}

async function healthy(url: string, deadline: number): Promise<void> {
  for (;;) {
    const ok = await fetch(`${url}/health`)
      .then((response) => response.status === 200)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy`);
    await new Promise((done) => setTimeout(done, 500));
  }
}

async function main(): Promise<void> {
  if (!existsSync(resolve(root, 'dist/services/gateway/src/main.js')))
    throw new Error('dist/ is missing: run `npm run build` first (npm run bench:footprint does)');
  const env = environment();
  const urls = Object.fromEntries(
    SERVICE_NAMES.map((name, index) => [name, `http://127.0.0.1:${BASE_PORT + index}`]),
  ) as Record<ServiceName, string>;
  const children = new Map<ServiceName, ChildProcess>();
  try {
    for (const [index, name] of SERVICE_NAMES.entries()) {
      children.set(
        name,
        spawn(process.execPath, ['-r', './tools/register-aliases.cjs', `dist/services/${name}/src/main.js`], {
          cwd: root,
          env: {
            ...env,
            NODE_ENV: 'production',
            HOST: '127.0.0.1',
            PORT: String(BASE_PORT + index),
            LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
            // One driver plays every caller: the per-caller limit would measure the limiter.
            RATE_LIMIT_PER_MINUTE: '100000',
            ...Object.fromEntries(
              UPSTREAM_NAMES.map((upstream) => [serviceUrlVariable(upstream), urls[upstream]]),
            ),
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        }),
      );
    }
    const deadline = Date.now() + 120_000;
    await Promise.all(SERVICE_NAMES.map((name) => healthy(urls[name], deadline)));
    const pid = (name: ServiceName) => children.get(name)?.pid ?? 0;
    // Through the gateway, as agencies call, so its share of the work is measured too.
    // Tokens from the development OpenID Provider (ACCORD_OIDC_URL), each agency registered with intake.
    const provider = env['ACCORD_OIDC_URL'];
    if (!provider) throw new Error('no ACCORD_OIDC_URL: run `npm run infra:up` first');
    process.env['ACCORD_OIDC_URL'] = provider;
    process.env['INTAKE_URL'] = urls.intake;
    const driver = new PipelineDriver({ url: () => urls.gateway, token: testToken });
    // Warm up (first requests compile code paths), then let the services settle.
    for (let i = 0; i < 3; i++) await driver.submit();
    await new Promise((done) => setTimeout(done, 5000));
    const idle = new Map(SERVICE_NAMES.map((name) => [name, sample(pid(name))]));
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CASES) {
          next++;
          await driver.eligibleCase();
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const rows = SERVICE_NAMES.map((name) => {
      const before = idle.get(name) as Sample;
      const after = sample(pid(name));
      const cpu = after.cpuSeconds - before.cpuSeconds;
      return [
        name,
        before.rssMiB.toFixed(0),
        after.peakMiB.toFixed(0),
        cpu.toFixed(1),
        (cpu / seconds).toFixed(2),
      ];
    });
    const header = ['service', 'RSS idle MiB', 'RSS peak MiB', 'CPU s', 'avg cores'];
    process.stdout.write(
      `${CASES} referrals (submit, accept, screening decision heard by intake), ${CONCURRENCY} at a time, in ${seconds.toFixed(1)} s (${(CASES / seconds).toFixed(1)}/s)\n\n${formatTable(header, rows)}\n`,
    );
  } finally {
    for (const child of children.values()) child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
