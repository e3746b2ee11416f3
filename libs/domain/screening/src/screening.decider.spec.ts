import { randomUUID } from 'node:crypto';
import { CaseIneligible, integrationEventFor, type CaseProfile } from '@accord/contracts';
import { assertContract, DeciderSpecification, isDomainError, metadataOf } from '@accord/testing';
import { eligibleProfile, harmedPerson, responsiblePerson, SCREENED_AT } from '../test/case-profile.fixture';
import { evaluateRuleSet } from './rules/evaluate-rules';
import { ruleSet2026_1 } from './rules/2026-1/rule-set';
import {
  screeningDecider,
  type RecordManualDecision,
  type ScreenCase,
  type ScreeningEvent,
} from './screening.decider';

const spec = DeciderSpecification.for(screeningDecider);
const DECIDED_AT = '2026-02-03T09:00:00.000Z';

const screenCase = (
  caseId: string,
  profile: CaseProfile,
  trigger: ScreenCase['data']['trigger'] = 'referral-accepted',
  now = SCREENED_AT,
): ScreenCase => ({
  type: 'ScreenCase',
  data: {
    caseId,
    profile,
    trigger,
    ruleSetVersion: '2026-1',
    ...(trigger === 'referral-amended'
      ? { amendment: { reason: 'harmed person now willing', amendedBy: 'officer-1', amendedAt: now } }
      : {}),
  },
  metadata: metadataOf('system:screening', { now }),
});

const manual = (
  caseId: string,
  profile: CaseProfile,
  outcome: 'eligible' | 'ineligible',
  agency = profile.receivingService,
): RecordManualDecision => ({
  type: 'RecordManualDecision',
  data: {
    caseId,
    outcome,
    reason: 'Discussed with the manager; safe to proceed.',
  },
  metadata: metadataOf('screener-7', { agency, roles: ['screener'], now: DECIDED_AT }),
});

/** What the decider appends for a screening of `profile`: the internal fact, then the published decision. */
function screened(caseId: string, profile: CaseProfile, now = SCREENED_AT): ScreeningEvent[] {
  const events = screeningDecider.decide(
    screenCase(caseId, profile, 'referral-accepted', now),
    screeningDecider.initialState,
  );
  if (events.length !== 2) throw new Error('expected a screening to decide two events');
  return events;
}

/** A high-risk case (screening asks for review) that the screener then decided eligible by hand. */
function decidedByHand(): { caseId: string; profile: CaseProfile; decided: ScreeningEvent[] } {
  const caseId = randomUUID();
  const profile = eligibleProfile({ riskLevel: 'high' });
  return {
    caseId,
    profile,
    decided: spec.history(screened(caseId, profile), manual(caseId, profile, 'eligible')),
  };
}

