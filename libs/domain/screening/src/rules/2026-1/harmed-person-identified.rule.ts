import { participantsWithRole, type ScreeningRule } from '../rule';

const id = 'harmed-person-identified';

/** The process exists for the harmed person: without one there is nobody to repair harm for. */
export const harmedPersonIdentified: ScreeningRule = {
  id,
  evaluate: (profile) => {
    const harmed = participantsWithRole(profile, 'harmed');
    return harmed.length > 0
      ? {
          rule: id,
          result: 'pass',
          reasonCode: 'HARMED_PERSON_IDENTIFIED',
          explanation: `${harmed.length} harmed person(s) named in the referral.`,
        }
      : {
          rule: id,
          result: 'fail',
          reasonCode: 'NO_HARMED_PERSON',
          explanation:
            'The referral names no harmed person; restorative work needs someone whose harm is to be repaired.',
        };
  },
};
