/**
 * `npm run migrate`: provisions the database behind DATABASE_URL (the operator's URL) and applies
 * every pending migration — event store, scheduler, each service's read models — as the owner role
 * (tools/provision/postgres.ts). Idempotent; run it before services start with their own roles.
 */
import { resolve } from 'node:path';
import { credentialsSecret, stateDir } from './provision/identities';
import { provisionPostgres } from './provision/postgres';

async function main(): Promise<number> {
  const operatorUrl = process.env['DATABASE_URL'];
  if (!operatorUrl) {
    process.stderr.write(
      'migrate: DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/accord)\n',
    );
    return 2;
  }
  const state = stateDir();
  await provisionPostgres(operatorUrl, credentialsSecret(resolve(state, 'secrets.env')), (message) =>
    process.stdout.write(`migrate: ${message}\n`),
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`migrate: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
