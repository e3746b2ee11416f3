import { someoneOfRoleNamed } from '../rule';

/** The process exists for the harmed person: without one there is nobody to repair harm for. */
export const harmedPersonIdentified = someoneOfRoleNamed({
  id: 'harmed-person-identified',
  role: 'harmed',
  named: {
    reasonCode: 'HARMED_PERSON_IDENTIFIED',
    explanation: (count) => `${count} harmed person(s) named in the referral.`,
  },
  nobody: {
    reasonCode: 'NO_HARMED_PERSON',
    explanation:
      'The referral names no harmed person; restorative work needs someone whose harm is to be repaired.',
  },
});
