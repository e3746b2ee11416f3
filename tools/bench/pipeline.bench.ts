/**
 * Pipeline benchmark (`npm run bench:pipeline`, `-- --quick` for about a minute): the whole system
 * against its own ceiling, on this machine, in one run.
 *
 * Prepares the harness as the e2e suites do (real PostgreSQL and Kafka, each service's identity,
 * the development OpenID Provider; prepareHarness) and starts every service as its own process
 * (startServiceFleet, ports from BENCH_BASE_PORT, default E2E_BASE_PORT+100). Then, through the
 * gateway, with per-agency tokens from the provider (testToken):
 * - closed loop at concurrency 1, 8 and 32 for a fixed time each: submits per second and the submit
 *   call's p50/p95/p99; every fourth case is walked onward (accepted) as the demo does;
 * - open loop at BENCH_RATE referrals/s (default 50): each submitted and at once accepted, and the
 *   time from submit to screening's decision as intake's server-sent events (GET
 *   /api/referrals/changes) announce it: one Kafka hop to screening, one back;
 * - consent to schedulable: eligible cases of the open loop get their consents, and the time from
 *   the last consent to intake announcing consents-complete (one hop) and a facilitator assigned by
 *   conferencing (two hops: the conference can be scheduled);
 * - each service's CPU (average cores) and peak RSS over the load, from /proc.
 * The mail server is up (the development mail sink, a real SMTP server, on the same cores), so
 * messages are sent and settled as in a deployment instead of queueing behind a channel that is down.
 * Then, with the services stopped, the ceilings on the same machine: (a) bare node:http + `pg`
 * doing the same durable work for a referral (bare-referral.server.ts) at concurrency 32; (b) raw
 * kafkajs produce→consume of the same event with the same acks and idempotence
 * (measureKafkaCeiling in libs/messaging). Prints one table; the last line is the summary.
 * `-- --polling`: only the access log under a client polling one case (measurePolling).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { SERVICE_NAMES, type ServiceName } from '@accord/contracts';
import { measureKafkaCeiling } from '@accord/messaging';
import { prepareHarness, startServiceFleet, testToken } from '@accord/testing';
import { followChanges, PipelineDriver } from '../demo/pipeline-driver';
import {
  cpuSecondsOfProcesses,
  formatTable,
  machineBusySeconds,
  percentile,
  sampleProcess,
  type ProcessSample,
} from './bench-report';
import { roundTripEnv, roundTripsPerReferral, snapshotRoundTrips } from './round-trips';
import { runMain } from '../run-main';

const root = resolve(__dirname, '..', '..');
const QUICK = process.argv.includes('--quick');
/** Only the round-trip count (no load, no ceilings): what a change to a hot path did, in a minute. */
const ROUND_TRIPS_ONLY = process.argv.includes('--round-trips');
/** Only the access log under a polling client (ACCESS_LOG_WINDOW_MS=0 in the environment: one event per read). */
const POLLING_ONLY = process.argv.includes('--polling');
/**
 * `--hold=<concurrency>`: no measurement; the fleet stays up under a closed loop at that
 * concurrency (0: idle) until Ctrl-C, printing submits per second every 5 s: a steady load to
 * profile a window of (ACCORD_CPU_PROFILE_WINDOW=signal in tools/bench/cpu-profile.cjs).
 */
const HOLD = /^--hold=(\d+)$/.exec(process.argv.find((arg) => arg.startsWith('--hold=')) ?? '');
const POLL_MS = 300;
const POLL_FOR_MS = 60_000;
/** Referrals walked one at a time, submit → accept → decision, while the round trips are counted. */
const ROUND_TRIP_REFERRALS = 20;
const IDLE_MS = 3_000;
const SETTLE_MS = 2_000;
/** Longest wait between phases for the last one's work to finish (settle). */
const SETTLE_MAX_MS = 30_000;
const PHASE_MS = QUICK ? 5_000 : 20_000;
const RATE = Number(process.env['BENCH_RATE'] ?? 50);
const RATE_MS = QUICK ? 8_000 : 30_000;
const CONCURRENCIES = [1, 8, 32] as const;
const CEILING_CONCURRENCY = 32;
/** Every ACCEPT_EVERY-th case of the closed loops is walked onward, as the demo does. */
const ACCEPT_EVERY = 4;
/** Eligible cases of the open loop walked through consent, and how many at once. */
const CONSENT_CASES = QUICK ? 10 : 40;
const CONSENT_CONCURRENCY = 4;
/** How long the open loop waits for the last decisions after its last submit. */
const DRAIN_MS = 20_000;
const DECISIONS = new Set(['eligible', 'ineligible', 'needs-review']);
const BASE_PORT = Number(
  process.env['BENCH_BASE_PORT'] ??
    (process.env['E2E_BASE_PORT'] ? Number(process.env['E2E_BASE_PORT']) + 100 : 3500),
);

