import { noScreeningRequirements, type CaseProfile } from '@accord/contracts';
import {
  eligibleProfile,
  guardianOf,
  harmedPerson,
  responsiblePerson,
  SCREENED_AT,
} from '../../test/case-profile.fixture';
import { ruleSet2026_1 } from './2026-1/rule-set';
import { combineOutcomes, evaluateRuleSet } from './evaluate-rules';
import type { RuleSet } from './rule';

const context = { now: SCREENED_AT };
/** Rule set 2026-1 on an eligible profile, but for `overrides`. */
const evaluate = (overrides: Partial<CaseProfile> = {}) =>
  evaluateRuleSet(ruleSet2026_1, eligibleProfile(overrides), context);

describe('combineOutcomes', () => {
  it('is ineligible when any rule fails, even beside a review', () => {
    expect(combineOutcomes([{ result: 'pass' }, { result: 'review' }, { result: 'fail' }])).toBe(
      'ineligible',
    );
  });
  it('needs review when no rule fails and any asks for review', () => {
    expect(combineOutcomes([{ result: 'pass' }, { result: 'note' }, { result: 'review' }])).toBe(
      'needs-review',
    );
  });
  it('is eligible when every rule passes or notes', () => {
    expect(combineOutcomes([{ result: 'pass' }, { result: 'note' }])).toBe('eligible');
  });
});

describe('evaluateRuleSet (2026-1)', () => {
  it('finds an ordinary case eligible with no requirements, recording every rule', () => {
    const evaluation = evaluate();
    expect(evaluation.outcome).toBe('eligible');
    expect(evaluation.ruleSetVersion).toBe('2026-1');
    expect(evaluation.rules.map((rule) => rule.rule)).toEqual(ruleSet2026_1.rules.map((rule) => rule.id));
    expect(evaluation.requirements).toEqual(noScreeningRequirements());
  });

  it('publishes only the contract fields of each verdict', () => {
    const evaluation = evaluate({ riskLevel: 'medium' });
    for (const rule of evaluation.rules)
      expect(Object.keys(rule).sort()).toEqual(['explanation', 'reasonCode', 'result', 'rule']);
  });

  it('is ineligible when the harmed person declined contact, even in a specialist category', () => {
    const participants = [harmedPerson({ willingToBeContacted: false }), responsiblePerson()];
    const evaluation = evaluate({ participants, offenceCategory: 'hate-crime' });
    expect(evaluation.outcome).toBe('ineligible');
    expect(evaluation.rules).toContainEqual(
      expect.objectContaining({
        rule: 'harmed-person-willing',
        result: 'fail',
        reasonCode: 'HARMED_PERSON_DECLINED_CONTACT',
      }),
    );
    expect(evaluation.rules).toContainEqual(
      expect.objectContaining({ rule: 'specialist-category', result: 'review' }),
    );
  });

  it.each<{
    title: string;
    minorAged: number;
    profile: Partial<CaseProfile>;
    outcome: string;
    specialist: boolean;
  }>([
    {
      title: 'needs review for domestic abuse and high risk, collecting every requirement',
      minorAged: 17,
      profile: { offenceCategory: 'domestic-abuse', riskLevel: 'high' },
      outcome: 'needs-review',
      specialist: true,
    },
    {
      title: 'stays eligible with notes only (youth path, pre-sentence, medium risk)',
      minorAged: 16,
      profile: { riskLevel: 'medium' },
      outcome: 'eligible',
      specialist: false,
    },
  ])('$title', ({ minorAged, profile, outcome, specialist }) => {
    const minor = responsiblePerson({ ageAtReferral: minorAged });
    const participants = [harmedPerson(), minor, guardianOf(minor)];
    const evaluation = evaluate({ ...profile, pendingCourtProceedings: true, participants });
    expect(evaluation.outcome).toBe(outcome);
    expect(evaluation.requirements).toEqual({
      specialistFacilitator: specialist,
      managerReview: specialist,
      youthJusticePath: true,
      guardianConsentFor: [minor.personId],
      courtToBeInformed: true,
      safetyPlanRequired: true,
    });
  });

  it('is ineligible with nobody named at all', () => {
    const evaluation = evaluate({ participants: [] });
    expect(evaluation.outcome).toBe('ineligible');
    expect(evaluation.rules.filter((rule) => rule.result === 'fail').map((rule) => rule.reasonCode)).toEqual([
      'NO_HARMED_PERSON',
      'NO_RESPONSIBLE_PERSON',
    ]);
  });

  it('clips an explanation to what the contract allows', () => {
    const flags = Array.from({ length: 50 }, (_, index) => `flag-${index}-${'x'.repeat(80)}`);
    const evaluation = evaluate({ riskFlags: flags });
    const noted = evaluation.rules.find((rule) => rule.rule === 'risk-flags');
    expect(noted?.explanation.length).toBe(1000);
  });

  it('deduplicates a person two rules ask a guardian for', () => {
    const personId = harmedPerson().personId;
    const twice: RuleSet = {
      version: 'test',
      rules: [1, 2].map((n) => ({
        id: `r${n}`,
        evaluate: () => ({
          rule: `r${n}`,
          result: 'note',
          reasonCode: 'X',
          explanation: 'x',
          requires: { guardianConsentFor: [personId] },
        }),
      })),
    };
    expect(evaluateRuleSet(twice, eligibleProfile(), context).requirements.guardianConsentFor).toEqual([
      personId,
    ]);
  });
});
