import { createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@accord/contracts';

/**
 * Every credential Accord provisions is derived from one secret (ACCORD_CREDENTIALS_SECRET, made
 * once per checkout into .accord/secrets.env): the same secret gives the same passwords, so the
 * infra scripts, `npm start` and the test harness agree without storing a password list, and
 * rotating the secret (then `npm run migrate`/`infra:up`) rotates them all.
 */
export const CREDENTIALS_SECRET_ENV = 'ACCORD_CREDENTIALS_SECRET';

/** The checkout's state folder (ACCORD_STATE_DIR, else .accord at the repository root), from sources or dist/. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['ACCORD_STATE_DIR']) return resolve(env['ACCORD_STATE_DIR']);
  let dir = __dirname;
  while (!existsSync(resolve(dir, 'infra', 'up.sh')) && dirname(dir) !== dir) dir = dirname(dir);
  return resolve(dir, '.accord');
}

/** The secret from the environment, else from `secretsFile` (created there when missing). */
export function credentialsSecret(secretsFile: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[CREDENTIALS_SECRET_ENV]?.trim();
  if (fromEnv) return fromEnv;
  const line = existsSync(secretsFile)
    ? readFileSync(secretsFile, 'utf8')
        .split('\n')
        .find((entry) => entry.startsWith(`${CREDENTIALS_SECRET_ENV}=`))
    : undefined;
  if (line) return line.slice(CREDENTIALS_SECRET_ENV.length + 1).trim();
  const secret = randomBytes(32).toString('hex');
  mkdirSync(dirname(secretsFile), { recursive: true });
  appendFileSync(secretsFile, `${CREDENTIALS_SECRET_ENV}=${secret}\n`, { mode: 0o600 });
  return secret;
}

/** A password for one identity (`postgres:<role>`, `kafka:<user>`): HMAC-SHA256 of the secret. */
export function derivedPassword(secret: string, identity: string): string {
  return createHmac('sha256', secret).update(identity).digest('hex');
}

/** PostgreSQL roles are cluster-wide: they are named after the database, so databases never share one. */
export function databaseRolePrefix(databaseName: string): string {
  const prefix = databaseName.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  // 63 bytes per identifier, minus the longest suffix (`_conferencing`).
  return /^[a-z_]/.test(prefix) ? prefix.slice(0, 48) : `db_${prefix}`.slice(0, 48);
}

export const serviceRoleSuffix = (service: ServiceName): string => service.replace(/-/g, '_');

export interface DatabaseIdentities {
  readonly database: string;
  /** Owns every Accord schema and object; migrations run as it. */
  readonly owner: string;
  readonly services: Readonly<Record<ServiceName, string>>;
}

export function databaseIdentities(operatorUrl: string): DatabaseIdentities {
  const database = decodeURIComponent(new URL(operatorUrl).pathname.replace(/^\//, '')) || 'postgres';
  const prefix = databaseRolePrefix(database);
  return {
    database,
    owner: `${prefix}_owner`,
    services: Object.fromEntries(
      SERVICE_NAMES.map((service) => [service, `${prefix}_${serviceRoleSuffix(service)}`]),
    ) as Record<ServiceName, string>,
  };
}

/** The operator's URL with another role and its derived password: same server, database and options. */
export function roleUrl(operatorUrl: string, role: string, secret: string): string {
  const url = new URL(operatorUrl);
  url.username = encodeURIComponent(role);
  url.password = derivedPassword(secret, `postgres:${role}`);
  return url.toString();
}
