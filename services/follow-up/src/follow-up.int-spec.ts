import { Pool } from 'pg';
import {
  ActionOverdue,
  AgreementReached,
  CaseHalted,
  checkContract,
  ConsentsComplete,
  NoAgreement,
  noScreeningRequirements,
  type AgreementReachedV1,
  type ConsentsCompleteV1,
  type ServiceName,
} from '@accord/contracts';
import type { EventStore } from '@accord/event-store';
import type { Principal } from '@accord/platform';
import { startServiceUnderTest, tokenFor, type ServiceUnderTest } from '@accord/platform/testing';
import { DurableScheduler } from '@accord/scheduler';
import { eventually, fieldsOf, freshId, freshName } from '@accord/testing';
import type { FollowUpConfig } from './follow-up.config';
import { followUpStream } from './follow-up/follow-up.stream';
import { followUpService } from './follow-up.service';

const pool = new Pool({ connectionString: process.env['DATABASE_URL'] ?? '', max: 2 });
let followUp: ServiceUnderTest<FollowUpConfig>;
let store: EventStore;
let scheduler: DurableScheduler;

// Each run has its own receiving service and referrer, so its cases and reports are its own.
const service = freshName('rj-test');
const referrer = freshName('police-test');
const SECOND_IN_DAYS = 1 / 86_400;

beforeAll(async () => {
  followUp = await startServiceUnderTest(followUpService, {
    env: {
      // Days compressed to seconds: reminders 1 s before due, check-ins after 20 s and 40 s, missed after 20 s more.
      FOLLOW_UP_REMINDER_DAYS_BEFORE: String(SECOND_IN_DAYS),
      FOLLOW_UP_CHECK_IN_DAYS: `${20 * SECOND_IN_DAYS},${40 * SECOND_IN_DAYS}`,
      FOLLOW_UP_CHECK_IN_GRACE_DAYS: String(20 * SECOND_IN_DAYS),
      FOLLOW_UP_TIMER_POLL_MS: '200',
    },
  });
  store = followUp.store;
  scheduler = followUp.running.app.get(DurableScheduler);
  // Wait for the consumer to join its group, so the timing of later tests is about timers, not Kafka.
  const warmUp = freshId();
  await consentsComplete(warmUp, freshId(), referrer);
  await eventually(async () => expect(await types(warmUp)).toContain('CaseRegistered'), {
    timeout: 90_000,
    interval: 250,
  });
}, 120_000);

afterAll(async () => {
  await followUp?.close();
  await pool.end();
});

async function publish(source: ServiceName, type: string, caseId: string, data: object): Promise<void> {
  await followUp.publish(source, type, caseId, data);
}

async function consentsComplete(caseId: string, harmed: string, referringAgency: string) {
  const data: ConsentsCompleteV1 = {
    caseId,
    profile: {
      referringAgency,
      receivingService: service,
      offenceCategory: 'property',
      incidentDate: '2026-10-01',
      riskLevel: 'low',
      riskFlags: [],
      pendingCourtProceedings: false,
      participants: [
        { personId: harmed, role: 'harmed', ageAtReferral: 40, willingToBeContacted: true, language: 'en' },
      ],
    },
    requirements: noScreeningRequirements(),
    completedAt: new Date().toISOString(),
  };
  await publish('consent', ConsentsComplete.type, caseId, data);
}

interface Case {
  caseId: string;
  harmed: string;
  responsible: string;
  actions: AgreementReachedV1['actions'];
}

/** A case known to follow-up (ConsentsComplete heard), then an agreement with actions due at the given times. */
async function agreedCase(dueBys: Date[], referringAgency = referrer): Promise<Case> {
  const c = { caseId: freshId(), harmed: freshId(), responsible: freshId() };
  await consentsComplete(c.caseId, c.harmed, referringAgency);
  await eventually(async () => expect(await types(c.caseId)).toContain('CaseRegistered'), 60_000);
  const actions = dueBys.map((dueBy, i) => ({
    actionId: freshId(),
    kind: 'reparation' as const,
    what: `Action ${i + 1}`,
    by: c.responsible,
    dueBy: dueBy.toISOString(),
  }));
  const agreement: AgreementReachedV1 = {
    caseId: c.caseId,
    actions,
    harmedPersons: [c.harmed],
    heldAt: new Date().toISOString(),
  };
  await publish('conferencing', AgreementReached.type, c.caseId, agreement);
  await eventually(async () => expect(await types(c.caseId)).toContain('FollowUpStarted'), 60_000);
  return { ...c, actions };
}

