import { ADULT_AGE, participantsWithRole, verdictsOf, type ScreeningRule } from '../rule';

const id = 'youth-justice-path';
const verdict = verdictsOf(id);

export const youthJusticePath: ScreeningRule = {
  id,
  evaluate: (profile) => {
    const responsible = participantsWithRole(profile, 'responsible');
    if (responsible.length === 0)
      return verdict(
        'note',
        'NOT_APPLICABLE',
        'No responsible person is named, so no justice path can be chosen.',
      );
    const minors = responsible.filter((person) => person.ageAtReferral < ADULT_AGE);
    return minors.length > 0
      ? verdict(
          'note',
          'YOUTH_JUSTICE_PATH',
          `${minors.length} responsible person(s) were under ${ADULT_AGE} at referral: the case follows the youth-justice path.`,
          { youthJusticePath: true },
        )
      : verdict(
          'pass',
          'ADULT_RESPONSIBLE_PERSON',
          `Every responsible person was ${ADULT_AGE} or over at referral.`,
        );
  },
};
