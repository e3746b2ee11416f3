// Round trips per referral: how many SQL statements and Kafka requests each service makes for one
// referral walked from submit to screening's decision. Unlike throughput, this does not depend on
// how loaded the machine is. The services count (tools/bench/sql-count.cjs, preloaded through
// `roundTripEnv`); `snapshotRoundTrips` asks each for its counts (SIGUSR2) and reads them back.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ServiceName } from '@accord/contracts';

export interface RoundTrips {
  readonly total: number;
  readonly statements: Readonly<Record<string, number>>;
  readonly kafkaTotal: number;
  readonly kafka: Readonly<Record<string, number>>;
}

const root = resolve(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** What a fleet's environment needs for its services to count their round trips into `dir`. */
export function roundTripEnv(env: NodeJS.ProcessEnv, dir: string): NodeJS.ProcessEnv {
  const preload = `--require ${resolve(root, 'tools/bench/sql-count.cjs')}`;
  return {
    ...env,
    NODE_OPTIONS: [env['NODE_OPTIONS'], preload].filter(Boolean).join(' '),
    ACCORD_SQL_COUNT_DIR: dir,
  };
}

/** Every service's counts so far. */
export async function snapshotRoundTrips(
  dir: string,
  pids: ReadonlyMap<ServiceName, number>,
): Promise<Map<ServiceName, RoundTrips>> {
  const file = (name: ServiceName) => resolve(dir, `${name}.json`);
  for (const [name, pid] of pids) {
    rmSync(file(name), { force: true });
    process.kill(pid, 'SIGUSR2');
  }
  const snapshots = new Map<ServiceName, RoundTrips>();
  const deadline = Date.now() + 10_000;
  for (const name of pids.keys()) {
    while (!existsSync(file(name))) {
      if (Date.now() > deadline)
        throw new Error(`${name} wrote no round-trip counts (is sql-count.cjs preloaded?)`);
      await sleep(20);
    }
    snapshots.set(name, JSON.parse(readFileSync(file(name), 'utf8')) as RoundTrips);
  }
  return snapshots;
}

function difference(after: Readonly<Record<string, number>>, before: Readonly<Record<string, number>>) {
  return Object.entries(after)
    .map(([key, count]) => [key, count - (before[key] ?? 0)] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
}

/** Per service: SQL statements and Kafka requests per referral, with the commonest statements. */
export function roundTripsPerReferral(
  before: ReadonlyMap<ServiceName, RoundTrips>,
  after: ReadonlyMap<ServiceName, RoundTrips>,
  referrals: number,
): Array<{
  readonly service: ServiceName;
  readonly sql: number;
  readonly kafka: number;
  readonly top: ReadonlyArray<readonly [string, number]>;
  readonly kafkaApis: ReadonlyArray<readonly [string, number]>;
}> {
  return [...after].map(([service, counts]) => {
    const start = before.get(service) ?? { total: 0, statements: {}, kafkaTotal: 0, kafka: {} };
    return {
      service,
      sql: (counts.total - start.total) / referrals,
      kafka: (counts.kafkaTotal - start.kafkaTotal) / referrals,
      top: difference(counts.statements, start.statements).map(([key, n]) => [key, n / referrals] as const),
      kafkaApis: difference(counts.kafka, start.kafka).map(([key, n]) => [key, n / referrals] as const),
    };
  });
}
