// `npm run audit -- history|state|verify|export …`: the audit service's reads without the service,
// straight from PostgreSQL (DATABASE_URL and EVENT_STORE_MASTER_KEY from the environment, else
// .accord/infra.env). Reads of personal data are logged in audit.access_log like the HTTP ones.
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { DomainError } from '@accord/contracts';
import { MasterKey, PostgresEventStore } from '@accord/event-store';
import type { Principal } from '@accord/platform';
import { AccessLog } from './access-log/access-log';
import { CaseReader } from './case/case-reader';
import { CaseHistoryQuery } from './case-history/case-history.query';
import { HISTORY_FORMATS, toCsv, toNdjson, type HistoryFormat } from './case-history/history-formats';
import { CaseStateQuery } from './case-state/case-state.query';
import { checkAgainstLog, checkSignature, parseCheckpoint } from './checkpoints/checkpoint';
import { ErasureRecords } from './erasure/erasure-records';
import { logVerification, verifyCase } from './verify/case-verify';

export const USAGE = `usage:
  npm run audit -- history <caseId> [--format json|csv|ndjson] [--service s[,s]] [--type t[,t]] [--actor a] [--from ISO] [--to ISO] [--page n] [--page-size n]
  npm run audit -- state <caseId> [--as-of ISO]
  npm run audit -- verify [<caseId>] [--checkpoint file.json]
  npm run audit -- export <caseId>            (the whole history as NDJSON)
reads DATABASE_URL and EVENT_STORE_MASTER_KEY from the environment, else .accord/infra.env`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class UsageError extends Error {}

interface Parsed {
  readonly command: string;
  readonly caseId: string | undefined;
  readonly options: ReadonlyMap<string, string>;
}

function parse(argv: readonly string[]): Parsed {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      options.set(arg.slice(2), value);
      i++;
    } else positional.push(arg);
  }
  const [command, caseId, extra] = positional;
  if (!command || !['history', 'state', 'verify', 'export'].includes(command))
    throw new UsageError('name a command: history, state, verify or export');
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}`);
  if (command !== 'verify' && caseId === undefined) throw new UsageError(`${command} needs a case id`);
  if (caseId !== undefined && !UUID.test(caseId)) throw new UsageError(`case id ${caseId} is not a UUID`);
  return { command, caseId, options };
}

function instant(options: ReadonlyMap<string, string>, name: string): Date | undefined {
  const value = options.get(name);
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`--${name} must be an ISO 8601 instant, got ${value}`);
  return date;
}

function positive(options: ReadonlyMap<string, string>, name: string, fallback: number): number {
  const value = options.get(name);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`--${name} must be a whole number ≥ 1`);
  return number;
}

const listOption = (options: ReadonlyMap<string, string>, name: string): string[] | undefined =>
  options
    .get(name)
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** DATABASE_URL and EVENT_STORE_MASTER_KEY: the environment wins over `.accord/infra.env`. */
export function cliEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const file = resolve(__dirname, '..', '..', '..', '.accord', 'infra.env');
  const fromFile: Record<string, string> = existsSync(file)
    ? Object.fromEntries(
        readFileSync(file, 'utf8')
          .split('\n')
          .filter((line) => line.includes('='))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1).trim()]),
      )
    : {};
  return { ...fromFile, ...env };
}

/** Runs one command; returns the exit code (0 done and intact, 1 not intact or failed, 2 usage). */
export async function runAuditCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: { readonly out: (text: string) => void; readonly err: (text: string) => void },
): Promise<number> {
  const write = io.out;
  let parsed: Parsed;
  try {
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
  const store = new PostgresEventStore({ pool, masterKey });
  const reader = new CaseReader(store);
  const accessLog = new AccessLog(pool, store);
  const principal: Principal = { sub: `cli:${userInfo().username}`, agency: 'audit-cli', roles: ['auditor'] };
  const json = (value: unknown) => write(`${JSON.stringify(value, null, 2)}\n`);
  try {
    const { command, caseId, options } = parsed;
    switch (command) {
      case 'history':
      case 'export': {
        const format = (command === 'export' ? 'ndjson' : (options.get('format') ?? 'json')) as HistoryFormat;
        if (!HISTORY_FORMATS.includes(format))
          throw new UsageError(`--format must be one of ${HISTORY_FORMATS.join(', ')}`);
        const from = instant(options, 'from');
        const to = instant(options, 'to');
        const services = listOption(options, 'service');
        const types = listOption(options, 'type');
        const actor = options.get('actor');
        const result = await new CaseHistoryQuery(reader, accessLog, new ErasureRecords(pool, store)).history(
          {
            caseId: caseId ?? '',
            principal,
            filter: {
              ...(services ? { services } : {}),
              ...(types ? { types } : {}),
              ...(actor !== undefined ? { actor } : {}),
              ...(from ? { from } : {}),
              ...(to ? { to } : {}),
            },
            page: command === 'export' ? 1 : positive(options, 'page', 1),
            pageSize: command === 'export' ? Number.MAX_SAFE_INTEGER : positive(options, 'page-size', 1000),
            correlationId: null,
            endpoint: `cli ${command}`,
          },
        );
        const { entries, erasures, accessLog: reads, ...summary } = result;
        const lines = [...entries, ...erasures, ...reads];
        if (format === 'csv') write(toCsv(lines));
        else if (format === 'ndjson') write(toNdjson(summary, lines));
        else json(result);
        return 0;
      }
      case 'state': {
        json(
          await new CaseStateQuery(reader, accessLog).stateAsOf({
            caseId: caseId ?? '',
            asOf: instant(options, 'as-of') ?? new Date(),
            principal,
            correlationId: null,
            endpoint: 'cli state',
          }),
        );
        return 0;
      }
      case 'verify': {
        const checkpointFile = options.get('checkpoint');
        const report: Record<string, unknown> = {};
        let intact = true;
        if (checkpointFile !== undefined) {
          const checkpoint = parseCheckpoint(JSON.parse(readFileSync(checkpointFile, 'utf8')) as unknown);
          if (!checkpoint) throw new UsageError(`${checkpointFile} is not an exported seal checkpoint`);
          const signature = checkSignature(checkpoint, new MasterKey(masterKey));
          const inLog = await checkAgainstLog(pool, store.schema, checkpoint);
          report['checkpoint'] = { sealSeq: checkpoint.sealSeq, signature, inLog };
          intact = signature.valid && inLog.valid;
        }
        if (caseId !== undefined) {
          const result = await verifyCase(store, caseId);
          report['case'] = result;
          intact &&= result.intact;
        }
        if (caseId === undefined || checkpointFile !== undefined) {
          const result = logVerification(await store.verifyAll());
          report['log'] = result;
          intact &&= result.intact;
        }
        json({ intact, ...report });
        return intact ? 0 : 1;
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof DomainError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
    await pool.end();
  }
}

if (require.main === module) {
  runAuditCli(process.argv.slice(2), cliEnvironment(), {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
  })
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      process.stderr.write(`audit: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
