import { randomUUID } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { Pool } from 'pg';
import {
  checkContract,
  ConsentsComplete,
  consumerGroup,
  integrationEvent,
  topics,
  type ServiceName,
} from '@accord/contracts';
import { EVENT_STORE, parseStreamName, type EventStore, type RecordedEvent } from '@accord/event-store';
import {
  decodeCloudEvent,
  encodeCloudEvent,
  KafkaEventContext,
  toKafkaRecord,
  type CloudEvent,
} from '@accord/messaging';
import {
  createLogger,
  serviceConfig,
  startService,
  type Principal,
  type RunningService,
  type ServiceDefinition,
} from '@accord/platform';
import { eventually, freePort, freshId, testToken } from '@accord/testing';
import { ConsentsCompleteMessageController } from '../../services/conferencing/src/conference/start-conferencing/consents-complete.message.controller';
import { conferencingService } from '../../services/conferencing/src/conferencing.service';
import { intakeService } from '../../services/intake/src/intake.service';
import { ReferralStatusMessageController } from '../../services/intake/src/referral/referral-status/referral-status.message.controller';
import { ScreenCaseMessageController } from '../../services/screening/src/screening/screen-case/screen-case.message.controller';
import { screeningService } from '../../services/screening/src/screening.service';
import { validReferral } from '../../services/intake/test/intake-test-kit';
import { runRebuildCli } from './rebuild-cli';

// The tool compares whole tables with the whole log, so this suite runs on a database of its own
// (created here, dropped at the end) rather than the shared one other suites fill. The services
// run in-process with an unreachable broker: messages between them are handed to their message
// controllers exactly as KafkaEventServer would (envelope, contract check, context), so no other
// suite's messages on the shared topics can reach these read models.
const baseUrl = process.env['DATABASE_URL'] ?? '';
const masterKey = process.env['EVENT_STORE_MASTER_KEY'] ?? '';
const database = `${new URL(baseUrl).pathname.slice(1)}_rebuild_${randomBytes(4).toString('hex')}`;
const databaseUrl = (() => {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
})();

const admin = new Pool({ connectionString: baseUrl, max: 1 });
let pool: Pool;
let store: EventStore;
const running: RunningService[] = [];
let intake: RunningService;
let screening: RunningService;
let conferencing: RunningService;

async function start(definition: ServiceDefinition): Promise<RunningService> {
  const service = await startService(
    definition,
    serviceConfig(definition, {
      ...process.env,
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: `127.0.0.1:${await freePort()}`,
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
    }),
    createLogger(definition.name, 'silent'),
  );
  running.push(service);
  return service;
}

const token = (agency: string, ...roles: Principal['roles'][number][]) =>
  testToken({ sub: `${agency}-${freshId().slice(0, 8)}`, agency, roles });

async function http(service: RunningService, method: string, path: string, as: string, body?: unknown) {
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${as}`,
      'content-type': 'application/json',
      'idempotency-key': freshId(),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A stored event as its service's relay publishes it. */
function published(event: RecordedEvent): CloudEvent {
  const record = toKafkaRecord(parseStreamName(event.streamId).service as ServiceName, event);
  if (!record) throw new Error(`${event.type} is not published`);
  return decodeCloudEvent(record.headers, record.value);
}

/** A message as a consumer decodes it off the wire. */
function onTheWire(message: CloudEvent): CloudEvent {
  const record = encodeCloudEvent(message);
  return decodeCloudEvent(record.headers, record.value);
}

/** Hands a message to a message controller the way KafkaEventServer does. */
async function deliver<T>(
  message: CloudEvent,
  consumer: ServiceName,
  handler: (payload: T, context: KafkaEventContext) => Promise<void>,
): Promise<void> {
  const contract = integrationEvent(message.type);
  if (!contract) throw new Error(`no contract for ${message.type}`);
  const check = checkContract(contract, message.data);
  if (!check.valid)
    throw new Error(`${message.type} breaks its contract: ${JSON.stringify(check.violations)}`);
  await handler(
    check.value as T,
    new KafkaEventContext(message, topics.events(contract.source), 0, '0', {}, 1, consumerGroup(consumer)),
  );
}

/** Routes a message to whichever `@EventPattern` handler of `controller` takes its type, as Nest does. */
async function route(controller: object, consumer: ServiceName, message: CloudEvent): Promise<void> {
  const prototype = Object.getPrototypeOf(controller) as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const method = prototype[name];
    if (typeof method !== 'function') continue;
    const patterns: unknown = Reflect.getMetadata(PATTERN_METADATA, method);
    if (Array.isArray(patterns) && patterns.includes(message.type))
      return deliver(message, consumer, (payload, context) => method.call(controller, payload, context));
  }
}

async function rebuild(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runRebuildCli(
    argv,
    { DATABASE_URL: databaseUrl, EVENT_STORE_MASTER_KEY: masterKey },
    { out: (text) => (out += text), err: (text) => (err += text) },
  );
  return { code, out, err };
}

const checkpointOf = async (schema: string, name: string): Promise<string | null> =>
  (
    await pool.query<{ position: string }>(
      `SELECT position FROM ${schema}.projection_checkpoints WHERE name = $1`,
      [name],
    )
  ).rows[0]?.position ?? null;

/** Waits until the live runner has applied `events`. */
async function projected(schema: string, name: string, events: readonly RecordedEvent[]): Promise<void> {
  const last =
    events
      .map((event) => event.globalPosition)
      .sort()
      .at(-1) ?? '';
  await eventually(async () => ((await checkpointOf(schema, name)) ?? '') >= last, {
    timeout: 30_000,
    interval: 100,
  });
}

const count = async (table: string): Promise<number> =>
  Number((await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`)).rows[0]?.n);

