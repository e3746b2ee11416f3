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

describe('harmed-person-identified', () => {
  it('passes with a harmed person', () => {
    expect(run(harmedPersonIdentified, eligibleProfile())).toMatchObject({
      result: 'pass',
      reasonCode: 'HARMED_PERSON_IDENTIFIED',
    });
  });
  it('fails without one', () => {
    expect(
      run(harmedPersonIdentified, eligibleProfile({ participants: [responsiblePerson()] })),
    ).toMatchObject({ result: 'fail', reasonCode: 'NO_HARMED_PERSON' });
  });
});

describe('responsible-person-identified', () => {
  it('passes with a responsible person', () => {
    expect(run(responsiblePersonIdentified, eligibleProfile())).toMatchObject({
      result: 'pass',
      reasonCode: 'RESPONSIBLE_PERSON_IDENTIFIED',
    });
  });
  it('fails without one', () => {
    expect(
      run(responsiblePersonIdentified, eligibleProfile({ participants: [harmedPerson()] })),
    ).toMatchObject({ result: 'fail', reasonCode: 'NO_RESPONSIBLE_PERSON' });
  });
});

describe('responsibility-accepted', () => {
  it('passes when every responsible person accepts', () => {
    expect(run(responsibilityAccepted, eligibleProfile())).toMatchObject({
      result: 'pass',
      reasonCode: 'RESPONSIBILITY_ACCEPTED',
    });
  });
  it('fails when any responsible person does not accept', () => {
    const participants = [
      harmedPerson(),
      responsiblePerson(),
      responsiblePerson({ acceptsResponsibility: false }),
    ];
    expect(run(responsibilityAccepted, eligibleProfile({ participants }))).toMatchObject({
      result: 'fail',
      reasonCode: 'RESPONSIBILITY_NOT_ACCEPTED',
    });
  });
  it('asks for review when acceptance is not recorded', () => {
    const participants = [harmedPerson(), responsiblePerson({ acceptsResponsibility: undefined })];
    expect(run(responsibilityAccepted, eligibleProfile({ participants }))).toMatchObject({
      result: 'review',
      reasonCode: 'RESPONSIBILITY_NOT_RECORDED',
    });
  });
  it('only notes itself when nobody is responsible (another rule fails that)', () => {
    expect(run(responsibilityAccepted, eligibleProfile({ participants: [harmedPerson()] }))).toMatchObject({
      result: 'note',
      reasonCode: 'NOT_APPLICABLE',
    });
  });
});

describe('harmed-person-willing', () => {
  it('passes when every harmed person is willing to be contacted', () => {
    expect(run(harmedPersonWilling, eligibleProfile())).toMatchObject({
      result: 'pass',
      reasonCode: 'HARMED_PERSON_WILLING',
    });
  });
  it('fails when a harmed person declined contact', () => {
    const participants = [harmedPerson({ willingToBeContacted: false }), responsiblePerson()];
    expect(run(harmedPersonWilling, eligibleProfile({ participants }))).toMatchObject({
      result: 'fail',
      reasonCode: 'HARMED_PERSON_DECLINED_CONTACT',
    });
  });
  it('asks for review when willingness is not recorded', () => {
    const participants = [harmedPerson({ willingToBeContacted: undefined }), responsiblePerson()];
    expect(run(harmedPersonWilling, eligibleProfile({ participants }))).toMatchObject({
      result: 'review',
      reasonCode: 'CONTACT_WILLINGNESS_NOT_RECORDED',
    });
  });
  it('only notes itself when nobody is harmed', () => {
    expect(run(harmedPersonWilling, eligibleProfile({ participants: [responsiblePerson()] }))).toMatchObject({
      result: 'note',
      reasonCode: 'NOT_APPLICABLE',
    });
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

describe('risk-level', () => {
  it('passes low risk without a safety plan', () => {
    const verdict = run(riskLevel, eligibleProfile({ riskLevel: 'low' }));
    expect(verdict).toMatchObject({ result: 'pass', reasonCode: 'LOW_RISK' });
    expect(verdict.requires).toBeUndefined();
  });
  it('notes medium risk and requires a safety plan', () => {
    expect(run(riskLevel, eligibleProfile({ riskLevel: 'medium' }))).toMatchObject({
      result: 'note',
      reasonCode: 'MEDIUM_RISK',
      requires: { safetyPlanRequired: true },
    });
  });
  it('sends high risk to review and requires a safety plan', () => {
    expect(run(riskLevel, eligibleProfile({ riskLevel: 'high' }))).toMatchObject({
      result: 'review',
      reasonCode: 'HIGH_RISK',
      requires: { safetyPlanRequired: true },
    });
  });
});

describe('risk-flags', () => {
  it('passes without flags', () => {
    expect(run(riskFlags, eligibleProfile())).toMatchObject({ result: 'pass', reasonCode: 'NO_RISK_FLAGS' });
  });
  it('notes every flag raised', () => {
    const verdict = run(riskFlags, eligibleProfile({ riskFlags: ['weapon-used', 'repeat-victim'] }));
    expect(verdict).toMatchObject({ result: 'note', reasonCode: 'RISK_FLAGS_RAISED' });
    expect(verdict.explanation).toContain('weapon-used, repeat-victim');
  });
});

describe('youth-justice-path', () => {
  it('passes adults', () => {
    expect(run(youthJusticePath, eligibleProfile())).toMatchObject({
      result: 'pass',
      reasonCode: 'ADULT_RESPONSIBLE_PERSON',
    });
  });
  it('puts a responsible person under 18 on the youth-justice path', () => {
    const participants = [harmedPerson(), responsiblePerson({ ageAtReferral: 17 })];
    expect(run(youthJusticePath, eligibleProfile({ participants }))).toMatchObject({
      result: 'note',
      reasonCode: 'YOUTH_JUSTICE_PATH',
      requires: { youthJusticePath: true },
    });
  });
  it('does not for a harmed person under 18', () => {
    const participants = [harmedPerson({ ageAtReferral: 15 }), responsiblePerson({ ageAtReferral: 18 })];
    expect(run(youthJusticePath, eligibleProfile({ participants }))).toMatchObject({ result: 'pass' });
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

describe('pending-court-proceedings', () => {
  it('passes without pending proceedings', () => {
    expect(run(pendingCourtProceedings, eligibleProfile())).toMatchObject({
      result: 'pass',
      reasonCode: 'NO_PENDING_PROCEEDINGS',
    });
  });
  it('notes pre-sentence work and requires the court to be informed', () => {
    expect(run(pendingCourtProceedings, eligibleProfile({ pendingCourtProceedings: true }))).toMatchObject({
      result: 'note',
      reasonCode: 'PRE_SENTENCE',
      requires: { courtToBeInformed: true },
    });
  });
});

describe('incident-date', () => {
  it('passes a past calendar date', () => {
    expect(run(incidentDate, eligibleProfile({ incidentDate: '2026-02-01' }))).toMatchObject({
      result: 'pass',
      reasonCode: 'INCIDENT_DATE_VALID',
    });
  });
  it('sends a date after the screening to review', () => {
    expect(run(incidentDate, eligibleProfile({ incidentDate: '2026-02-02' }))).toMatchObject({
      result: 'review',
      reasonCode: 'INCIDENT_DATE_IN_FUTURE',
    });
  });
  it.each(['2025-02-30', '01/11/2025', '2025-13-01'])('sends %s (not a calendar date) to review', (date) => {
    expect(run(incidentDate, eligibleProfile({ incidentDate: date }))).toMatchObject({
      result: 'review',
      reasonCode: 'INCIDENT_DATE_INVALID',
    });
  });
});
