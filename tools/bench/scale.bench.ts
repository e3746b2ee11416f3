/**
 * Scale benchmark (`npm run bench:scale`, `-- --events 1000000` for a shorter run): what an
 * auditor's and a caseworker's reads cost when the log holds years of cases.
 *
 * Bulk-loads a realistic log into its own event-store schema (`bench_scale`, in the database of
 * bench-database.ts: BENCH_DATABASE_URL, else `accord_bench` on DATABASE_URL's server or 127.0.0.1):
 * cases of 50 events each with the pipeline's real event mix (one real event per type and stream
 * kind, tools/bench/fixtures/scale-event-mix.json, with the case id swapped in), interleaved over
 * time as concurrent cases are, each stream hash-chained exactly as the append computes it, plus
 * 20 very long cases (1,000 events). The loader COPYs 100,000 rows per transaction through `psql`.
 * Personal fields are stored as plaintext placeholders of a similar length (the bench holds no
 * person keys), so decryption is not in these figures.
 *
 * At a fifth of the target and at the target (default 1 M and 5 M events) it measures: case
 * history (every stream of a case, as audit reads them) p50/p99 for ordinary and long cases;
 * as-of state p99; verify of one case; whole-log verify events/s while a subscriber tails the log
 * in another process and appends 10 events/s (its worst lag must stay under a second);
 * replay of the whole log in pages (what a projection rebuild reads) events/s; disk bytes per
 * event (table, TOAST and indexes); and this process's peak RSS. Then the growth between the two.
 * An existing schema is reused and topped up (`--fresh` drops it first).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { uuidV5 } from '@accord/contracts';
import { GENESIS_HASH, hashEvent, PostgresEventStore, type RecordedEvent } from '@accord/event-store';
import { formatTable, percentile, sampleProcess } from './bench-report';
import { runMain } from '../run-main';
import { benchUrl, ensureDatabase } from './bench-database';

interface Template {
  readonly prefix: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly caseId: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

const argument = (name: string): string | undefined => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const TARGET = Number(argument('--events') ?? 5_000_000);
const SCHEMA = argument('--schema') ?? 'bench_scale';
const FRESH = process.argv.includes('--fresh');
const CASE_EVENTS = 50;
const LONG_CASES = 20;
const LONG_CASE_EVENTS = 1_000;
const ROWS_PER_COPY = 100_000;
const SAMPLES = 200;
const say = (line: string) => process.stderr.write(`[bench:scale] ${line}\n`);

const templates = new Map<string, Template>(
  (
    JSON.parse(readFileSync(resolve(__dirname, 'fixtures', 'scale-event-mix.json'), 'utf8')) as Template[]
  ).map((template) => [`${template.prefix}${template.type}`, template]),
);

/** One case's life: [stream prefix, event type, count], in the order it happens. */
const LIFE: ReadonlyArray<readonly [string, string, number]> = [
  ['intake.Referral-', 'ReferralSubmitted', 1],
  ['intake.Referral-', 'ReferralAccepted', 1],
  ['screening.Screening-', 'ScreeningStarted', 1],
  ['screening.Screening-', 'CaseEligible', 1],
  ['screening.DataAccess-', 'PersonalDataRead', 5],
  ['consent.Consent-', 'ConsentCaseOpened', 1],
  ['consent.Consent-', 'ConsentRequested', 4],
  ['consent.Consent-', 'ConsentReminderDue', 1],
  ['consent.Consent-', 'ConsentGiven', 4],
  ['consent.Consent-', 'ConsentsComplete', 1],
  ['consent.DataAccess-', 'PersonalDataRead', 4],
  ['conferencing.Conference-', 'ConferencingOpened', 1],
  ['conferencing.Conference-', 'FacilitatorAssigned', 1],
  ['conferencing.Conference-', 'SafetyPlanRecorded', 1],
  ['conferencing.Conference-', 'ConferenceScheduled', 1],
  ['conferencing.Conference-', 'AgreementReached', 1],
  ['conferencing.DataAccess-', 'PersonalDataRead', 3],
  ['follow-up.FollowUp-', 'CaseRegistered', 1],
  ['follow-up.FollowUp-', 'FollowUpStarted', 1],
  ['follow-up.FollowUp-', 'CheckInDue', 3],
  ['follow-up.FollowUp-', 'CheckInRecorded', 3],
  ['follow-up.FollowUp-', 'MilestoneNoted', 3],
  ['follow-up.FollowUp-', 'ActionReminderDue', 1],
  ['follow-up.FollowUp-', 'ActionResolved', 2],
  ['follow-up.FollowUp-', 'CaseClosed', 1],
];
const STREAM_PREFIXES = [...new Set(LIFE.map(([prefix]) => prefix))];
const longCaseId = (index: number) => uuidV5(`accord/bench-scale/long-case/${index}`);