const verdict = (out: string) => /^equal \((\d+) rows in (\d+) tables at position (\S+)\)$/m.exec(out);

let caseA: string;
let caseB: string;
let submittedB: RecordedEvent;
let decisionOfA: RecordedEvent;
let eligible: { profile: object; requirements: object };

/** Consent's ConsentsComplete for `caseId` (with case A's profile), handed to conferencing. */
async function consentsComplete(caseId: string): Promise<void> {
  await deliver(
    onTheWire({
      id: freshId(),
      type: ConsentsComplete.type,
      source: '/accord/consent',
      subject: caseId,
      time: new Date().toISOString(),
      data: {
        caseId,
        profile: eligible.profile,
        requirements: eligible.requirements,
        completedAt: new Date().toISOString(),
      },
    }),
    'conferencing',
    (payload, context) =>
      conferencing.app.get(ConsentsCompleteMessageController).onConsentsComplete(payload as never, context),
  );
}

beforeAll(async () => {
  await admin.query(`CREATE DATABASE "${database}"`);
  pool = new Pool({ connectionString: databaseUrl, max: 2 });
  intake = await start(intakeService);
  // This database's agency directory is this intake's: tokens register their issuers here, and the
  // other services read the trusted issuers from it.
  process.env['INTAKE_URL'] = intake.url;
  screening = await start(screeningService);
  conferencing = await start(conferencingService);
  store = intake.app.get<EventStore>(EVENT_STORE);

  // Two referrals through intake's HTTP commands; A is accepted, screened, and reaches conferencing.
  const referrer = await token('police-north', 'referrer');
  const screener = await token('rj-service-north', 'screener');
  const submitted = await Promise.all(
    [0, 1].map(() => http(intake, 'POST', '/api/referrals', referrer, validReferral())),
  );
  [caseA, caseB] = submitted.map((reply) => {
    expect(reply.status).toBe(201);
    return String(reply.body['caseId']);
  }) as [string, string];
  expect((await http(intake, 'POST', `/api/referrals/${caseA}/accept`, screener, {})).status).toBe(200);

  const intakeA = await store.readStream(`intake.Referral-${caseA}`);
  const accepted = intakeA.find((event) => event.type === 'ReferralAccepted');
  if (!accepted) throw new Error('no ReferralAccepted');
  await deliver(published(accepted), 'screening', (payload, context) =>
    screening.app.get(ScreenCaseMessageController).onReferralAccepted(payload as never, context),
  );
  const screeningA = await store.readStream(`screening.Screening-${caseA}`);
  decisionOfA = screeningA.at(-1) as RecordedEvent;
  expect(decisionOfA.type).toBe('CaseEligible');
  const caseWorkerAdmin = await token('rj-service-north', 'admin');
  const rostered = await http(
    conferencing,
    'PUT',
    `/api/facilitators/rebuild-${freshId()}`,
    caseWorkerAdmin,
    {
      name: 'Rebuild Facilitator',
      homeAgency: 'rj-service-north',
      accreditation: 'specialist',
      languages: ['en', 'cy'],
      region: 'north',
      maxCaseload: 5,
    },
  );
  expect(rostered.status).toBe(200);
  eligible = decisionOfA.data as { profile: object; requirements: object };
  await consentsComplete(caseA);

  // Intake hears what the later steps publish about its cases.
  const statusController = intake.app.get(ReferralStatusMessageController);
  for (const event of [...screeningA, ...(await store.readStream(`conferencing.Conference-${caseA}`))]) {
    const record = toKafkaRecord(parseStreamName(event.streamId).service as ServiceName, event);
    if (record) await route(statusController, 'intake', published(event));
  }

  submittedB = (await store.readStream(`intake.Referral-${caseB}`))[0] as RecordedEvent;
  await projected('intake', 'intake.referral-status.v1', [...intakeA, submittedB]);
  await projected('screening', 'screening.case-screening.v1', screeningA);
  await projected(
    'conferencing',
    'conferencing.case-conferences.v1',
    await store.readStream(`conferencing.Conference-${caseA}`),
  );
}, 180_000);

