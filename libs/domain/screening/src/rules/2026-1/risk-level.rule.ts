import { assertNever } from '@accord/contracts';
import type { ScreeningRule } from '../rule';

const id = 'risk-level';

/** Risk of re-victimisation comes first: high risk is a screener's call, medium and high need a safety plan. */
export const riskLevel: ScreeningRule = {
  id,
  evaluate: (profile) => {
    switch (profile.riskLevel) {
      case 'low':
        return {
          rule: id,
          result: 'pass',
          reasonCode: 'LOW_RISK',
          explanation: 'The referrer assessed the risk as low.',
        };
      case 'medium':
        return {
          rule: id,
          result: 'note',
          reasonCode: 'MEDIUM_RISK',
          explanation:
            'The referrer assessed the risk as medium: a safety plan must exist before any meeting.',
          requires: { safetyPlanRequired: true },
        };
      case 'high':
        return {
          rule: id,
          result: 'review',
          reasonCode: 'HIGH_RISK',
          explanation:
            'The referrer assessed the risk as high: a screener must judge whether restorative work is safe, and a safety plan must exist before any meeting.',
          requires: { safetyPlanRequired: true },
        };
      default:
        return assertNever(profile.riskLevel, 'risk level');
    }
  },
};
