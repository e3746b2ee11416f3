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
  (globalThis as { __ACCORD_INFRA__?: unknown }).__ACCORD_INFRA__ = infra;
}
