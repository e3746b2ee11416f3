#!/usr/bin/env node
// `npm start`: brings up the infrastructure that is missing (infra/up.sh), then every service as
// its own process with prefixed, readable logs, waits until each /health answers 200 and prints
// where to look. Ctrl-C stops every service cleanly (the broker and database keep running;
// `npm run infra:down` stops them).
//   node tools/start.mjs [--only <service>[,<service>…]] [--scale <service>=<n>[,…]] [--no-demo]
//   (ACCORD_DEMO=0 skips the demo cases too)
// --scale runs n replicas of a service (ports 100 apart: screening 3002, 3102, 3202 …): they share
// its consumer group, one holds its relay lock, and the gateway balances its HTTP over them.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
require('./ts-register.cjs');
/** The service manifest (libs/contracts): every service and its default port. */
const manifest = require('../libs/contracts/src/service-manifest.ts');
const { TOPIC_PARTITIONS } = require('../libs/contracts/src/topics.ts');
const port = (name) =>
  Number(process.env[manifest.servicePortVariable(name)] ?? manifest.SERVICES[name].port);
const SERVICES = Object.fromEntries(manifest.SERVICE_NAMES.map((name) => [name, port(name)]));
const COLOURS = [36, 32, 33, 35, 34, 91, 96];
const tty = process.stdout.isTTY;

const onlyIndex = process.argv.indexOf('--only');
const selected =
  onlyIndex >= 0 ? (process.argv[onlyIndex + 1] ?? '').split(',').filter(Boolean) : Object.keys(SERVICES);
for (const name of selected) {
  if (!(name in SERVICES)) {
    console.error(`unknown service "${name}"; choose from ${Object.keys(SERVICES).join(', ')}`);
    process.exit(2);
  }
}
/** Replicas per service (`--scale screening=3,consent=2`); every other service runs once. */
let scale;
try {
  const scaleIndex = process.argv.indexOf('--scale');
  // More replicas than the topics' partitions would leave the extra consumers idle.
  scale = scaleIndex >= 0 ? manifest.parseScale(process.argv[scaleIndex + 1] ?? '', TOPIC_PARTITIONS) : {};
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
if (scale.gateway > 1) {
  console.error(
    '--scale: the gateway is the one way in locally; it scales behind a load balancer (deploy/k8s)',
  );
  process.exit(2);
}
/** Every process to run: each selected service's replicas, each on its own port. */
const instances = selected.flatMap((name) =>
  Array.from({ length: scale[name] ?? 1 }, (_, replica) => ({
    name,
    label: replica === 0 && (scale[name] ?? 1) === 1 ? name : `${name}#${replica + 1}`,
    port: manifest.replicaPort(SERVICES[name], replica),
  })),
);
/** Where each service's replicas answer (INTAKE_URL …), so the gateway follows moved ports and balances. */
const urls = Object.fromEntries(
  manifest.UPSTREAM_NAMES.map((name) => [
    manifest.serviceUrlVariable(name),
    Array.from(
      { length: scale[name] ?? 1 },
      (_, replica) => `http://127.0.0.1:${manifest.replicaPort(SERVICES[name], replica)}`,
    ).join(','),
  ]),
);

const up = spawnSync('bash', [resolve(root, 'infra/up.sh')], { stdio: 'inherit', env: process.env });
if (up.status !== 0) {
  console.error('infrastructure did not come up; see the messages above');
  process.exit(up.status ?? 1);
}
// The web console the gateway serves at / (built once, and again whenever its sources change).
if (selected.includes('gateway')) {
  const built = spawnSync(process.execPath, [resolve(root, 'tools/console-build.mjs'), '--if-stale'], {
    stdio: 'inherit',
  });
  if (built.status !== 0) console.error('[console] the web console did not build; the API still runs');
}
const readEnvFile = (file) =>
  Object.fromEntries(
    readFileSync(resolve(root, file), 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
const infra = readEnvFile('.accord/infra.env');

// The development OpenID Provider (infra/oidc): every agency's issuer, and the platform's root of trust.
const oidcPort = new URL(infra.ACCORD_OIDC_URL).port;
const oidc = spawn(process.execPath, [resolve(root, 'infra/oidc/dev-provider.mjs'), '--port', oidcPort], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((ready, failed) => {
  createInterface({ input: oidc.stdout }).on('line', (line) => line.startsWith('ready ') && ready());
  oidc.once('exit', (code) => failed(new Error(`the development OpenID Provider exited (code ${code})`)));
});

// Development stand-ins for outside systems (infra/<name>/dev-service.mjs: the mail sink…), each
// its own process: it prints `env KEY=VALUE` lines for the services, `show <line>` for the summary,
// then `ready`. A new one needs no change here.
const devEnv = {};
const devShow = [];
const devServices = readdirSync(resolve(root, 'infra'))
  .map((name) => resolve(root, 'infra', name, 'dev-service.mjs'))
  .filter((file) => existsSync(file))
  .map((file) => spawn(process.execPath, [file], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }));
await Promise.all(
  devServices.map(
    (child) =>
      new Promise((ready, failed) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          const [word, ...rest] = line.split(' ');
          const value = rest.join(' ');
          if (word === 'env')
            devEnv[value.slice(0, value.indexOf('='))] = value.slice(value.indexOf('=') + 1);
          if (word === 'show') devShow.push(`  ${value}`);
          if (word === 'ready') ready();
        });
        child.once('exit', (code) => failed(new Error(`a development service exited (code ${code})`)));
      }),
  ),
);

