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

/** The verdicts of one rule: `verdictsOf(id)('pass', 'CODE', 'why')`; `requires` only where it obliges later steps. */
export const verdictsOf =
  (rule: string) =>
  (
    result: RuleResult,
    reasonCode: string,
    explanation: string,
    requires?: Partial<ScreeningRequirements>,
  ): RuleVerdict => ({ rule, result, reasonCode, explanation, ...(requires ? { requires } : {}) });

export const participantsWithRole = (profile: CaseProfile, role: ParticipantRole): CaseParticipant[] =>
  profile.participants.filter((participant) => participant.role === role);

export const ADULT_AGE = 18;

/** A reason code and its explanation, which may name how many people it concerns. */
export interface Reasoned<Explanation = string> {
  readonly reasonCode: string;
  readonly explanation: Explanation;
}
type Counted = Reasoned<(count: number) => string>;

/** A rule that judges the people of one role in the referral. */
interface RoleRule {
  readonly id: string;
  readonly role: ParticipantRole;
}

const overRole = (
  rule: RoleRule,
  judge: (people: CaseParticipant[], verdict: ReturnType<typeof verdictsOf>) => RuleVerdict,
): ScreeningRule => {
  const verdict = verdictsOf(rule.id);
  return { id: rule.id, evaluate: (profile) => judge(participantsWithRole(profile, rule.role), verdict) };
};

/**
 * A rule over the people of one role who must each answer yes (willing, accepting): nobody of the
 * role is a note, any "no" fails, any unrecorded answer is a screener's question, else it passes.
 */
export const everyoneOfRoleAgrees = (
  rule: RoleRule & {
    readonly answer: (person: CaseParticipant) => boolean | undefined;
    readonly nobody: string;
    readonly refused: Counted;
    readonly unrecorded: Counted;
    readonly agreed: Reasoned;
  },
): ScreeningRule =>
  overRole(rule, (people, verdict) => {
    if (people.length === 0) return verdict('note', 'NOT_APPLICABLE', rule.nobody);
    const refused = people.filter((person) => rule.answer(person) === false).length;
    if (refused > 0) return verdict('fail', rule.refused.reasonCode, rule.refused.explanation(refused));
    const unrecorded = people.filter((person) => rule.answer(person) === undefined).length;
    if (unrecorded > 0)
      return verdict('review', rule.unrecorded.reasonCode, rule.unrecorded.explanation(unrecorded));
    return verdict('pass', rule.agreed.reasonCode, rule.agreed.explanation);
  });

/** A rule that the referral names at least one person of a role. */
export const someoneOfRoleNamed = (
  rule: RoleRule & { readonly named: Counted; readonly nobody: Reasoned },
): ScreeningRule =>
  overRole(rule, (people, verdict) =>
    people.length > 0
      ? verdict('pass', rule.named.reasonCode, rule.named.explanation(people.length))
      : verdict('fail', rule.nobody.reasonCode, rule.nobody.explanation),
  );