interface Row {
  readonly at: number;
  readonly line: string;
}

/** COPY text format: backslash, tab, newline and carriage return escaped. */
const copyText = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

/**
 * One case's events, each stream chained as the append chains it, at times from `start` on.
 * `events` overrides the life (the long cases: follow-up check-ins and milestones).
 */
function caseRows(caseId: string, start: number, life = LIFE): Row[] {
  const rows: Row[] = [];
  const tips = new Map<string, { version: number; hash: string }>();
  let at = start;
  for (const [prefix, type, count] of life) {
    const template = templates.get(`${prefix}${type}`);
    if (!template) throw new Error(`no template for ${prefix}${type} in scale-event-mix.json`);
    const data = JSON.stringify(template.data).split(template.caseId).join(caseId);
    const metadata = JSON.stringify(template.metadata).split(template.caseId).join(caseId);
    const streamId = `${prefix}${caseId}`;
    for (let i = 0; i < count; i++) {
      // Minutes to days between a case's steps; recordedAt never goes backwards within a stream.
      at += Math.floor(Math.random() * 6 * 3600_000);
      const tip = tips.get(streamId) ?? { version: -1, hash: GENESIS_HASH };
      const eventId = randomUUID();
      const recordedAt = new Date(at).toISOString();
      const fields = {
        streamId,
        streamVersion: tip.version + 1,
        eventId,
        type,
        schemaVersion: template.schemaVersion,
        recordedAt,
      };
      const hash = hashEvent(tip.hash, {
        ...fields,
        data: JSON.parse(data) as unknown,
        metadata: JSON.parse(metadata) as unknown,
      });
      rows.push({
        at,
        line: [
          streamId,
          String(fields.streamVersion),
          eventId,
          type,
          String(template.schemaVersion),
          copyText(data),
          copyText(metadata),
          recordedAt,
          `\\\\x${tip.hash}`,
          `\\\\x${hash}`,
        ].join('\t'),
      });
      tips.set(streamId, { version: fields.streamVersion, hash });
    }
  }
  return rows;
}

/** One transaction of COPY through psql (no extra dependency). */
function copyRows(url: string, rows: readonly Row[]): Promise<void> {
  return new Promise((done, failed) => {
    const child = spawn(
      'psql',
      [
        url,
        '-v',
        'ON_ERROR_STOP=1',
        '-q',
        '-c',
        `COPY ${SCHEMA}.events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, prev_hash, hash) FROM STDIN`,
      ],
      { stdio: ['pipe', 'ignore', 'inherit'] },
    );
    child.once('error', failed);
    child.once('exit', (code) => (code === 0 ? done() : failed(new Error(`psql COPY exited ${code}`))));
    const text = rows.map((row) => row.line).join('\n');
    child.stdin.end(`${text}\n\\.\n`);
  });
}

