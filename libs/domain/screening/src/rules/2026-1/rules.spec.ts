import type { CaseProfile } from '@accord/contracts';
import {
  eligibleProfile,
  guardianOf,
  harmedPerson,
  responsiblePerson,
  SCREENED_AT,
} from '../../../test/case-profile.fixture';
import type { RuleVerdict, ScreeningRule } from '../rule';
import { guardianConsent } from './guardian-consent.rule';
import { harmedPersonIdentified } from './harmed-person-identified.rule';
import { harmedPersonWilling } from './harmed-person-willing.rule';
import { incidentDate } from './incident-date.rule';
import { pendingCourtProceedings } from './pending-court-proceedings.rule';
import { responsibilityAccepted } from './responsibility-accepted.rule';
import { responsiblePersonIdentified } from './responsible-person-identified.rule';
import { riskFlags } from './risk-flags.rule';
import { riskLevel } from './risk-level.rule';
import { ruleSet2026_1 } from './rule-set';
import { specialistCategory } from './specialist-category.rule';
import { youthJusticePath } from './youth-justice-path.rule';

const run = (rule: ScreeningRule, profile: CaseProfile): RuleVerdict =>
  rule.evaluate(profile, { now: SCREENED_AT });

describe('rule set 2026-1', () => {
  it('is version 2026-1 and every rule has a unique id that it reports', () => {
    expect(ruleSet2026_1.version).toBe('2026-1');
    const ids = ruleSet2026_1.rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of ruleSet2026_1.rules) expect(run(rule, eligibleProfile()).rule).toBe(rule.id);
  });

  it('passes or merely notes everything for an ordinary eligible profile', () => {
    for (const rule of ruleSet2026_1.rules)
      expect(['pass', 'note']).toContain(run(rule, eligibleProfile()).result);
  });
});

/** A rule's verdict on a profile: `given` says what is special about the profile, `verdict` what it answers. */
interface VerdictCase {
  readonly rule: ScreeningRule;
  readonly given: string;
  readonly profile: Partial<CaseProfile>;
  readonly verdict: Pick<RuleVerdict, 'result' | 'reasonCode'> & Partial<Pick<RuleVerdict, 'requires'>>;
}

const alone = (...participants: CaseProfile['participants']): Partial<CaseProfile> => ({ participants });

const VERDICTS: readonly VerdictCase[] = [
  {
    rule: harmedPersonIdentified,
    given: 'a harmed person',
    profile: {},
    verdict: { result: 'pass', reasonCode: 'HARMED_PERSON_IDENTIFIED' },
  },
  {
    rule: harmedPersonIdentified,
    given: 'no harmed person',
    profile: alone(responsiblePerson()),
    verdict: { result: 'fail', reasonCode: 'NO_HARMED_PERSON' },
  },
  {
    rule: responsiblePersonIdentified,
    given: 'a responsible person',
    profile: {},
    verdict: { result: 'pass', reasonCode: 'RESPONSIBLE_PERSON_IDENTIFIED' },
  },
  {
    rule: responsiblePersonIdentified,
    given: 'no responsible person',
    profile: alone(harmedPerson()),
    verdict: { result: 'fail', reasonCode: 'NO_RESPONSIBLE_PERSON' },
  },
  {
    rule: responsibilityAccepted,
    given: 'every responsible person accepting',
    profile: {},
    verdict: { result: 'pass', reasonCode: 'RESPONSIBILITY_ACCEPTED' },
  },
  {
    rule: responsibilityAccepted,
    given: 'one responsible person of two not accepting',
    profile: alone(harmedPerson(), responsiblePerson(), responsiblePerson({ acceptsResponsibility: false })),
    verdict: { result: 'fail', reasonCode: 'RESPONSIBILITY_NOT_ACCEPTED' },
  },
  {
    rule: responsibilityAccepted,
    given: 'acceptance not recorded',
    profile: alone(harmedPerson(), responsiblePerson({ acceptsResponsibility: undefined })),
    verdict: { result: 'review', reasonCode: 'RESPONSIBILITY_NOT_RECORDED' },
  },
  {
    rule: responsibilityAccepted,
    given: 'nobody responsible (another rule fails that)',
    profile: alone(harmedPerson()),
    verdict: { result: 'note', reasonCode: 'NOT_APPLICABLE' },
  },
  {
    rule: harmedPersonWilling,
    given: 'every harmed person willing to be contacted',
    profile: {},
    verdict: { result: 'pass', reasonCode: 'HARMED_PERSON_WILLING' },
  },
  {
    rule: harmedPersonWilling,
    given: 'a harmed person who declined contact',
    profile: alone(harmedPerson({ willingToBeContacted: false }), responsiblePerson()),
    verdict: { result: 'fail', reasonCode: 'HARMED_PERSON_DECLINED_CONTACT' },
  },
  {
    rule: harmedPersonWilling,
    given: 'willingness not recorded',
    profile: alone(harmedPerson({ willingToBeContacted: undefined }), responsiblePerson()),
    verdict: { result: 'review', reasonCode: 'CONTACT_WILLINGNESS_NOT_RECORDED' },
  },
  {
    rule: harmedPersonWilling,
    given: 'nobody harmed',
    profile: alone(responsiblePerson()),
    verdict: { result: 'note', reasonCode: 'NOT_APPLICABLE' },
  },
  {
    rule: riskLevel,
    given: 'low risk (no safety plan)',
    profile: { riskLevel: 'low' },
    verdict: { result: 'pass', reasonCode: 'LOW_RISK' },
  },
  {
    rule: riskLevel,
    given: 'medium risk (a safety plan)',
    profile: { riskLevel: 'medium' },
    verdict: { result: 'note', reasonCode: 'MEDIUM_RISK', requires: { safetyPlanRequired: true } },
  },
  {
    rule: riskLevel,
    given: 'high risk (a screener, and a safety plan)',
    profile: { riskLevel: 'high' },
    verdict: { result: 'review', reasonCode: 'HIGH_RISK', requires: { safetyPlanRequired: true } },
  },
  {
    rule: riskFlags,
    given: 'no flags',
    profile: {},
    verdict: { result: 'pass', reasonCode: 'NO_RISK_FLAGS' },
  },
  {
    rule: youthJusticePath,
    given: 'adults',
    profile: {},
    verdict: { result: 'pass', reasonCode: 'ADULT_RESPONSIBLE_PERSON' },
  },
  {
    rule: youthJusticePath,
    given: 'a responsible person under 18',
    profile: alone(harmedPerson(), responsiblePerson({ ageAtReferral: 17 })),
    verdict: { result: 'note', reasonCode: 'YOUTH_JUSTICE_PATH', requires: { youthJusticePath: true } },
  },
  {
    rule: youthJusticePath,
    given: 'only a harmed person under 18',
    profile: alone(harmedPerson({ ageAtReferral: 15 }), responsiblePerson({ ageAtReferral: 18 })),
    verdict: { result: 'pass', reasonCode: 'ADULT_RESPONSIBLE_PERSON' },
  },
  {
    rule: pendingCourtProceedings,
    given: 'no pending proceedings',
    profile: {},
    verdict: { result: 'pass', reasonCode: 'NO_PENDING_PROCEEDINGS' },
  },
  {
    rule: pendingCourtProceedings,
    given: 'pending proceedings (pre-sentence: the court is informed)',
    profile: { pendingCourtProceedings: true },
    verdict: { result: 'note', reasonCode: 'PRE_SENTENCE', requires: { courtToBeInformed: true } },
  },
  {
    rule: incidentDate,
    given: 'a past calendar date',
    profile: { incidentDate: '2026-02-01' },
    verdict: { result: 'pass', reasonCode: 'INCIDENT_DATE_VALID' },
  },
  {
    rule: incidentDate,
    given: 'a date after the screening',
    profile: { incidentDate: '2026-02-02' },
    verdict: { result: 'review', reasonCode: 'INCIDENT_DATE_IN_FUTURE' },
  },
  ...['2025-02-30', '01/11/2025', '2025-13-01'].map(
    (date): VerdictCase => ({
      rule: incidentDate,
      given: `${date} (not a calendar date)`,
      profile: { incidentDate: date },
      verdict: { result: 'review', reasonCode: 'INCIDENT_DATE_INVALID' },
    }),
  ),
];

