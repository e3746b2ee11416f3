// The fault run behind `npm run chaos` (and its short form in `npm test`): a load of referrals walked
// through the pipeline by a client that carries consistency tokens and rides through unanswered
// requests, while faults are injected one after another into the real processes and dependencies;
// then Jepsen-style checks over what the client was told and what the log holds.
import { Pool } from 'pg';
import { SERVICE_NAMES, serviceDeclaration, topics, type ServiceName } from '@accord/contracts';
import {
  KafkaConnection,
  kafkaSecurityFromEnv,
  recordingLogger,
  topicMessageCounts,
} from '@accord/messaging';
import type { FaultProxy, FleetHealth, OwnedInfrastructure, ServiceFleet } from '@accord/testing';
import type { PipelineDriver } from '../demo/pipeline-driver';

/** One thing done to the system; `recover` is timed until a fresh referral goes through again. */
export type Fault =
  | { readonly kind: 'kill-service'; readonly service: ServiceName }
  | { readonly kind: 'kill-broker' }
  | { readonly kind: 'restart-postgres' }
  | { readonly kind: 'drop-connections' }
  | { readonly kind: 'latency'; readonly ms: number; readonly forMs: number };

export interface ChaosOptions {
  /** Referrals the load walks from submission to closure. */
  readonly referrals: number;
  /** Walkers at once. */
  readonly concurrency: number;
  readonly faults: readonly Fault[];
  /** Load between two faults (ms), so every fault meets work in flight. */
  readonly pauseMs: number;
}

/** Every service killed in turn, the broker killed, PostgreSQL restarted, the network made bad. */
export const FULL_RUN: ChaosOptions = {
  referrals: 40,
  concurrency: 6,
  pauseMs: 4_000,
  faults: [
    ...SERVICE_NAMES.map((service): Fault => ({ kind: 'kill-service', service })),
    { kind: 'kill-broker' },
    { kind: 'restart-postgres' },
    { kind: 'latency', ms: 150, forMs: 8_000 },
    { kind: 'drop-connections' },
  ],
};

/** What `npm test` runs: one of each kind of fault, a handful of referrals. */
export const SHORT_RUN: ChaosOptions = {
  referrals: 6,
  concurrency: 3,
  pauseMs: 1_500,
  faults: [
    { kind: 'kill-service', service: 'screening' },
    { kind: 'kill-broker' },
    { kind: 'restart-postgres' },
    { kind: 'drop-connections' },
  ],
};

export interface Recovery {
  readonly fault: string;
  /** From the fault's repair (a process restarted, a dependency back) to a fresh referral through screening. */
  readonly seconds: number;
}

export interface ChaosReport {
  readonly acknowledged: number;
  readonly lost: readonly string[];
  readonly duplicated: readonly string[];
  readonly walked: number;
  /** Walked cases that did not end closed (or whose walk failed), with why. */
  readonly unfinished: readonly string[];
  /** Once-per-case decisions found more than once. */
  readonly decidedTwice: readonly string[];
  /** Cases whose milestones are out of causal order in the log. */
  readonly outOfOrder: readonly string[];
  readonly deadLettered: Readonly<Record<string, number>>;
  readonly parked: Readonly<Record<string, number>>;
  readonly verifyIntact: boolean;
  /** When the log is broken: how many breaks, of which kinds, and the first (the verdict reports every one). */
  readonly verifyBreaks: string | null;
  readonly recoveries: readonly Recovery[];
}

export interface ChaosSystem {
  readonly fleet: ServiceFleet;
  readonly health: FleetHealth;
  readonly infra: OwnedInfrastructure;
  /** Between the services and PostgreSQL. */
  readonly proxy: FaultProxy;
  /** A driver through the gateway that rides through unanswered requests. */
  readonly driver: PipelineDriver;
  readonly auditorToken: () => Promise<string>;
  readonly say: (line: string) => void;
}

