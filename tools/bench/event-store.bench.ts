/**
 * Event store benchmark (`npm run bench:event-store`): Accord's PostgreSQL event store against
 * Emmett's PostgreSQL event store and against raw `pg` INSERT/SELECT on an equivalent table (the
 * ceiling), all in one run on one PostgreSQL server, same payloads, same pool size, same client.
 *
 * Database: BENCH_DATABASE_URL, else the server of DATABASE_URL with database `accord_bench`, else
 * postgres://postgres@127.0.0.1:5432/accord_bench; the database is created when missing.
 * BENCH_CELL_MS (default 5000) is the time each system appends per cell, split into BENCH_ROUNDS
 * (default 4) slices run in rotating order, so background load on a shared machine hits every
 * system alike; BENCH_READ_EVENTS (default 200000) sizes the log read back. About 5 minutes on
 * 2 cores, a good part of it Emmett's one read-all pass.
 */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dumbo } from '@event-driven-io/dumbo';
import {
  getPostgreSQLEventStore,
  readMessagesBatch,
  type PostgresEventStore as EmmettStore,
} from '@event-driven-io/emmett-postgresql';
import { Client, Pool } from 'pg';
import {
  GLOBAL_START,
  PostgresEventStore,
  streamName,
  type EventMetadata,
  type NewEvent,
} from '@accord/event-store';
import { runMain } from '../run-main';
import { benchUrl, ensureDatabase } from './bench-database';

const CELL_MS = Number(process.env['BENCH_CELL_MS'] ?? 5000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 4);
const WARMUP_MS = 300;
const READ_EVENTS = Number(process.env['BENCH_READ_EVENTS'] ?? 200_000);
const POOL_SIZE = 10;
const APPENDS_PER_STREAM = 20;
/** Read passes stop repeating for a system once its passes took this long in total. */
const READ_BUDGET_S = 15;
const ACCORD_SCHEMA = 'bench_accord';
const RAW_SCHEMA = 'bench_raw';

// ---- workload -------------------------------------------------------------------------------

const metadata: EventMetadata = {
  correlationId: randomUUID(),
  causationId: randomUUID(),
  actor: 'user:screener-17',
  agency: 'agency:rj-service-west',
  ruleVersion: 'eligibility-2025.1',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  occurredAt: '2025-03-01T10:00:00.000Z',
};

function payload(caseId: string, sequence: number): Record<string, unknown> {
  return {
    caseId,
    referralId: `ref-${sequence}`,
    referringAgency: 'agency:police-west',
    outcome: 'eligible',
    reasons: ['R1-harmed-person-willing', 'R4-offence-in-scope'],
    notes: 'Screened by phone; both parties reachable; interpreter needed for the harmed person.',
    score: 0.73,
    sequence,
  };
}

interface Writer {
  streamId: string;
  caseId: string;
  appends: number;
  version: number;
}

function newWriter(prefix: string): Writer {
  const caseId = randomUUID();
  return { streamId: streamName(prefix, 'Screening', caseId), caseId, appends: 0, version: -1 };
}

/** One system under test: the same operations, each done the way that system is meant to be used. */
interface System {
  readonly name: string;
  append(writer: Writer, count: number): Promise<void>;
  count(): Promise<number>;
  /** A reader of the whole log from the start: each call reads one page of 1,000 and returns its size (0 at the end). */
  readAllPages(): () => Promise<number>;
  readStream(streamId: string): Promise<number>;
  close(): Promise<void>;
}