afterAll(async () => {
  // In parallel: each waits for its Kafka client to give up on the unreachable broker.
  await Promise.all(running.map((service) => service.app.close()));
  await pool?.end();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
});

describe('npm run rebuild (real PostgreSQL, a database of its own)', () => {
  it.each([
    [
      'intake',
      'referral-status',
      'intake',
      'intake.referral-status.v1',
      ['referral_cases', 'referral_timeline'],
    ],
    ['screening', 'case-screening', 'screening', 'screening.case-screening.v1', ['case_screening']],
    [
      'conferencing',
      'case-conference',
      'conferencing',
      'conferencing.case-conferences.v1',
      ['case_conferences'],
    ],
  ])(
    'finds the live %s %s equal to its rebuild, at the live checkpoint',
    async (service, projection, schema, checkpoint, tables) => {
      const result = await rebuild(service, projection);
      expect(result.err).toMatch(/events read of \d+ in the log, \d+ applied \(\d+ events\/s\)/);
      expect(result.code).toBe(0);
      const [, rows, tableCount, position] = verdict(result.out) ?? [];
      let live = 0;
      for (const table of tables) live += await count(`${schema}.${table}`);
      expect(Number(rows)).toBe(live);
      expect(live).toBeGreaterThan(0);
      expect(Number(tableCount)).toBe(tables.length);
      expect(position).toBe(await checkpointOf(schema, checkpoint));
      const scratch = await pool.query(`SELECT to_regnamespace($1) AS s`, [`${schema}_rebuild`]);
      expect(scratch.rows[0].s).toBeNull();
    },
  );

  it('reports exactly the intake rows someone changed, deleted and added; --apply repairs them', async () => {
    const stranger = freshId();
    await pool.query(`UPDATE intake.referral_cases SET status = 'declined' WHERE case_id = $1`, [caseA]);
    await pool.query(`DELETE FROM intake.referral_timeline WHERE event_id = $1`, [submittedB.eventId]);
    await pool.query(
      `INSERT INTO intake.referral_cases
         (case_id, referring_agency, receiving_service, referrer_reference, offence_category, status, submitted_at, updated_at)
       VALUES ($1, 'police-north', 'rj-service-north', 'PN/forged', 'property', 'received', now(), now())`,
      [stranger],
    );

    const found = await rebuild('intake', 'referral-status', '--settle', '1');
    expect(found.code).toBe(1);
    expect(found.out).toContain('differs at position');
    expect(found.out).toContain('1 missing from live, 1 extra in live, 1 changed');
    expect(found.out).toContain(
      `changed: case_id=${caseA}\n      status: live "declined", rebuilt "facilitator-assigned"`,
    );
    expect(found.out).toContain(`missing from live: event_id=${submittedB.eventId}`);
    expect(found.out).toContain(`extra in live: case_id=${stranger}`);
    expect(found.out).toContain('not compared (not derived from events): referral_timeline.seq');
    expect(found.out).not.toMatch(/^equal/m);
    // Without --apply the live tables are left as they were.
    expect(
      (await pool.query(`SELECT status FROM intake.referral_cases WHERE case_id = $1`, [caseA])).rows[0]
        .status,
    ).toBe('declined');

    const applied = await rebuild('intake', 'referral-status', '--apply', '--settle', '1');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('applied: 3 differing rows repaired');

    const again = await rebuild('intake', 'referral-status');
    expect(again.code).toBe(0);
    expect(verdict(again.out)).not.toBeNull();
    const reader = await token('rj-service-north', 'case-worker');
    const read = await http(intake, 'GET', `/api/referrals/${caseA}`, reader);
    expect(read.body['status']).toBe('facilitator-assigned');
    expect((await http(intake, 'GET', `/api/referrals/${stranger}`, reader)).status).toBe(404);
  });

  it('reports a changed and then a deleted conference row; --apply restores it', async () => {
    const [{ status }] = (
      await pool.query<{ status: string }>(
        `SELECT status FROM conferencing.case_conferences WHERE case_id = $1`,
        [caseA],
      )
    ).rows as [{ status: string }];
    await pool.query(`UPDATE conferencing.case_conferences SET status = 'closed' WHERE case_id = $1`, [
      caseA,
    ]);
    const changed = await rebuild('conferencing', 'case-conference');
    expect(changed.code).toBe(1);
    expect(changed.out).toContain('0 missing from live, 0 extra in live, 1 changed');
    expect(changed.out).toContain(
      `changed: case_id=${caseA}\n      status: live "closed", rebuilt "${status}"`,
    );

    await pool.query(`DELETE FROM conferencing.case_conferences WHERE case_id = $1`, [caseA]);
    const deleted = await rebuild('conferencing', 'case-conference');
    expect(deleted.code).toBe(1);
    expect(deleted.out).toContain('1 missing from live, 0 extra in live, 0 changed');
    expect(deleted.out).toContain(`missing from live: case_id=${caseA}`);

    // As the live runner leaves an event it could not apply: --apply, having applied them all, clears it.
    await pool.query(
      `INSERT INTO conferencing.projection_parked_events (projection, event_id, position, stream_id, stream_version, event_type, reason)
       VALUES ('conferencing.case-conferences.v1', $1, '0', $2, 0, 'ConferencingOpened', 'TypeError: test')`,
      [randomUUID(), `conferencing.Conference-${caseA}`],
    );
    expect((await rebuild('conferencing', 'case-conference', '--apply')).code).toBe(0);
    expect(await count('conferencing.projection_parked_events')).toBe(0);
    const again = await rebuild('conferencing', 'case-conference');
    expect(again.code).toBe(0);
    const reader = await token('rj-service-north', 'case-worker');
    const read = await http(conferencing, 'GET', `/api/cases/${caseA}/conference`, reader);
    expect(read.status).toBe(200);
    expect(read.body['status']).toBe(status);
  });

  it('stays exact, and repairs, while the live runner keeps applying new cases', async () => {
    let busy = true;
    const traffic = (async () => {
      let cases = 0;
      while (busy || cases < 3) {
        await consentsComplete(freshId());
        cases++;
      }
      return cases;
    })();
    try {
      const during = await rebuild('conferencing', 'case-conference');
      expect(during.code).toBe(0);
      expect(verdict(during.out)).not.toBeNull();
      await pool.query(
        `UPDATE conferencing.case_conferences SET risk_level = 'high', version = version + 10 WHERE case_id = $1`,
        [caseA],
      );
      const repaired = await rebuild('conferencing', 'case-conference', '--apply');
      expect({ code: repaired.code, err: repaired.code === 0 ? '' : repaired.err }).toEqual({
        code: 0,
        err: '',
      });
      expect(repaired.out).toContain(`changed: case_id=${caseA}`);
      // Rows the command runner wrote for the traffic's newest cases, ahead of the checkpoint the
      // rebuild compares at, are not differences: only the row someone changed is repaired.
      expect(repaired.out).toContain('applied: 1 differing rows repaired');
    } finally {
      busy = false;
    }
    expect(await traffic).toBeGreaterThanOrEqual(3);
    const after = await rebuild('conferencing', 'case-conference');
    expect(after.code).toBe(0);
  });

  it('restores a screening row someone deleted', async () => {
    await pool.query(`DELETE FROM screening.case_screening WHERE case_id = $1`, [caseA]);
    const found = await rebuild('screening', 'case-screening', '--settle', '1');
    expect(found.code).toBe(1);
    expect(found.out).toContain(`missing from live: case_id=${caseA}`);
    expect((await rebuild('screening', 'case-screening', '--apply', '--settle', '1')).code).toBe(0);
    expect(await count(`screening.case_screening WHERE case_id = '${caseA}'`)).toBe(1);
    expect((await rebuild('screening', 'case-screening')).code).toBe(0);
  });

  it('names the projections it knows when asked for one it does not (exit 2)', async () => {
    const unknownService = await rebuild('gateway', 'routes');
    expect(unknownService.code).toBe(2);
    expect(unknownService.err).toContain('no service "gateway" has read models');
    expect(unknownService.err).toContain('conferencing case-conference');
    const unknownProjection = await rebuild('intake', 'agencies');
    expect(unknownProjection.code).toBe(2);
    expect(unknownProjection.err).toContain('intake has no projection "agencies"; it has referral-status');
    expect((await rebuild('audit', 'access-log')).err).toContain('audit has no projections');
  });
});