async function countEvents(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${SCHEMA}.events`);
  return Number(rows[0]?.n ?? 0);
}

/** Loads cases until the log holds at least `target` events; interleaved by time in each COPY. */
async function loadUpTo(url: string, pool: Pool, target: number): Promise<number> {
  let count = await countEvents(pool);
  const started = performance.now();
  const initial = count;
  // Each COPY spans its own stretch of time: later loads are later years.
  let clock = Date.parse('2020-01-01T00:00:00Z') + count * 60_000;
  if (count === 0) {
    const long: Row[] = [];
    const life: Array<readonly [string, string, number]> = [
      ['follow-up.FollowUp-', 'CaseRegistered', 1],
      ['follow-up.FollowUp-', 'FollowUpStarted', 1],
      ['follow-up.FollowUp-', 'CheckInRecorded', LONG_CASE_EVENTS / 2 - 1],
      ['follow-up.FollowUp-', 'MilestoneNoted', LONG_CASE_EVENTS / 2 - 1],
    ];
    for (let i = 0; i < LONG_CASES; i++) long.push(...caseRows(longCaseId(i), clock, life));
    await copyRows(
      url,
      long.sort((a, b) => a.at - b.at),
    );
    count += long.length;
  }
  // The next batch is generated (and hashed) while the previous one is being copied.
  let copying: Promise<void> = Promise.resolve();
  while (count < target) {
    const cases = Math.max(1, Math.ceil(Math.min(ROWS_PER_COPY, target - count) / CASE_EVENTS));
    const rows: Row[] = [];
    // Cases open across a stretch of time, so their events interleave in the log.
    const span = cases * 60_000;
    for (let i = 0; i < cases; i++) rows.push(...caseRows(randomUUID(), clock + Math.random() * span));
    rows.sort((a, b) => a.at - b.at);
    await copying;
    const loaded = count + rows.length;
    copying = copyRows(url, rows).then(() => {
      const seconds = (performance.now() - started) / 1000;
      say(
        `loaded ${loaded.toLocaleString('en')} events (${((loaded - initial) / seconds).toFixed(0)} events/s)`,
      );
    });
    count = loaded;
    clock += span;
  }
  await copying;
  await pool.query(`ANALYZE ${SCHEMA}.events`);
  return count;
}

async function sampleCases(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ stream_id: string }>(
    `SELECT stream_id FROM ${SCHEMA}.events
      WHERE stream_id LIKE 'intake.Referral-%' AND stream_version = 0 ORDER BY random() LIMIT ${SAMPLES}`,
  );
  return rows.map((row) => row.stream_id.slice('intake.Referral-'.length));
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

interface Measures {
  readonly events: number;
  readonly historyMs: number[];
  readonly longHistoryMs: number[];
  readonly asOfMs: number[];
  readonly verifyCaseMs: number[];
  readonly verifyPerSecond: number;
  readonly verifyIntact: boolean;
  readonly tailLagMaxMs: number;
  readonly tailLagP99Ms: number;
  readonly replayPerSecond: number;
  readonly bytesPerEvent: number;
  readonly rssMiB: number;
}

/** scale-tailer.ts in its own process: ready when it says so; `finish` closes its stdin and reads the lags. */
async function startTailer(): Promise<{ finish(): Promise<{ lags: number[]; unheard: number }> }> {
  const child = spawn(
    process.execPath,
    ['-r', resolve(__dirname, '..', 'ts-register.cjs'), resolve(__dirname, 'scale-tailer.ts')],
    { env: { ...process.env, BENCH_SCALE_SCHEMA: SCHEMA }, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const next = () =>
    new Promise<string>((done, failed) => {
      lines.once('line', done);
      child.once('exit', (code) => failed(new Error(`scale-tailer exited (${code})`)));
    });
  if ((await next()) !== 'ready') throw new Error('scale-tailer did not start');
  return {
    async finish() {
      const result = next();
      child.stdin.end();
      return JSON.parse(await result) as { lags: number[]; unheard: number };
    },
  };
}

/** Every stream of the case, as audit's history reads them. */
const history = (store: PostgresEventStore, caseId: string) =>
  Promise.all(STREAM_PREFIXES.map((prefix) => store.readStream(`${prefix}${caseId}`)));

async function measure(store: PostgresEventStore, pool: Pool, events: number): Promise<Measures> {
  const cases = await sampleCases(pool);
  say(`measuring at ${events.toLocaleString('en')} events (${cases.length} sampled cases)…`);
  const historyMs: number[] = [];
  const asOfMs: number[] = [];
  const verifyCaseMs: number[] = [];
  for (const caseId of cases) {
    historyMs.push(await timed(() => history(store, caseId)));
    const first = await store.readStream(`intake.Referral-${caseId}`);
    const asOf = new Date(Date.parse(first[0]?.recordedAt ?? new Date().toISOString()) + 5 * 86_400_000);
    asOfMs.push(
      await timed(() =>
        Promise.all(STREAM_PREFIXES.map((prefix) => store.audit.readStreamAsOf(`${prefix}${caseId}`, asOf))),
      ),
    );
    verifyCaseMs.push(
      await timed(() =>
        Promise.all(STREAM_PREFIXES.map((prefix) => store.audit.verifyStream(`${prefix}${caseId}`))),
      ),
    );
  }
  const longHistoryMs: number[] = [];
  for (let round = 0; round < 5; round++)
    for (let i = 0; i < LONG_CASES; i++) longHistoryMs.push(await timed(() => history(store, longCaseId(i))));

  say('whole-log verify while a subscriber in another process tails the log and appends 10 events/s…');
  const tailer = await startTailer();
  const verifyStarted = performance.now();
  const verified = await store.audit.verifyAll();
  const verifySeconds = (performance.now() - verifyStarted) / 1000;
  const { lags, unheard } = await tailer.finish();
  if (unheard > 0) lags.push(Number.POSITIVE_INFINITY);

  say('replaying the whole log in pages, as a projection rebuild reads it…');
  let replayed = 0;
  const replayStarted = performance.now();
  let after = undefined as RecordedEvent['globalPosition'] | undefined;
  for (;;) {
    const page = await store.readAll({ limit: 1000, ...(after ? { after } : {}) });
    replayed += page.length;
    const last = page[page.length - 1];
    if (!last) break;
    after = last.globalPosition;
  }
  const replayPerSecond = replayed / ((performance.now() - replayStarted) / 1000);

  const { rows } = await pool.query<{ bytes: string }>(
    `SELECT pg_total_relation_size('${SCHEMA}.events')::text AS bytes`,
  );
  return {
    events,
    historyMs,
    longHistoryMs,
    asOfMs,
    verifyCaseMs,
    verifyPerSecond: verified.checked / verifySeconds,
    verifyIntact: verified.intact,
    tailLagMaxMs: Math.max(0, ...lags),
    tailLagP99Ms: percentile(lags, 99),
    replayPerSecond,
    bytesPerEvent: Number(rows[0]?.bytes ?? 0) / events,
    rssMiB: sampleProcess(process.pid).peakMiB,
  };
}

const f = (value: number, digits = 0) =>
  Number.isFinite(value) ? value.toFixed(digits) : value === Number.POSITIVE_INFINITY ? 'lost' : '–';

async function main(): Promise<void> {
  const url = benchUrl();
  await ensureDatabase(url);
  // The tailer, a process of its own, reads the same database.
  process.env['DATABASE_URL'] = url;
  const pool = new Pool({ connectionString: url, max: 8 });
  try {
    if (FRESH) await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    const store = await PostgresEventStore.create({ pool, schema: SCHEMA });
    const steps = [Math.round(TARGET / 5), TARGET];
    const results: Measures[] = [];
    for (const step of steps) {
      const events = await loadUpTo(url, pool, step);
      results.push(await measure(store, pool, events));
    }
    await store.close();
    const header = [
      'measure',
      ...results.map((r) => `${(r.events / 1e6).toFixed(2)} M events`),
      'growth',
      'target',
    ];
    const row = (name: string, value: (r: Measures) => number, target: string, digits = 0): string[] => {
      const values = results.map(value);
      const first = values[0] ?? Number.NaN;
      const last = values[values.length - 1] ?? Number.NaN;
      return [name, ...values.map((v) => f(v, digits)), `×${f(last / first, 2)}`, target];
    };
    const p =
      (key: keyof Pick<Measures, 'historyMs' | 'longHistoryMs' | 'asOfMs' | 'verifyCaseMs'>, q: number) =>
      (r: Measures) =>
        percentile(r[key], q);
    process.stdout.write(
      [
        `bench:scale: ${results.map((r) => r.events.toLocaleString('en')).join(' → ')} events in ${SCHEMA}; ${SAMPLES} sampled cases of ${CASE_EVENTS} events in 9 streams, ${LONG_CASES} cases of ${LONG_CASE_EVENTS}`,
        '',
        formatTable(header, [
          row('case history p50 ms', p('historyMs', 50), '', 1),
          row('case history p99 ms', p('historyMs', 99), '≤ 50', 1),
          row('1,000-event case history p50 ms', p('longHistoryMs', 50), '', 1),
          row('1,000-event case history p99 ms', p('longHistoryMs', 99), '≤ 50', 1),
          row('as-of state p99 ms', p('asOfMs', 99), '≤ 100', 1),
          row('verify one case p50 ms', p('verifyCaseMs', 50), '', 1),
          row('verify one case p99 ms', p('verifyCaseMs', 99), '', 1),
          row('whole-log verify events/s', (r) => r.verifyPerSecond, '≥ 50,000'),
          row('tailing lag during verify, p99 ms', (r) => r.tailLagP99Ms, ''),
          row('tailing lag during verify, max ms', (r) => r.tailLagMaxMs, '< 1,000'),
          row('replay (rebuild read) events/s', (r) => r.replayPerSecond, '≥ 20,000'),
          row('disk bytes/event incl. indexes', (r) => r.bytesPerEvent, ''),
          row('bench process peak RSS MiB (loader included)', (r) => r.rssMiB, ''),
        ]),
        '',
        `verify: ${results.map((r) => (r.verifyIntact ? 'intact' : 'NOT intact')).join(', ')}`,
        '',
      ].join('\n'),
    );
  } finally {
    await pool.end();
  }
}

runMain(main);
