import type { ProvidedInfrastructure } from '../infrastructure';
import type { ServiceFleet } from '../services';

export default async function e2eTeardown(): Promise<void> {
  const state = (globalThis as { __ACCORD_E2E__?: { infra: ProvidedInfrastructure; fleet: ServiceFleet } })
    .__ACCORD_E2E__;
  await state?.fleet.stop();
  await state?.infra.stop();
}
