import { ADULT_AGE, participantsWithRole, type ScreeningRule } from '../rule';

const id = 'youth-justice-path';

export const youthJusticePath: ScreeningRule = {
  id,
  evaluate: (profile) => {
    const responsible = participantsWithRole(profile, 'responsible');
    if (responsible.length === 0) {
      return {
        rule: id,
        result: 'note',
        reasonCode: 'NOT_APPLICABLE',
        explanation: 'No responsible person is named, so no justice path can be chosen.',
      };
    }
    const minors = responsible.filter((person) => person.ageAtReferral < ADULT_AGE);
    return minors.length > 0
      ? {
          rule: id,
          result: 'note',
          reasonCode: 'YOUTH_JUSTICE_PATH',
          explanation: `${minors.length} responsible person(s) were under ${ADULT_AGE} at referral: the case follows the youth-justice path.`,
          requires: { youthJusticePath: true },
        }
      : {
          rule: id,
          result: 'pass',
          reasonCode: 'ADULT_RESPONSIBLE_PERSON',
          explanation: `Every responsible person was ${ADULT_AGE} or over at referral.`,
        };
  },
};
