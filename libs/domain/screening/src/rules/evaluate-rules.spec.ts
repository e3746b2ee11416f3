import { noScreeningRequirements } from '@accord/contracts';
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
    const evaluation = evaluateRuleSet(ruleSet2026_1, eligibleProfile(), context);
    expect(evaluation.outcome).toBe('eligible');
    expect(evaluation.ruleSetVersion).toBe('2026-1');
    expect(evaluation.rules.map((rule) => rule.rule)).toEqual(ruleSet2026_1.rules.map((rule) => rule.id));
    expect(evaluation.requirements).toEqual(noScreeningRequirements());
  });

  it('publishes only the contract fields of each verdict', () => {
    const evaluation = evaluateRuleSet(ruleSet2026_1, eligibleProfile({ riskLevel: 'medium' }), context);
    for (const rule of evaluation.rules)
      expect(Object.keys(rule).sort()).toEqual(['explanation', 'reasonCode', 'result', 'rule']);
  });

  it('is ineligible when the harmed person declined contact, even in a specialist category', () => {
    const participants = [harmedPerson({ willingToBeContacted: false }), responsiblePerson()];
    const evaluation = evaluateRuleSet(
      ruleSet2026_1,
      eligibleProfile({ participants, offenceCategory: 'hate-crime' }),
      context,
    );
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

  it('needs review for domestic abuse and high risk, collecting every requirement', () => {
    const minor = responsiblePerson({ ageAtReferral: 17 });
    const participants = [harmedPerson(), minor, guardianOf(minor)];
    const evaluation = evaluateRuleSet(
      ruleSet2026_1,
      eligibleProfile({
        offenceCategory: 'domestic-abuse',
        riskLevel: 'high',
        pendingCourtProceedings: true,
        participants,
      }),
      context,
    );
    expect(evaluation.outcome).toBe('needs-review');
    expect(evaluation.requirements).toEqual({
      specialistFacilitator: true,
      managerReview: true,
      youthJusticePath: true,
      guardianConsentFor: [minor.personId],
      courtToBeInformed: true,
      safetyPlanRequired: true,
    });
  });

  it('stays eligible with notes only (youth path, pre-sentence, medium risk)', () => {
    const minor = responsiblePerson({ ageAtReferral: 16 });
    const evaluation = evaluateRuleSet(
      ruleSet2026_1,
      eligibleProfile({
        riskLevel: 'medium',
        pendingCourtProceedings: true,
        participants: [harmedPerson(), minor, guardianOf(minor)],
      }),
      context,
    );
    expect(evaluation.outcome).toBe('eligible');
    expect(evaluation.requirements).toMatchObject({
      youthJusticePath: true,
      courtToBeInformed: true,
      safetyPlanRequired: true,
      guardianConsentFor: [minor.personId],
    });
  });

  it('is ineligible with nobody named at all', () => {
    const evaluation = evaluateRuleSet(ruleSet2026_1, eligibleProfile({ participants: [] }), context);
    expect(evaluation.outcome).toBe('ineligible');
    expect(evaluation.rules.filter((rule) => rule.result === 'fail').map((rule) => rule.reasonCode)).toEqual([
      'NO_HARMED_PERSON',
      'NO_RESPONSIBLE_PERSON',
    ]);
  });

  it('clips an explanation to what the contract allows', () => {
    const flags = Array.from({ length: 50 }, (_, index) => `flag-${index}-${'x'.repeat(80)}`);
    const evaluation = evaluateRuleSet(ruleSet2026_1, eligibleProfile({ riskFlags: flags }), context);
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
