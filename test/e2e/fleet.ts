import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ServiceName } from '@accord/contracts';
import { FLEET_SIZE, startServiceFleet, testToken, type ServiceFleet } from '@accord/testing';
import { PipelineDriver } from '../../tools/demo/pipeline-driver';

let nextBase = Number(process.env['E2E_BASE_PORT'] ?? '3100');

export interface FleetHandle {
  fleet: ServiceFleet;
  driver: PipelineDriver;
  /** Drives through the gateway (one base URL), as an agency would. */
  viaGateway: PipelineDriver;
  /** Where each service's log goes (`<service>.log`), fresh for this suite. */
  logDir: string;
}

/** The ERROR and FATAL lines of every service's log in `logDir`, each prefixed with its file. */
export function errorLines(logDir: string): string[] {
  return readdirSync(logDir)
    .filter((file) => file.endsWith('.log'))
    .flatMap((file) =>
      readFileSync(resolve(logDir, file), 'utf8')
        .split('\n')
        .filter((line) => /"level":"(error|fatal)"/.test(line))
        .map((line) => `${file}: ${line.slice(0, 400)}`),
    );
}

/**
 * Every service as its own process for this suite (beforeAll/afterAll), on its own ports, and a
 * driver that plays every person's part. `env` adds settings, e.g. short follow-up timers;
 * `replicas` reserves room for more replicas of a service (`fleet.scale`).
 */
export function useFleet(
  env: NodeJS.ProcessEnv = {},
  replicas: Partial<Record<ServiceName, number>> = {},
): FleetHandle {
  const handle = {} as FleetHandle;
  beforeAll(async () => {
    const basePort = nextBase;
    nextBase += FLEET_SIZE;
    handle.logDir = resolve(__dirname, '..', '..', '.accord', 'e2e-logs', String(basePort));
    // Logs of an earlier run on these ports are not this suite's.
    rmSync(handle.logDir, { recursive: true, force: true });
    handle.fleet = await startServiceFleet({
      basePort,
      logDir: handle.logDir,
      env: { ...process.env, ...env },
      replicas,
    });
    const urls = handle.fleet.urls;
    handle.driver = new PipelineDriver({ url: (service) => urls[service as ServiceName], token: testToken });
    handle.viaGateway = new PipelineDriver({ url: () => urls.gateway, token: testToken });
  }, 240_000);
  afterAll(async () => {
    await handle.fleet?.stop();
  }, 60_000);
  return handle;
}