/** A case known to follow-up (ConsentsComplete heard), then a conference that ended without agreement. */
async function noAgreementCase(referringAgency: string, reason: string): Promise<string> {
  const caseId = freshId();
  await consentsComplete(caseId, freshId(), referringAgency);
  await publish('conferencing', NoAgreement.type, caseId, {
    caseId,
    reason,
    heldAt: new Date().toISOString(),
  });
  return caseId;
}

const types = async (caseId: string) => (await store.readStream(followUpStream(caseId))).map((e) => e.type);
const events = async (caseId: string, type: string) =>
  (await store.readStream(followUpStream(caseId))).filter((e) => e.type === type);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);

/** As a user of this run's receiving service, unless `principal` names another agency. */
const call = (method: string, path: string, principal: Partial<Principal>, body?: unknown) =>
  followUp.callAs({ agency: service, ...principal }, method, path, body);

const caseWorker = { roles: ['case-worker' as const] };

describe('follow-up (in-process, real Kafka and PostgreSQL)', () => {
  it('tracks the agreed actions: one due in ~2 s is reminded, then becomes ActionOverdue; the other waits', async () => {
    const c = await agreedCase([new Date(Date.now() + 2_000), inDays(30)]);
    const [soon, later] = c.actions;
    if (!soon || !later) throw new Error('two actions expected');

    // Timers are scheduled right after FollowUpStarted is stored.
    await eventually(async () => {
      const timers = (await scheduler.pending({ caseId: c.caseId })).map((t) => t.timerId);
      expect(timers).toContain(`action-due:${later.actionId}`);
    }, 60_000);
    const [overdue] = await eventually(async () => {
      const found = await events(c.caseId, 'ActionOverdue');
      expect(found).toHaveLength(1);
      return found;
    }, 60_000);
    expect(overdue?.data).toEqual({ caseId: c.caseId, actionId: soon.actionId, dueBy: soon.dueBy });
    expect(checkContract(ActionOverdue, overdue?.data)).toMatchObject({ valid: true });
    expect((await events(c.caseId, 'ActionReminderDue')).map((e) => e.data['actionId'])).toContain(
      soon.actionId,
    );
    // A fired timer is marked done after its handler has appended, so wait for that too.
    await eventually(async () => {
      const pending = (await scheduler.pending({ caseId: c.caseId })).map((t) => t.timerId);
      expect(pending).toContain(`action-due:${later.actionId}`);
      expect(pending).not.toContain(`action-due:${soon.actionId}`);
    }, 30_000);
  });

  it('records resolutions and check-ins (notes encrypted for the harmed person), then closes with the outcome', async () => {
    const c = await agreedCase([inDays(10), inDays(20)]);
    const [first, second] = c.actions;
    if (!first || !second) throw new Error('two actions expected');
    const base = `/api/cases/${c.caseId}/follow-up`;

    expect(
      (await call('POST', `${base}/actions/${first.actionId}`, caseWorker, { result: 'maybe' })).status,
    ).toBe(400);
    expect(
      (
        await call(
          'POST',
          `${base}/actions/${first.actionId}`,
          { roles: ['facilitator'] },
          { result: 'done' },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await call(
          'POST',
          `${base}/actions/${first.actionId}`,
          { roles: ['case-worker'], agency: 'rj-other' },
          { result: 'done' },
        )
      ).status,
    ).toBe(404);
    expect((await call('POST', `${base}/actions/${freshId()}`, caseWorker, { result: 'done' })).status).toBe(
      404,
    );
    expect(
      (await call('POST', `${base}/actions/${first.actionId}`, caseWorker, { result: 'done' })).status,
    ).toBe(200);
    const again = await call('POST', `${base}/actions/${first.actionId}`, caseWorker, { result: 'missed' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ACTION_ALREADY_RESOLVED' });
    expect(
      (await call('POST', `${base}/actions/${second.actionId}`, caseWorker, { result: 'missed' })).status,
    ).toBe(200);

    const invalid = await call('POST', `${base}/check-ins`, caseWorker, {
      satisfaction: 6,
      feelingOfSafety: 0,
      wellbeingChange: 'great',
    });
    expect(invalid.status).toBe(400);
    expect(fieldsOf(invalid.body)).toEqual(['/feelingOfSafety', '/satisfaction', '/wellbeingChange']);
    const firstCheckIn = await call('POST', `${base}/check-ins`, caseWorker, {
      satisfaction: 4,
      feelingOfSafety: 3,
      wellbeingChange: 'better',
    });
    expect(firstCheckIn.status).toBe(201);
    expect(firstCheckIn.body['caseClosed']).toBeUndefined();
    const notes = 'I feel safer walking past the shop now.';
    const last = await call('POST', `${base}/check-ins`, caseWorker, {
      satisfaction: 5,
      feelingOfSafety: 4,
      wellbeingChange: 'same',
      notes,
    });
    expect(last.status).toBe(201);
    expect(last.body['caseClosed']).toMatchObject({ outcome: 'agreement-partly-completed' });

    const [stored] = await events(c.caseId, 'CheckInNotesRecorded');
    expect(stored?.data).toMatchObject({ harmedPersonId: c.harmed, notes });
    const raw = await pool.query(
      `SELECT data->>'notes' AS notes FROM event_store.events WHERE stream_id = $1 AND type = 'CheckInNotesRecorded'`,
      [followUpStream(c.caseId)],
    );
    expect(raw.rows[0]?.notes).toMatch(/^enc:v1:/);
    expect(JSON.stringify((await events(c.caseId, 'CheckInRecorded')).map((e) => e.data))).not.toContain(
      'safer',
    );

    await eventually(async () => expect(await scheduler.pending({ caseId: c.caseId })).toEqual([]), 60_000);
    expect(
      (
        await call('POST', `${base}/check-ins`, caseWorker, {
          satisfaction: 5,
          feelingOfSafety: 5,
          wellbeingChange: 'same',
        })
      ).status,
    ).toBe(409);
  });

  it('on CaseHalted closes the case and cancels every timer: no ActionOverdue afterwards', async () => {
    const dueBy = new Date(Date.now() + 30_000);
    const c = await agreedCase([dueBy]);
    const [action] = c.actions;
    if (!action) throw new Error('an action expected');
    await eventually(
      async () => expect((await scheduler.pending({ caseId: c.caseId })).length).toBeGreaterThan(0),
      60_000,
    );

    await publish('consent', CaseHalted.type, c.caseId, {
      caseId: c.caseId,
      reason: 'consent-withdrawn',
      explanation: 'The harmed person withdrew consent.',
      haltedAt: new Date().toISOString(),
    });
    await eventually(async () => expect(await scheduler.pending({ caseId: c.caseId })).toEqual([]), 60_000);
    const [closed] = await events(c.caseId, 'CaseClosed');
    expect(closed?.data).toMatchObject({ outcome: 'halted', reason: expect.stringContaining('withdrew') });

    // A sentinel due just after the halted case's action: once it is overdue, the halted one would have been too.
    const sentinel = await agreedCase([new Date(dueBy.getTime() + 1_000)]);
    await eventually(
      async () => expect(await events(sentinel.caseId, 'ActionOverdue')).toHaveLength(1),
      60_000,
    );
    expect(await events(c.caseId, 'ActionOverdue')).toEqual([]);
    expect(
      (
        await call('POST', `/api/cases/${c.caseId}/follow-up/actions/${action.actionId}`, caseWorker, {
          result: 'done',
        })
      ).status,
    ).toBe(409);
  });

  it('closes on NoAgreement, and lets a case-worker close on decision', async () => {
    const unagreed = await noAgreementCase(referrer, 'The parties could not agree.');
    await eventually(
      async () =>
        expect((await events(unagreed, 'CaseClosed'))[0]?.data).toMatchObject({ outcome: 'no-agreement' }),
      60_000,
    );

    const c = await agreedCase([inDays(10)]);
    const path = `/api/cases/${c.caseId}/follow-up/close`;
    expect((await call('POST', path, caseWorker, { outcome: 'halted', reason: 'Not for you' })).status).toBe(
      400,
    );
    const closed = await call('POST', path, caseWorker, {
      outcome: 'closed-by-decision',
      reason: 'The family moved abroad.',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ outcome: 'closed-by-decision', reason: 'The family moved abroad.' });
    await eventually(async () => expect(await scheduler.pending({ caseId: c.caseId })).toEqual([]), 60_000);
  });

  it('reports outcomes per referring agency as JSON and CSV, to the receiving service and auditors only', async () => {
    const agency = freshName('court-test');
    await noAgreementCase(agency, 'No agreement.');
    const c = await agreedCase([inDays(5)], agency);
    const [action] = c.actions;
    if (!action) throw new Error('an action expected');
    const base = `/api/cases/${c.caseId}/follow-up`;
    await call('POST', `${base}/actions/${action.actionId}`, caseWorker, { result: 'done' });
    await call('POST', `${base}/check-ins`, caseWorker, {
      satisfaction: 4,
      feelingOfSafety: 5,
      wellbeingChange: 'better',
    });
    expect(
      (
        await call('POST', `${base}/check-ins`, caseWorker, {
          satisfaction: 2,
          feelingOfSafety: 3,
          wellbeingChange: 'same',
        })
      ).body['caseClosed'],
    ).toMatchObject({
      outcome: 'agreement-completed',
    });

    const path = `/api/reports/outcomes?agency=${agency}`;
    const report = await eventually(async () => {
      const response = await call('GET', path, caseWorker);
      expect(response.status).toBe(200);
      const [row] = response.body['agencies'] as Array<Record<string, unknown>>;
      expect(row).toMatchObject({ byOutcome: { 'no-agreement': 1, 'agreement-completed': 1 } });
      return row;
    }, 60_000);
    expect(report).toMatchObject({
      referringAgency: agency,
      cases: 2,
      byStage: { 'awaiting-agreement': 0, 'follow-up': 0, closed: 2 },
      actions: { total: 1, done: 1, missed: 0, completionRate: 1 },
      checkIns: { recorded: 2, meanSatisfaction: 3, meanFeelingOfSafety: 4 },
      meanDaysInStage: { heldToClosed: expect.any(Number), consentToClosed: expect.any(Number) },
    });

    const csv = await fetch(`${followUp.url}${path}&format=csv`, {
      headers: { authorization: `Bearer ${await tokenFor({ roles: ['auditor'], agency: 'inspectorate' })}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const [header, line, rest] = (await csv.text()).split('\r\n');
    expect(header?.split(',').slice(0, 3)).toEqual(['referringAgency', 'cases', 'stageAwaitingAgreement']);
    expect(line?.startsWith(`${agency},2,0,0,2,`)).toBe(true);
    expect(rest).toBe('');

    expect(
      (await call('GET', path, { roles: ['case-worker'], agency: 'rj-other' })).body['agencies'],
    ).toEqual([]);
    expect((await call('GET', path, { roles: ['referrer'], agency })).status).toBe(403);
    expect((await call('GET', `${path}&format=xml`, caseWorker)).status).toBe(400);
    expect((await call('GET', `${path}&from=2027-01-02&to=2027-01-01`, caseWorker)).status).toBe(400);
    const outside = await call('GET', `${path}&from=2020-01-01&to=2020-12-31`, caseWorker);
    expect(outside.body['agencies']).toEqual([]);
  });
});
