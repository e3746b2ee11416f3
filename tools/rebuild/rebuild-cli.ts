import { Pool } from 'pg';
import { PostgresEventStore } from '@accord/event-store';
import { readModelSchema, type Projection, type ServiceProjections } from '@accord/platform';
import { ProjectionRebuild, type Comparison } from './projection-rebuild';
import { SERVICE_PROJECTIONS } from './registry';
import { differenceCount, formatTableDiff } from './row-diff';

export interface RebuildIo {
  /** The verdict and the differences. */
  readonly out: (text: string) => void;
  /** Progress and errors. */
  readonly err: (text: string) => void;
}

const DEFAULT_SETTLE_SECONDS = 5;
const DEFAULT_LIMIT = 20;

class UsageError extends Error {}

function catalogue(registry: Readonly<Record<string, ServiceProjections>>): string {
  const lines: string[] = [];
  for (const [service, { definition, projections, notProjected }] of Object.entries(registry)) {
    const schema = readModelSchema(definition.name);
    for (const [name, projection] of Object.entries(projections))
      lines.push(
        `  ${service} ${name}`.padEnd(34) +
          projection.tables.map((table) => `${schema}.${table.name}`).join(', '),
      );
    if (Object.keys(projections).length === 0) lines.push(`  ${service}`.padEnd(34) + '(no projections)');
    for (const [table, why] of Object.entries(notProjected ?? {}))
      lines.push(`${' '.repeat(34)}(${schema}.${table} is not a projection: ${why})`);
  }
  return lines.join('\n');
}

export const USAGE = `usage: npm run rebuild -- <service> <projection> [--apply] [--settle <seconds>] [--limit <rows>]
  rebuilds the projection from the start of the log into <schema>_rebuild, compares it row by row
  with the live tables at the live checkpoint, prints the verdict (exit 0 equal, 1 different);
  --apply then replaces the live rows with the rebuilt ones in one transaction (exit 0 once equal).
  --settle  how long to keep comparing while rows written outside the runner catch up (default ${DEFAULT_SETTLE_SECONDS})
  --limit   differing rows shown per table and kind (default ${DEFAULT_LIMIT})
reads DATABASE_URL and EVENT_STORE_MASTER_KEY from the environment, else .accord/infra.env
projections:
${catalogue(SERVICE_PROJECTIONS)}`;

interface Parsed {
  readonly service: ServiceProjections;
  readonly serviceName: string;
  readonly projectionName: string;
  readonly projection: Projection;
  readonly apply: boolean;
  readonly settleMs: number;
  readonly limit: number;
}

function number(value: string | undefined, flag: string, min: number): number {
  const parsed = Number(value);
  if (value === undefined || !Number.isFinite(parsed) || parsed < min)
    throw new UsageError(`${flag} needs a number ≥ ${min}`);
  return parsed;
}

function parse(argv: readonly string[]): Parsed {
  const positional: string[] = [];
  let apply = false;
  let settle = DEFAULT_SETTLE_SECONDS;
  let limit = DEFAULT_LIMIT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--apply') apply = true;
    else if (arg === '--settle') settle = number(argv[++i], '--settle', 0);
    else if (arg === '--limit') limit = Math.floor(number(argv[++i], '--limit', 1));
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  const [serviceName, projectionName, extra] = positional;
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}`);
  if (!serviceName || !projectionName) throw new UsageError('name a service and one of its projections');
  const service = SERVICE_PROJECTIONS[serviceName];
  if (!service) throw new UsageError(`no service ${JSON.stringify(serviceName)} has read models`);
  const projection = service.projections[projectionName];
  if (!projection) {
    const known = Object.keys(service.projections);
    throw new UsageError(
      known.length === 0
        ? `${serviceName} has no projections`
        : `${serviceName} has no projection ${JSON.stringify(projectionName)}; it has ${known.join(', ')}`,
    );
  }
  return { service, serviceName, projectionName, projection, apply, settleMs: settle * 1000, limit };
}

const isEqual = (comparison: Comparison): boolean =>
  comparison.tables.every(({ diff }) => differenceCount(diff) === 0);

const rowsIn = (comparison: Comparison): number =>
  comparison.tables.reduce((sum, table) => sum + table.rebuiltRows, 0);

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

function explain(parsed: Parsed, comparison: Comparison, limit: number): string[] {
  const { projection } = parsed;
  const schema = readModelSchema(parsed.service.definition.name);
  const position = comparison.checkpoint ?? 'none';
  const lines = [
    `${parsed.serviceName} ${parsed.projectionName} (${projection.tables.map((t) => `${schema}.${t.name}`).join(', ')})`,
    comparison.checkpoint
      ? `  compared at position ${position}: the live checkpoint of ${projection.name}, where the rebuild stopped too`
      : `  compared at the start of the log: ${projection.name} has no live checkpoint (its runner has applied nothing)`,
  ];
  if (projection.heard && comparison.rebuiltThrough !== comparison.checkpoint)
    lines.push(
      `  the rebuild also holds the other services' events up to ${comparison.rebuiltThrough} (live, they arrive on Kafka)`,
    );
  for (const { name, notDerived } of projection.tables)
    for (const [column, why] of Object.entries(notDerived ?? {}))
      lines.push(`  not compared (not derived from events): ${name}.${column}: ${why}`);
  if (isEqual(comparison)) return lines;
  const all = comparison.tables.map(({ diff }) => diff);
  const missing = all.reduce((sum, diff) => sum + diff.missing.length, 0);
  const extra = all.reduce((sum, diff) => sum + diff.extra.length, 0);
  const changed = all.reduce((sum, diff) => sum + diff.changed.length, 0);
  lines.push(
    `differs at position ${position}: ${missing} missing from live, ${extra} extra in live, ${changed} changed`,
  );
  for (const { table, key, liveRows, rebuiltRows, diff } of comparison.tables) {
    if (differenceCount(diff) === 0) continue;
    lines.push(
      `  ${schema}.${table} (${liveRows} live rows, ${rebuiltRows} rebuilt): ${diff.missing.length} missing, ${diff.extra.length} extra, ${diff.changed.length} changed`,
      ...formatTableDiff(diff, key, limit),
    );
  }
  if (projection.alsoWrittenBy)
    lines.push(
      `  (live, ${projection.alsoWrittenBy} also write these tables; the comparison was repeated for ${parsed.settleMs / 1000} s)`,
    );
  return lines;
}