const say = (line: string) => process.stderr.write(`[bench:pipeline] ${line}\n`);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface LoopResult {
  readonly perSecond: number;
  readonly latenciesMs: readonly number[];
  readonly errors: number;
}

/** `concurrency` callers, each calling `submit` again as soon as it answers, for `durationMs`. */
async function closedLoop(
  concurrency: number,
  durationMs: number,
  submit: () => Promise<string>,
  onward: (caseId: string) => Promise<void> = async () => undefined,
): Promise<LoopResult> {
  const latenciesMs: number[] = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() - started < durationMs) {
        const sent = performance.now();
        try {
          const caseId = await submit();
          latenciesMs.push(performance.now() - sent);
          if (latenciesMs.length % ACCEPT_EVERY === 0) await onward(caseId);
        } catch {
          errors++;
        }
      }
    }),
  );
  return { perSecond: latenciesMs.length / ((performance.now() - started) / 1000), latenciesMs, errors };
}

interface RateResult {
  readonly submit: LoopResult;
  readonly decisionMs: readonly number[];
  readonly undecided: number;
  /** Cases screening found eligible: consent opened for them. */
  readonly eligible: readonly string[];
}

/** Open loop: a referral submitted (then accepted) every 1/rate s, and the time to its decision. */
async function fixedRate(driver: PipelineDriver, intakeUrl: string): Promise<RateResult> {
  const pending = new Map<string, number>();
  const decisionMs: number[] = [];
  const eligible: string[] = [];
  const stop = await followChanges(intakeUrl, await driver.referrer(), (caseId, status) => {
    const sent = pending.get(caseId);
    if (sent === undefined || !DECISIONS.has(status)) return;
    pending.delete(caseId);
    decisionMs.push(performance.now() - sent);
    if (status === 'eligible') eligible.push(caseId);
  });
  const latenciesMs: number[] = [];
  let errors = 0;
  const inFlight: Array<Promise<void>> = [];
  const started = performance.now();
  const count = Math.round((RATE * RATE_MS) / 1000);
  for (let i = 0; i < count; i++) {
    await sleep(Math.max(0, started + (i * 1000) / RATE - performance.now()));
    inFlight.push(
      (async () => {
        const sent = performance.now();
        try {
          const caseId = await driver.submit();
          latenciesMs.push(performance.now() - sent);
          pending.set(caseId, sent);
          await driver.accept(caseId);
        } catch {
          errors++;
        }
      })(),
    );
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  const deadline = Date.now() + DRAIN_MS;
  while (pending.size > 0 && Date.now() < deadline) await sleep(100);
  stop();
  return {
    submit: { perSecond: latenciesMs.length / seconds, latenciesMs, errors },
    decisionMs,
    undecided: pending.size,
    eligible,
  };
}

interface ConsentResult {
  /** Last consent sent → intake heard consent's ConsentsComplete (one Kafka hop). */
  readonly completeMs: readonly number[];
  /** Last consent sent → intake heard conferencing's FacilitatorAssigned: schedulable (two hops). */
  readonly schedulableMs: readonly number[];
  readonly unreached: number;
}

/**
 * Consent to schedulable, per Kafka hop: for each case, every required consent but the last is
 * recorded, then the time from sending the last to intake announcing `consents-complete` (consent
 * → intake) and `facilitator-assigned` (consent → conferencing, which assigns a facilitator, →
 * intake): from then on the conference can be scheduled.
 */
/**
 * Room on the RJ service's roster for every case the consent phase walks: a facilitator is
 * assigned only within their caseload, and in a database that earlier runs (or `npm start`)
 * filled, the demo's six facilitators are all busy, so no case would ever become schedulable.
 */
async function rosterBenchFacilitators(driver: PipelineDriver, cases: number): Promise<void> {
  const admin = await driver.token('rj-service-north', ['agency-admin'], 'bench-roster-admin');
  const run = randomUUID().slice(0, 8);
  const perFacilitator = 20;
  for (let index = 0; index * perFacilitator < cases; index++) {
    const { status, body } = await driver.call(
      'conferencing',
      'PUT',
      `/api/facilitators/bench-${run}-${index}`,
      admin,
      {
        name: `Bench Facilitator ${index + 1}`,
        homeAgency: 'rj-service-north',
        accreditation: 'specialist',
        languages: ['en', 'cy'],
        region: 'north',
        maxCaseload: perFacilitator,
      },
    );
    if (status !== 200)
      throw new Error(`rostering a bench facilitator answered ${status}: ${JSON.stringify(body)}`);
  }
}

async function consentToSchedulable(
  driver: PipelineDriver,
  intakeUrl: string,
  caseIds: readonly string[],
): Promise<ConsentResult> {
  const sentAt = new Map<string, number>();
  const reached = new Map<string, Map<string, () => void>>();
  const completeMs: number[] = [];
  const schedulableMs: number[] = [];
  let unreached = 0;
  const stop = await followChanges(intakeUrl, await driver.referrer(), (caseId, status) => {
    const sent = sentAt.get(caseId);
    if (sent === undefined) return;
    if (status === 'consents-complete') completeMs.push(performance.now() - sent);
    if (status === 'facilitator-assigned') schedulableMs.push(performance.now() - sent);
    reached.get(caseId)?.get(status)?.();
  });
  const waitFor = (caseId: string, status: string) =>
    new Promise<void>((done) => {
      const waiting = reached.get(caseId) ?? new Map<string, () => void>();
      waiting.set(status, done);
      reached.set(caseId, waiting);
    });
  try {
    const queue = [...caseIds];
    await Promise.all(
      Array.from({ length: CONSENT_CONCURRENCY }, async () => {
        for (let caseId = queue.shift(); caseId !== undefined; caseId = queue.shift()) {
          try {
            const required = (await driver.consentParticipants(caseId)).filter((p) => p.required);
            const last = required.at(-1);
            if (!last) throw new Error(`${caseId}: no participant must consent`);
            for (const participant of required.slice(0, -1))
              await driver.recordConsent(caseId, participant.personId, 'given');
            const schedulable = waitFor(caseId, 'facilitator-assigned');
            sentAt.set(caseId, performance.now());
            await driver.recordConsent(caseId, last.personId, 'given');
            await Promise.race([
              schedulable,
              sleep(DRAIN_MS).then(() => Promise.reject(new Error(`${caseId}: not schedulable`))),
            ]);
          } catch {
            unreached++;
          }
        }
      }),
    );
  } finally {
    stop();
  }
  return { completeMs, schedulableMs, unreached };
}

/**
 * Every service's SQL statements and Kafka requests per referral: an idle window first (what the
 * pollers cost with nothing to do), then referrals one at a time, each submitted, accepted and
 * followed to screening's decision, then a pause for what follows on its own (consent opening,
 * intake hearing the decision). The idle rate is subtracted.
 */
async function measureRoundTrips(
  driver: PipelineDriver,
  intakeUrl: string,
  pids: ReadonlyMap<ServiceName, number>,
  dir: string,
): Promise<{ text: string; submitMs: readonly number[]; decisionMs: readonly number[] }> {
  const idleStart = await snapshotRoundTrips(dir, pids);
  await sleep(IDLE_MS);
  const idleEnd = await snapshotRoundTrips(dir, pids);
  const idle = new Map(
    roundTripsPerReferral(idleStart, idleEnd, IDLE_MS / 1000).map((row) => [row.service, row] as const),
  );
  const waiting = new Map<string, () => void>();
  const stop = await followChanges(intakeUrl, await driver.referrer(), (caseId, status) => {
    if (DECISIONS.has(status)) waiting.get(caseId)?.();
  });
  const started = performance.now();
  const before = await snapshotRoundTrips(dir, pids);
  const submitMs: number[] = [];
  const decisionMs: number[] = [];
  try {
    for (let i = 0; i < ROUND_TRIP_REFERRALS; i++) {
      const sent = performance.now();
      const caseId = await driver.submit();
      submitMs.push(performance.now() - sent);
      const decided = new Promise<void>((done) => waiting.set(caseId, done));
      await driver.accept(caseId);
      await Promise.race([
        decided,
        sleep(DRAIN_MS).then(() => Promise.reject(new Error(`${caseId}: no decision`))),
      ]);
      decisionMs.push(performance.now() - sent);
    }
    await sleep(SETTLE_MS);
  } finally {
    stop();
  }
  const after = await snapshotRoundTrips(dir, pids);
  const seconds = (performance.now() - started) / 1000;
  const rows = roundTripsPerReferral(before, after, ROUND_TRIP_REFERRALS);
  const idleShare = (service: ServiceName, field: 'sql' | 'kafka') =>
    ((idle.get(service)?.[field] ?? 0) * seconds) / ROUND_TRIP_REFERRALS;
  const table = formatTable(
    ['service', 'SQL statements/referral', 'Kafka requests/referral', 'idle SQL/s', 'idle Kafka/s'],
    rows.map((row) => [
      row.service,
      (row.sql - idleShare(row.service, 'sql')).toFixed(1),
      (row.kafka - idleShare(row.service, 'kafka')).toFixed(1),
      (idle.get(row.service)?.sql ?? 0).toFixed(1),
      (idle.get(row.service)?.kafka ?? 0).toFixed(1),
    ]),
  );
  const total = rows.reduce((sum, row) => sum + row.sql - idleShare(row.service, 'sql'), 0);
  const list = (entries: ReadonlyArray<readonly [string, number]>, count: number) =>
    entries
      .slice(0, count)
      .map(([statement, n]) => `  ${n.toFixed(2).padStart(6)}  ${statement}`)
      .join('\n');
  const commonest = rows
    .filter((row) => row.sql > 0 || (idle.get(row.service)?.sql ?? 0) > 0)
    .map(
      (row) =>
        `${row.service}, per referral (idle rate not subtracted):\n${list(row.top, 12)}\n` +
        `${row.service}, idle, per second:\n${list(idle.get(row.service)?.top ?? [], 5)}`,
    );
  const text = [
    `round trips per referral (${ROUND_TRIP_REFERRALS} referrals one at a time: submit, accept, decision; idle rate subtracted)`,
    '',
    table,
    '',
    `all services: ${total.toFixed(1)} SQL statements per referral`,
    '',
    ...commonest,
  ].join('\n');
  return { text, submitMs, decisionMs };
}

/**
 * The access log under a polling client: a screener reads one referral every POLL_MS for
 * POLL_FOR_MS through the gateway; then, once audit's history counts every one of those reads (the
 * open window closed), how many `PersonalDataRead` events intake appended for them, and intake's
 * SQL statements per read while polling.
 */
async function measurePolling(
  driver: PipelineDriver,
  pids: ReadonlyMap<ServiceName, number>,
  dir: string,
): Promise<string> {
  const caseId = await driver.submit();
  await driver.accept(caseId);
  const screener = await driver.screener();
  const auditor = await driver.token('inspectorate', ['auditor'], 'auditor-bench');
  const before = await snapshotRoundTrips(dir, pids);
  let polls = 0;
  for (const until = performance.now() + POLL_FOR_MS; performance.now() < until; ) {
    const started = performance.now();
    const read = await driver.call('intake', 'GET', `/api/referrals/${caseId}`, screener);
    if (read.status !== 200)
      throw new Error(
        `a poll of ${caseId} answered ${read.status} after ${polls} polls: ${JSON.stringify(read.body)}`,
      );
    polls += 1;
    await sleep(Math.max(0, POLL_MS - (performance.now() - started)));
  }
  const after = await snapshotRoundTrips(dir, pids);
  type Read = { service: string; actor: string; endpoint: string; reads: number };
  const deadline = Date.now() + 2 * POLL_FOR_MS;
  for (;;) {
    const history = await driver.call<{ accessLog: Read[] }>(
      'audit',
      'GET',
      `/api/cases/${caseId}/history?pageSize=1`,
      auditor,
    );
    const events = history.body.accessLog.filter(
      (read) =>
        read.service === 'intake' &&
        read.actor === 'demo-screener' &&
        read.endpoint === 'GET /api/referrals/:caseId',
    );
    const counted = events.reduce((sum, read) => sum + read.reads, 0);
    if (counted >= polls) {
      const intake = roundTripsPerReferral(before, after, polls).find((row) => row.service === 'intake');
      return [
        `access log, one client polling one case every ${POLL_MS} ms for ${POLL_FOR_MS / 1000} s ` +
          `(ACCESS_LOG_WINDOW_MS=${process.env['ACCESS_LOG_WINDOW_MS'] ?? 'default'}):`,
        `  reads answered: ${polls}`,
        `  PersonalDataRead events appended for them: ${events.length} (reads they count: ${counted})`,
        `  intake SQL statements per read while polling: ${(intake?.sql ?? 0).toFixed(1)} (idle not subtracted):`,
        ...(intake?.top ?? [])
          .slice(0, 8)
          .map(([statement, n]) => `  ${n.toFixed(2).padStart(6)}  ${statement}`),
      ].join('\n');
    }
    if (Date.now() > deadline)
      throw new Error(
        `audit counts ${counted} of ${polls} reads of ${caseId} after ${(2 * POLL_FOR_MS) / 1000} s`,
      );
    await sleep(1_000);
  }
}

/**
 * The development mail sink (infra/mail-sink/dev-service.mjs), a real SMTP server, on free ports:
 * as in a deployment, the mail server is up, so queued messages are sent and settled rather than
 * piling up behind a channel that is down. Answers the environment it prints for the services.
 */
async function startMailSink(dir: string): Promise<{ env: Record<string, string>; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [resolve(root, 'infra/mail-sink/dev-service.mjs'), '--smtp-port', '0', '--http-port', '0', '--dir', dir],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const env: Record<string, string> = {};
  await new Promise<void>((ready, failed) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const [word, ...rest] = line.split(' ');
      const value = rest.join(' ');
      if (word === 'env') env[value.slice(0, value.indexOf('='))] = value.slice(value.indexOf('=') + 1);
      if (word === 'ready') ready();
    });
    child.once('exit', (code) => failed(new Error(`the mail sink exited (${code})`)));
  });
  return { env, child };
}

