import { someoneOfRoleNamed } from '../rule';

export const responsiblePersonIdentified = someoneOfRoleNamed({
  id: 'responsible-person-identified',
  role: 'responsible',
  named: {
    reasonCode: 'RESPONSIBLE_PERSON_IDENTIFIED',
    explanation: (count) => `${count} responsible person(s) named in the referral.`,
  },
  nobody: {
    reasonCode: 'NO_RESPONSIBLE_PERSON',
    explanation:
      'The referral names no responsible person; restorative work needs the person who caused the harm.',
  },
});
