import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { lowRiskCaseFile } from '@accord/conferencing-domain/testing';
import {
  DATA_ACCESS_AGGREGATE,
  noScreeningRequirements,
  PERSONAL_DATA_READ,
  type CaseProfile,
  type ScreeningRequirements,
} from '@accord/contracts';
import {
  EVENT_STORE,
  PostgresEventStore,
  SealSigningKey,
  streamName,
  type EventMetadata,
  type NewEvent,
  type PersonalDataRule,
  type RecordedEvent,
} from '@accord/event-store';
import {
  createLogger,
  serviceConfig,
  startService,
  type Principal,
  type RunningService,
} from '@accord/platform';
import { eventually, fieldsOf, freePort, freshName, tamper, testToken } from '@accord/testing';
import { auditService } from './audit.service';
import type { HistoryEntry } from './case-history/case-history';
import { checkpointMessage, checkSignature, type ExportedCheckpoint } from './checkpoints/checkpoint';
import { runAuditCli } from './cli';

const env = process.env;
const masterKey = env['EVENT_STORE_MASTER_KEY'] ?? '';
const admin = new Pool({ connectionString: env['DATABASE_URL'] ?? '', max: 2 });
let running: RunningService;
let writer: PostgresEventStore;

// Intake's personal-data rule (services/intake/src/intake.service.ts) and follow-up's, so the
// events are stored exactly as those services store them: names encrypted per person.
const PERSONAL = ['name', 'dateOfBirth', 'contactPreferences', 'accessibilityNeeds'];
const personalData: PersonalDataRule[] = [
  {
    type: 'ReferralSubmitted',
    personalFields: [
      { personIdPath: 'people.harmed[*].personId', fields: PERSONAL },
      { personIdPath: 'people.responsible[*].personId', fields: PERSONAL },
      { personIdPath: 'people.supporters[*].personId', fields: PERSONAL },
      { personIdPath: 'incident.summaryHeldBy', fields: ['summary'] },
    ],
  },
  { type: 'CheckInNotesRecorded', personalFields: [{ personIdPath: 'harmedPersonId', fields: ['notes'] }] },
];

// The services whose streams this suite writes. The relay publishes them like any others, so a
// notifications service running in another suite may react (ProfileRecorded in its own stream):
// the case's own trail is read with this filter, as an auditor would ask for it.
const WRITTEN = 'service=intake,screening,consent,conferencing,follow-up';
const reactedTo = (streamId: string) => streamId.startsWith('notifications.Notifications-');

// Each run has its own agencies, so nothing here depends on what other suites stored.
const receiving = freshName('rj-audit');
const referring = freshName('police-audit');

beforeAll(async () => {
  running = await startService(
    auditService,
    serviceConfig(auditService, { ...env, PORT: String(await freePort()), HOST: '127.0.0.1' }),
    createLogger('audit', 'silent'),
  );
  writer = await PostgresEventStore.create({
    connectionString: env['DATABASE_URL'] ?? '',
    masterKey,
    personalData,
    poolConfig: { max: 4 },
  });
}, 120_000);

afterAll(async () => {
  await running?.app.close();
  await writer?.close();
  await admin.end();
});

const streams = (caseId: string) => ({
  intake: streamName('intake', 'Referral', caseId),
  screening: streamName('screening', 'Screening', caseId),
  consent: streamName('consent', 'Consent', caseId),
  conferencing: streamName('conferencing', 'Conference', caseId),
  followUp: streamName('follow-up', 'FollowUp', caseId),
});

interface BuiltCase {
  readonly caseId: string;
  readonly harmed: string;
  readonly responsible: string;
  readonly harmedName: string;
  readonly responsibleName: string;
  /** Event ids in the order they were appended: e[0] … e[12]. */
  readonly e: string[];
  /** Just before the first event, and the last event of each of three phases. */
  readonly before: string;
  readonly moments: [string, string, string];
}

/**
 * A case as five services would have written it, in three phases: referred and accepted;
 * screened eligible and consent sought; consents complete, facilitator assigned, follow-up told.
 */
