import { SPECIALIST_CATEGORIES } from '@accord/contracts';
import { verdictsOf, type ScreeningRule } from '../rule';

const id = 'specialist-category';
const verdict = verdictsOf(id);

/** Domestic abuse, sexual harm and hate crime are not excluded, but never handled routinely. */
export const specialistCategory: ScreeningRule = {
  id,
  evaluate: (profile) =>
    SPECIALIST_CATEGORIES.includes(profile.offenceCategory)
      ? verdict(
          'review',
          'SPECIALIST_CATEGORY',
          `A ${profile.offenceCategory} case needs a specialist-accredited facilitator and a manager's review before it can proceed.`,
          { specialistFacilitator: true, managerReview: true },
        )
      : verdict(
          'pass',
          'NOT_SPECIALIST_CATEGORY',
          `A ${profile.offenceCategory} case needs no specialist facilitator.`,
        ),
};