async function accordSystem(url: string): Promise<System & { store: PostgresEventStore }> {
  const setup = new Pool({ connectionString: url, max: 1 });
  await setup.query(`DROP SCHEMA IF EXISTS ${ACCORD_SCHEMA} CASCADE`);
  await setup.end();
  const store = await PostgresEventStore.create({
    connectionString: url,
    schema: ACCORD_SCHEMA,
    poolConfig: { max: POOL_SIZE },
  });
  return {
    name: 'Accord',
    store,
    async append(writer, count) {
      const events: NewEvent[] = Array.from({ length: count }, (_, i) => ({
        eventId: randomUUID(),
        type: 'ScreeningRecorded',
        schemaVersion: 1,
        data: payload(writer.caseId, writer.version + 1 + i),
        metadata,
      }));
      const result = await store.appendToStream(writer.streamId, events, {
        expectedVersion: writer.version < 0 ? 'no-stream' : writer.version,
      });
      writer.version = result.nextExpectedVersion as number;
    },
    async count() {
      const { rows } = await store.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${ACCORD_SCHEMA}.events`,
      );
      return rows[0]?.n ?? 0;
    },
    readAllPages() {
      let after = GLOBAL_START;
      return async () => {
        const events = await store.readAll({ after, limit: 1000 });
        const last = events[events.length - 1];
        if (last) after = last.globalPosition;
        return events.length;
      };
    },
    async readStream(streamId) {
      return (await store.readStream(streamId)).length;
    },
    close: () => store.close(),
  };
}

async function emmettSystem(url: string): Promise<System> {
  const store: EmmettStore = getPostgreSQLEventStore(url, { schema: { autoMigration: 'CreateOrUpdate' } });
  await store.schema.migrate();
  await store.schema.dangerous.truncate({ resetSequences: true });
  const reader = dumbo({ connectionString: url });
  return {
    name: 'Emmett',
    async append(writer, count) {
      const events = Array.from({ length: count }, (_, i) => ({
        type: 'ScreeningRecorded',
        data: payload(writer.caseId, writer.version + 1 + i),
        metadata,
      }));
      const result = await store.appendToStream(writer.streamId, events, {
        expectedStreamVersion: BigInt(writer.version + 1),
      });
      writer.version = Number(result.nextExpectedStreamVersion) - 1;
    },
    async count() {
      const { rows } = await reader.execute.query<{ n: number }>(
        dumboSql('SELECT count(*)::int AS n FROM emt_messages'),
      );
      return rows[0]?.n ?? 0;
    },
    readAllPages() {
      let after = 0n;
      return async () => {
        const batch = await readMessagesBatch(reader.execute, { after, batchSize: 1000 });
        after = batch.currentGlobalPosition;
        return batch.messages.length;
      };
    },
    async readStream(streamId) {
      return (await store.readStream(streamId)).events.length;
    },
    async close() {
      await store.close();
      await reader.close();
    },
  };
}

function dumboSql(text: string): Parameters<ReturnType<typeof dumbo>['execute']['query']>[0] {
  return text as unknown as Parameters<ReturnType<typeof dumbo>['execute']['query']>[0];
}

/** The ceiling: a plain multi-row INSERT / keyset SELECT on a table with the same columns and keys, nothing else. */
async function rawSystem(url: string): Promise<System> {
  const pool = new Pool({ connectionString: url, max: POOL_SIZE });
  await pool.query(`DROP SCHEMA IF EXISTS ${RAW_SCHEMA} CASCADE`);
  await pool.query(`CREATE SCHEMA ${RAW_SCHEMA}`);
  await pool.query(`
    CREATE TABLE ${RAW_SCHEMA}.events (
      global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      stream_id text NOT NULL, stream_version bigint NOT NULL, event_id uuid NOT NULL UNIQUE,
      type text NOT NULL, schema_version integer NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(), transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      UNIQUE (stream_id, stream_version))`);
  await pool.query(`CREATE INDEX ON ${RAW_SCHEMA}.events (transaction_id, global_position)`);
  const metadataJson = JSON.stringify(metadata);
  return {
    name: 'raw pg',
    async append(writer, count) {
      const versions = Array.from({ length: count }, (_, i) => writer.version + 1 + i);
      await pool.query({
        name: 'raw-insert',
        text: `INSERT INTO ${RAW_SCHEMA}.events (stream_id, stream_version, event_id, type, schema_version, data, metadata)
               SELECT $1, v, id, 'ScreeningRecorded', 1, d, $4::jsonb FROM unnest($2::bigint[], $3::uuid[], $5::jsonb[]) AS t(v, id, d)`,
        values: [
          writer.streamId,
          versions,
          versions.map(() => randomUUID()),
          metadataJson,
          versions.map((v) => JSON.stringify(payload(writer.caseId, v))),
        ],
      });
      writer.version += count;
    },
    async count() {
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${RAW_SCHEMA}.events`);
      return rows[0]?.n ?? 0;
    },
    readAllPages() {
      let after = '0';
      return async () => {
        const { rows } = await pool.query<{ global_position: string }>({
          name: 'raw-read-all',
          text: `SELECT global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at
                   FROM ${RAW_SCHEMA}.events WHERE global_position > $1 ORDER BY global_position LIMIT 1000`,
          values: [after],
        });
        const last = rows[rows.length - 1];
        if (last) after = last.global_position;
        return rows.length;
      };
    },
    async readStream(streamId) {
      const { rows } = await pool.query({
        name: 'raw-read-stream',
        text: `SELECT global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at
                 FROM ${RAW_SCHEMA}.events WHERE stream_id = $1 ORDER BY stream_version`,
        values: [streamId],
      });
      return rows.length;
    },
    close: () => pool.end(),
  };
}

