import { randomUUID } from 'node:crypto';
import {
  ReferralAccepted,
  ReferralAmended,
  type CaseProfile,
  type ReferralAcceptedV1,
  type ReferralAmendedV1,
} from '@accord/contracts';
import type { EventStore, RecordedEvent } from '@accord/event-store';
import type { Principal } from '@accord/platform';
import { startServiceUnderTest, tokenFor, type ServiceUnderTest } from '@accord/platform/testing';
import { eventually, freshCaseId, fieldsOf } from '@accord/testing';
import { eligibleProfile, harmedPerson, responsiblePerson } from '@accord/screening-domain/testing';
import { screeningService } from '../screening.service';
import type { ScreeningConfig } from '../screening.config';
import { screeningStream } from './screening.stream';

const WAIT = { timeout: 60_000, interval: 250 };
const DECISIONS = ['CaseEligible', 'CaseIneligible', 'CaseNeedsReview'];

let screening: ServiceUnderTest<ScreeningConfig>;
let store: EventStore;

beforeAll(async () => {
  screening = await startServiceUnderTest(screeningService);
  store = screening.store;
}, 120_000);

afterAll(() => screening?.close());

/** Intake's event about `caseId`, as intake's relay publishes it. */
const publish = (type: string, caseId: string, data: object, id?: string): Promise<string> =>
  screening.publish('intake', type, caseId, data, id);

const accepted = (caseId: string, profile: CaseProfile): ReferralAcceptedV1 => ({
  caseId,
  profile,
  acceptedBy: 'intake-officer-1',
  acceptedAt: new Date().toISOString(),
});

const token = (principal: Partial<Principal> & Pick<Principal, 'agency'>): Promise<string> =>
  tokenFor(principal);

const http = (method: 'GET' | 'POST', path: string, bearer?: string, body?: unknown) =>
  screening.call(method, path, { ...(bearer ? { token: bearer } : {}), body });

const decisionsIn = (events: readonly RecordedEvent[]) =>
  events.filter((event) => DECISIONS.includes(event.type));

async function decisionsOf(caseId: string, atLeast = 1): Promise<RecordedEvent[]> {
  return eventually(async () => {
    const decisions = decisionsIn(await store.readStream(screeningStream(caseId)));
    return decisions.length >= atLeast ? decisions : false;
  }, WAIT);
}

async function visible(caseId: string, bearer: string): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const response = await http('GET', `/api/cases/${caseId}/screening`, bearer);
    return response.status === 200 ? response.body : false;
  }, WAIT);
}

describe('screening an accepted referral', () => {
  it('stores the decision with every rule and the rule-set version, visible in full to the receiving service and in outline to the referrer', async () => {
    const caseId = freshCaseId();
    const profile = eligibleProfile({ pendingCourtProceedings: true });
    await publish(ReferralAccepted.type, caseId, accepted(caseId, profile));

    const [decision] = await decisionsOf(caseId);
    expect(decision?.type).toBe('CaseEligible');
    expect(decision?.data).toMatchObject({
      caseId,
      ruleSetVersion: '2026-1',
      decidedBy: 'system',
      requirements: { courtToBeInformed: true },
    });
    expect(decision?.metadata).toMatchObject({ actor: 'system:screening', ruleVersion: '2026-1' });

    const receiving = await visible(
      caseId,
      await token({ agency: profile.receivingService, roles: ['screener'] }),
    );
    expect(receiving).toMatchObject({
      caseId,
      outcome: 'eligible',
      ruleSetVersion: '2026-1',
      decidedBy: 'system',
    });
    expect(receiving['rules']).toContainEqual(
      expect.objectContaining({
        rule: 'pending-court-proceedings',
        result: 'note',
        reasonCode: 'PRE_SENTENCE',
      }),
    );

    const referrer = await http(
      'GET',
      `/api/cases/${caseId}/screening`,
      await token({ agency: profile.referringAgency, roles: ['referrer'] }),
    );
    expect(referrer).toEqual({
      status: 200,
      body: { caseId, outcome: 'eligible', ruleSetVersion: '2026-1' },
    });

    const auditor = await http(
      'GET',
      `/api/cases/${caseId}/screening`,
      await token({ agency: 'inspectorate', roles: ['auditor'] }),
    );
    expect(auditor.status).toBe(200);
    expect(auditor.body['rules']).toEqual(receiving['rules']);
  });

  it('decides once however often the acceptance is delivered, and re-screens an amendment recording the decision it replaces', async () => {
    const caseId = freshCaseId();
    const before = eligibleProfile({
      participants: [harmedPerson({ willingToBeContacted: false }), responsiblePerson()],
    });
    const eventId = await publish(ReferralAccepted.type, caseId, accepted(caseId, before));
    await publish(ReferralAccepted.type, caseId, accepted(caseId, before), eventId);
    // Same key, same partition: the amendment is handled after both deliveries of the acceptance.
    const amended: ReferralAmendedV1 = {
      caseId,
      profile: { ...before, participants: [harmedPerson(), responsiblePerson()] },
      reason: 'The harmed person now wants to hear about restorative justice.',
      amendedBy: 'intake-officer-2',
      amendedAt: new Date().toISOString(),
    };
    const amendmentId = await publish(ReferralAmended.type, caseId, amended);

    await decisionsOf(caseId, 2);
    const stream = await store.readStream(screeningStream(caseId));
    expect(stream.map((event) => event.type)).toEqual([
      'ScreeningStarted',
      'CaseIneligible',
      'ScreeningStarted',
      'CaseEligible',
    ]);
    expect(stream.filter((event) => event.metadata.causationId === eventId)).toHaveLength(2);
    expect(stream[2]?.metadata.causationId).toBe(amendmentId);
    expect(stream[2]?.data).toMatchObject({
      trigger: 'referral-amended',
      previousDecision: { outcome: 'ineligible', ruleSetVersion: '2026-1' },
    });
    expect(stream[1]?.data['rules']).toContainEqual(
      expect.objectContaining({ reasonCode: 'HARMED_PERSON_DECLINED_CONTACT', result: 'fail' }),
    );

    const view = await eventually(async () => {
      const body = await visible(
        caseId,
        await token({ agency: before.receivingService, roles: ['screener'] }),
      );
      return body['outcome'] === 'eligible' ? body : false;
    }, WAIT);
    expect(view['history']).toEqual([
      expect.objectContaining({ outcome: 'ineligible', decidedBy: 'system' }),
      expect.objectContaining({ outcome: 'eligible', decidedBy: 'system' }),
    ]);
  });
});

