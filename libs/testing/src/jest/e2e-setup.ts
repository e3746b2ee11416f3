import { resolve } from 'node:path';
import { provideInfrastructure } from '../infrastructure';
import { startServiceFleet } from '../services';

/**
 * Global setup of the e2e suites: real infrastructure, then every service as its own process on
 * ports E2E_BASE_PORT…+6 (default 3100, so a running `npm start` is left alone). Suites reach them
 * through E2E_<SERVICE>_URL and may kill and restart them through the fleet in this process only,
 * so restart tests start their own processes (see startServiceFleet).
 */
export default async function e2eSetup(): Promise<void> {
  const infra = await provideInfrastructure();
  process.env['DATABASE_URL'] = infra.databaseUrl;
  process.env['KAFKA_BROKERS'] = infra.kafkaBrokers;
  process.env['EVENT_STORE_MASTER_KEY'] ??= '6f'.repeat(32);
  process.env['AUTH_JWT_SECRET'] ??= 'accord-test-secret-accord-test-secret';
  const basePort = Number(process.env['E2E_BASE_PORT'] ?? '3100');
  const logDir = resolve(__dirname, '..', '..', '..', '..', '.accord', 'e2e-logs');
  const fleet = await startServiceFleet({ basePort, logDir });
  for (const [name, url] of Object.entries(fleet.urls))
    process.env[`E2E_${name.toUpperCase().replace('-', '_')}_URL`] = url;
  process.stderr.write(
    `[accord-testing] e2e: all services up on ports ${basePort}–${basePort + 6}; logs in ${logDir}\n`,
  );
  (globalThis as { __ACCORD_E2E__?: unknown }).__ACCORD_E2E__ = { infra, fleet };
}
