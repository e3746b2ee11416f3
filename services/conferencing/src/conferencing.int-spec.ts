import { Writable } from 'node:stream';
import {
  CaseHalted,
  ConsentsComplete,
  type CaseHaltedV1,
  type ConsentsCompleteV1,
  type RiskLevel,
} from '@accord/contracts';
import type { EventStore } from '@accord/event-store';
import type { Principal } from '@accord/platform';
import { startServiceUnderTest, type ServiceUnderTest } from '@accord/platform/testing';
import { eventually, fieldsOf, freshId, freshName } from '@accord/testing';
import { conferenceStream } from './conference/conference.stream';
import { conferencingService } from './conferencing.service';

const warnings: string[] = [];
let conferencing: ServiceUnderTest;
let store: EventStore;

// Each run has its own receiving service and referrer, so its facilitators and cases are its own.
const service = freshName('rj-test');
const referrer = freshName('police-test');

beforeAll(async () => {
  const logLines = new Writable({
    write(chunk: Buffer, _encoding, done) {
      warnings.push(chunk.toString());
      done();
    },
  });
  conferencing = await startServiceUnderTest(conferencingService, {
    logLevel: 'warn',
    logDestination: logLines,
  });
  store = conferencing.store;
  await Promise.all([
    roster('conflicted', { homeAgency: referrer, accreditation: 'specialist', languages: ['pl'] }),
    roster('standard-en', { accreditation: 'standard', languages: ['en'] }),
    roster('specialist-en', { accreditation: 'specialist', languages: ['en'] }),
    roster('specialist-pl', { accreditation: 'specialist', languages: ['pl', 'en'] }),
  ]);
});

afterAll(async () => {
  await conferencing?.close();
});

/** As a user of this run's receiving service, unless `as` names another agency. */
const call = (method: string, path: string, as: Partial<Principal>, body?: unknown) =>
  conferencing.callAs({ agency: service, ...as }, method, path, body);

const admin = { roles: ['admin' as const] };
const caseWorker = { roles: ['case-worker' as const] };

/** Facilitator ids are each service's own; the run's prefix only keeps runs readable apart. */
const fid = (name: string) => `${service}-${name}`;

async function roster(name: string, overrides: Record<string, unknown> = {}) {
  const response = await call('PUT', `/api/facilitators/${fid(name)}`, admin, {
    name: `Facilitator ${name}`,
    homeAgency: service,
    accreditation: 'standard',
    languages: ['en'],
    region: 'north',
    maxCaseload: 3,
    ...overrides,
  });
  expect(response.status).toBe(200);
}

interface CaseSetup {
  caseId: string;
  harmed: string;
  responsible: string;
}

function freshCase(): CaseSetup {
  return { caseId: freshId(), harmed: freshId(), responsible: freshId() };
}

async function publish(type: string, caseId: string, data: object): Promise<void> {
  await conferencing.publish('consent', type, caseId, data);
}

async function consentsComplete(
  c: CaseSetup,
  options: { riskLevel?: RiskLevel; specialist?: boolean; harmedLanguage?: string } = {},
) {
  const data: ConsentsCompleteV1 = {
    caseId: c.caseId,
    profile: {
      referringAgency: referrer,
      receivingService: service,
      offenceCategory: options.specialist ? 'domestic-abuse' : 'property',
      incidentDate: '2026-10-01',
      riskLevel: options.riskLevel ?? 'low',
      riskFlags: [],
      pendingCourtProceedings: false,
      participants: [
        {
          personId: c.harmed,
          role: 'harmed',
          ageAtReferral: 34,
          willingToBeContacted: true,
          language: options.harmedLanguage ?? 'en',
        },
        {
          personId: c.responsible,
          role: 'responsible',
          ageAtReferral: 22,
          acceptsResponsibility: true,
          language: 'en',
        },
      ],
    },
    requirements: {
      specialistFacilitator: options.specialist ?? false,
      managerReview: false,
      youthJusticePath: false,
      guardianConsentFor: [],
      courtToBeInformed: false,
      safetyPlanRequired: false,
    },
    completedAt: new Date().toISOString(),
  };
  await publish(ConsentsComplete.type, c.caseId, data);
}

async function caseHalted(caseId: string) {
  const data: CaseHaltedV1 = {
    caseId,
    reason: 'consent-withdrawn',
    explanation: 'The harmed person withdrew consent.',
    haltedAt: new Date().toISOString(),
  };
  await publish(CaseHalted.type, caseId, data);
}