describe('screening decider: ScreenCase', () => {
  it('screens an accepted referral: records the facts, then the decision with every rule and the rule-set version', () => {
    const caseId = randomUUID();
    const profile = eligibleProfile();
    const evaluation = evaluateRuleSet(ruleSet2026_1, profile, { now: SCREENED_AT });
    spec([])
      .when(screenCase(caseId, profile))
      .then([
        {
          type: 'ScreeningStarted',
          data: {
            caseId,
            profile,
            trigger: 'referral-accepted',
            ruleSetVersion: '2026-1',
            startedAt: SCREENED_AT,
          },
        },
        {
          type: 'CaseEligible',
          data: {
            caseId,
            profile,
            ruleSetVersion: '2026-1',
            rules: evaluation.rules,
            requirements: evaluation.requirements,
            decidedBy: 'system',
            decidedAt: SCREENED_AT,
          },
        },
      ]);
  });

  it('publishes CaseIneligible with the referring agency when a rule fails', () => {
    const caseId = randomUUID();
    const profile = eligibleProfile({
      participants: [harmedPerson(), responsiblePerson({ acceptsResponsibility: false })],
    });
    const [, decision] = screened(caseId, profile);
    expect(decision).toMatchObject({
      type: 'CaseIneligible',
      data: { caseId, referringAgency: 'police-north', decidedBy: 'system' },
    });
    expect(decision?.type === 'CaseIneligible' && decision.data.rules).toContainEqual(
      expect.objectContaining({ reasonCode: 'RESPONSIBILITY_NOT_ACCEPTED', result: 'fail' }),
    );
  });

  it('publishes CaseNeedsReview for a specialist category', () => {
    const [, decision] = screened(randomUUID(), eligibleProfile({ offenceCategory: 'sexual-offence' }));
    expect(decision).toMatchObject({
      type: 'CaseNeedsReview',
      data: { requirements: { specialistFacilitator: true, managerReview: true } },
    });
  });

  it('decides nothing when the acceptance is delivered again', () => {
    const caseId = randomUUID();
    const profile = eligibleProfile();
    spec(screened(caseId, profile)).when(screenCase(caseId, profile)).thenNothingHappens();
  });

  it('re-screens an amended referral under the rule set now current, recording the decision it replaces', () => {
    const caseId = randomUUID();
    const before = eligibleProfile({
      participants: [harmedPerson({ willingToBeContacted: false }), responsiblePerson()],
    });
    const after = { ...before, participants: [harmedPerson(), responsiblePerson()] };
    const given = screened(caseId, before);
    const events = screeningDecider.decide(
      screenCase(caseId, after, 'referral-amended', DECIDED_AT),
      spec.stateAfter(given),
    );
    expect(events).toEqual([
      {
        type: 'ScreeningStarted',
        data: {
          caseId,
          profile: after,
          trigger: 'referral-amended',
          ruleSetVersion: '2026-1',
          startedAt: DECIDED_AT,
          amendment: { reason: 'harmed person now willing', amendedBy: 'officer-1', amendedAt: DECIDED_AT },
          previousDecision: {
            outcome: 'ineligible',
            ruleSetVersion: '2026-1',
            decidedBy: 'system',
            decidedAt: SCREENED_AT,
          },
        },
      },
      expect.objectContaining({
        type: 'CaseEligible',
        data: expect.objectContaining({ profile: after, decidedAt: DECIDED_AT }),
      }),
    ]);
  });

  it('screens an amendment that arrives before any decision as a first screening', () => {
    const caseId = randomUUID();
    const events = screeningDecider.decide(
      screenCase(caseId, eligibleProfile(), 'referral-amended'),
      screeningDecider.initialState,
    );
    expect(events.map((event) => event.type)).toEqual(['ScreeningStarted', 'CaseEligible']);
    expect(events[0]?.type === 'ScreeningStarted' && events[0].data.previousDecision).toBeUndefined();
  });

  it('refuses a rule set it does not know', () => {
    const command = screenCase(randomUUID(), eligibleProfile());
    spec([])
      .when({ ...command, data: { ...command.data, ruleSetVersion: '1999-1' } })
      .thenThrows(isDomainError('UNKNOWN_RULE_SET'));
  });
});

