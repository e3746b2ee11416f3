import { participantsWithRole, type ScreeningRule } from '../rule';

const id = 'responsible-person-identified';

export const responsiblePersonIdentified: ScreeningRule = {
  id,
  evaluate: (profile) => {
    const responsible = participantsWithRole(profile, 'responsible');
    return responsible.length > 0
      ? {
          rule: id,
          result: 'pass',
          reasonCode: 'RESPONSIBLE_PERSON_IDENTIFIED',
          explanation: `${responsible.length} responsible person(s) named in the referral.`,
        }
      : {
          rule: id,
          result: 'fail',
          reasonCode: 'NO_RESPONSIBLE_PERSON',
          explanation:
            'The referral names no responsible person; restorative work needs the person who caused the harm.',
        };
  },
};
