import { resolve } from 'node:path';
import { prepareHarness } from '../harness';
import { freePort } from '../infrastructure';
import { spawnService, untilHealthy } from '../processes';

const repoRoot = resolve(__dirname, '..', '..', '..', '..');

/**
 * Jest global setup for integration and e2e tests: prepares the harness (prepareHarness: real
 * PostgreSQL and Kafka, each service's identity, the development OpenID Provider, all exported to
 * the workers through process.env) and starts an intake process holding the agency directory
 * (INTAKE_URL), where `testToken` registers each agency's issuer.
 */
export default async function globalSetup(): Promise<void> {
  const logs = resolve(repoRoot, '.accord', 'test-logs');
  const { infra, provider } = await prepareHarness(logs);

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