// ---- measurements ---------------------------------------------------------------------------

async function appendFor(
  system: System,
  prefix: string,
  batch: number,
  writers: number,
  ms: number,
): Promise<{ appends: number; seconds: number }> {
  let appends = 0;
  const deadline = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      let writer = newWriter(prefix);
      while (performance.now() < deadline) {
        if (writer.appends === APPENDS_PER_STREAM) writer = newWriter(prefix);
        await system.append(writer, batch);
        writer.appends++;
        appends++;
      }
    }),
  );
  return { appends, seconds: (performance.now() - started) / 1000 };
}

/** Each system appends for `ms` in total, in ROUNDS slices whose order rotates: drift and noise fall on all alike. */
async function appendCell(
  systems: readonly System[],
  batch: number,
  writers: number,
  ms: number,
): Promise<number[]> {
  const totals = systems.map(() => ({ appends: 0, seconds: 0 }));
  for (const system of systems) await appendFor(system, 'warmup', batch, writers, WARMUP_MS);
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < systems.length; k++) {
      const index = (k + round) % systems.length;
      const result = await appendFor(systems[index] as System, 'bench', batch, writers, ms / ROUNDS);
      const total = totals[index] as { appends: number; seconds: number };
      total.appends += result.appends;
      total.seconds += result.seconds;
    }
  }
  return totals.map((total) => total.appends / total.seconds);
}

async function fill(system: System, prefix: string, target: number): Promise<void> {
  let missing = target - (await system.count());
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      let writer = newWriter(prefix);
      while (missing > 0) {
        missing -= 100;
        if (writer.appends === 50) writer = newWriter(prefix);
        await system.append(writer, 100);
        writer.appends++;
      }
    }),
  );
}

/** Flush dirty pages before the read phase, so a checkpoint does not land in the middle of it. */
async function checkpoint(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
  } catch {
    // Needs superuser (or pg_checkpoint): without it the read phase just runs a little noisier.
  } finally {
    await client.end();
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - started) / 1000 };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/**
 * Whole-log reads, interleaved: the systems take turns reading 20 pages each until every one has
 * read its whole log, so load from elsewhere falls on all alike. Up to 2 passes; a system whose
 * pass took longer than READ_BUDGET_S sits the second one out.
 */
