// `npm run audit -- history|state|verify|export|public-key …`: the audit service's reads without the
// service, straight from PostgreSQL (DATABASE_URL and EVENT_STORE_MASTER_KEY from the environment,
// else .accord/infra.env). Reads of personal data are logged in audit.access_log like the HTTP ones.
// `verify --checkpoint` works offline too: the seal public key is all it needs.
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { DomainError } from '@accord/contracts';
import {
  MasterKey,
  PostgresEventStore,
  RETIRED_MASTER_KEYS_ENV,
  RETIRED_SEAL_PUBLIC_KEYS_ENV,
  retiredMasterKeysFrom,
  retiredSealPublicKeysFrom,
  SEAL_PUBLIC_KEY_ENV,
  SEAL_SIGNING_KEY_ENV,
  SealPublicKey,
  SealSigningKey,
  EventStoreConfigError,
} from '@accord/event-store';
import { readEnvFile, type Principal } from '@accord/platform';
import { AccessLog } from './access-log/access-log';
import { CaseReader } from './case/case-reader';
import { CaseHistoryQuery } from './case-history/case-history.query';
import { HISTORY_FORMATS, toCsv, toNdjson, type HistoryFormat } from './case-history/history-formats';
import { CaseStateQuery } from './case-state/case-state.query';
import {
  checkAgainstLog,
  checkpointVerdict,
  checkSignature,
  parseCheckpoint,
  type CheckpointVerdict,
} from './checkpoints/checkpoint';
import { ErasureRecords } from './erasure/erasure-records';
import { logVerification, verifyCase } from './verify/case-verify';