describe('a screener deciding a case the rules sent to review', () => {
  it('turns NeedsReview into CaseEligible decided by the screener, with the reason, and keeps other agencies out', async () => {
    const caseId = freshCaseId();
    const profile = eligibleProfile({
      offenceCategory: 'domestic-abuse',
      referringAgency: `police-${randomUUID()}`,
      receivingService: `rj-${randomUUID()}`,
    });
    await publish(ReferralAccepted.type, caseId, accepted(caseId, profile));
    const [review] = await decisionsOf(caseId);
    expect(review?.type).toBe('CaseNeedsReview');
    expect(review?.data).toMatchObject({
      referringAgency: profile.referringAgency,
      requirements: { specialistFacilitator: true, managerReview: true },
    });

    const path = `/api/cases/${caseId}/screening/decision`;
    const screener = await token({
      sub: 'screener-42',
      agency: profile.receivingService,
      roles: ['screener'],
    });
    await visible(caseId, screener);

    expect((await http('POST', path, undefined, { outcome: 'eligible', reason: 'looks fine' })).status).toBe(
      401,
    );
    expect((await http('GET', `/api/cases/${caseId}/screening`)).status).toBe(401);
    expect(
      (
        await http(
          'POST',
          path,
          await token({ agency: profile.receivingService, roles: ['consent-officer'] }),
          { outcome: 'eligible', reason: 'looks fine' },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await http('POST', path, await token({ agency: 'another-rj-service', roles: ['screener'] }), {
          outcome: 'eligible',
          reason: 'looks fine',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await http(
          'GET',
          `/api/cases/${caseId}/screening`,
          await token({ agency: 'another-rj-service', roles: ['screener'] }),
        )
      ).status,
    ).toBe(404);
    const invalid = await http('POST', path, screener, { outcome: 'needs-review', reason: '', extra: true });
    expect(invalid.status).toBe(400);
    expect(fieldsOf(invalid.body)).toEqual(['/extra', '/outcome', '/reason']);

    const reason = 'Specialist facilitator available; the manager reviewed the risk assessment.';
    const decided = await http('POST', path, screener, { outcome: 'eligible', reason });
    expect(decided).toEqual({
      status: 201,
      body: expect.objectContaining({
        caseId,
        outcome: 'eligible',
        decidedBy: 'screener-42',
        reason,
        ruleSetVersion: '2026-1',
      }),
    });
    expect(decided.body['overrides']).toBeUndefined();

    const [, eligible] = decisionsIn(await store.readStream(screeningStream(caseId)));
    expect(eligible?.type).toBe('CaseEligible');
    expect(eligible?.data).toMatchObject({
      caseId,
      profile,
      decidedBy: 'screener-42',
      reason,
      requirements: { specialistFacilitator: true },
    });
    expect(eligible?.metadata).toMatchObject({
      actor: 'screener-42',
      agency: profile.receivingService,
      reason,
    });

    const view = await http('GET', `/api/cases/${caseId}/screening`, screener);
    expect(view.body).toMatchObject({ outcome: 'eligible', decidedBy: 'screener-42', reason });
    const again = await http('POST', path, screener, { outcome: 'ineligible', reason: 'changed my mind' });
    expect(again.status).toBe(409);
    expect(again.body['code']).toBe('ALREADY_DECIDED_MANUALLY');
  });
});