async function buildCase(): Promise<BuiltCase> {
  const caseId = randomUUID();
  const harmed = randomUUID();
  const responsible = randomUUID();
  const harmedName = `Harriet Quillfeather ${randomUUID().slice(0, 8)}`;
  const responsibleName = `Roderick Ashgrove ${randomUUID().slice(0, 8)}`;
  const s = streams(caseId);
  const correlationId = randomUUID();
  const e = Array.from({ length: 13 }, () => randomUUID());
  const id = (n: number): string => e[n] ?? '';
  const now = () => new Date().toISOString();
  const meta = (actor: string, agency: string, causationId: string, extra: Partial<EventMetadata> = {}) => ({
    correlationId,
    causationId,
    actor,
    agency,
    occurredAt: now(),
    ...extra,
  });
  const event = (
    n: number,
    type: string,
    data: object,
    metadata: EventMetadata,
  ): NewEvent<string, object> => ({
    eventId: id(n),
    type,
    schemaVersion: 1,
    data,
    metadata,
  });
  const profile: CaseProfile = {
    referringAgency: referring,
    receivingService: receiving,
    offenceCategory: 'property',
    incidentDate: '2026-01-10',
    riskLevel: 'low',
    riskFlags: [],
    pendingCourtProceedings: false,
    participants: [
      { personId: harmed, role: 'harmed', ageAtReferral: 44, willingToBeContacted: true, language: 'en' },
      {
        personId: responsible,
        role: 'responsible',
        ageAtReferral: 23,
        acceptsResponsibility: true,
        language: 'en',
      },
    ],
  };
  const requirements: ScreeningRequirements = noScreeningRequirements();
  const contact = { methods: ['phone'], phone: '01632 960000' };
  const append = async (stream: string, events: NewEvent<string, object>[]) => {
    await writer.appendToStream(stream, events, { expectedVersion: 'any' });
    const stored = await writer.readStream(stream);
    return stored[stored.length - 1] as RecordedEvent;
  };
  // The next phase starts in a later millisecond than the last one ended (recordedAt has ms precision).
  const afterwards = async (recordedAt: string) =>
    eventually(() => Date.now() > Date.parse(recordedAt) + 1, { timeout: 5_000, interval: 2 });

  const submittedAt = now();
  const first = await append(s.intake, [
    event(
      0,
      'ReferralSubmitted',
      {
        caseId,
        requestHash: 'h',
        referringAgency: referring,
        receivingService: receiving,
        referrerReference: 'REF-77',
        incident: {
          offenceCategory: 'property',
          date: '2026-01-10',
          summary: `${harmedName}'s shed was broken into`,
          summaryHeldBy: harmed,
        },
        people: {
          harmed: [
            {
              personId: harmed,
              name: harmedName,
              dateOfBirth: '1981-05-02',
              contactPreferences: contact,
              language: 'en',
              willingToBeContacted: true,
              ageAtReferral: 44,
            },
          ],
          responsible: [
            {
              personId: responsible,
              name: responsibleName,
              dateOfBirth: '2002-07-09',
              contactPreferences: contact,
              language: 'en',
              acceptsResponsibility: true,
              ageAtReferral: 23,
            },
          ],
          supporters: [],
        },
        riskLevel: 'low',
        riskFlags: [],
        pendingCourtProceedings: false,
        submittedBy: 'officer-1',
        submittedAt,
      },
      meta('officer-1', referring, randomUUID()),
    ),
  ]);
  const before = new Date(Date.parse(first.recordedAt) - 1).toISOString();
  const t1 = await append(s.intake, [
    event(
      1,
      'ReferralAccepted',
      { caseId, profile, acceptedBy: 'rj-worker-1', acceptedAt: now() },
      meta('rj-worker-1', receiving, randomUUID()),
    ),
  ]);
  await afterwards(t1.recordedAt);

  const screeningMeta = meta('system:screening', receiving, id(1), { ruleVersion: '2026-1' });
  await append(s.screening, [
    event(
      2,
      'ScreeningStarted',
      { caseId, profile, trigger: 'referral-accepted', ruleSetVersion: '2026-1', startedAt: now() },
      screeningMeta,
    ),
    event(
      3,
      'CaseEligible',
      {
        caseId,
        profile,
        ruleSetVersion: '2026-1',
        rules: [
          {
            rule: 'responsibility-accepted',
            result: 'pass',
            reasonCode: 'ACCEPTS_RESPONSIBILITY',
            explanation: 'accepted',
          },
        ],
        requirements,
        decidedBy: 'system',
        decidedAt: now(),
      },
      screeningMeta,
    ),
  ]);
  const consentMeta = meta('system:consent', receiving, id(3), { ruleVersion: 'consent-2026-1' });
  const requested = (n: number, personId: string, role: string) =>
    event(
      n,
      'ConsentRequested',
      {
        caseId,
        personId,
        role,
        purpose: 'participation',
        requestedAt: now(),
        dueAt: '2026-12-31T00:00:00.000Z',
      },
      consentMeta,
    );
  const t2 = await append(s.consent, [
    event(
      4,
      'ConsentCaseOpened',
      { caseId, profile, requirements, openedAt: now(), dueAt: '2026-12-31T00:00:00.000Z' },
      consentMeta,
    ),
    requested(5, harmed, 'harmed'),
    requested(6, responsible, 'responsible'),
  ]);
  await afterwards(t2.recordedAt);

  const given = (n: number, personId: string, role: string) =>
    event(
      n,
      'ConsentGiven',
      {
        caseId,
        personId,
        role,
        purpose: 'participation',
        method: 'in-person',
        recordedBy: 'officer-2',
        recordedAt: now(),
      },
      meta('officer-2', receiving, randomUUID(), { onBehalfOf: personId }),
    );
  await append(s.consent, [given(7, harmed, 'harmed')]);
  await append(s.consent, [given(8, responsible, 'responsible')]);
  await append(s.consent, [
    event(
      9,
      'ConsentsComplete',
      { caseId, profile, requirements, completedAt: now() },
      meta('system:consent', receiving, id(8)),
    ),
  ]);
  const conferencingMeta = meta('system:conferencing', receiving, id(9));
  await append(s.conferencing, [
    event(
      10,
      'ConferencingOpened',
      {
        caseId,
        // The whole case file, as conferencing writes it: its projection reads these same streams.
        file: lowRiskCaseFile(
          [
            { personId: harmed, role: 'harmed', language: 'en' },
            { personId: responsible, role: 'responsible', language: 'en' },
          ],
          { referringAgency: referring, receivingService: receiving },
        ),
        openedAt: now(),
      },
      conferencingMeta,
    ),
    event(
      11,
      'FacilitatorAssigned',
      { caseId, facilitatorId: 'facilitator-7', how: 'automatic', assignedAt: now() },
      conferencingMeta,
    ),
  ]);
  const t3 = await append(s.followUp, [
    event(
      12,
      'CaseRegistered',
      {
        caseId,
        referringAgency: referring,
        receivingService: receiving,
        offenceCategory: 'property',
        consentsCompletedAt: now(),
      },
      meta('system:follow-up', receiving, id(9)),
    ),
  ]);
  return {
    caseId,
    harmed,
    responsible,
    harmedName,
    responsibleName,
    e,
    before,
    moments: [t1.recordedAt, t2.recordedAt, t3.recordedAt],
  };
}