export const USAGE = `usage:
  npm run audit -- history <caseId> [--format json|csv|ndjson] [--service s[,s]] [--type t[,t]] [--actor a] [--from ISO] [--to ISO] [--page n] [--page-size n]
  npm run audit -- state <caseId> [--as-of ISO]
  npm run audit -- verify [<caseId>] [--checkpoint file.json] [--public-key key.pem] [--progress-every n]
  npm run audit -- export <caseId>            (the whole history as NDJSON)
  npm run audit -- public-key                 (the seal public key of SEAL_SIGNING_KEY, as PEM, for safe keeping)
reads DATABASE_URL and EVENT_STORE_MASTER_KEY from the environment, else .accord/identities/audit.env
(audit's own database role) and .accord/infra.env.
verify --checkpoint needs only the seal public key (--public-key, else SEAL_PUBLIC_KEY, else the public
half of SEAL_SIGNING_KEY); without DATABASE_URL it checks the signature alone. With DATABASE_URL, verify
also checks the log's own checkpoints with that key.
exit 0 valid and intact, 1 not intact or failed, 2 usage, 3 a checkpoint's authenticity not established`;

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
  if (!command || !['history', 'state', 'verify', 'export', 'public-key'].includes(command))
    throw new UsageError('name a command: history, state, verify, export or public-key');
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}`);
  if (command === 'public-key') {
    if (caseId !== undefined) throw new UsageError(`unexpected argument ${caseId}`);
    return { command, caseId, options };
  }
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

/**
 * DATABASE_URL, EVENT_STORE_MASTER_KEY and the seal keys: the environment wins over
 * `.accord/identities/<identity>.env` (that identity's own DATABASE_URL: the audit CLI runs as audit's
 * role, which reads every stream and writes only audit's schema), which wins over `.accord/infra.env`
 * (the operator's: `npm run rebuild` repairs any service's read models).
 */
export function cliEnvironment(env: NodeJS.ProcessEnv = process.env, identity?: 'audit'): NodeJS.ProcessEnv {
  const state = resolve(__dirname, '..', '..', '..', '.accord');
  return {
    ...readEnvFile(resolve(state, 'infra.env')),
    ...(identity ? readEnvFile(resolve(state, 'identities', `${identity}.env`)) : {}),
    ...env,
  };
}

type Io = { readonly out: (text: string) => void; readonly err: (text: string) => void };

/**
 * Runs one command; returns the exit code: 0 done and intact, 1 not intact or failed, 2 usage,
 * 3 a checkpoint whose authenticity could not be established (no trusted key, unsigned).
 */
export async function runAuditCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const write = io.out;
  let parsed: Parsed;
  let trusted: TrustedPublicKey | undefined;
  try {
    parsed = parse(argv);
    trusted = parsed.command === 'verify' ? trustedPublicKey(parsed.options, env) : undefined;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  const { command, caseId, options } = parsed;
  if (command === 'public-key') return printPublicKey(env, io);
  const databaseUrl = env['DATABASE_URL'] || undefined;
  const masterKey = env['EVENT_STORE_MASTER_KEY'] || undefined;
  const checkpointFile = options.get('checkpoint');
  // A checkpoint is checked with the public key alone; a database, when at hand, adds the log.
  const offline = command === 'verify' && caseId === undefined && checkpointFile !== undefined;
  if (!offline && (!databaseUrl || !masterKey)) {
    io.err(
      'set DATABASE_URL and EVENT_STORE_MASTER_KEY (or run `npm run infra:up` once to write .accord/infra.env)\n',
    );
    return 1;
  }
  const pool = databaseUrl ? new Pool({ connectionString: databaseUrl, max: 4 }) : null;
  pool?.on('error', () => undefined);
  const store = pool
    ? new PostgresEventStore({
        pool,
        ...(masterKey ? { masterKey } : {}),
        ...(trusted ? { sealPublicKey: trusted.key.der } : {}),
        // After a rotation: person keys and checkpoints the replaced keys wrote still read and verify.
        retiredMasterKeys: retiredMasterKeysFrom(env[RETIRED_MASTER_KEYS_ENV]),
        retiredSealPublicKeys: retiredSealPublicKeysFrom(env[RETIRED_SEAL_PUBLIC_KEYS_ENV]).map(
          (key) => key.der,
        ),
      })
    : null;
  const json = (value: unknown) => write(`${JSON.stringify(value, null, 2)}\n`);
  try {
    if (command === 'verify') {
      const report: Record<string, unknown> = {};
      let intact = true;
      let verdict: CheckpointVerdict | null = null;
      if (checkpointFile !== undefined) {
        const checkpoint = parseCheckpoint(readJson(checkpointFile));
        if (!checkpoint) throw new UsageError(`${checkpointFile} is not an exported seal checkpoint`);
        const signature = checkSignature(checkpoint, {
          publicKey: trusted?.key,
          masterKey: masterKey ? new MasterKey(masterKey) : undefined,
        });
        const inLog = pool && store ? await checkAgainstLog(pool, store.schema, checkpoint) : null;
        verdict = checkpointVerdict(checkpoint, signature, inLog);
        report['checkpoint'] = {
          sealSeq: checkpoint.sealSeq,
          algorithm: checkpoint.algorithm,
          trustedKey: trusted ? { keyId: trusted.key.keyId, from: trusted.from } : null,
          signature,
          inLog,
        };
      }
      if (caseId !== undefined && store) {
        const result = await verifyCase(store.audit, caseId);
        report['case'] = result;
        intact &&= result.intact;
      }
      if (store && (caseId === undefined || checkpointFile !== undefined)) {
        // `--progress-every n`: progress on stderr (stdout stays the JSON report); a whole log can take minutes.
        const every = parsed.options.has('progress-every')
          ? positive(parsed.options, 'progress-every', 10_000)
          : undefined;
        const result = logVerification(
          await store.audit.verifyAll(
            every === undefined
              ? {}
              : {
                  progressEvery: every,
                  onProgress: ({ checked, total }) =>
                    io.err(`verify: ${checked}${total === null ? '' : ` of ${total}`} events checked\n`),
                },
          ),
        );
        report['log'] = result;
        intact &&= result.intact;
      }
      const exitCode = intact ? (verdict?.exitCode ?? 0) : 1;
      const line = verdict && `${verdict.line}${intact ? '' : '; and the log is NOT intact (see "log")'}`;
      json({ intact: exitCode === 0, ...(line ? { verdict: line } : {}), ...report });
      if (line) io.err(`${line}\n`);
      return exitCode;
    }
    if (!pool || !store) throw new UsageError(`${command} needs DATABASE_URL`);
    const reader = new CaseReader(store, store.audit);
    const accessLog = new AccessLog(pool, store);
    const principal: Principal = {
      sub: `cli:${userInfo().username}`,
      agency: 'audit-cli',
      roles: ['auditor'],
    };
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
        const result = await new CaseHistoryQuery(
          reader,
          accessLog,
          new ErasureRecords(pool, store.audit),
        ).history({
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
        });
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
    await store?.close();
    await pool?.end();
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`${file} is not JSON, so not an exported seal checkpoint`);
  }
}

interface TrustedPublicKey {
  readonly key: SealPublicKey;
  /** Where the auditor's key came from, for the report. */
  readonly from: string;
}

/**
 * The seal public key to trust — `--public-key` file, else SEAL_PUBLIC_KEY, else the public half of
 * SEAL_SIGNING_KEY — never the key inside a checkpoint file.
 */
function trustedPublicKey(
  options: ReadonlyMap<string, string>,
  env: NodeJS.ProcessEnv,
): TrustedPublicKey | undefined {
  const parsed = (from: string, make: () => SealPublicKey): TrustedPublicKey => {
    try {
      return { key: make(), from };
    } catch (error) {
      if (error instanceof EventStoreConfigError) throw new UsageError(`${from}: ${error.message}`);
      throw error;
    }
  };
  const file = options.get('public-key');
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(
        `cannot read --public-key ${file}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return parsed(`--public-key ${file}`, () => new SealPublicKey(text));
  }
  const publicKey = env[SEAL_PUBLIC_KEY_ENV];
  if (publicKey) return parsed(SEAL_PUBLIC_KEY_ENV, () => new SealPublicKey(publicKey));
  const signingKey = env[SEAL_SIGNING_KEY_ENV];
  if (signingKey) return parsed(SEAL_SIGNING_KEY_ENV, () => new SealSigningKey(signingKey).publicKey);
  return undefined;
}

/** Prints the seal public key (PEM) of SEAL_SIGNING_KEY: the key to hand to auditors and keep apart. */
function printPublicKey(env: NodeJS.ProcessEnv, io: Io): number {
  const signingKey = env[SEAL_SIGNING_KEY_ENV];
  if (!signingKey) {
    io.err(`set ${SEAL_SIGNING_KEY_ENV} (or run \`npm run infra:up\` once to write .accord/infra.env)\n`);
    return 1;
  }
  let key: SealSigningKey;
  try {
    key = new SealSigningKey(signingKey);
  } catch (error) {
    if (!(error instanceof EventStoreConfigError)) throw error;
    io.err(`${SEAL_SIGNING_KEY_ENV}: ${error.message}\n`);
    return 2;
  }
  io.out(key.publicKey.pem);
  io.err(
    `seal key ${key.keyId}: keep this public key where the database's administrators cannot change it; \`verify --checkpoint … --public-key\` checks with it\n`,
  );
  return 0;
}

if (require.main === module) {
  runAuditCli(process.argv.slice(2), cliEnvironment(process.env, 'audit'), {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
  })
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      process.stderr.write(`audit: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