describe('screening decider: RecordManualDecision', () => {
  it('lets a screener decide a case that needs review, without calling it an override', () => {
    const caseId = randomUUID();
    const profile = eligibleProfile({ offenceCategory: 'domestic-abuse' });
    const given = screened(caseId, profile);
    const review = given[1];
    if (review?.type !== 'CaseNeedsReview') throw new Error('expected a review');
    spec(given)
      .when(manual(caseId, profile, 'eligible'))
      .then([
        {
          type: 'CaseEligible',
          data: {
            caseId,
            profile,
            ruleSetVersion: '2026-1',
            rules: review.data.rules,
            requirements: review.data.requirements,
            decidedBy: 'screener-7',
            decidedAt: DECIDED_AT,
            reason: 'Discussed with the manager; safe to proceed.',
          },
        },
      ]);
  });

  it('records an override of an automatic decision with the outcome it overrides', () => {
    const caseId = randomUUID();
    const profile = eligibleProfile();
    spec(screened(caseId, profile))
      .when(manual(caseId, profile, 'ineligible'))
      .then([
        expect.objectContaining({
          type: 'CaseIneligible',
          data: expect.objectContaining({
            overrides: 'eligible',
            decidedBy: 'screener-7',
            reason: 'Discussed with the manager; safe to proceed.',
          }),
        }) as ScreeningEvent,
      ]);
  });

  it('may override an ineligible decision to eligible when the harmed person did not refuse', () => {
    const caseId = randomUUID();
    const profile = eligibleProfile({
      participants: [harmedPerson(), responsiblePerson({ acceptsResponsibility: false })],
    });
    const [event] = screeningDecider.decide(
      manual(caseId, profile, 'eligible'),
      spec.stateAfter(screened(caseId, profile)),
    );
    expect(event).toMatchObject({ type: 'CaseEligible', data: { overrides: 'ineligible' } });
  });

  it("never overrides a harmed person's refusal of contact", () => {
    const caseId = randomUUID();
    const profile = eligibleProfile({
      participants: [harmedPerson({ willingToBeContacted: false }), responsiblePerson()],
    });
    spec(screened(caseId, profile))
      .when(manual(caseId, profile, 'eligible'))
      .thenThrows(isDomainError('HARMED_PERSON_DECLINED_CONTACT'));
  });

  it('refuses to "override" with the outcome already decided', () => {
    const caseId = randomUUID();
    const profile = eligibleProfile();
    spec(screened(caseId, profile))
      .when(manual(caseId, profile, 'eligible'))
      .thenThrows(isDomainError('ALREADY_DECIDED'));
  });

  it('refuses a second manual decision', () => {
    const { caseId, profile, decided } = decidedByHand();
    spec(decided)
      .when(manual(caseId, profile, 'ineligible'))
      .thenThrows(isDomainError('ALREADY_DECIDED_MANUALLY'));
  });

  it('lets an amendment re-screen after a manual decision, replacing it', () => {
    const { caseId, profile, decided } = decidedByHand();
    const events = screeningDecider.decide(
      screenCase(caseId, { ...profile, riskLevel: 'low' }, 'referral-amended', DECIDED_AT),
      spec.stateAfter(decided),
    );
    expect(events[0]).toMatchObject({
      type: 'ScreeningStarted',
      data: { previousDecision: { outcome: 'eligible', decidedBy: 'screener-7' } },
    });
    expect(events[1]).toMatchObject({ type: 'CaseEligible', data: { decidedBy: 'system' } });
  });

  it('answers a case never screened exactly as one that is not yours (CASE_NOT_FOUND, no oracle)', () => {
    const caseId = randomUUID();
    spec([])
      .when(manual(caseId, eligibleProfile(), 'eligible'))
      .thenThrows(isDomainError('CASE_NOT_FOUND'));
  });

  it('answers 403 to the referring agency and 404 to any other agency', () => {
    const caseId = randomUUID();
    const profile = eligibleProfile({ riskLevel: 'high' });
    spec(screened(caseId, profile))
      .when(manual(caseId, profile, 'eligible', profile.referringAgency))
      .thenThrows(isDomainError('NOT_RECEIVING_SERVICE'));
    spec(screened(caseId, profile))
      .when(manual(caseId, profile, 'eligible', 'another-agency'))
      .thenThrows(isDomainError('CASE_NOT_FOUND'));
  });
});

describe('screening decider: published events keep the contract', () => {
  it.each([
    ['eligible', eligibleProfile()],
    ['ineligible', eligibleProfile({ participants: [] })],
    [
      'needs-review',
      eligibleProfile({ offenceCategory: 'hate-crime', riskLevel: 'high', riskFlags: ['weapon'] }),
    ],
  ] as const)('a %s decision passes its contract as consumers check it', (_outcome, profile) => {
    const [, decision] = screened(randomUUID(), JSON.parse(JSON.stringify(profile)) as CaseProfile);
    if (!decision || decision.type === 'ScreeningStarted') throw new Error('expected a decision');
    const contract = integrationEventFor(decision.type, 1);
    if (!contract) throw new Error(`${decision.type} is not in the published language`);
    assertContract(contract, decision.data);
  });

  it('a manual override passes its contract too', () => {
    const caseId = randomUUID();
    const profile = eligibleProfile();
    const [decision] = screeningDecider.decide(
      manual(caseId, profile, 'ineligible'),
      spec.stateAfter(screened(caseId, profile)),
    );
    assertContract(CaseIneligible, decision?.data);
  });
});
