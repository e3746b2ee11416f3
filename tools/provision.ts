// Provisions Accord's per-service identities from the operator's settings (infra/up.sh, the test
// harness, `npm run migrate` for PostgreSQL alone):
//   PostgreSQL (DATABASE_URL, the operator's one URL): an owner role that runs every migration and
//   a role per service (row-level security: a service appends only to its own streams).
// Passwords are derived from ACCORD_CREDENTIALS_SECRET (else .accord/secrets.env, made once).
//   provision --write <dir>   one <service>.env per service (its DATABASE_URL …), mode 0600
//   provision --json          the same as JSON on stdout: { "<service>": { "DATABASE_URL": … } }
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SERVICE_NAMES } from '@accord/contracts';
import { credentialsSecret, stateDir } from './provision/identities';
import { provisionPostgres } from './provision/postgres';

type ServiceEnv = Record<string, Record<string, string>>;

const log = (message: string): void => void process.stderr.write(`[provision] ${message}\n`);

async function main(argv: readonly string[]): Promise<number> {
  const operatorUrl = process.env['DATABASE_URL'];
  if (!operatorUrl) {
    process.stderr.write('provision: DATABASE_URL (the operator URL) is not set\n');
    return 2;
  }
  const state = stateDir();
  const secret = credentialsSecret(resolve(state, 'secrets.env'));
  const database = await provisionPostgres(operatorUrl, secret, log);
  const env = Object.fromEntries(
    SERVICE_NAMES.map((service) => [service, { DATABASE_URL: database.serviceUrls[service] }]),
  ) as ServiceEnv;

  const writeIndex = argv.indexOf('--write');
  if (writeIndex >= 0) {
    const dir = resolve(argv[writeIndex + 1] ?? resolve(state, 'services'));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const service of SERVICE_NAMES) {
      const file = resolve(dir, `${service}.env`);
      writeFileSync(
        file,
        Object.entries(env[service] ?? {})
          .map(([key, value]) => `${key}=${value}\n`)
          .join(''),
        { mode: 0o600 },
      );
      chmodSync(file, 0o600);
    }
    log(`per-service settings written to ${dir}/<service>.env`);
  }
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(env)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`provision: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