/** Compares until equal or, for tables written outside the runner too, until `settleMs` has passed. */
async function settledComparison(rebuild: ProjectionRebuild, parsed: Parsed): Promise<Comparison> {
  const settleUntil = Date.now() + (parsed.projection.alsoWrittenBy ? parsed.settleMs : 0);
  for (;;) {
    const comparison = await rebuild.compare();
    if (isEqual(comparison) || Date.now() >= settleUntil) return comparison;
    await sleep(500);
  }
}

/** `npm run rebuild`: returns the exit code (0 equal or repaired, 1 different or failed, 2 usage). */
export async function runRebuildCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: RebuildIo,
): Promise<number> {
  let parsed: Parsed;
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    parsed = parse(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  const databaseUrl = env['DATABASE_URL'];
  const masterKey = env['EVENT_STORE_MASTER_KEY'];
  if (!databaseUrl || !masterKey) {
    io.err(
      'set DATABASE_URL and EVENT_STORE_MASTER_KEY (or run `npm run infra:up` once to write .accord/infra.env)\n',
    );
    return 1;
  }
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', () => undefined);
  // Other services' upcasters too: a heard event is read as its own service's relay reads it.
  const upcasters = Object.values(SERVICE_PROJECTIONS).flatMap(
    ({ definition }) => definition.upcasters ?? [],
  );
  const store = new PostgresEventStore({ pool, masterKey, upcasters });
  const label = `${parsed.serviceName}/${parsed.projectionName}`;
  const rebuild = new ProjectionRebuild({
    pool,
    databaseUrl,
    store,
    service: parsed.service,
    projection: parsed.projection,
    progress: (line) => io.err(`${line}\n`),
    label,
  });
  try {
    await rebuild.prepare();
    const comparison = await settledComparison(rebuild, parsed);
    io.out(`${explain(parsed, comparison, parsed.limit).join('\n')}\n`);
    if (isEqual(comparison)) {
      io.out(
        `equal (${rowsIn(comparison)} rows in ${comparison.tables.length} tables at position ${comparison.checkpoint ?? 'none'})\n`,
      );
      return 0;
    }
    if (!parsed.apply) return 1;
    io.out(
      `--apply: locking ${parsed.projection.tables.map((t) => `${rebuild.liveSchema}.${t.name}`).join(', ')} (EXCLUSIVE: reads go on, the service's projection writes wait) and replacing their rows\n`,
    );
    const underLock = await rebuild.swap();
    if (isEqual(underLock)) {
      io.out(
        `equal under the lock: nothing replaced (${rowsIn(underLock)} rows in ${underLock.tables.length} tables at position ${underLock.checkpoint ?? 'none'})\n`,
      );
      return 0;
    }
    io.out(
      `applied: ${underLock.tables.reduce((sum, { diff }) => sum + differenceCount(diff), 0)} differing rows repaired; the live tables now hold the rebuilt rows (${rowsIn(underLock)} rows in ${underLock.tables.length} tables at position ${underLock.checkpoint ?? 'none'}); the checkpoint stays there, and the service's projection carries on from it\n`,
    );
    return 0;
  } catch (error) {
    io.err(`${label}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await rebuild
      .close()
      .catch((error: unknown) => io.err(`could not drop ${rebuild.scratchSchema}: ${String(error)}\n`));
    await store.close();
    await pool.end();
  }
}