/** Runs the bare-HTTP ceiling server and waits for its `ready <url>`. */
async function startBareServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    // Compiled, as the services are: the same Node, the same loader, no TypeScript at run time.
    [
      '-r',
      resolve(root, 'tools/register-aliases.cjs'),
      resolve(root, 'dist/tools/bench/bare-referral.server.js'),
    ],
    { cwd: root, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((ready, failed) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('ready ')) ready(line.slice('ready '.length));
    });
    child.once('exit', (code) => failed(new Error(`the bare-HTTP ceiling server exited (${code})`)));
  });
  return { url, child };
}

/** The machine's busy cores over the next `ms`. */
async function busyCores(ms = 1_000): Promise<number> {
  const before = machineBusySeconds();
  await sleep(ms);
  return (machineBusySeconds() - before) / (ms / 1000);
}

/**
 * Waits (at most SETTLE_MAX_MS) until the machine is back near `idleCores`: what the services still
 * do for the last phase's referrals (screening, consent, notifications…) is not charged to the next.
 */
async function settle(idleCores: number): Promise<void> {
  const deadline = performance.now() + SETTLE_MAX_MS;
  while (performance.now() < deadline && (await busyCores()) > idleCores + 0.3);
}

const blank = (cells: number) => Array.from({ length: cells }, () => '');

