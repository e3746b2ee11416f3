import { SERVICE_NAMES } from '@accord/contracts';
import { errorLines, useFleet } from './fleet';

describe('the whole system, every service its own process', () => {
  const handle = useFleet();

  it.each(SERVICE_NAMES)('%s answers /health with PostgreSQL and Kafka up, and /metrics', async (name) => {
    const health = await fetch(`${handle.fleet.urls[name]}/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { details: Record<string, { status: string }> };
    expect(body.details['postgres']?.status).toBe('up');
    expect(body.details['kafka']?.status).toBe('up');
    const metrics = await fetch(`${handle.fleet.urls[name]}/metrics`);
    expect(await metrics.text()).toContain(`service="${name}"`);
  });

  it('refuses an unauthenticated call to a protected route with 401, directly and through the gateway', async () => {
    expect(
      (await fetch(`${handle.fleet.urls.intake}/api/referrals/00000000-0000-4000-8000-000000000000`)).status,
    ).toBe(401);
    expect(
      (await fetch(`${handle.fleet.urls.gateway}/api/referrals/00000000-0000-4000-8000-000000000000`)).status,
    ).toBe(401);
  });

  it('logs no ERROR line from a clean start and a restart of a service killed mid-run', async () => {
    await handle.fleet.kill('consent');
    await handle.fleet.start('consent');
    await handle.fleet.kill('intake');
    await handle.fleet.start('intake');
    // A settling broker, a consumer group rebalancing, a relay taking its lock back: WARN at most.
    expect(errorLines(handle.logDir)).toEqual([]);
  });
});
