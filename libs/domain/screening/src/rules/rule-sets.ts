import type { RuleSet } from './rule';
import { ruleSet2026_1 } from './2026-1/rule-set';

/** Every rule set ever in force stays here, so any past decision can be explained and re-run. */
export const RULE_SETS: Readonly<Record<string, RuleSet>> = {
  [ruleSet2026_1.version]: ruleSet2026_1,
};

/** The rule set new screenings use unless SCREENING_RULE_SET_VERSION names another. */
export const CURRENT_RULE_SET_VERSION = ruleSet2026_1.version;

export const RULE_SET_VERSIONS = Object.keys(RULE_SETS);

export function ruleSetFor(version: string): RuleSet | undefined {
  return Object.prototype.hasOwnProperty.call(RULE_SETS, version) ? RULE_SETS[version] : undefined;
}
