import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  fleetHealth,
  ownedInfrastructure,
  SERVICE_ENV_VARIABLE,
  startFaultProxy,
  testToken,
} from '@accord/testing';
import type { FaultProxy } from '@accord/testing';
import { chaosSummary, FULL_RUN, runChaos, SHORT_RUN, type ChaosReport } from '../../tools/chaos/chaos-run';
import { PipelineDriver } from '../../tools/demo/pipeline-driver';
import { useFleet } from './fleet';

/**
 * Faults against the real processes while referrals are walked through the pipeline: each fault is
 * repaired, then a fresh referral must go through; afterwards every acknowledged referral is in the
 * log exactly once and the whole log verifies. `npm test` runs the short form; `npm run chaos` the
 * full one (CHAOS_RUN=full), which kills every service in turn. The fleet runs on a PostgreSQL
 * cluster and a Kafka broker of its own, PostgreSQL behind a fault proxy (TCP, in this process).
 */
const full = process.env['CHAOS_RUN'] === 'full';
const basePort = Number(process.env['E2E_BASE_PORT'] ?? '3100');
const infra = ownedInfrastructure({ stateDir: resolve(__dirname, '..', '..', '.accord-chaos'), basePort });
const env: NodeJS.ProcessEnv = {};
let proxy: FaultProxy;

beforeAll(async () => {
  await infra.start();
  const postgresPort = new URL(infra.postgres.address).port;
  proxy = await startFaultProxy({
    port: basePort + 170,
    targetHost: '127.0.0.1',
    targetPort: Number(postgresPort),
  });
  // Every service reaches PostgreSQL through the proxy: its own identity's URL, on the proxy's port.
  const viaProxy = (text: string) => text.split(`127.0.0.1:${postgresPort}/`).join(`${proxy.address}/`);
  for (const [name, value] of Object.entries(infra.env))
    if (value !== undefined)
      env[name] = name === SERVICE_ENV_VARIABLE || name === 'DATABASE_URL' ? viaProxy(value) : value;
}, 300_000);
afterAll(async () => {
  await proxy?.close();
  await infra.stop();
}, 120_000);

describe('faults against the running system', () => {
  const handle = useFleet(env);
  beforeAll(() => {
    // Test tokens are trusted once their agency's issuer is in the directory: this fleet's own.
    process.env['INTAKE_URL'] = handle.fleet.urls.intake;
  });

  it(
    `loses and duplicates nothing, and the log verifies (${full ? 'full' : 'short'} run)`,
    async () => {
      const say = (line: string) => process.stdout.write(`[chaos] ${line}\n`);
      const report: ChaosReport = await runChaos(
        {
          fleet: handle.fleet,
          health: fleetHealth(() => handle.fleet),
          infra,
          proxy,
          driver: new PipelineDriver({
            url: () => handle.fleet.urls.gateway,
            token: testToken,
            retryUnanswered: true,
            timeoutMs: 180_000,
          }),
          auditorToken: () => testToken({ sub: 'chaos-auditor', agency: 'inspectorate', roles: ['auditor'] }),
          say,
        },
        full ? FULL_RUN : SHORT_RUN,
      );
      const summary = chaosSummary(report);
      summary.forEach(say);
      const out = process.env['CHAOS_REPORT'];
      if (out) writeFileSync(out, `${summary.join('\n')}\n`);

      expect(report.acknowledged).toBeGreaterThan(0);
      expect(report.lost).toEqual([]);
      expect(report.duplicated).toEqual([]);
      expect(report.decidedTwice).toEqual([]);
      expect(report.outOfOrder).toEqual([]);
      expect(report.unfinished).toEqual([]);
      expect(Object.values(report.deadLettered).every((count) => count === 0)).toBe(true);
      expect(Object.values(report.parked).every((count) => count === 0)).toBe(true);
      expect(report.verifyIntact).toBe(true);
    },
    full ? 1_800_000 : 900_000,
  );
});