/** Decisions a case takes at most once, whatever the redeliveries and restarts. */
const ONCE_PER_CASE = [
  'ReferralSubmitted',
  'ReferralAccepted',
  'CaseEligible',
  'CaseIneligible',
  'ConsentsComplete',
  'FacilitatorAssigned',
  'AgreementReached',
  'CaseClosed',
];
/** A walked case's milestones, in the order each causes the next. */
const MILESTONES = [
  'ReferralSubmitted',
  'ReferralAccepted',
  'CaseEligible',
  'ConsentsComplete',
  'FacilitatorAssigned',
  'AgreementReached',
  'CaseClosed',
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const describeFault = (fault: Fault): string =>
  fault.kind === 'kill-service'
    ? `SIGKILL ${fault.service}`
    : fault.kind === 'latency'
      ? `PostgreSQL +${fault.ms} ms per packet for ${fault.forMs / 1000} s`
      : fault.kind === 'kill-broker'
        ? 'SIGKILL the Kafka broker'
        : fault.kind === 'restart-postgres'
          ? 'restart PostgreSQL'
          : 'drop every PostgreSQL connection';

export async function runChaos(system: ChaosSystem, options: ChaosOptions): Promise<ChaosReport> {
  const { driver, say } = system;
  const acknowledged = new Set<string>();
  const walked = new Set<string>();
  const walkFailures = new Map<string, string>();

  // The load: walkers take the next referral until all are started.
  let started = 0;
  const load = Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (started < options.referrals) {
        started++;
        let caseId: string;
        try {
          caseId = await driver.submit();
        } catch (error) {
          say(`  a submission was not acknowledged: ${(error as Error).message.slice(0, 200)}`);
          continue;
        }
        acknowledged.add(caseId);
        walked.add(caseId);
        try {
          await driver.walkToClosure(caseId);
        } catch (error) {
          walkFailures.set(caseId, (error as Error).message.slice(0, 300));
        }
      }
    }),
  );

  /** A fresh referral accepted and screened: the pipeline's first hop works again. */
  const probe = async (): Promise<string> => {
    const started = Date.now();
    const lap = () => `${((Date.now() - started) / 1000).toFixed(1)}`;
    const caseId = await driver.submit();
    acknowledged.add(caseId);
    const submitted = lap();
    await driver.accept(caseId);
    const accepted = lap();
    await driver.screening(caseId);
    return `submitted ${submitted} s, accepted ${accepted} s, screened ${lap()} s`;
  };

  const recoveries: Recovery[] = [];
  for (const fault of options.faults) {
    await sleep(options.pauseMs);
    const name = describeFault(fault);
    say(`fault: ${name}`);
    const repaired = await inject(system, fault);
    await system.health.everyServiceHealthy(120_000);
    const healthy = (Date.now() - repaired) / 1000;
    const laps = await probe();
    const seconds = (Date.now() - repaired) / 1000;
    recoveries.push({ fault: name, seconds });
    say(`  recovered in ${seconds.toFixed(1)} s (all healthy after ${healthy.toFixed(1)} s; then ${laps})`);
  }
  await load;
  say(`load done: ${acknowledged.size} acknowledged, ${walked.size} walked`);
  return { ...(await check(system, [...acknowledged], [...walked], walkFailures)), recoveries };
}

/** Does the fault; resolves with the moment it was repaired. */
async function inject(system: ChaosSystem, fault: Fault): Promise<number> {
  const { fleet, infra, proxy } = system;
  switch (fault.kind) {
    case 'kill-service': {
      await fleet.kill(fault.service);
      const repaired = Date.now();
      await fleet.start(fault.service);
      return repaired;
    }
    case 'kill-broker': {
      await infra.kafka.kill();
      await sleep(2_000);
      await infra.kafka.start();
      return Date.now();
    }
    case 'restart-postgres': {
      await infra.postgres.stop();
      await infra.postgres.start();
      return Date.now();
    }
    case 'drop-connections': {
      proxy.dropConnections();
      return Date.now();
    }
    case 'latency': {
      proxy.setLatency(fault.ms);
      await sleep(fault.forMs);
      proxy.setLatency(0);
      return Date.now();
    }
    default: {
      const never: never = fault;
      throw new Error(`unknown fault ${JSON.stringify(never)}`);
    }
  }
}