const auditor: Principal = { sub: 'auditor-1', agency: 'inspectorate', roles: ['auditor'] };
const accordAdmin: Principal = { sub: 'admin-1', agency: 'accord-ops', roles: ['admin'] };
const receivingWorker = (): Principal => ({ sub: 'cw-1', agency: receiving, roles: ['case-worker'] });
const otherWorker: Principal = { sub: 'cw-9', agency: 'rj-elsewhere', roles: ['case-worker'] };

async function call(method: string, path: string, principal: Principal | null, body?: unknown) {
  const response = await fetch(`${running.url}${path}`, {
    method,
    headers: {
      ...(principal ? { authorization: `Bearer ${await testToken(principal)}` } : {}),
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
    body: (/^application\/(problem\+)?json/.test(contentType) ? JSON.parse(text) : {}) as any,
    text,
    contentType,
  };
}

const get = (path: string, principal: Principal | null = auditor) => call('GET', path, principal);
const eventIds = (entries: HistoryEntry[]) => entries.map((entry) => entry.eventId);

/** Runs SQL with the immutability triggers off, as an attacker with superuser access could. */
const asAttacker = (sql: string, values: unknown[]) => tamper(admin, sql, values);

function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  return runAuditCli(args, env, { out: (text) => (out += text), err: (text) => (err += text) }).then(
    (code) => ({
      code,
      out,
      err,
    }),
  );
}

describe('audit (in-process, real PostgreSQL and Kafka)', () => {
  let built: BuiltCase;
  beforeAll(async () => {
    built = await buildCase();
  }, 60_000);

  it("gives auditors every service's events in global order, with audit trail, causation links and personal data", async () => {
    const { caseId, e, harmed, harmedName } = built;
    const response = await get(`/api/cases/${caseId}/history?${WRITTEN}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ caseId, view: 'full', total: 13, page: 1, pages: 1 });
    const entries = response.body.entries as HistoryEntry[];
    expect(eventIds(entries)).toEqual(e);
    expect(entries.map((entry) => entry.service)).toEqual([
      'intake',
      'intake',
      'screening',
      'screening',
      'consent',
      'consent',
      'consent',
      'consent',
      'consent',
      'consent',
      'conferencing',
      'conferencing',
      'follow-up',
    ]);
    const byId = new Map(entries.map((entry) => [entry.eventId, entry]));
    expect(byId.get(e[3] ?? '')).toMatchObject({
      type: 'CaseEligible',
      schemaVersion: 1,
      actor: 'system:screening',
      agency: receiving,
      ruleVersion: '2026-1',
      causationId: e[1],
      causedBy: e[1],
      streamVersion: 1,
    });
    // What the suite's own events caused (a reacting notifications service's events left out).
    const causes = (id: string | undefined) =>
      byId.get(id ?? '')?.causes.filter((cause) => e.includes(cause));
    expect(causes(e[1])).toEqual([e[2], e[3]]);
    expect(causes(e[9])).toEqual([e[10], e[11], e[12]]);
    expect(byId.get(e[7] ?? '')).toMatchObject({ onBehalfOf: harmed, causedBy: null, actor: 'officer-2' });
    expect(byId.get(e[0] ?? '')?.occurredAt).toEqual(expect.any(String));
    expect(byId.get(e[0] ?? '')?.data).toMatchObject({
      people: { harmed: [{ personId: harmed, name: harmedName }] },
    });
    // The read itself is on record, and shown with the case.
    expect(response.body.accessLog).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'access',
          actor: 'auditor-1',
          agency: 'inspectorate',
          endpoint: 'GET /api/cases/:caseId/history',
        }),
      ]),
    );
  });

  it('filters by service, type, actor and time, pages, and exports CSV and NDJSON', async () => {
    const { caseId, e, moments } = built;
    const base = `/api/cases/${caseId}/history`;
    const ids = async (query: string) => {
      const response = await get(`${base}?${query}`);
      expect(response.status).toBe(200);
      return eventIds(response.body.entries as HistoryEntry[]);
    };
    expect(await ids('service=consent')).toEqual(e.slice(4, 10));
    expect(await ids('service=intake,follow-up')).toEqual([e[0], e[1], e[12]]);
    expect(await ids('type=ConsentGiven,CaseEligible')).toEqual([e[3], e[7], e[8]]);
    expect(await ids('actor=officer-2')).toEqual([e[7], e[8]]);
    // Each phase starts in a later millisecond than the one before ended.
    const afterFirst = new Date(Date.parse(moments[0]) + 1).toISOString();
    expect(await ids(`from=${afterFirst}&to=${moments[1]}`)).toEqual(e.slice(2, 7));
    const page = await get(`${base}?pageSize=5&page=3&${WRITTEN}`);
    expect(page.body).toMatchObject({ total: 13, page: 3, pageSize: 5, pages: 3 });
    expect(eventIds(page.body.entries)).toEqual(e.slice(10));

    const csv = await get(`${base}?format=csv&type=CaseEligible`);
    expect(csv.status).toBe(200);
    expect(csv.contentType).toContain('text/csv');
    const rows = csv.text.trimEnd().split('\r\n');
    expect(rows[0]).toMatch(
      /^kind,position,service,streamId,streamVersion,eventId,type,schemaVersion,recordedAt,occurredAt,actor,agency/,
    );
    expect(rows[1]).toContain(`event,`);
    expect(rows[1]).toContain(`,${e[3]},CaseEligible,1,`);
    expect(rows[1]).toContain(',system:screening,');
    expect(rows.slice(2).every((row) => row.startsWith('access,'))).toBe(true);

    const ndjson = await get(`${base}?format=ndjson&${WRITTEN}`);
    expect(ndjson.contentType).toContain('application/x-ndjson');
    const lines = ndjson.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; eventId?: string });
    expect(lines[0]).toMatchObject({ kind: 'summary', caseId, total: 13, view: 'full' });
    expect(lines.filter((line) => line.kind === 'event').map((line) => line.eventId)).toEqual(e);
  });

  it("shows the receiving service's staff the trail without personal data, and no one else anything", async () => {
    const { caseId, e, harmedName } = built;
    const response = await get(`/api/cases/${caseId}/history?${WRITTEN}`, receivingWorker());
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ view: 'withheld', total: 13, erasures: [], accessLog: [] });
    expect(eventIds(response.body.entries)).toEqual(e);
    expect(response.text).not.toContain(harmedName);
    expect(response.body.entries[0].data.people.harmed[0]).toMatchObject({
      name: '[withheld]',
      dateOfBirth: '[withheld]',
    });
    // Not a read of personal data, so not in the access log.
    const logged = await admin.query(`SELECT 1 FROM audit.access_log WHERE case_id = $1 AND actor = 'cw-1'`, [
      caseId,
    ]);
    expect(logged.rowCount).toBe(0);

    for (const principal of [
      otherWorker,
      { sub: 'officer-1', agency: referring, roles: ['referrer'] } as Principal,
    ]) {
      const hidden = await get(`/api/cases/${caseId}/history`, principal);
      expect(hidden.status).toBe(404);
      expect(hidden.body.code).toBe('CASE_NOT_FOUND');
    }
    expect((await get(`/api/cases/${randomUUID()}/history`)).status).toBe(404);
    expect((await get(`/api/cases/${caseId}/history`, null)).status).toBe(401);
    expect((await get(`/api/cases/${caseId}/state`, receivingWorker())).status).toBe(403);
    expect((await get(`/api/cases/${caseId}/verify`, receivingWorker())).status).toBe(403);

    const bad = await get(
      `/api/cases/${caseId}/history?service=nowhere&pageSize=0&from=yesterday&format=xml`,
    );
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['format', 'from', 'pageSize', 'service']);
    expect((await get(`/api/cases/not-a-uuid/history`)).status).toBe(400);
  });

  it('rebuilds the case as every service saw it, through its decider, at three moments (and before it existed)', async () => {
    const { caseId, moments, before, harmed, responsible } = built;
    const state = async (asOf: string) => {
      const response = await get(`/api/cases/${caseId}/state?asOf=${encodeURIComponent(asOf)}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ caseId, asOf: new Date(asOf).toISOString() });
      return response.body.services;
    };

    expect(await state(before)).toEqual({
      intake: null,
      screening: null,
      consent: null,
      conferencing: null,
      'follow-up': null,
      notifications: null,
    });

    const first = await state(moments[0]);
    expect(first.intake).toEqual({
      stream: { streamId: streams(caseId).intake, version: 1, lastRecordedAt: moments[0] },
      state: {
        status: 'submitted',
        caseId,
        requestHash: 'h',
        referringAgency: referring,
        receivingService: receiving,
        decision: 'accepted',
        profile: expect.objectContaining({ referringAgency: referring, riskLevel: 'low' }),
      },
    });
    expect(first).toMatchObject({ screening: null, consent: null, conferencing: null, 'follow-up': null });
    expect(JSON.stringify(first)).not.toContain('Quillfeather');

    const second = await state(moments[1]);
    expect(second.screening.state).toMatchObject({
      status: 'decided',
      current: { outcome: 'eligible', ruleSetVersion: '2026-1', decidedBy: 'system' },
      automatic: { outcome: 'eligible', decidedBy: 'system' },
    });
    expect(second.screening.state.current.rules).toEqual([
      expect.objectContaining({ rule: 'responsibility-accepted', result: 'pass' }),
    ]);
    expect(second.consent).toMatchObject({
      stream: { streamId: streams(caseId).consent, version: 2, lastRecordedAt: moments[1] },
      state: {
        status: 'requested',
        required: [
          { personId: harmed, role: 'harmed' },
          { personId: responsible, role: 'responsible' },
        ],
        consents: {},
      },
    });
    expect(second).toMatchObject({ conferencing: null, 'follow-up': null });

    const third = await state(moments[2]);
    expect(third.consent.state).toMatchObject({
      status: 'complete',
      consents: {
        [`${harmed}|participation`]: { status: 'given', recordedBy: 'officer-2' },
        [`${responsible}|participation`]: { status: 'given' },
      },
    });
    expect(third.conferencing.state).toMatchObject({
      status: 'open',
      facilitatorId: 'facilitator-7',
      conference: null,
    });
    expect(third['follow-up'].state).toMatchObject({
      registration: { referringAgency: referring, receivingService: receiving },
      milestones: { 'consents-complete': expect.any(String) },
      progress: { phase: 'awaiting-agreement' },
    });

    const malformed = await get(`/api/cases/${caseId}/state?asOf=last-tuesday`);
    expect(malformed.status).toBe(400);
    expect(fieldsOf(malformed.body)).toEqual(['asOf']);
    expect((await get(`/api/cases/${randomUUID()}/state`)).status).toBe(404);

    const log = (await get(`/api/cases/${caseId}/history?pageSize=1`)).body.accessLog as {
      endpoint: string;
    }[];
    expect(
      log.filter((entry) => entry.endpoint === 'GET /api/cases/:caseId/state').length,
    ).toBeGreaterThanOrEqual(4);
  });

  it("shows each service's reads of the case with their counts (a v1 event as one read) and verifies them", async () => {
    const { caseId } = await buildCase();
    const stream = streamName('consent', DATA_ACCESS_AGGREGATE, caseId);
    const read = {
      caseId,
      endpoint: 'GET /api/cases/:caseId/consent',
      actor: 'officer-2',
      agency: receiving,
      roles: ['consent-officer'],
    };
    const opening = randomUUID();
    const meta = (causationId: string): EventMetadata => ({
      correlationId: causationId,
      causationId,
      actor: read.actor,
      agency: receiving,
      occurredAt: new Date().toISOString(),
    });
    const readEvent = (eventId: string, data: object, schemaVersion: number, causationId = eventId) => ({
      eventId,
      type: PERSONAL_DATA_READ,
      schemaVersion,
      data,
      metadata: meta(causationId),
    });
    // A window of a client polling every 300 ms for a minute, then a read recorded before v2.
    await writer.appendToStream(
      stream,
      [
        readEvent(
          opening,
          {
            ...read,
            reads: 1,
            firstReadAt: '2026-01-05T09:00:00.000Z',
            lastReadAt: '2026-01-05T09:00:00.000Z',
          },
          2,
        ),
        readEvent(
          randomUUID(),
          {
            ...read,
            reads: 199,
            firstReadAt: '2026-01-05T09:00:00.300Z',
            lastReadAt: '2026-01-05T09:00:59.700Z',
          },
          2,
          opening,
        ),
        readEvent(randomUUID(), read, 1),
      ],
      { expectedVersion: 'no-stream' },
    );
    const v1 = (await writer.readStream(stream))[2];

    const history = await get(`/api/cases/${caseId}/history?pageSize=1`);
    expect(history.status).toBe(200);
    const consentReads = (history.body.accessLog as { service: string }[]).filter(
      (entry) => entry.service === 'consent',
    );
    const shown = { kind: 'access', service: 'consent', ...read };
    expect(consentReads).toEqual([
      {
        ...shown,
        at: '2026-01-05T09:00:00.000Z',
        lastAt: '2026-01-05T09:00:00.000Z',
        reads: 1,
        correlationId: opening,
      },
      {
        ...shown,
        at: '2026-01-05T09:00:00.300Z',
        lastAt: '2026-01-05T09:00:59.700Z',
        reads: 199,
        correlationId: expect.any(String),
      },
      { ...shown, at: v1?.recordedAt, lastAt: v1?.recordedAt, reads: 1, correlationId: v1?.eventId },
    ]);
    const csv = await get(`/api/cases/${caseId}/history?format=csv&pageSize=1`);
    expect(csv.text).toContain('""reads"":199,""lastAt"":""2026-01-05T09:00:59.700Z""');

    const verified = await get(`/api/cases/${caseId}/verify`);
    expect(verified.body).toMatchObject({ intact: true });
    expect(verified.body.streams).toEqual(
      expect.arrayContaining([expect.objectContaining({ streamId: stream, intact: true, checked: 3 })]),
    );
  });

  it('answers 404 to verify a case that does not exist, not "intact"', async () => {
    const unknown = await get(`/api/cases/${randomUUID()}/verify`);
    expect(unknown).toMatchObject({ status: 404, body: { code: 'CASE_NOT_FOUND' } });
  });

  it('verifies the case and the whole log, and names the stream and version someone altered', async () => {
    const { caseId } = built;
    const s = streams(caseId);
    const intact = await get(`/api/cases/${caseId}/verify`);
    expect(intact.status).toBe(200);
    expect(intact.body).toMatchObject({ caseId, intact: true, broken: null });
    expect(
      intact.body.streams
        .filter((stream: { streamId: string }) => !reactedTo(stream.streamId))
        .map((stream: { streamId: string; checked: number }) => [stream.streamId, stream.checked]),
    ).toEqual([
      [s.intake, 2],
      [s.screening, 2],
      [s.consent, 6],
      [s.conferencing, 2],
      [s.followUp, 1],
      // The case's access log: each service's reads of it (none were made through the services here).
      ...['intake', 'screening', 'consent', 'conferencing', 'follow-up', 'notifications'].map((service) => [
        `${service}.DataAccess-${caseId}`,
        0,
      ]),
    ]);
    const all = await get('/api/audit/verify');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ intact: true });
    // The same walk, streamed: progress as it goes, then the result.
    const streamed = await get('/api/audit/verify?format=ndjson&every=1');
    expect(streamed.status).toBe(200);
    expect(streamed.contentType).toContain('application/x-ndjson');
    const lines = streamed.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; checked: number; total?: number | null });
    const result = lines[lines.length - 1];
    const progress = lines.slice(0, -1);
    expect(result).toMatchObject({ kind: 'result', intact: true });
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress.every((line) => line.kind === 'progress' && typeof line.total === 'number')).toBe(true);
    expect(progress.map((line) => line.checked)).toEqual(
      [...progress.map((line) => line.checked)].sort((a, b) => a - b),
    );
    expect(progress[progress.length - 1]?.checked).toBe(result?.checked);
    expect((await get('/api/audit/verify?format=xml')).status).toBe(400);

    // The tamper is undone at once, so no other suite's whole-log verification sees it.
    const { rows } = await admin.query<{ data: string }>(
      `SELECT data::text AS data FROM event_store.events WHERE stream_id = $1 AND stream_version = 1`,
      [s.screening],
    );
    const original = rows[0]?.data ?? '';
    let broken;
    try {
      await asAttacker(
        `UPDATE event_store.events SET data = jsonb_set(data, '{ruleSetVersion}', '"2019-0"') WHERE stream_id = $1 AND stream_version = 1`,
        [s.screening],
      );
      broken = await get(`/api/cases/${caseId}/verify`);
    } finally {
      await asAttacker(
        `UPDATE event_store.events SET data = $2::jsonb WHERE stream_id = $1 AND stream_version = 1`,
        [s.screening, original],
      );
    }
    expect(broken.body).toMatchObject({
      intact: false,
      broken: {
        stream: s.screening,
        version: 1,
        reason: 'hash-mismatch',
        expected: expect.any(String),
        found: expect.any(String),
      },
    });
    expect(
      broken.body.streams.find((stream: { streamId: string }) => stream.streamId === s.screening).intact,
    ).toBe(false);
    expect((await get(`/api/cases/${caseId}/verify`)).body.intact).toBe(true);
  });

  it('exports a signed checkpoint that the CLI checks against the log offline', async () => {
    const store = running.app.get<PostgresEventStore>(EVENT_STORE);
    const lastPosition = (await writer.readStream(streams(built.caseId).followUp))[0]?.globalPosition ?? '';
    const checkpoint = await eventually(
      async () => {
        await store.sealPending({ forceCheckpoint: true });
        const response = await get('/api/audit/checkpoints/latest');
        expect(response.status).toBe(200);
        expect((response.body as ExportedCheckpoint).globalPosition >= lastPosition).toBe(true);
        return response.body as ExportedCheckpoint;
      },
      { timeout: 60_000, interval: 500 },
    );
    const sealKey = new SealSigningKey(env['SEAL_SIGNING_KEY'] ?? '');
    expect(checkpoint).toMatchObject({
      format: 'accord-seal-checkpoint/v2',
      algorithm: 'Ed25519',
      keyId: sealKey.keyId,
      publicKey: sealKey.publicKey.pem,
      signedMessage: checkpointMessage(checkpoint.sealSeq, checkpoint.sealHash, checkpoint.globalPosition),
    });
    expect(checkSignature(checkpoint, { publicKey: sealKey.publicKey })).toMatchObject({ valid: true });
    expect((await get('/api/audit/checkpoints/latest', receivingWorker())).status).toBe(403);

    const dir = mkdtempSync(join(tmpdir(), 'audit-checkpoint-'));
    const file = join(dir, 'checkpoint.json');
    const publicKey = join(dir, 'seal-public.pem');
    writeFileSync(file, JSON.stringify(checkpoint));
    writeFileSync(publicKey, sealKey.publicKey.pem);
    const good = await cli([
      'verify',
      '--checkpoint',
      file,
      '--public-key',
      publicKey,
      '--progress-every',
      '2',
    ]);
    expect(JSON.parse(good.out)).toMatchObject({
      intact: true,
      verdict: expect.stringMatching(/^VALID: /),
      checkpoint: {
        sealSeq: checkpoint.sealSeq,
        trustedKey: { keyId: sealKey.keyId, from: `--public-key ${publicKey}` },
        signature: { valid: true },
        inLog: { valid: true },
      },
      log: { intact: true },
    });
    expect(good.code).toBe(0);
    expect(good.err).toMatch(/^VALID: seal checkpoint \d+: Ed25519 signature by seal key/m);
    // The whole-log walk's progress went to stderr too, up to the count the report gives.
    expect(good.err).toMatch(/^verify: 2 of \d+ events checked$/m);
    expect(good.err).toContain(`verify: ${JSON.parse(good.out).log.checked as number} of `);

    const forged = join(dir, 'forged.json');
    writeFileSync(forged, JSON.stringify({ ...checkpoint, sealHash: '0'.repeat(64) }));
    const bad = await cli(['verify', '--checkpoint', forged, '--public-key', publicKey]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({
      intact: false,
      checkpoint: { signature: { problem: 'signature-invalid' }, inLog: { problem: 'differs-from-log' } },
    });
    expect(bad.err).toMatch(/^INVALID: /);
  });

  it('answers history, state and case verification from the CLI too', async () => {
    const { caseId, e, moments } = built;
    const csv = await cli(['history', caseId, '--format', 'csv', '--service', 'screening']);
    expect(csv.code).toBe(0);
    expect(csv.out.split('\r\n').filter((row) => row.startsWith('event,'))).toHaveLength(2);
    const state = await cli(['state', caseId, '--as-of', moments[0]]);
    expect(JSON.parse(state.out)).toMatchObject({
      caseId,
      services: { intake: { state: { decision: 'accepted' } }, screening: null },
    });
    const exported = await cli(['export', caseId]);
    const kinds = exported.out
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; eventId?: string; streamId?: string });
    expect(
      kinds
        .filter((line) => line.kind === 'event' && !reactedTo(line.streamId ?? ''))
        .map((line) => line.eventId),
    ).toEqual(e);
    expect(kinds).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'access', endpoint: 'cli export' })]),
    );
    const verified = await cli(['verify', caseId]);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.out)).toMatchObject({ intact: true, case: { intact: true } });
    expect((await cli(['state'])).code).toBe(2);
    expect((await cli(['history', caseId, '--from', 'soon'])).code).toBe(2);
  });
  it('serves its OpenAPI document for the gateway to merge', async () => {
    const response = await get('/openapi.json', null);
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/cases/{caseId}/history',
        '/api/cases/{caseId}/state',
        '/api/cases/{caseId}/verify',
        '/api/audit/verify',
        '/api/audit/checkpoints/latest',
        '/api/people/{personId}/erasure',
      ]),
    );
  });
});