describe('each rule of 2026-1', () => {
  it.each(VERDICTS)(
    '$rule.id, given $given: $verdict.result $verdict.reasonCode',
    ({ rule, profile, verdict }) => {
      const actual = run(rule, eligibleProfile(profile));
      expect(actual).toMatchObject(verdict);
      // A verdict obliges later steps only where it says so.
      expect(actual.requires).toEqual(verdict.requires);
    },
  );

  it('names every flag raised', () => {
    const verdict = run(riskFlags, eligibleProfile({ riskFlags: ['weapon-used', 'repeat-victim'] }));
    expect(verdict).toMatchObject({ result: 'note', reasonCode: 'RISK_FLAGS_RAISED' });
    expect(verdict.explanation).toContain('weapon-used, repeat-victim');
  });
});

describe('specialist-category', () => {
  it.each(['domestic-abuse', 'sexual-offence', 'hate-crime'] as const)(
    'sends %s to review with a specialist facilitator and a manager',
    (offenceCategory) => {
      expect(run(specialistCategory, eligibleProfile({ offenceCategory }))).toEqual(
        expect.objectContaining({
          result: 'review',
          reasonCode: 'SPECIALIST_CATEGORY',
          requires: { specialistFacilitator: true, managerReview: true },
        }),
      );
    },
  );
  it.each(['violence', 'property', 'other'] as const)('passes %s', (offenceCategory) => {
    const verdict = run(specialistCategory, eligibleProfile({ offenceCategory }));
    expect(verdict).toMatchObject({ result: 'pass', reasonCode: 'NOT_SPECIALIST_CATEGORY' });
    expect(verdict.requires).toBeUndefined();
  });
});

describe('guardian-consent', () => {
  it('passes when nobody is under 18', () => {
    const verdict = run(guardianConsent, eligibleProfile());
    expect(verdict).toMatchObject({ result: 'pass', reasonCode: 'NO_MINORS' });
    expect(verdict.requires).toBeUndefined();
  });
  it('requires guardian consent for every participant under 18, whatever their role', () => {
    const harmed = harmedPerson({ ageAtReferral: 15 });
    const responsible = responsiblePerson({ ageAtReferral: 16 });
    const verdict = run(
      guardianConsent,
      eligibleProfile({ participants: [harmed, responsible, guardianOf(harmed), guardianOf(responsible)] }),
    );
    expect(verdict).toMatchObject({
      result: 'note',
      reasonCode: 'GUARDIAN_CONSENT_REQUIRED',
      requires: { guardianConsentFor: [harmed.personId, responsible.personId] },
    });
    expect(verdict.explanation).not.toContain('no guardian');
  });
  it('says when a minor has no guardian named yet', () => {
    const responsible = responsiblePerson({ ageAtReferral: 16 });
    const verdict = run(guardianConsent, eligibleProfile({ participants: [harmedPerson(), responsible] }));
    expect(verdict.requires).toEqual({ guardianConsentFor: [responsible.personId] });
    expect(verdict.explanation).toContain('1 of them have no guardian named');
  });
});
