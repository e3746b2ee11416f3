import { Pool } from 'pg';
import { TOPIC_PARTITIONS, topics } from '@accord/contracts';
import { eventually, type RunningProcess } from '@accord/testing';
import { useFleet } from './fleet';

/** One sample of a replica's /metrics: the value of `name` over the series whose labels contain `labels`. */
async function metric(
  replica: RunningProcess,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(`${replica.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/**
 * Screening scaled out and in while referrals keep coming, and its relay leader killed: the
 * replicas share the consumer group's partitions and the gateway's requests, exactly one replica
 * relays at a time, and every case is decided exactly once and reaches consent.
 */
describe('scaling: screening from 1 to 3 replicas and back, and relay failover', () => {
  const handle = useFleet({}, { screening: 3 });
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  afterAll(() => pool.end());

  const intakeTopic = topics.events('intake');
  const typesOf = async (stream: string): Promise<string[]> =>
    (
      await pool.query<{ type: string }>(
        'select type from event_store.events where stream_id = $1 order by stream_version',
        [stream],
      )
    ).rows.map((row) => row.type);

  /** `count` referrals submitted and accepted through the gateway, all at once. */
  const load = (count: number): Promise<string[]> =>
    Promise.all(
      Array.from({ length: count }, async () => {
        const caseId = await handle.viaGateway.submit();
        await handle.viaGateway.accept(caseId);
        return caseId;
      }),
    );

  const screening = () => handle.fleet.replicas('screening');
  /** Waits until the running replicas together hold every partition of intake's topic, each some. */
  const untilPartitionsShared = (replicas: number) =>
    eventually(
      async () => {
        const running = screening();
        const shares = await Promise.all(
          running.map((r) => metric(r, 'accord_kafka_assigned_partitions', { topic: intakeTopic })),
        );
        return (
          running.length === replicas &&
          shares.every((share) => share > 0) &&
          shares.reduce((a, b) => a + b, 0) === TOPIC_PARTITIONS &&
          shares
        );
      },
      { timeout: 120_000, interval: 500 },
    );
  const leaders = async (): Promise<RunningProcess[]> => {
    const running = screening();
    const leading = await Promise.all(
      running.map(
        async (r) => (await metric(r, 'accord_relay_leader', { service: 'screening' }).catch(() => 0)) === 1,
      ),
    );
    return running.filter((_, index) => leading[index]);
  };

  it('shares the work, survives the relay leader being killed, and decides every case once', async () => {
    const cases: string[] = [];
    const firstLoad = load(8);
    await handle.fleet.scale('screening', 3);
    cases.push(...(await firstLoad));
    const shares = await untilPartitionsShared(3);
    console.log(`screening ×3: partitions of ${intakeTopic} per replica ${shares.join(', ')}`);

    // The gateway takes turns over the replicas' HTTP.
    const screener = await handle.viaGateway.screener();
    const served = () =>
      Promise.all(
        screening().map((r) =>
          metric(r, 'accord_http_requests_total', { method: 'GET', route: '/api/cases/:caseId/screening' }),
        ),
      );
    const before = await served();
    for (let i = 0; i < 6; i += 1)
      await handle.viaGateway.call(
        'screening',
        'GET',
        `/api/cases/${cases[0] as string}/screening`,
        screener,
      );
    const after = await served();
    expect(after.map((count, index) => count - (before[index] ?? 0))).toEqual([2, 2, 2]);

    cases.push(...(await load(8)));

    // Exactly one replica relays; kill it while referrals keep coming.
    const [leader, ...others] = await eventually(
      async () => {
        const found = await leaders();
        return found.length === 1 && found;
      },
      { timeout: 60_000, interval: 200 },
    );
    expect(others).toHaveLength(0);
    const duringFailover = load(8);
    await handle.fleet.killReplica('screening', (leader as RunningProcess).replica);
    const killedAt = Date.now();
    const [successor] = await eventually(
      async () => {
        const found = await leaders();
        return found.length === 1 && found;
      },
      { timeout: 60_000, interval: 100 },
    );
    console.log(
      `relay failover: screening#${(successor as RunningProcess).replica + 1} took the relay lock ${Date.now() - killedAt} ms after screening#${(leader as RunningProcess).replica + 1} was killed`,
    );
    expect((successor as RunningProcess).replica).not.toBe((leader as RunningProcess).replica);
    cases.push(...(await duringFailover));

    // Back to one replica, with referrals still coming.
    const lastLoad = load(8);
    await handle.fleet.scale('screening', 1);
    cases.push(...(await lastLoad));
    await untilPartitionsShared(1);
    expect(await leaders()).toHaveLength(1);

    // Waits for each case's decision to reach the referrer (the closed loop).
    for (const caseId of cases)
      await eventually(() => handle.viaGateway.statusReached(caseId, 'eligible'), {
        timeout: 90_000,
        interval: 500,
      });
    for (const caseId of cases) {
      const screened = await typesOf(`screening.Screening-${caseId}`);
      expect(screened.filter((type) => type === 'ScreeningStarted')).toHaveLength(1);
      expect(screened.filter((type) => type === 'CaseEligible')).toHaveLength(1);
      // Consent heard screening's decision (through whichever replica relayed it) exactly once.
      await eventually(async () => (await typesOf(`consent.Consent-${caseId}`)).length > 0, {
        timeout: 60_000,
        interval: 300,
      });
      expect(
        (await typesOf(`consent.Consent-${caseId}`)).filter((type) => type === 'ConsentCaseOpened'),
      ).toHaveLength(1);
    }
  }, 600_000);
});