async function readAllInterleaved(
  systems: readonly System[],
): Promise<{ rates: number[]; delivered: number[]; passes: number[] }> {
  const rates = systems.map(() => 0);
  const delivered = systems.map(() => 0);
  const passes = systems.map(() => 0);
  const lastSeconds = systems.map(() => 0);
  for (let pass = 0; pass < 2; pass++) {
    const taking = systems.map((_, index) => pass === 0 || (lastSeconds[index] ?? 0) <= READ_BUDGET_S);
    const readers = systems.map((system) => system.readAllPages());
    const seconds = systems.map(() => 0);
    const counts = systems.map(() => 0);
    const done = taking.map((take) => !take);
    for (let round = 0; done.some((finished) => !finished); round++) {
      for (let k = 0; k < systems.length; k++) {
        const index = (k + round) % systems.length;
        if (done[index]) continue;
        const started = performance.now();
        for (let page = 0; page < 20; page++) {
          const size = await (readers[index] as () => Promise<number>)();
          if (size === 0) {
            done[index] = true;
            break;
          }
          counts[index] = (counts[index] ?? 0) + size;
        }
        seconds[index] = (seconds[index] ?? 0) + (performance.now() - started) / 1000;
      }
    }
    for (let index = 0; index < systems.length; index++) {
      if (!taking[index]) continue;
      passes[index] = (passes[index] ?? 0) + 1;
      delivered[index] = counts[index] ?? 0;
      lastSeconds[index] = seconds[index] ?? 0;
      rates[index] = Math.max(rates[index] ?? 0, (counts[index] ?? 0) / (seconds[index] ?? 1));
    }
  }
  return { rates, delivered, passes };
}

/** p50/p99 of reading a 1,000-event stream, sampling the systems in turn. */
async function streamLatencies(systems: readonly System[]): Promise<{ p50: number; p99: number }[]> {
  const streams: string[] = [];
  for (const system of systems) {
    const writer = newWriter('latency');
    for (let i = 0; i < 10; i++) await system.append(writer, 100);
    streams.push(writer.streamId);
  }
  const samples = systems.map((): number[] => []);
  for (let i = 0; i < 140; i++) {
    for (let k = 0; k < systems.length; k++) {
      const system = systems[k] as System;
      const started = performance.now();
      const count = await system.readStream(streams[k] as string);
      if (i >= 20) samples[k]?.push(performance.now() - started);
      if (count !== 1000) throw new Error(`${system.name} read ${count} events of a 1,000-event stream`);
    }
  }
  return samples.map((list) => {
    list.sort((a, b) => a - b);
    return { p50: percentile(list, 50), p99: percentile(list, 99) };
  });
}

// ---- report ---------------------------------------------------------------------------------

const fmt = (value: number, digits = 0): string =>
  Number.isFinite(value)
    ? value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';
