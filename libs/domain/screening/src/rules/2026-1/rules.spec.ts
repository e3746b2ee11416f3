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

/** A verdict builder for one result: its reason code, and what it requires of later steps, if anything. */
const answers =
  (result: RuleVerdict['result']) =>
  (reasonCode: string, requires?: RuleVerdict['requires']): VerdictCase['verdict'] => ({
    result,
    reasonCode,
    ...(requires ? { requires } : {}),
  });
const pass = answers('pass');
const note = answers('note');
const review = answers('review');
const fail = answers('fail');

/** The verdicts of one rule, each as [given, profile, verdict]. */
const verdictsOf = (
  rule: ScreeningRule,
  cases: readonly (readonly [string, Partial<CaseProfile>, VerdictCase['verdict']])[],
): VerdictCase[] => cases.map(([given, profile, verdict]) => ({ rule, given, profile, verdict }));

const VERDICTS: readonly VerdictCase[] = [
  ...verdictsOf(harmedPersonIdentified, [
    ['a harmed person', {}, pass('HARMED_PERSON_IDENTIFIED')],
    ['no harmed person', alone(responsiblePerson()), fail('NO_HARMED_PERSON')],
  ]),
  ...verdictsOf(responsiblePersonIdentified, [
    ['a responsible person', {}, pass('RESPONSIBLE_PERSON_IDENTIFIED')],
    ['no responsible person', alone(harmedPerson()), fail('NO_RESPONSIBLE_PERSON')],
  ]),
  ...verdictsOf(responsibilityAccepted, [
    ['every responsible person accepting', {}, pass('RESPONSIBILITY_ACCEPTED')],
    [
      'one responsible person of two not accepting',
      alone(harmedPerson(), responsiblePerson(), responsiblePerson({ acceptsResponsibility: false })),
      fail('RESPONSIBILITY_NOT_ACCEPTED'),
    ],
    [
      'acceptance not recorded',
      alone(harmedPerson(), responsiblePerson({ acceptsResponsibility: undefined })),
      review('RESPONSIBILITY_NOT_RECORDED'),
    ],
    ['nobody responsible (another rule fails that)', alone(harmedPerson()), note('NOT_APPLICABLE')],
  ]),
  ...verdictsOf(harmedPersonWilling, [
    ['every harmed person willing to be contacted', {}, pass('HARMED_PERSON_WILLING')],
    [
      'a harmed person who declined contact',
      alone(harmedPerson({ willingToBeContacted: false }), responsiblePerson()),
      fail('HARMED_PERSON_DECLINED_CONTACT'),
    ],
    [
      'willingness not recorded',
      alone(harmedPerson({ willingToBeContacted: undefined }), responsiblePerson()),
      review('CONTACT_WILLINGNESS_NOT_RECORDED'),
    ],
    ['nobody harmed', alone(responsiblePerson()), note('NOT_APPLICABLE')],
  ]),
  ...verdictsOf(riskLevel, [
    ['low risk (no safety plan)', { riskLevel: 'low' }, pass('LOW_RISK')],
    [
      'medium risk (a safety plan)',
      { riskLevel: 'medium' },
      note('MEDIUM_RISK', { safetyPlanRequired: true }),
    ],
    [
      'high risk (a screener, and a safety plan)',
      { riskLevel: 'high' },
      review('HIGH_RISK', { safetyPlanRequired: true }),
    ],
  ]),
  ...verdictsOf(riskFlags, [['no flags', {}, pass('NO_RISK_FLAGS')]]),
  ...verdictsOf(youthJusticePath, [
    ['adults', {}, pass('ADULT_RESPONSIBLE_PERSON')],
    [
      'a responsible person under 18',
      alone(harmedPerson(), responsiblePerson({ ageAtReferral: 17 })),
      note('YOUTH_JUSTICE_PATH', { youthJusticePath: true }),
    ],
    [
      'only a harmed person under 18',
      alone(harmedPerson({ ageAtReferral: 15 }), responsiblePerson({ ageAtReferral: 18 })),
      pass('ADULT_RESPONSIBLE_PERSON'),
    ],
  ]),
  ...verdictsOf(pendingCourtProceedings, [
    ['no pending proceedings', {}, pass('NO_PENDING_PROCEEDINGS')],
    [
      'pending proceedings (pre-sentence: the court is informed)',
      { pendingCourtProceedings: true },
      note('PRE_SENTENCE', { courtToBeInformed: true }),
    ],
  ]),
  ...verdictsOf(incidentDate, [
    ['a past calendar date', { incidentDate: '2026-02-01' }, pass('INCIDENT_DATE_VALID')],
    ['a date after the screening', { incidentDate: '2026-02-02' }, review('INCIDENT_DATE_IN_FUTURE')],
    ...['2025-02-30', '01/11/2025', '2025-13-01'].map(
      (date) =>
        [`${date} (not a calendar date)`, { incidentDate: date }, review('INCIDENT_DATE_INVALID')] as const,
    ),
  ]),
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
