import { everyoneOfRoleAgrees } from '../rule';

/**
 * RJ can only proceed when the responsible person accepts responsibility. An answer that was never
 * recorded is not a refusal: a screener checks it rather than the case being turned away.
 */
export const responsibilityAccepted = everyoneOfRoleAgrees({
  id: 'responsibility-accepted',
  role: 'responsible',
  answer: (person) => person.acceptsResponsibility,
  nobody: 'No responsible person is named, so there is no acceptance to assess.',
  refused: {
    reasonCode: 'RESPONSIBILITY_NOT_ACCEPTED',
    explanation: (count) =>
      `${count} responsible person(s) do not accept responsibility for the harm; restorative work cannot proceed without it.`,
  },
  unrecorded: {
    reasonCode: 'RESPONSIBILITY_NOT_RECORDED',
    explanation: (count) =>
      `Whether ${count} responsible person(s) accept responsibility is not recorded; a screener must find out.`,
  },
  agreed: {
    reasonCode: 'RESPONSIBILITY_ACCEPTED',
    explanation: 'Every responsible person accepts responsibility for the harm.',
  },
});