/** CPU seconds so far of what the services share: PostgreSQL, the broker, this driver, the machine. */
function sharedCpu() {
  const own = process.cpuUsage();
  return {
    postgres: cpuSecondsOfProcesses('postgres'),
    kafka: cpuSecondsOfProcesses('java'),
    driver: (own.user + own.system) / 1e6,
    machine: machineBusySeconds(),
  };
}

/** A closed loop at `concurrency` until SIGINT or SIGTERM, with a line every 5 s: see HOLD. */
async function hold(
  driver: PipelineDriver,
  concurrency: number,
  processes: ReadonlyMap<ServiceName, { readonly child: ChildProcess }>,
  urls: string,
): Promise<void> {
  let stopped = false;
  const stop = () => {
    stopped = true;
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
  const pids = [...processes].map(([name, { child }]) => `${name} ${child.pid}`).join(', ');
  // For requests by hand (curl) against the held fleet: a referrer's token, as the loop sends it.
  const tokenFile = resolve(root, '.accord', 'bench-logs', 'referrer.token');
  writeFileSync(tokenFile, await driver.referrer(), { mode: 0o600 });
  say(
    `holding at concurrency ${concurrency} until Ctrl-C (${pids}; ${urls}; a referrer's token in ${tokenFile})…`,
  );
  let done = 0;
  let errors = 0;
  const report = setInterval(() => {
    say(`${(done / 5).toFixed(1)} submits/s, ${errors} errors`);
    done = 0;
  }, 5_000);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!stopped) {
        try {
          const caseId = await driver.submit();
          if (++done % ACCEPT_EVERY === 0) await driver.accept(caseId);
        } catch {
          errors++;
        }
      }
    }),
  );
  while (!stopped) await sleep(200);
  clearInterval(report);
}

