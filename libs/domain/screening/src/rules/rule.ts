import type {
  CaseParticipant,
  CaseProfile,
  ParticipantRole,
  RULE_RESULTS,
  ScreeningRequirements,
} from '@accord/contracts';

export type RuleResult = (typeof RULE_RESULTS)[number];

/** What a rule may look at besides the profile: nothing that is not passed in (rules are pure). */
export interface RuleContext {
  /** ISO-8601 instant the screening runs at. */
  readonly now: string;
}

/**
 * One rule's verdict, as published (`RuleOutcome` in the contracts), plus what it obliges later
 * steps to do. `requires` stays inside screening: it is folded into the decision's requirements.
 */
export interface RuleVerdict {
  readonly rule: string;
  readonly result: RuleResult;
  readonly reasonCode: string;
  readonly explanation: string;
  readonly requires?: Partial<ScreeningRequirements>;
}

/** A rule is data plus a pure function: same profile and context, same verdict, forever. */
export interface ScreeningRule {
  readonly id: string;
  readonly evaluate: (profile: CaseProfile, context: RuleContext) => RuleVerdict;
}

/** A versioned, immutable list of rules. A change to any rule is a new version, never an edit. */
export interface RuleSet {
  readonly version: string;
  readonly rules: readonly ScreeningRule[];
}

export const participantsWithRole = (profile: CaseProfile, role: ParticipantRole): CaseParticipant[] =>
  profile.participants.filter((participant) => participant.role === role);

export const ADULT_AGE = 18;
