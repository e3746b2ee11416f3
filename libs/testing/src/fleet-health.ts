import type { ServiceName } from '@accord/contracts';
import { eventually } from './eventually';
import type { ServiceFleet } from './services';

/** What a fleet's processes say about themselves: alive, healthy, or naming a dependency that is down. */
export interface FleetHealth {
  /** `/health` of one service: status and body. */
  health(service: ServiceName): Promise<{ status: number; body: string }>;
  /** Services whose process has exited (with exit code or signal): none, when all is well. */
  exited(): string[];
  /** Waits until every service answers /health 200. */
  everyServiceHealthy(timeoutMs?: number): Promise<void>;
  /** Waits until every service answers /health 503 naming `dependency` as down. */
  everyServiceReports(dependency: 'postgres' | 'kafka', timeoutMs?: number): Promise<void>;
}

export function fleetHealth(fleet: () => ServiceFleet): FleetHealth {
  const services = (): ServiceName[] => [...fleet().processes.keys()];
  const health = async (service: ServiceName) => {
    const response = await fetch(`${fleet().urls[service]}/health`, { signal: AbortSignal.timeout(8_000) });
    return { status: response.status, body: await response.text() };
  };
  return {
    health,
    exited: () =>
      [...fleet().processes.values()]
        .filter(({ child }) => child.exitCode !== null || child.signalCode !== null)
        .map(({ name, child }) => `${name} (exit ${child.exitCode ?? child.signalCode})`),
    everyServiceHealthy: (timeout = 60_000) =>
      eventually(
        async () => {
          for (const service of services()) {
            const { status, body } = await health(service);
            if (status !== 200) throw new Error(`${service}: ${status} ${body}`);
          }
        },
        { timeout, interval: 500 },
      ),
    everyServiceReports: (dependency, timeout = 60_000) =>
      eventually(
        async () => {
          for (const service of services()) {
            const { status, body } = await health(service);
            const details = (JSON.parse(body) as { details?: Record<string, { status?: string }> }).details;
            if (status !== 503 || details?.[dependency]?.status !== 'down')
              throw new Error(`${service}: ${status} ${body}`);
          }
        },
        { timeout, interval: 500 },
      ),
  };
}