const ratio = (a: number, b: number): string =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${Math.round((a / b) * 100)}%` : '—';

async function main(): Promise<void> {
  const url = benchUrl();
  await ensureDatabase(url);
  const probe = new Pool({ connectionString: url, max: 1 });
  const server = (
    await probe.query<{ version: string; sync: string }>(
      `SELECT split_part(version(), ' ', 2) AS version, current_setting('synchronous_commit') AS sync`,
    )
  ).rows[0];
  await probe.end();
  const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);
  log(
    `PostgreSQL ${server?.version ?? '?'} (synchronous_commit=${server?.sync ?? '?'}), ${cpus().length} cores, node ${process.version}, cells of ${CELL_MS} ms`,
  );

  const accord = await accordSystem(url);
  const systems: System[] = [accord, await emmettSystem(url), await rawSystem(url)];
  const rows: { label: string; values: number[]; higherIsBetter: boolean; digits?: number }[] = [];

  for (const [batch, writers] of [
    [1, 1],
    [1, 8],
    [10, 1],
    [10, 8],
  ] as const) {
    const values = await appendCell(systems, batch, writers, CELL_MS);
    systems.forEach((system, index) =>
      log(
        `${system.name}: ${batch} event(s)/append × ${writers} writer(s): ${fmt(values[index] ?? NaN)} appends/s`,
      ),
    );
    rows.push({
      label: `appends/s — ${batch} event${batch > 1 ? 's' : ''}/append, ${writers} writer${writers > 1 ? 's' : ''}`,
      values,
      higherIsBetter: true,
    });
    rows.push({ label: `  (events/s)`, values: values.map((value) => value * batch), higherIsBetter: true });
  }

  for (const system of systems) {
    const filled = await timed(() => fill(system, 'bulk', READ_EVENTS));
    log(`${system.name}: filled to ${fmt(await system.count())} events in ${fmt(filled.seconds, 1)} s`);
  }
  await checkpoint(url);
  const read = await readAllInterleaved(systems);
  for (const [index, system] of systems.entries()) {
    const stored = await system.count();
    log(
      `${system.name}: read-all delivered ${fmt(read.delivered[index] ?? NaN)} events per pass for ${fmt(stored)} stored; best of ${read.passes[index] ?? 0} pass(es): ${fmt(read.rates[index] ?? NaN)} events/s`,
    );
  }
  rows.push({
    label: `read-all events/s (whole log, ≥ ${fmt(READ_EVENTS)} events, pages of 1,000)`,
    values: read.rates,
    higherIsBetter: true,
  });

  const latencies = await streamLatencies(systems);
  systems.forEach((system, index) =>
    log(
      `${system.name}: 1,000-event stream read p50 ${fmt(latencies[index]?.p50 ?? NaN, 2)} ms, p99 ${fmt(latencies[index]?.p99 ?? NaN, 2)} ms`,
    ),
  );
  rows.push({
    label: 'stream read p50 ms (1,000-event stream)',
    values: latencies.map((latency) => latency.p50),
    higherIsBetter: false,
    digits: 2,
  });
  rows.push({
    label: 'stream read p99 ms (1,000-event stream)',
    values: latencies.map((latency) => latency.p99),
    higherIsBetter: false,
    digits: 2,
  });

  const sealed = await timed(() => accord.store.sealPending({ forceCheckpoint: true }));
  const verified = await timed(() => accord.store.audit.verifyAll());
  if (!verified.result.intact)
    throw new Error(`verifyAll found the benchmark log broken: ${JSON.stringify(verified.result)}`);
  log(
    `Accord: sealed ${fmt(sealed.result.sealed)} events in ${fmt(sealed.seconds, 1)} s; verifyAll checked ${fmt(verified.result.checked)} in ${fmt(verified.seconds, 1)} s`,
  );
  rows.push({
    label: 'seal events/s (global chain, one pass)',
    values: [sealed.result.sealed / sealed.seconds, NaN, NaN],
    higherIsBetter: true,
  });
  rows.push({
    label: 'verifyAll events/s (every stream chain + the seal + checkpoints)',
    values: [verified.result.checked / verified.seconds, NaN, NaN],
    higherIsBetter: true,
  });

  for (const system of systems) await system.close();

  const lines = [
    `| metric | Accord | Emmett | raw pg | Accord / Emmett | Accord / raw |`,
    `|---|--:|--:|--:|--:|--:|`,
    ...rows.map(({ label, values, digits }) => {
      const [a = NaN, e = NaN, r = NaN] = values;
      return `| ${label} | ${fmt(a, digits)} | ${fmt(e, digits)} | ${fmt(r, digits)} | ${ratio(a, e)} | ${ratio(a, r)} |`;
    }),
  ];
  const appendRow = (label: string): number[] => rows.find((row) => row.label === label)?.values ?? [];
  const targets: string[] = [];
  for (const batch of [1, 10]) {
    const [a = NaN, e = NaN, r = NaN] = appendRow(
      `appends/s — ${batch} event${batch > 1 ? 's' : ''}/append, 8 writers`,
    );
    targets.push(
      `- appends/s at 8 writers, ${batch}/append ≥ Emmett: ${a >= e ? 'met' : 'MISSED'} (${ratio(a, e)}); ≥ 60% of raw INSERT: ${a >= 0.6 * r ? 'met' : 'MISSED'} (${ratio(a, r)})`,
    );
  }
  const [ra = NaN, , rr = NaN] = rows.find((row) => row.label.startsWith('read-all'))?.values ?? [];
  targets.push(`- read-all ≥ 50% of raw SELECT: ${ra >= 0.5 * rr ? 'met' : 'MISSED'} (${ratio(ra, rr)})`);
  process.stdout.write(
    `\nEvent store benchmark — PostgreSQL ${server?.version ?? '?'} (synchronous_commit=${server?.sync ?? '?'}), ${cpus().length} cores, node ${process.version}, pool ${POOL_SIZE}, append cells ${CELL_MS} ms per system in ${ROUNDS} rotating slices\n\n${lines.join('\n')}\n\nTargets:\n${targets.join('\n')}\n`,
  );
}

runMain(main, '[bench] failed: ');
