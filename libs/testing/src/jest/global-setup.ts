import { provideInfrastructure } from '../infrastructure';

/**
 * Jest global setup for integration and e2e tests: provides a real PostgreSQL and a real Kafka
 * broker (env vars → testcontainers → the local infra scripts) and exports them to the workers
 * through DATABASE_URL and KAFKA_BROKERS.
 */
export default async function globalSetup(): Promise<void> {
  const infra = await provideInfrastructure();
  process.env['DATABASE_URL'] = infra.databaseUrl;
  process.env['KAFKA_BROKERS'] = infra.kafkaBrokers;
  // Test-only secrets, unless the environment brings its own.
  process.env['EVENT_STORE_MASTER_KEY'] ??= '6f'.repeat(32);
  process.env['AUTH_JWT_SECRET'] ??= 'accord-test-secret-accord-test-secret';
  (globalThis as { __ACCORD_INFRA__?: unknown }).__ACCORD_INFRA__ = infra;
}
