import { participantsWithRole, type ScreeningRule } from '../rule';

const id = 'responsibility-accepted';

/**
 * RJ can only proceed when the responsible person accepts responsibility. An answer that was never
 * recorded is not a refusal: a screener checks it rather than the case being turned away.
 */
export const responsibilityAccepted: ScreeningRule = {
  id,
  evaluate: (profile) => {
    const responsible = participantsWithRole(profile, 'responsible');
    if (responsible.length === 0) {
      return {
        rule: id,
        result: 'note',
        reasonCode: 'NOT_APPLICABLE',
        explanation: 'No responsible person is named, so there is no acceptance to assess.',
      };
    }
    const refusing = responsible.filter((person) => person.acceptsResponsibility === false);
    if (refusing.length > 0) {
      return {
        rule: id,
        result: 'fail',
        reasonCode: 'RESPONSIBILITY_NOT_ACCEPTED',
        explanation: `${refusing.length} responsible person(s) do not accept responsibility for the harm; restorative work cannot proceed without it.`,
      };
    }
    const unknown = responsible.filter((person) => person.acceptsResponsibility === undefined);
    if (unknown.length > 0) {
      return {
        rule: id,
        result: 'review',
        reasonCode: 'RESPONSIBILITY_NOT_RECORDED',
        explanation: `Whether ${unknown.length} responsible person(s) accept responsibility is not recorded; a screener must find out.`,
      };
    }
    return {
      rule: id,
      result: 'pass',
      reasonCode: 'RESPONSIBILITY_ACCEPTED',
      explanation: 'Every responsible person accepts responsibility for the harm.',
    };
  },
};