describe('erasure', () => {
  let built: BuiltCase;
  beforeAll(async () => {
    built = await buildCase();
  }, 60_000);

  const stored = async (caseId: string, text: string) => {
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM event_store.events WHERE stream_id = ANY ($1::text[]) AND strpos(data::text, $2) > 0`,
      [Object.values(streams(caseId)), text],
    );
    return rows[0]?.n;
  };

  it('is for admins only, never auditors, and needs a reason', async () => {
    const path = `/api/people/${built.harmed}/erasure`;
    expect((await call('POST', path, auditor, { reason: 'asked' })).status).toBe(403);
    expect(
      (await call('POST', path, { ...accordAdmin, roles: ['admin', 'auditor'] }, { reason: 'asked' })).status,
    ).toBe(403);
    expect((await call('POST', path, receivingWorker(), { reason: 'asked' })).status).toBe(403);
    expect((await call('POST', path, null, { reason: 'asked' })).status).toBe(401);
    const missing = await call('POST', path, accordAdmin, {});
    expect(missing.status).toBe(400);
    expect(fieldsOf(missing.body)).toEqual(['/reason']);
    expect(
      (await call('POST', '/api/people/not-a-uuid/erasure', accordAdmin, { reason: 'asked' })).status,
    ).toBe(400);
    // Nothing was erased by any of those.
    const history = await get(`/api/cases/${built.caseId}/history?type=ReferralSubmitted`);
    expect(history.body.entries[0].data.people.harmed[0].name).toBe(built.harmedName);
  });

  it('answers 404 for a person Accord never knew, records nothing, and says the same the second time', async () => {
    const nobody = randomUUID();
    for (const attempt of ['first', 'second']) {
      const answer = await call('POST', `/api/people/${nobody}/erasure`, accordAdmin, { reason: attempt });
      expect(answer).toMatchObject({ status: 404, body: { code: 'PERSON_NOT_FOUND' } });
    }
    const { rows } = await admin.query('SELECT 1 FROM audit.erasures WHERE person_id = $1', [nobody]);
    expect(rows).toHaveLength(0);
  });

  it("shreds the person's fields in every read while history and verification still hold", async () => {
    const { caseId, harmed, responsible, harmedName, responsibleName } = built;
    // The store never held the name in plaintext, before or after.
    expect(await stored(caseId, harmedName)).toBe(0);
    expect(await stored(caseId, 'Quillfeather')).toBe(0);

    const erased = await call('POST', `/api/people/${harmed}/erasure`, accordAdmin, {
      reason: 'erasure request ER-19',
    });
    expect(erased.status).toBe(201);
    expect(erased.body).toMatchObject({
      kind: 'erasure',
      personId: harmed,
      erasedBy: 'admin-1',
      agency: 'accord-ops',
      reason: 'erasure request ER-19',
      alreadyErased: false,
    });
    const again = await call('POST', `/api/people/${harmed}/erasure`, accordAdmin, { reason: 'again' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ reason: 'erasure request ER-19', alreadyErased: true });

    const history = await get(`/api/cases/${caseId}/history?${WRITTEN}`);
    expect(history.status).toBe(200);
    expect(history.body.total).toBe(13);
    const submitted = history.body.entries[0].data;
    expect(submitted.people.harmed[0]).toMatchObject({
      personId: harmed,
      name: '[erased]',
      dateOfBirth: '[erased]',
      contactPreferences: '[erased]',
    });
    expect(submitted.incident.summary).toBe('[erased]');
    expect(submitted.people.responsible[0].name).toBe(responsibleName);
    expect(history.text).not.toContain(harmedName);
    expect(history.body.erasures).toEqual([
      expect.objectContaining({
        kind: 'erasure',
        personId: harmed,
        erasedBy: 'admin-1',
        reason: 'erasure request ER-19',
      }),
    ]);

    expect((await get(`/api/cases/${caseId}/verify`)).body).toMatchObject({ intact: true });
    expect((await get(`/api/cases/${caseId}/state`)).body.services.intake).toMatchObject({
      state: {
        decision: 'accepted',
        profile: { participants: [{ personId: harmed }, { personId: responsible }] },
      },
    });
    expect(await stored(caseId, harmedName)).toBe(0);
  });
});