const width = Math.max(...instances.map(({ label }) => label.length));
const prefix = (name, index) => {
  const label = `[${name.padEnd(width)}]`;
  return tty ? `\x1b[${COLOURS[index % COLOURS.length]}m${label}\x1b[0m` : label;
};

/** One JSON log line → `12:00:01 INFO  message key=value …`; anything else passes through. */
function readable(line) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null) return line;
  const { level, time, msg, ...rest } = entry;
  delete rest.service;
  const clock = typeof time === 'string' ? time.slice(11, 19) : '';
  const fields = Object.entries(rest)
    .filter(([key]) => key !== 'pid' && key !== 'hostname')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${clock} ${String(level ?? '')
    .toUpperCase()
    .padEnd(5)} ${msg ?? ''}${fields ? `  ${fields}` : ''}`;
}

const children = new Map();
let stopping = false;

instances.forEach(({ name, label, port: instancePort }, index) => {
  const child = spawn(
    process.execPath,
    ['-r', resolve(root, 'tools/ts-register.cjs'), resolve(root, `services/${name}/src/main.ts`)],
    {
      cwd: root,
      env: {
        ...urls,
        ...process.env,
        ...infra,
        ...devEnv,
        // The service's own identity (its PostgreSQL role …), provisioned by infra/up.sh.
        ...readEnvFile(`.accord/identities/${name}.env`),
        PORT: String(instancePort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.set(label, child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) =>
      process.stdout.write(`${prefix(label, index)} ${readable(line)}\n`),
    );
  }
  child.on('exit', (code, signal) => {
    children.delete(label);
    if (!stopping)
      console.error(
        `${prefix(label, index)} exited (${signal ?? `code ${code}`}); the other services keep running`,
      );
    if (stopping && children.size === 0) process.exit(0);
  });
});

// `npm run ops:up` scrapes what this run publishes: every instance, replicas included.
const prometheus = require('./ops/prometheus.ts');
const stateRoot = process.env.ACCORD_STATE_DIR ?? resolve(root, '.accord');
prometheus.publishInstances(
  stateRoot,
  process.pid,
  instances.map(({ name, port: instancePort }) => ({ service: name, address: `127.0.0.1:${instancePort}` })),
);

function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  prometheus.withdrawInstances(stateRoot);
  console.log(`\n${signal}: stopping ${children.size} service(s)…`);
  oidc.kill('SIGTERM');
  for (const child of devServices) child.kill('SIGTERM');
  for (const child of children.values()) child.kill('SIGTERM');
  if (children.size === 0) process.exit(0);
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(1);
  }, 15_000).unref();
}
process.on('SIGINT', () => stopAll('SIGINT'));
process.on('SIGTERM', () => stopAll('SIGTERM'));

async function healthy(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3_000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

const deadline = Date.now() + 120_000;
const pending = new Set(instances.map(({ label }) => label));
while (pending.size > 0 && Date.now() < deadline && !stopping) {
  for (const { label, port: instancePort } of instances)
    if (pending.has(label) && (await healthy(instancePort))) pending.delete(label);
  if (pending.size > 0) await new Promise((r) => setTimeout(r, 500));
}
if (stopping) process.exitCode = 0;
else {
  const withDemo =
    pending.size === 0 &&
    selected.includes('gateway') &&
    selected.length === Object.keys(SERVICES).length &&
    !process.argv.includes('--no-demo') &&
    process.env.ACCORD_DEMO !== '0';
  const rows = instances.map(
    ({ label, port: instancePort }) =>
      `  ${label.padEnd(width)}  http://127.0.0.1:${instancePort}   ${pending.has(label) ? 'NOT HEALTHY (see its logs)' : 'healthy'}`,
  );
  const scaled = Object.entries(scale).filter(([, replicas]) => replicas > 1);
  console.log(
    [
      '',
      pending.size === 0
        ? 'Accord is up.'
        : `Accord is up, but ${[...pending].join(', ')} did not report healthy within 120 s.`,
      `  PostgreSQL  ${infra.DATABASE_URL.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@')} (operator; each service has its own role)`,
      `  Kafka       ${infra.KAFKA_BROKERS}`,
      `  OpenID      ${infra.ACCORD_OIDC_URL}/<agency id> (development provider; log in with a role name)`,
      ...rows,
      ...devShow,
      ...(selected.includes('gateway') ? [`  Console     http://127.0.0.1:${SERVICES.gateway}/`] : []),
      ...(scaled.length > 0
        ? [
            `  Replicas    ${scaled.map(([name, replicas]) => `${name} ×${replicas}`).join(', ')}: one consumer group and one relay leader per service; the gateway balances their HTTP`,
          ]
        : []),
      '  Each service answers GET /health and GET /metrics. Ctrl-C stops them all.',
      '',
    ].join('\n'),
  );
  if (withDemo) {
    // The demo cases walk the pipeline through the gateway; the services keep running afterwards.
    const demo = spawn(
      process.execPath,
      ['-r', resolve(root, 'tools/ts-register.cjs'), resolve(root, 'tools/demo.ts')],
      {
        cwd: root,
        env: { ...process.env, ...infra, ...devEnv, GATEWAY_URL: `http://127.0.0.1:${SERVICES.gateway}` },
        stdio: 'inherit',
      },
    );
    demo.on('exit', (code) => {
      if (code !== 0 && !stopping)
        console.error('[demo] did not complete; the services keep running (see their logs above)');
    });
  }
}
