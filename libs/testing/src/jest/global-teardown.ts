import type { ProvidedInfrastructure } from '../infrastructure';

/** Stops containers the global setup started; local services are left running for the next run. */
export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as { __ACCORD_INFRA__?: ProvidedInfrastructure }).__ACCORD_INFRA__;
  await infra?.stop();
}
