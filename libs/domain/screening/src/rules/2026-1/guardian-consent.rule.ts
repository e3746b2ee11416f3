import { ADULT_AGE, verdictsOf, type ScreeningRule } from '../rule';

const id = 'guardian-consent';
const verdict = verdictsOf(id);

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
    if (minors.length === 0)
      return verdict('pass', 'NO_MINORS', `No participant was under ${ADULT_AGE} at referral.`);
    const guarded = new Set(
      profile.participants
        .filter((person) => person.role === 'guardian')
        .map((guardian) => guardian.supports),
    );
    const unguarded = minors.filter((minor) => !guarded.has(minor.personId));
    return verdict(
      'note',
      'GUARDIAN_CONSENT_REQUIRED',
      `${minors.length} participant(s) under ${ADULT_AGE} need a guardian's consent as well as their own.` +
        (unguarded.length > 0
          ? ` ${unguarded.length} of them have no guardian named in the referral yet.`
          : ''),
      { guardianConsentFor: minors.map((minor) => minor.personId) },
    );
  },
};
