// No import of @accord/contracts here: the jest global setup loads this file outside jest's module mapping.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDevProvider, type DevProvider } from './dev-identity';
import {
  checkStoredKeysOf,
  freePort,
  provideInfrastructure,
  provisionServiceIdentities,
  repoRoot,
  SERVICE_ENV_VARIABLE,
  type ProvidedInfrastructure,
} from './infrastructure';

/** The secrets the tests' own database is written with, always (master key 14ae90752436bdbc). */
export const TEST_SECRETS = {
  EVENT_STORE_MASTER_KEY: '6f'.repeat(32),
  // Ed25519, PKCS#8 DER in base64 (seal key 29005f8ebf5a464b): the audit service signs seal checkpoints with it.
  SEAL_SIGNING_KEY: 'MC4CAQAwBQYDK2VwBCIEIGkJfsauXPCcJJqIPEHLzlDkQVrAGJGQ4PO3kzEcT6c9',
} as const;

/**
 * The secrets the services under test run with. One database, one set of keys: the harness's own
 * database (accord_test, or a container) only ever gets TEST_SECRETS, whatever the shell exports
 * (npm start's key, say), since services refuse to start on data written with other keys. A
 * database from the environment (DATABASE_URL) may be the one `npm start` uses, so its keys come
 * from where `npm start` takes them: the environment, else the checkout's .accord/secrets.env
 * (infra/up.sh), else TEST_SECRETS.
 */
export function harnessSecrets(
  ownDatabase: boolean,
  env: NodeJS.ProcessEnv = process.env,
): Record<keyof typeof TEST_SECRETS, string> {
  if (ownDatabase) return { ...TEST_SECRETS };
  const file = resolve(env['ACCORD_STATE_DIR'] ?? resolve(repoRoot, '.accord'), 'secrets.env');
  const checkout = existsSync(file)
    ? Object.fromEntries(
        readFileSync(file, 'utf8')
          .split('\n')
          .filter((line) => line.includes('='))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1).trim()]),
      )
    : {};
  const pick = (name: keyof typeof TEST_SECRETS): string => env[name] || checkout[name] || TEST_SECRETS[name];
  return {
    EVENT_STORE_MASTER_KEY: pick('EVENT_STORE_MASTER_KEY'),
    SEAL_SIGNING_KEY: pick('SEAL_SIGNING_KEY'),
  };
}

export interface HarnessEnvironment {
  readonly infra: ProvidedInfrastructure;
  readonly provider: DevProvider;
}

/**
 * What every harnessed run (the jest global setup, the pipeline benchmark) needs before services
 * start: a real PostgreSQL and Kafka (provideInfrastructure), each service's own identity on them,
 * and the development OpenID Provider as the platform's root of trust, all exported through
 * process.env (DATABASE_URL, KAFKA_BROKERS and the Kafka admin's settings for the operator,
 * ACCORD_SERVICE_ENV for each service, ACCORD_OIDC_URL, AUTH_PLATFORM_*). The provider logs to `logDir`.
 */
export async function prepareHarness(logDir: string): Promise<HarnessEnvironment> {
  const infra = await provideInfrastructure();
  process.env['DATABASE_URL'] = infra.databaseUrl;
  process.env['KAFKA_BROKERS'] = infra.kafkaBrokers;
  Object.assign(process.env, infra.kafkaEnv);
  // The operator connects as the admin; services started by the harness each as itself.
  process.env[SERVICE_ENV_VARIABLE] = JSON.stringify(await provisionServiceIdentities(infra));
  const ownDatabase = infra.sources.postgres !== 'env';
  Object.assign(process.env, harnessSecrets(ownDatabase));
  // Said once here, rather than by every service of every suite refusing to start.
  await checkStoredKeysOf(infra.databaseUrl, ownDatabase);

  const provider = await startDevProvider(await freePort(), resolve(logDir, 'oidc-provider.log'));
  process.env['ACCORD_OIDC_URL'] = provider.url;
  process.env['AUTH_PLATFORM_AGENCY'] ??= 'accord-ops';
  process.env['AUTH_PLATFORM_ISSUER'] = `${provider.url}/${process.env['AUTH_PLATFORM_AGENCY']}`;
  // Harnessed runs refresh keys at once rather than after production's cool-down.
  process.env['AUTH_JWKS_COOLDOWN_MS'] ??= '0';
  return { infra, provider };
}
