import { resolve } from 'node:path';
import { startDevProvider } from '../dev-identity';
import {
  freePort,
  provideInfrastructure,
  provisionServiceIdentities,
  SERVICE_ENV_VARIABLE,
} from '../infrastructure';
import { spawnService, untilHealthy } from '../processes';

const repoRoot = resolve(__dirname, '..', '..', '..', '..');

/**
 * Jest global setup for integration and e2e tests: provides a real PostgreSQL and a real Kafka
 * broker (env vars → testcontainers → the local infra scripts), provisions each service's own
 * identity on them and exports them to the workers through DATABASE_URL and KAFKA_BROKERS (the
 * operator's) and ACCORD_SERVICE_ENV (each service's). Starts the development OpenID Provider
 * (ACCORD_OIDC_URL, whose `accord-ops` issuer is the platform's root of trust) and an intake
 * process holding the agency directory (INTAKE_URL), where `testToken` registers each agency's issuer.
 */
export default async function globalSetup(): Promise<void> {
  const infra = await provideInfrastructure();
  process.env['DATABASE_URL'] = infra.databaseUrl;
  process.env['KAFKA_BROKERS'] = infra.kafkaBrokers;
  Object.assign(process.env, infra.kafkaEnv);
  // Tests connect as the operator; services started by the harness (the e2e fleet) each as itself.
  process.env[SERVICE_ENV_VARIABLE] = JSON.stringify(await provisionServiceIdentities(infra));
  // Test-only secrets, unless the environment brings its own.
  process.env['EVENT_STORE_MASTER_KEY'] ??= '6f'.repeat(32);
  // Ed25519, PKCS#8 DER in base64 (seal key 29005f8ebf5a464b): the audit service signs seal checkpoints with it.
  process.env['SEAL_SIGNING_KEY'] ??= 'MC4CAQAwBQYDK2VwBCIEIGkJfsauXPCcJJqIPEHLzlDkQVrAGJGQ4PO3kzEcT6c9';

  const logs = resolve(repoRoot, '.accord', 'test-logs');
  const provider = await startDevProvider(await freePort(), resolve(logs, 'oidc-provider.log'));
  process.env['ACCORD_OIDC_URL'] = provider.url;
  process.env['AUTH_PLATFORM_AGENCY'] ??= 'accord-ops';
  process.env['AUTH_PLATFORM_ISSUER'] = `${provider.url}/${process.env['AUTH_PLATFORM_AGENCY']}`;
  // Tests refresh keys at once rather than after production's cool-down.
  process.env['AUTH_JWKS_COOLDOWN_MS'] ??= '0';

  const intakePort = await freePort();
  const directory = `http://127.0.0.1:${intakePort}`;
  process.env['INTAKE_URL'] = directory;
  const intake = spawnService(
    'intake',
    'services/intake',
    { ...process.env, PORT: String(intakePort), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    resolve(logs, 'directory-intake.log'),
  );
  await untilHealthy(directory, 'intake (agency directory)');

  (globalThis as { __ACCORD_INFRA__?: unknown }).__ACCORD_INFRA__ = {
    ...infra,
    stop: async () => {
      await new Promise<void>((stopped) => {
        intake.once('exit', () => stopped());
        intake.kill('SIGTERM');
      });
      await provider.stop();
      await infra.stop();
    },
  };
}