const ms = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(0));
const latencyCells = (values: readonly number[]) => [50, 95, 99].map((p) => ms(percentile(values, p)));

async function main(): Promise<void> {
  if (!existsSync(resolve(root, 'dist/services/gateway/src/main.js')))
    throw new Error('dist/ is missing: run `npm run build` first (npm run bench:pipeline does)');
  // A database of its own (on the same server): the suites' accord_test is not filled with the
  // benchmark's thousands of cases, and the benchmark does not inherit the suites'.
  process.env['ACCORD_TEST_DB_NAME'] ??= 'accord_pipeline_bench';
  const logDir = resolve(root, '.accord', 'bench-logs');
  say('preparing PostgreSQL, Kafka, service identities and the development OpenID Provider…');
  const { infra, provider } = await prepareHarness(logDir);
  const mailSink = await startMailSink(resolve(logDir, 'mail-sink')).catch(async (error: unknown) => {
    await provider.stop();
    throw error;
  });
  say(`starting every service as its own process (ports ${BASE_PORT}…)…`);
  const countDir = resolve(logDir, 'round-trips');
  const fleet = await startServiceFleet({
    basePort: BASE_PORT,
    logDir,
    // As the image runs them: compiled, without the TypeScript loader's source maps and transpiler.
    compiled: true,
    // One driver plays every caller: the per-caller limit would measure the limiter.
    env: roundTripEnv(
      {
        ...process.env,
        ...mailSink.env,
        E2E_LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '10000000',
        RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '10000000',
      },
      countDir,
    ),
  }).catch(async (error: unknown) => {
    mailSink.child.kill('SIGTERM');
    await provider.stop();
    throw error;
  });
  const rows: string[][] = [];
  let c32 = 0;
  let decisionMs: readonly number[] = [];
  const rss = new Map<ServiceName, number>();
  let roundTrips = '';
  try {
    process.env['INTAKE_URL'] = fleet.urls.intake;
    const driver = new PipelineDriver({ url: () => fleet.urls.gateway, token: testToken });
    say('warming up…');
    for (let i = 0; i < 5; i++) await driver.accept(await driver.submit());
    await sleep(2_000);
    const pid = (name: ServiceName) => fleet.processes.get(name)?.child.pid ?? 0;
    const pids = new Map(SERVICE_NAMES.map((name) => [name, pid(name)]));
    if (HOLD) {
      await hold(
        driver,
        Number(HOLD[1]),
        fleet.processes,
        `gateway ${fleet.urls.gateway}, intake ${fleet.urls.intake}`,
      );
    } else if (POLLING_ONLY) {
      say(`polling one case every ${POLL_MS} ms for ${POLL_FOR_MS / 1000} s…`);
      roundTrips = await measurePolling(driver, pids, countDir);
    } else {
      say(`counting round trips: ${ROUND_TRIP_REFERRALS} referrals one at a time…`);
      const oneAtATime = await measureRoundTrips(driver, fleet.urls.intake, pids, countDir);
      roundTrips = oneAtATime.text;
      // What one referral waits for when nothing else is going on: the floor under every row below.
      rows.push(
        [
          `gateway submit, one at a time (idle pipeline)`,
          '',
          ...latencyCells(oneAtATime.submitMs),
          '0',
          ...blank(3),
        ],
        [
          `submit→decision, one at a time (idle pipeline)`,
          '',
          ...latencyCells(oneAtATime.decisionMs),
          '0',
          ...blank(3),
        ],
      );
    }
    if (!HOLD && !ROUND_TRIPS_ONLY && !POLLING_ONLY) {
      const before = new Map<ServiceName, ProcessSample>(
        SERVICE_NAMES.map((name) => [name, sampleProcess(pid(name))]),
      );
      const sinkBefore = sampleProcess(mailSink.child.pid ?? 0);
      const sharedBefore = sharedCpu();
      let referrals = 0;
      const idleCores = await busyCores(2_000);
      const loadStarted = performance.now();
      for (const concurrency of CONCURRENCIES) {
        await settle(idleCores);
        say(`closed loop at concurrency ${concurrency} for ${PHASE_MS / 1000} s…`);
        const result = await closedLoop(
          concurrency,
          PHASE_MS,
          () => driver.submit(),
          (caseId) => driver.accept(caseId),
        );
        if (concurrency === 32) c32 = result.perSecond;
        referrals += result.latenciesMs.length;
        rows.push([
          `gateway submit, concurrency ${concurrency}`,
          result.perSecond.toFixed(1),
          ...latencyCells(result.latenciesMs),
          String(result.errors),
          '',
          '',
        ]);
      }
      await settle(idleCores);
      say(`open loop at ${RATE}/s for ${RATE_MS / 1000} s (submit, accept, decision heard from intake)…`);
      const rate = await fixedRate(driver, fleet.urls.intake);
      decisionMs = rate.decisionMs;
      referrals += rate.submit.latenciesMs.length;
      rows.push([
        `gateway submit at ${RATE}/s`,
        rate.submit.perSecond.toFixed(1),
        ...latencyCells(rate.submit.latenciesMs),
        String(rate.submit.errors),
        '',
        '',
      ]);
      rows.push([
        `submit→decision at ${RATE}/s (undecided in errors)`,
        '',
        ...latencyCells(rate.decisionMs),
        String(rate.undecided),
        '',
        '',
      ]);
      const consentCases = rate.eligible.slice(0, CONSENT_CASES);
      await rosterBenchFacilitators(driver, consentCases.length);
      say(`consent → schedulable: ${consentCases.length} eligible cases, ${CONSENT_CONCURRENCY} at a time…`);
      const consent = await consentToSchedulable(driver, fleet.urls.intake, consentCases);
      rows.push([
        `last consent→consents-complete (1 hop), ${consentCases.length} cases`,
        '',
        ...latencyCells(consent.completeMs),
        String(consent.unreached),
        '',
        '',
      ]);
      rows.push([
        'last consent→facilitator assigned, schedulable (2 hops)',
        '',
        ...latencyCells(consent.schedulableMs),
        String(consent.unreached),
        '',
        '',
      ]);
      const seconds = (performance.now() - loadStarted) / 1000;
      for (const name of SERVICE_NAMES) {
        const after = sampleProcess(pid(name));
        const cores = (after.cpuSeconds - (before.get(name)?.cpuSeconds ?? 0)) / seconds;
        rss.set(name, after.peakMiB);
        const cpuMs = (after.cpuSeconds - (before.get(name)?.cpuSeconds ?? 0)) * 1000;
        rows.push([
          `service ${name}`,
          ...blank(5),
          cores.toFixed(2),
          after.peakMiB.toFixed(0),
          (cpuMs / referrals).toFixed(1),
        ]);
      }
      const sink = sampleProcess(mailSink.child.pid ?? 0);
      const sharedAfter = sharedCpu();
      const cpuRow = (what: string, cpuSeconds: number, peakMiB = '') =>
        rows.push([
          what,
          ...blank(5),
          (cpuSeconds / seconds).toFixed(2),
          peakMiB,
          ((cpuSeconds * 1000) / referrals).toFixed(1),
        ]);
      cpuRow('mail sink (outside system)', sink.cpuSeconds - sinkBefore.cpuSeconds, sink.peakMiB.toFixed(0));
      cpuRow('PostgreSQL (every server process)', sharedAfter.postgres - sharedBefore.postgres);
      cpuRow('Kafka broker (java)', sharedAfter.kafka - sharedBefore.kafka);
      cpuRow('this driver (gateway client, SSE)', sharedAfter.driver - sharedBefore.driver);
      cpuRow('whole machine (kernel included)', sharedAfter.machine - sharedBefore.machine);
      rows.push(['whole machine idle, before the load', ...blank(5), idleCores.toFixed(2), '', '']);
    }
  } finally {
    say('stopping the services…');
    await fleet.stop();
    mailSink.child.kill('SIGTERM');
  }

  if (HOLD || ROUND_TRIPS_ONLY || POLLING_ONLY) {
    if (roundTrips) process.stdout.write(`${roundTrips}\n`);
    await provider.stop();
    await infra.stop();
    return;
  }
  try {
    say(`ceiling (a): bare node:http + pg at concurrency ${CEILING_CONCURRENCY} for ${PHASE_MS / 1000} s…`);
    const bare = await startBareServer();
    let sample: string;
    let ceiling: LoopResult;
    try {
      const bareDriver = new PipelineDriver({ url: () => bare.url, token: async () => 'none' });
      ceiling = await closedLoop(CEILING_CONCURRENCY, PHASE_MS, () => bareDriver.submit());
      sample = await (await fetch(`${bare.url}/sample`)).text();
      const cpu = sampleProcess(bare.child.pid ?? 0);
      rows.push([
        `ceiling: bare HTTP + pg, concurrency ${CEILING_CONCURRENCY}`,
        ceiling.perSecond.toFixed(1),
        ...latencyCells(ceiling.latenciesMs),
        String(ceiling.errors),
        '',
        cpu.peakMiB.toFixed(0),
      ]);
    } finally {
      bare.child.kill('SIGTERM');
    }
    say(`ceiling (b): raw kafkajs produce→consume, ${PHASE_MS / 2000} s one event per send, then batched…`);
    const kafka = await measureKafkaCeiling({
      brokers: infra.kafkaBrokers.split(','),
      logger: {
        info: () => undefined,
        debug: () => undefined,
        warn: () => undefined,
        error: (fields, message) => say(`kafka: ${message ?? ''} ${JSON.stringify(fields)}`),
      },
      value: sample,
      durationMs: PHASE_MS / 2,
    });
    rows.push([
      'ceiling: kafka 1 event/send, send→consumed',
      kafka.singleEventsPerSecond.toFixed(1),
      ...latencyCells(kafka.singleLatenciesMs),
      '',
      '',
      '',
    ]);
    rows.push([
      'ceiling: kafka 100 events/send',
      kafka.batchedEventsPerSecond.toFixed(0),
      '',
      '',
      '',
      '',
      '',
      '',
    ]);

    const header = [
      'measure',
      'per s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'errors',
      'CPU cores',
      'RSS peak MiB',
      'CPU ms/referral',
    ];
    const share = (100 * c32) / ceiling.perSecond;
    const p50 = percentile(decisionMs, 50);
    const p99 = percentile(decisionMs, 99);
    const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
    const heaviest = Math.max(...rss.values());
    process.stdout.write(
      [
        `${QUICK ? 'quick run' : 'full run'}: ${PHASE_MS / 1000} s per concurrency, ${RATE}/s for ${RATE_MS / 1000} s; every ${ACCEPT_EVERY}th case of the closed loops accepted, every case of the open loop`,
        '',
        formatTable(header, rows),
        '',
        `targets: concurrency 32 ≥ 50% of the bare ceiling: ${met(share >= 50)}; ≥ 400/s: ${met(c32 >= 400)}; ` +
          `decision p50 ≤ 100 ms: ${met(p50 <= 100)}; p99 ≤ 500 ms: ${met(p99 <= 500)}; every service's RSS ≤ 250 MB: ${met(heaviest * 1.048576 <= 250)}`,
        roundTrips,
        '',
        `pipeline: ${c32.toFixed(0)} referrals/s at concurrency 32 = ${share.toFixed(0)}% of ceiling; submit→decision p50 ${ms(p50)} ms p99 ${ms(p99)} ms`,
        '',
      ].join('\n'),
    );
  } finally {
    await provider.stop();
    await infra.stop();
  }
}

runMain(main);
