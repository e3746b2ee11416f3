import { assertNever } from '@accord/contracts';
import { verdictsOf, type ScreeningRule } from '../rule';

const id = 'risk-level';
const verdict = verdictsOf(id);

/** Risk of re-victimisation comes first: high risk is a screener's call, medium and high need a safety plan. */
export const riskLevel: ScreeningRule = {
  id,
  evaluate: (profile) => {
    switch (profile.riskLevel) {
      case 'low':
        return verdict('pass', 'LOW_RISK', 'The referrer assessed the risk as low.');
      case 'medium':
        return verdict(
          'note',
          'MEDIUM_RISK',
          'The referrer assessed the risk as medium: a safety plan must exist before any meeting.',
          { safetyPlanRequired: true },
        );
      case 'high':
        return verdict(
          'review',
          'HIGH_RISK',
          'The referrer assessed the risk as high: a screener must judge whether restorative work is safe, and a safety plan must exist before any meeting.',
          { safetyPlanRequired: true },
        );
      default:
        return assertNever(profile.riskLevel, 'risk level');
    }
  },
};
