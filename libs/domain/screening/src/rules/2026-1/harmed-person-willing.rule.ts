import { participantsWithRole, type ScreeningRule } from '../rule';

const id = 'harmed-person-willing';

/** Victim-centred and voluntary: a harmed person who said no to contact is not contacted. */
export const harmedPersonWilling: ScreeningRule = {
  id,
  evaluate: (profile) => {
    const harmed = participantsWithRole(profile, 'harmed');
    if (harmed.length === 0) {
      return {
        rule: id,
        result: 'note',
        reasonCode: 'NOT_APPLICABLE',
        explanation: 'No harmed person is named, so there is no willingness to assess.',
      };
    }
    const declined = harmed.filter((person) => person.willingToBeContacted === false);
    if (declined.length > 0) {
      return {
        rule: id,
        result: 'fail',
        reasonCode: 'HARMED_PERSON_DECLINED_CONTACT',
        explanation: `${declined.length} harmed person(s) do not want to be contacted about restorative justice; their wish is final.`,
      };
    }
    const unknown = harmed.filter((person) => person.willingToBeContacted === undefined);
    if (unknown.length > 0) {
      return {
        rule: id,
        result: 'review',
        reasonCode: 'CONTACT_WILLINGNESS_NOT_RECORDED',
        explanation: `Whether ${unknown.length} harmed person(s) are willing to be contacted is not recorded; a screener must check with the referrer first.`,
      };
    }
    return {
      rule: id,
      result: 'pass',
      reasonCode: 'HARMED_PERSON_WILLING',
      explanation: 'Every harmed person is willing to be contacted about restorative justice.',
    };
  },
};
