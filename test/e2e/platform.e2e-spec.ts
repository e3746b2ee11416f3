import { SERVICE_PORT_OFFSETS, type E2eService } from '@accord/testing';

const url = (name: E2eService): string => {
  const value = process.env[`E2E_${name.toUpperCase().replace('-', '_')}_URL`];
  if (!value) throw new Error(`E2E URL for ${name} is not set: run through jest.e2e.config.js`);
  return value;
};

describe('the whole system, every service its own process', () => {
  it.each(Object.keys(SERVICE_PORT_OFFSETS) as E2eService[])(
    '%s answers /health with PostgreSQL and Kafka up, and /metrics',
    async (name) => {
      const health = await fetch(`${url(name)}/health`);
      expect(health.status).toBe(200);
      const body = (await health.json()) as { details: Record<string, { status: string }> };
      expect(body.details['postgres']?.status).toBe('up');
      expect(body.details['kafka']?.status).toBe('up');
      const metrics = await fetch(`${url(name)}/metrics`);
      expect(await metrics.text()).toContain(`service="${name}"`);
    },
  );

  it('refuses an unauthenticated call to a protected route with 401', async () => {
    const response = await fetch(`${url('intake')}/api/referrals/00000000-0000-4000-8000-000000000000`);
    expect(response.status).toBe(401);
  });
});
