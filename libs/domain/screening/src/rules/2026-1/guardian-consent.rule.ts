import { ADULT_AGE, type ScreeningRule } from '../rule';

const id = 'guardian-consent';

/**
 * Everyone under 18 who takes part needs a guardian's consent too. A minor without a guardian in
 * the referral is not a reason to stop: consent finds the guardian, but it must know to.
 */
export const guardianConsent: ScreeningRule = {
  id,
  evaluate: (profile) => {
    const minors = profile.participants.filter(
      (person) => person.role !== 'guardian' && person.ageAtReferral < ADULT_AGE,
    );
    if (minors.length === 0) {
      return {
        rule: id,
        result: 'pass',
        reasonCode: 'NO_MINORS',
        explanation: `No participant was under ${ADULT_AGE} at referral.`,
      };
    }
    const guarded = new Set(
      profile.participants
        .filter((person) => person.role === 'guardian')
        .map((guardian) => guardian.supports),
    );
    const unguarded = minors.filter((minor) => !guarded.has(minor.personId));
    return {
      rule: id,
      result: 'note',
      reasonCode: 'GUARDIAN_CONSENT_REQUIRED',
      explanation:
        `${minors.length} participant(s) under ${ADULT_AGE} need a guardian's consent as well as their own.` +
        (unguarded.length > 0
          ? ` ${unguarded.length} of them have no guardian named in the referral yet.`
          : ''),
      requires: { guardianConsentFor: minors.map((minor) => minor.personId) },
    };
  },
};
