import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { parse } from 'yaml';
import { SERVICE_NAMES, servicePortVariable } from '@accord/contracts';
import { eventually } from '@accord/testing';
import { useFleet } from './fleet';

const root = resolve(__dirname, '..', '..');
const run = promisify(execFile);

/**
 * `npm run ops:up` against a fleet: a real Prometheus scrapes every service with Accord's rules
 * loaded, and the gauges the alerts watch move with what the system does.
 */
describe('operations: Prometheus over a running fleet', () => {
  const handle = useFleet();
  const stateDir = mkdtempSync(join(tmpdir(), 'accord-ops-'));
  const port = Number(process.env['E2E_BASE_PORT'] ?? '3100') + 150;
  const prometheus = `http://127.0.0.1:${port}`;
  let env: NodeJS.ProcessEnv;

  const query = async (promql: string): Promise<Array<{ metric: Record<string, string>; value: number }>> => {
    const response = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await response.json()) as {
      data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    return body.data.result.map(({ metric, value }) => ({ metric, value: Number(value[1]) }));
  };

  beforeAll(async () => {
    env = {
      ...process.env,
      ACCORD_STATE_DIR: stateDir,
      ACCORD_PROMETHEUS_PORT: String(port),
      ...Object.fromEntries(
        SERVICE_NAMES.map((name) => [servicePortVariable(name), new URL(handle.fleet.urls[name]).port]),
      ),
    };
    const { stdout } = await run('npm', ['run', '--silent', 'ops:up'], { cwd: root, env });
    expect(stdout).toContain(`Prometheus: ${prometheus}`);
  }, 120_000);

  afterAll(async () => {
    await run('npm', ['run', '--silent', 'ops:down'], { cwd: root, env });
  }, 60_000);

  it('scrapes every service of the service list, and every target is up', async () => {
    const targets = await eventually(
      async () => {
        const body = (await (await fetch(`${prometheus}/api/v1/targets`)).json()) as {
          data: { activeTargets: Array<{ labels: Record<string, string>; health: string }> };
        };
        const active = body.data.activeTargets;
        return active.length === SERVICE_NAMES.length && active.every((t) => t.health === 'up') && active;
      },
      { timeout: 60_000, interval: 1000 },
    );
    expect(targets.map((t) => t.labels['service']).sort()).toEqual([...SERVICE_NAMES].sort());
  });

  it('has loaded every alert of deploy/prometheus/accord.rules.yml', async () => {
    const file = parse(readFileSync(resolve(root, 'deploy/prometheus/accord.rules.yml'), 'utf8')) as {
      groups: Array<{ rules: Array<{ alert?: string }> }>;
    };
    const expected = file.groups.flatMap((g) => g.rules.flatMap((r) => (r.alert ? [r.alert] : [])));
    const body = (await (await fetch(`${prometheus}/api/v1/rules?type=alert`)).json()) as {
      data: { groups: Array<{ rules: Array<{ name: string; health: string }> }> };
    };
    const loaded = body.data.groups.flatMap((g) => g.rules);
    expect(loaded.map((r) => r.name).sort()).toEqual([...expected].sort());
    // Evaluated against the live series without errors.
    await eventually(
      async () => {
        const again = (await (await fetch(`${prometheus}/api/v1/rules?type=alert`)).json()) as typeof body;
        return again.data.groups.flatMap((g) => g.rules).every((r) => r.health === 'ok');
      },
      { timeout: 30_000, interval: 1000 },
    );
  });

  it('sees the relay leader and what it published, seal checkpoints, and verifications', async () => {
    const driver = handle.driver;
    const caseId = await driver.eligibleCase();
    const auditor = await driver.token('inspectorate', ['auditor'], 'auditor-ops-e2e');
    const verify = await driver.call<{ intact: boolean }>(
      'audit',
      'GET',
      `/api/cases/${caseId}/verify`,
      auditor,
    );
    expect(verify.body.intact).toBe(true);

    // Screening published the decision the case waited for: its relay leads, and no service has two.
    await eventually(
      async () => {
        const leaders = await query('sum by (service) (accord_relay_leader)');
        return (
          leaders.find((l) => l.metric['service'] === 'screening')?.value === 1 &&
          leaders.every((l) => l.value <= 1)
        );
      },
      { timeout: 60_000, interval: 1000 },
    );
    await eventually(
      async () => {
        const [checkpoint] = await query('accord_seal_last_checkpoint_timestamp_seconds');
        const [intact] = await query('accord_audit_verifications_total{scope="case",result="intact"}');
        return (checkpoint?.value ?? 0) > Date.now() / 1000 - 600 && (intact?.value ?? 0) >= 1;
      },
      { timeout: 60_000, interval: 1000 },
    );
    await eventually(
      async () =>
        ((await query('sum(accord_kafka_published_total{service="screening"})'))[0]?.value ?? 0) >= 1,
      { timeout: 30_000, interval: 1000 },
    );
  });

  it('sees events held behind a long open transaction, and the horizon free again once it ends', async () => {
    const blocker = new Client({ connectionString: process.env['DATABASE_URL'] });
    await blocker.connect();
    try {
      // An open transaction with an id holds the xmin horizon: events committed after it wait.
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_current_xact_id()');
      await handle.driver.submit();
      const held = await eventually(
        async () => {
          const [events] = await query('accord_event_store_horizon_held_events');
          const [wait] = await query('accord_event_store_horizon_wait_seconds');
          return (
            (events?.value ?? 0) > 0 && (wait?.value ?? 0) > 0 && { events: events?.value, wait: wait?.value }
          );
        },
        { timeout: 60_000, interval: 1000 },
      );
      expect(held.events).toBeGreaterThan(0);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    await eventually(
      async () => {
        const [events] = await query('accord_event_store_horizon_held_events');
        return events?.value === 0;
      },
      { timeout: 60_000, interval: 1000 },
    );
  });
});
