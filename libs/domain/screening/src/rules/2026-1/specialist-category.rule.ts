import { SPECIALIST_CATEGORIES } from '@accord/contracts';
import type { ScreeningRule } from '../rule';

const id = 'specialist-category';

/** Domestic abuse, sexual harm and hate crime are not excluded, but never handled routinely. */
export const specialistCategory: ScreeningRule = {
  id,
  evaluate: (profile) =>
    SPECIALIST_CATEGORIES.includes(profile.offenceCategory)
      ? {
          rule: id,
          result: 'review',
          reasonCode: 'SPECIALIST_CATEGORY',
          explanation: `A ${profile.offenceCategory} case needs a specialist-accredited facilitator and a manager's review before it can proceed.`,
          requires: { specialistFacilitator: true, managerReview: true },
        }
      : {
          rule: id,
          result: 'pass',
          reasonCode: 'NOT_SPECIALIST_CATEGORY',
          explanation: `A ${profile.offenceCategory} case needs no specialist facilitator.`,
        },
};
