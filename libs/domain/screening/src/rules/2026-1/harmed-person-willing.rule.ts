import { everyoneOfRoleAgrees } from '../rule';

/** Victim-centred and voluntary: a harmed person who said no to contact is not contacted. */
export const harmedPersonWilling = everyoneOfRoleAgrees({
  id: 'harmed-person-willing',
  role: 'harmed',
  answer: (person) => person.willingToBeContacted,
  nobody: 'No harmed person is named, so there is no willingness to assess.',
  refused: {
    reasonCode: 'HARMED_PERSON_DECLINED_CONTACT',
    explanation: (count) =>
      `${count} harmed person(s) do not want to be contacted about restorative justice; their wish is final.`,
  },
  unrecorded: {
    reasonCode: 'CONTACT_WILLINGNESS_NOT_RECORDED',
    explanation: (count) =>
      `Whether ${count} harmed person(s) are willing to be contacted is not recorded; a screener must check with the referrer first.`,
  },
  agreed: {
    reasonCode: 'HARMED_PERSON_WILLING',
    explanation: 'Every harmed person is willing to be contacted about restorative justice.',
  },
});
