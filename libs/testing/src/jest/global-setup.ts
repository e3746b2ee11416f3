import { provideInfrastructure, provisionServiceIdentities, SERVICE_ENV_VARIABLE } from '../infrastructure';

/**
 * Jest global setup for integration and e2e tests: provides a real PostgreSQL and a real Kafka
 * broker (env vars → testcontainers → the local infra scripts), provisions each service's own
 * identity on them and exports them to the workers through DATABASE_URL and KAFKA_BROKERS (the
 * operator's) and ACCORD_SERVICE_ENV (each service's).
 */
export default async function globalSetup(): Promise<void> {
  const infra = await provideInfrastructure();
  process.env['DATABASE_URL'] = infra.databaseUrl;
  process.env['KAFKA_BROKERS'] = infra.kafkaBrokers;
  // Tests connect as the operator; services started by the harness (the e2e fleet) each as itself.
  process.env[SERVICE_ENV_VARIABLE] = JSON.stringify(await provisionServiceIdentities(infra));
  // Test-only secrets, unless the environment brings its own.
  process.env['EVENT_STORE_MASTER_KEY'] ??= '6f'.repeat(32);
  process.env['AUTH_JWT_SECRET'] ??= 'accord-test-secret-accord-test-secret';
  // Ed25519, PKCS#8 DER in base64 (seal key 29005f8ebf5a464b): the audit service signs seal checkpoints with it.
  process.env['SEAL_SIGNING_KEY'] ??= 'MC4CAQAwBQYDK2VwBCIEIGkJfsauXPCcJJqIPEHLzlDkQVrAGJGQ4PO3kzEcT6c9';
  (globalThis as { __ACCORD_INFRA__?: unknown }).__ACCORD_INFRA__ = infra;
}