async function check(
  system: ChaosSystem,
  acknowledged: readonly string[],
  walked: readonly string[],
  walkFailures: ReadonlyMap<string, string>,
): Promise<Omit<ChaosReport, 'recoveries'>> {
  const { infra, driver } = system;
  const pool = new Pool({ connectionString: infra.postgres.address, max: 2 });
  try {
    const received = await pool.query<{ case_id: string; count: string }>(
      `SELECT right(stream_id, 36) AS case_id, count(*) AS count FROM event_store.events
        WHERE stream_id = ANY($1::text[]) AND type = 'ReferralSubmitted' GROUP BY 1`,
      [acknowledged.map((caseId) => `intake.Referral-${caseId}`)],
    );
    const counts = new Map(received.rows.map((row) => [row.case_id, Number(row.count)]));
    const lost = acknowledged.filter((caseId) => !counts.has(caseId));
    const duplicated = acknowledged.filter((caseId) => (counts.get(caseId) ?? 0) > 1);

    const twice = await pool.query<{ case_id: string; type: string; count: string }>(
      `SELECT right(stream_id, 36) AS case_id, type, count(*) AS count FROM event_store.events
        WHERE right(stream_id, 36) = ANY($1::text[]) AND type = ANY($2::text[])
        GROUP BY 1, 2 HAVING count(*) > 1`,
      [acknowledged, ONCE_PER_CASE],
    );
    const decidedTwice = twice.rows.map((row) => `${row.case_id}: ${row.type} ×${row.count}`);

    const milestones = await pool.query<{ case_id: string; type: string; position: string }>(
      `SELECT right(stream_id, 36) AS case_id, type, min(global_position)::text AS position
         FROM event_store.events WHERE right(stream_id, 36) = ANY($1::text[]) AND type = ANY($2::text[])
        GROUP BY 1, 2`,
      [walked, MILESTONES],
    );
    const outOfOrder = walked.filter((caseId) => {
      const positions = MILESTONES.map((type) =>
        milestones.rows.find((row) => row.case_id === caseId && row.type === type),
      )
        .filter((row) => row !== undefined)
        .map((row) => BigInt(row.position));
      return positions.some((position, index) => index > 0 && position <= (positions[index - 1] ?? 0n));
    });

    const unfinished: string[] = [];
    for (const caseId of walked) {
      const failure = walkFailures.get(caseId);
      if (failure) {
        unfinished.push(`${caseId}: ${failure}`);
        continue;
      }
      const status = await driver.status(caseId);
      if (status.status !== 'closed') unfinished.push(`${caseId}: ${status.status}`);
    }

    const parked: Record<string, number> = {};
    const schemas = await pool.query<{ schema: string }>(
      `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'projection_parked_events'`,
    );
    for (const { schema } of schemas.rows) {
      const rows = await pool.query<{ count: string }>(
        `SELECT count(*) AS count FROM "${schema}".projection_parked_events`,
      );
      parked[schema] = Number(rows.rows[0]?.count ?? 0);
    }

    const kafkaEnv = await infra.kafka.adminEnv();
    const connection = new KafkaConnection({
      clientId: 'accord-chaos',
      brokers: [infra.kafka.address],
      logger: recordingLogger(),
      security: kafkaSecurityFromEnv({ ...process.env, ...kafkaEnv }),
    });
    let deadLettered: Record<string, number>;
    try {
      deadLettered = await topicMessageCounts(
        connection,
        SERVICE_NAMES.filter((service) => serviceDeclaration(service).hears.length > 0).map((service) =>
          topics.dlq(service),
        ),
      );
    } finally {
      await connection.close();
    }

    const verify = await driver.call<{ intact?: boolean; breaks?: LogBreaks }>(
      'audit',
      'GET',
      '/api/audit/verify',
      await system.auditorToken(),
    );
    return {
      acknowledged: acknowledged.length,
      lost,
      duplicated,
      walked: walked.length,
      unfinished,
      decidedTwice,
      outOfOrder,
      deadLettered,
      parked,
      verifyIntact: verify.status === 200 && verify.body.intact === true,
      verifyBreaks: describeBreaks(verify.status, verify.body.breaks),
    };
  } finally {
    await pool.end();
  }
}

/** What GET /api/audit/verify says of a broken log (the parts the report shows). */
export interface LogBreaks {
  readonly count: number;
  readonly byReason: readonly { readonly reason: string; readonly count: number }[];
  readonly first: readonly {
    readonly stream: string | null;
    readonly version: number | null;
    readonly reason: string;
  }[];
}

export function describeBreaks(status: number, breaks: LogBreaks | undefined): string | null {
  if (status !== 200) return `verification answered ${status}`;
  if (!breaks) return null;
  const [first] = breaks.first;
  const kinds = breaks.byReason.map(({ reason, count }) => `${reason} ×${count}`).join(', ');
  return `${breaks.count} break(s): ${kinds}${first ? `; first ${first.reason} in ${first.stream ?? 'the seal'}${first.version === null ? '' : `@${first.version}`}` : ''}`;
}

/** The report, ending with the one line a person or a script reads. */
export function chaosSummary(report: ChaosReport): string[] {
  const sum = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((a, b) => a + b, 0);
  const maxRecovery = Math.max(0, ...report.recoveries.map((r) => r.seconds));
  return [
    ...report.recoveries.map((r) => `recovery: ${r.fault}: ${r.seconds.toFixed(1)} s`),
    `invariant: every acknowledged referral exists exactly once: ${report.lost.length} lost, ${report.duplicated.length} duplicated${[...report.lost, ...report.duplicated].length ? ` (${[...report.lost, ...report.duplicated].slice(0, 5).join(', ')})` : ''}`,
    `invariant: every walked case closed: ${report.walked - report.unfinished.length} of ${report.walked}${report.unfinished.length ? ` (${report.unfinished.slice(0, 3).join('; ')})` : ''}`,
    `invariant: no decision appended twice: ${report.decidedTwice.length === 0 ? 'none' : report.decidedTwice.slice(0, 5).join('; ')}`,
    `invariant: per-case order of milestones: ${report.outOfOrder.length === 0 ? 'kept' : `broken for ${report.outOfOrder.slice(0, 5).join(', ')}`}`,
    `invariant: dead-letter topics empty: ${sum(report.deadLettered)} messages`,
    `invariant: parked projection events: ${sum(report.parked)}`,
    `invariant: whole-log verify: ${report.verifyIntact ? 'intact' : `broken${report.verifyBreaks ? ` (${report.verifyBreaks})` : ''}`}`,
    `chaos: ${report.acknowledged} acknowledged, ${report.lost.length} lost, ${report.duplicated.length} duplicated, verify ${report.verifyIntact ? 'intact' : 'broken'}, max recovery ${maxRecovery.toFixed(1)} s`,
  ];
}
