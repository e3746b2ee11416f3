// No import of @accord/contracts here: the jest global setup loads this file outside jest's module mapping.
import { resolve } from 'node:path';
import { startDevProvider, type DevProvider } from './dev-identity';
import {
  freePort,
  provideInfrastructure,
  provisionServiceIdentities,
  SERVICE_ENV_VARIABLE,
  type ProvidedInfrastructure,
} from './infrastructure';

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
  // Test-only secrets, unless the environment brings its own.
  process.env['EVENT_STORE_MASTER_KEY'] ??= '6f'.repeat(32);
  // Ed25519, PKCS#8 DER in base64 (seal key 29005f8ebf5a464b): the audit service signs seal checkpoints with it.
  process.env['SEAL_SIGNING_KEY'] ??= 'MC4CAQAwBQYDK2VwBCIEIGkJfsauXPCcJJqIPEHLzlDkQVrAGJGQ4PO3kzEcT6c9';

  const provider = await startDevProvider(await freePort(), resolve(logDir, 'oidc-provider.log'));
  process.env['ACCORD_OIDC_URL'] = provider.url;
  process.env['AUTH_PLATFORM_AGENCY'] ??= 'accord-ops';
  process.env['AUTH_PLATFORM_ISSUER'] = `${provider.url}/${process.env['AUTH_PLATFORM_AGENCY']}`;
  // Harnessed runs refresh keys at once rather than after production's cool-down.
  process.env['AUTH_JWKS_COOLDOWN_MS'] ??= '0';
  return { infra, provider };
}
