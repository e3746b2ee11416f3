import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { FLEET_SIZE, fleetHealth, ownedInfrastructure } from '@accord/testing';
import { useFleet } from './fleet';

/**
 * Every service keeps running while PostgreSQL or Kafka goes away, says so on /health (503 naming
 * the dependency), refuses writes with 503 + Retry-After meanwhile, and resumes by itself. The
 * fleet runs on a PostgreSQL cluster and a Kafka broker of its own (ports from E2E_BASE_PORT + 190),
 * so this suite can stop, kill and restart them without touching anybody else's servers.
 */
const infra = ownedInfrastructure({
  stateDir: resolve(__dirname, '..', '..', '.accord-dependency-loss'),
  basePort: Number(process.env['E2E_BASE_PORT'] ?? '3100'),
});
const { postgres, kafka } = infra;

beforeAll(() => infra.start(), 300_000);
afterAll(() => infra.stop(), 120_000);

describe('a dependency going away', () => {
  const handle = useFleet(infra.env);
  // Test tokens are trusted once their agency's issuer is in the directory: this fleet's own.
  beforeAll(() => {
    process.env['INTAKE_URL'] = handle.fleet.urls.intake;
  });
  const fleet = fleetHealth(() => handle.fleet);
  const everyProcessAlive = (): void => {
    expect(fleet.exited()).toEqual([]);
    expect(handle.fleet.processes.size).toBe(FLEET_SIZE);
  };
  const { everyServiceHealthy, everyServiceReports } = fleet;

  it('survives its PostgreSQL connections being terminated (57P01), mid-flow', async () => {
    const driver = handle.driver;
    const inFlight = driver.fullJourney();
    await driver.submit();
    const admin = new Client({ connectionString: postgres.address });
    await admin.connect();
    try {
      for (let round = 0; round < 3; round++) {
        await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid()`,
        );
        await new Promise((done) => setTimeout(done, 300));
      }
    } finally {
      await admin.end();
    }
    everyProcessAlive();
    await everyServiceHealthy();
    await expect(driver.statusReached(await inFlight, 'closed')).resolves.toMatchObject({ status: 'closed' });
    everyProcessAlive();
  });

  it('answers 503 naming PostgreSQL while it is down, refuses writes with Retry-After, and resumes after a restart', async () => {
    const driver = handle.driver;
    await postgres.stop();
    try {
      await everyServiceReports('postgres');
      const refused = await fetch(`${handle.fleet.urls.intake}/api/referrals/${randomUUID()}/accept`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await driver.screener()}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({
        status: 503,
        code: 'DEPENDENCY_UNAVAILABLE',
        correlationId: expect.any(String),
      });
      everyProcessAlive();
    } finally {
      await postgres.start();
    }
    await everyServiceHealthy();
    everyProcessAlive();
    const caseId = await driver.fullJourney();
    expect((await driver.status(caseId)).status).toBe('closed');
  });

  it('answers 503 naming Kafka while the broker is dead, takes referrals meanwhile, and carries them on after a restart', async () => {
    const driver = handle.driver;
    await kafka.kill();
    let caseId: string;
    try {
      await everyServiceReports('kafka');
      // The event store is the outbox: intake takes the referral; it travels once the broker is back.
      caseId = await driver.submit();
      everyProcessAlive();
    } finally {
      await kafka.start();
    }
    await everyServiceHealthy();
    await driver.walkToEligible(caseId);
    everyProcessAlive();
  });
});
