import {
  noScreeningRequirements,
  type CaseProfile,
  type RuleOutcome,
  type ScreeningOutcome,
  type ScreeningRequirements,
} from '@accord/contracts';
import type { RuleContext, RuleSet, RuleVerdict } from './rule';

export interface RuleSetEvaluation {
  readonly ruleSetVersion: string;
  readonly outcome: ScreeningOutcome;
  readonly rules: RuleOutcome[];
  readonly requirements: ScreeningRequirements;
}

/** The contract caps an explanation at 1000 characters; a long list of flags must not break it. */
const MAX_EXPLANATION = 1000;

/** Any fail makes a case ineligible; otherwise any review needs a screener; otherwise it is eligible. */
export function combineOutcomes(rules: readonly Pick<RuleOutcome, 'result'>[]): ScreeningOutcome {
  if (rules.some((rule) => rule.result === 'fail')) return 'ineligible';
  if (rules.some((rule) => rule.result === 'review')) return 'needs-review';
  return 'eligible';
}

/** Requirements only ever add up: one rule asking for a safety plan is enough. */
export function mergeRequirements(verdicts: readonly RuleVerdict[]): ScreeningRequirements {
  return verdicts.reduce<ScreeningRequirements>((merged, { requires = {} }) => {
    return {
      specialistFacilitator: merged.specialistFacilitator || (requires.specialistFacilitator ?? false),
      managerReview: merged.managerReview || (requires.managerReview ?? false),
      youthJusticePath: merged.youthJusticePath || (requires.youthJusticePath ?? false),
      guardianConsentFor: [
        ...new Set([...merged.guardianConsentFor, ...(requires.guardianConsentFor ?? [])]),
      ],
      courtToBeInformed: merged.courtToBeInformed || (requires.courtToBeInformed ?? false),
      safetyPlanRequired: merged.safetyPlanRequired || (requires.safetyPlanRequired ?? false),
    };
  }, noScreeningRequirements());
}

/** Runs every rule of the set, in order, and records each verdict as published (without `requires`). */
export function evaluateRuleSet(
  ruleSet: RuleSet,
  profile: CaseProfile,
  context: RuleContext,
): RuleSetEvaluation {
  const verdicts = ruleSet.rules.map((rule) => rule.evaluate(profile, context));
  const rules = verdicts.map(({ rule, result, reasonCode, explanation }) => ({
    rule,
    result,
    reasonCode,
    explanation:
      explanation.length > MAX_EXPLANATION ? `${explanation.slice(0, MAX_EXPLANATION - 1)}…` : explanation,
  }));
  return {
    ruleSetVersion: ruleSet.version,
    outcome: combineOutcomes(rules),
    rules,
    requirements: mergeRequirements(verdicts),
  };
}
