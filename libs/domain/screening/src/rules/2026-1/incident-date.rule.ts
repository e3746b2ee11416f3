import { verdictsOf, type ScreeningRule } from '../rule';

const id = 'incident-date';
const verdict = verdictsOf(id);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The intake form only checks the shape; a date that cannot have happened is a question for a person. */
export const incidentDate: ScreeningRule = {
  id,
  evaluate: (profile, context) => {
    const match = ISO_DATE.exec(profile.incidentDate);
    const parsed = match ? new Date(`${profile.incidentDate}T00:00:00.000Z`) : undefined;
    if (
      !parsed ||
      Number.isNaN(parsed.getTime()) ||
      parsed.toISOString().slice(0, 10) !== profile.incidentDate
    ) {
      return verdict(
        'review',
        'INCIDENT_DATE_INVALID',
        `The incident date ${JSON.stringify(profile.incidentDate)} is not a calendar date (YYYY-MM-DD); a screener must confirm it with the referrer.`,
      );
    }
    if (profile.incidentDate > context.now.slice(0, 10)) {
      return verdict(
        'review',
        'INCIDENT_DATE_IN_FUTURE',
        `The incident date ${profile.incidentDate} is after the screening date; a screener must confirm it with the referrer.`,
      );
    }
    return verdict('pass', 'INCIDENT_DATE_VALID', `The incident happened on ${profile.incidentDate}.`);
  },
};