async function conferenceOf(caseId: string, status?: string) {
  return eventually(
    async () => {
      const response = await call('GET', `/api/cases/${caseId}/conference`, caseWorker);
      expect(response.status).toBe(200);
      if (status) expect(response.body['status']).toBe(status);
      return response.body;
    },
    { timeout: 60_000, interval: 200 },
  );
}

const streamTypes = async (caseId: string) =>
  (await store.readStream(conferenceStream(caseId))).map((event) => event.type);
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

describe('conferencing (in-process, real Kafka and PostgreSQL)', () => {
  it('keeps a facilitator roster per RJ service, for its admins only', async () => {
    const invalid = await call('PUT', `/api/facilitators/${fid('bad')}`, admin, {
      name: '',
      accreditation: 'expert',
      languages: [],
      maxCaseload: -1,
    });
    expect(invalid.status).toBe(400);
    expect(fieldsOf(invalid.body)).toEqual([
      '/accreditation',
      '/homeAgency',
      '/languages',
      '/maxCaseload',
      '/name',
      '/region',
    ]);
    expect((await call('PUT', `/api/facilitators/${fid('x')}`, caseWorker, {})).status).toBe(403);
    // Ids are per service: another service taking the same id gets its own facilitator, and this
    // service's is untouched (neither blocks nor overwrites the other).
    const otherService = freshName('rj-other');
    const theirs = await call(
      'PUT',
      `/api/facilitators/${fid('standard-en')}`,
      { roles: ['admin'], agency: otherService },
      {
        name: 'Their own facilitator',
        homeAgency: otherService,
        accreditation: 'standard',
        languages: ['en'],
        region: 'r',
        maxCaseload: 1,
      },
    );
    expect(theirs).toMatchObject({
      status: 200,
      body: { id: fid('standard-en'), service: otherService, name: 'Their own facilitator' },
    });
    const theirList = await call('GET', '/api/facilitators', {
      roles: ['case-worker'],
      agency: otherService,
    });
    expect(theirList.body['facilitators']).toEqual([
      expect.objectContaining({ id: fid('standard-en'), name: 'Their own facilitator' }),
    ]);

    const listed = await call('GET', '/api/facilitators', caseWorker);
    expect(listed.status).toBe(200);
    expect((listed.body['facilitators'] as Array<{ id: string }>).map((f) => f.id)).toEqual(
      [fid('conflicted'), fid('specialist-en'), fid('specialist-pl'), fid('standard-en')].sort(),
    );
    expect(
      (listed.body['facilitators'] as Array<{ id: string; name: string; service: string }>).find(
        (f) => f.id === fid('standard-en'),
      ),
    ).toMatchObject({ name: 'Facilitator standard-en', service });
    expect((await call('GET', '/api/facilitators', { roles: ['referrer'] })).status).toBe(403);
  });

  it('assigns automatically: accredited, no conflict, speaking the harmed person’s language', async () => {
    const c = freshCase();
    await consentsComplete(c, { specialist: true, harmedLanguage: 'pl' });

    const conference = await conferenceOf(c.caseId, 'facilitator-assigned');
    expect(conference['facilitatorId']).toBe(fid('specialist-pl'));
    const [, assigned] = await store.readStream(conferenceStream(c.caseId));
    expect(assigned?.data).toMatchObject({ facilitatorId: fid('specialist-pl'), how: 'automatic' });
    await eventually(async () => {
      const listed = await call('GET', '/api/facilitators', caseWorker);
      const pl = (listed.body['facilitators'] as Array<{ id: string; caseload: number }>).find(
        (f) => f.id === fid('specialist-pl'),
      );
      expect(pl?.caseload).toBeGreaterThanOrEqual(1);
    }, 60_000);
  });

  it('says why no facilitator fits, then lets a case-worker assign one by hand with the same checks', async () => {
    await roster('conflicted', {
      homeAgency: referrer,
      accreditation: 'specialist',
      languages: ['pl'],
      maxCaseload: 3,
    });
    await roster('specialist-en', { accreditation: 'specialist', active: false });
    await roster('specialist-pl', { accreditation: 'specialist', languages: ['pl', 'en'], active: false });
    const c = freshCase();
    try {
      await consentsComplete(c, { specialist: true });
      const waiting = await eventually(async () => {
        const body = await conferenceOf(c.caseId, 'awaiting-facilitator');
        expect(body['facilitatorUnavailable']).not.toBeNull();
        return body;
      }, 60_000);
      expect(waiting['facilitatorUnavailable']).toMatchObject({
        reasons: expect.arrayContaining([
          { facilitatorId: fid('conflicted'), reasons: ['conflict-of-interest'] },
          { facilitatorId: fid('standard-en'), reasons: ['not-specialist'] },
          { facilitatorId: fid('specialist-en'), reasons: ['inactive'] },
        ]),
      });
    } finally {
      await roster('specialist-en', { accreditation: 'specialist' });
      await roster('specialist-pl', { accreditation: 'specialist', languages: ['pl', 'en'] });
    }

    const path = `/api/cases/${c.caseId}/conference/facilitator`;
    const assignStatus = async (principal: Parameters<typeof call>[2], body: object) =>
      (await call('POST', path, principal, body)).status;
    expect(await assignStatus(caseWorker, { facilitatorId: fid('specialist-en') })).toBe(400);
    expect(
      await assignStatus(
        { roles: ['facilitator'] },
        { facilitatorId: fid('specialist-en'), reason: 'Manual' },
      ),
    ).toBe(403);
    const conflicted = await call('POST', path, caseWorker, {
      facilitatorId: fid('conflicted'),
      reason: 'Only one free',
    });
    expect(conflicted.status).toBe(422);
    expect(conflicted.body).toMatchObject({
      code: 'FACILITATOR_NOT_SUITABLE',
      details: { reasons: ['conflict-of-interest'] },
    });
    expect(await assignStatus(caseWorker, { facilitatorId: 'fac-nobody', reason: 'Manual' })).toBe(422);
    expect(
      await assignStatus(
        { roles: ['case-worker'], agency: 'rj-other' },
        { facilitatorId: fid('specialist-en'), reason: 'x y z' },
      ),
    ).toBe(404);

    const assigned = await call('POST', path, caseWorker, {
      facilitatorId: fid('specialist-en'),
      reason: 'Assigned by hand after none fitted',
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body['assigned']).toMatchObject({
      facilitatorId: fid('specialist-en'),
      how: 'reassigned',
      reason: 'Assigned by hand after none fitted',
    });
    expect((await conferenceOf(c.caseId, 'facilitator-assigned'))['facilitatorId']).toBe(
      fid('specialist-en'),
    );
  });

  it('schedules (safety plan required for medium risk), shows referrers only the status, and records an agreement', async () => {
    const c = freshCase();
    await consentsComplete(c, { riskLevel: 'medium' });
    const { facilitatorId } = (await conferenceOf(c.caseId, 'facilitator-assigned')) as {
      facilitatorId: string;
    };
    const schedule = {
      mode: 'face-to-face',
      at: inAWeek(),
      where: 'Northshire RJ centre, room 2',
      participants: [c.harmed, c.responsible],
    };
    const path = `/api/cases/${c.caseId}/conference`;

    const noPlan = await call('POST', `${path}/schedule`, caseWorker, schedule);
    expect(noPlan.status).toBe(422);
    expect(noPlan.body).toMatchObject({ code: 'SAFETY_PLAN_REQUIRED' });
    expect(
      (
        await call('POST', `${path}/schedule`, caseWorker, {
          ...schedule,
          mode: 'brunch',
          participants: ['x'],
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call(
          'POST',
          `${path}/schedule`,
          { sub: 'someone-else', roles: ['facilitator'] },
          { ...schedule, safetyPlan: 'Plan' },
        )
      ).status,
    ).toBe(403);
    const scheduled = await call(
      'POST',
      `${path}/schedule`,
      { sub: facilitatorId, roles: ['facilitator'] },
      { ...schedule, safetyPlan: 'Arrive separately; supporter present.' },
    );
    expect(scheduled.status).toBe(201);

    // The schedule and its safety plan are two events: the read model may show one before the other.
    await eventually(
      async () =>
        expect(await conferenceOf(c.caseId, 'conference-scheduled')).toMatchObject({
          conference: { mode: 'face-to-face', where: schedule.where },
          safetyPlanRecorded: true,
          referringAgency: referrer,
        }),
      { timeout: 60_000, interval: 200 },
    );
    const forReferrer = await call('GET', path, { roles: ['referrer'], agency: referrer });
    expect(forReferrer.body).toEqual({
      caseId: c.caseId,
      status: 'conference-scheduled',
      updatedAt: expect.any(String),
    });
    expect((await call('GET', path, { roles: ['case-worker'], agency: 'rj-other' })).status).toBe(404);
    expect((await call('GET', `/api/cases/${freshId()}/conference`, caseWorker)).status).toBe(404);

    const outcome = await call('POST', `${path}/outcome`, caseWorker, {
      result: 'agreement',
      actions: [{ kind: 'apology', what: 'Write a letter of apology', by: c.responsible, dueBy: inAWeek() }],
    });
    expect(outcome.status).toBe(201);
    expect(outcome.body['actions']).toEqual([
      expect.objectContaining({ actionId: expect.any(String), kind: 'apology' }),
    ]);
    expect(await streamTypes(c.caseId)).toEqual([
      'ConferencingOpened',
      'FacilitatorAssigned',
      'ConferenceScheduled',
      'SafetyPlanRecorded',
      'AgreementReached',
    ]);
    await conferenceOf(c.caseId, 'agreement-reached');
    expect(
      (await call('POST', `${path}/schedule`, caseWorker, { ...schedule, safetyPlan: 'Plan' })).status,
    ).toBe(409);
  });

  it('cancels and reschedules, and records no agreement only with a reason', async () => {
    const c = freshCase();
    await consentsComplete(c);
    await conferenceOf(c.caseId, 'facilitator-assigned');
    const path = `/api/cases/${c.caseId}/conference`;
    const schedule = {
      mode: 'mediation',
      at: inAWeek(),
      where: 'Library',
      participants: [c.harmed, c.responsible],
    };

    expect((await call('POST', `${path}/cancel`, caseWorker, { reason: 'Nothing to cancel' })).status).toBe(
      409,
    );
    expect((await call('POST', `${path}/schedule`, caseWorker, schedule)).status).toBe(201);
    expect((await call('POST', `${path}/cancel`, caseWorker, { reason: 'Venue unavailable' })).status).toBe(
      200,
    );
    await conferenceOf(c.caseId, 'facilitator-assigned');
    expect((await call('POST', `${path}/schedule`, caseWorker, schedule)).status).toBe(201);
    expect((await call('POST', `${path}/outcome`, caseWorker, { result: 'no-agreement' })).status).toBe(422);
    expect(
      (
        await call('POST', `${path}/outcome`, caseWorker, {
          result: 'no-agreement',
          reason: 'The parties could not agree on reparation.',
        })
      ).status,
    ).toBe(201);
    expect(await conferenceOf(c.caseId, 'no-agreement')).toMatchObject({
      lastCancellation: { reason: 'Venue unavailable' },
      outcome: { result: 'no-agreement' },
    });
  });

  it('stops a case on CaseHalted: the scheduled conference is cancelled and nothing more is accepted', async () => {
    const c = freshCase();
    await consentsComplete(c);
    await conferenceOf(c.caseId, 'facilitator-assigned');
    const path = `/api/cases/${c.caseId}/conference`;
    const schedule = { mode: 'face-to-face', at: inAWeek(), where: 'Town hall', participants: [c.harmed] };
    expect((await call('POST', `${path}/schedule`, caseWorker, schedule)).status).toBe(201);

    await caseHalted(c.caseId);
    const halted = await conferenceOf(c.caseId, 'halted');
    expect(halted).toMatchObject({ conference: null, halt: { reason: 'consent-withdrawn' } });
    const events = await store.readStream(conferenceStream(c.caseId));
    expect(events.find((e) => e.type === 'ConferenceCancelled')?.data).toMatchObject({
      reason: expect.stringContaining('consent-withdrawn'),
    });
    const refused = await call('POST', `${path}/schedule`, caseWorker, schedule);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'CASE_HALTED' });
    expect(
      (
        await call('POST', `${path}/facilitator`, caseWorker, {
          facilitatorId: fid('standard-en'),
          reason: 'Try again',
        })
      ).status,
    ).toBe(409);
  });

  it('refuses a ConsentsComplete that arrives after the case was halted', async () => {
    const c = freshCase();
    await caseHalted(c.caseId);
    await eventually(async () => expect(await streamTypes(c.caseId)).toEqual(['ConferencingHalted']), 60_000);

    await consentsComplete(c);
    await eventually(
      () =>
        expect(warnings.some((line) => line.includes(c.caseId) && line.includes('CASE_HALTED'))).toBe(true),
      60_000,
    );
    expect(await streamTypes(c.caseId)).toEqual(['ConferencingHalted']);
    expect((await call('GET', `/api/cases/${c.caseId}/conference`, caseWorker)).status).toBe(404);
  });
});
