import {
  assertNever,
  conflict,
  notFound,
  forbidden,
  unprocessable,
  type CaseEligibleV1,
  type CaseIneligibleV1,
  type CaseNeedsReviewV1,
  type CaseProfile,
  type Command,
  type RuleOutcome,
  type ScreeningOutcome,
  type ScreeningRequirements,
  type Events,
} from '@accord/contracts';
import { evaluateRuleSet } from './rules/evaluate-rules';
import { ruleSetFor, RULE_SET_VERSIONS } from './rules/rule-sets';

/** `decidedBy` of a decision the rule set made on its own. */
export const SYSTEM = 'system';

export type ScreeningTrigger = 'referral-accepted' | 'referral-amended';

/** The outcomes a screener may choose; "needs review" is the rule set's to say, not a person's. */
export const MANUAL_OUTCOMES = ['eligible', 'ineligible'] as const;
export type ManualOutcome = (typeof MANUAL_OUTCOMES)[number];

export type ScreenCase = Command<
  'ScreenCase',
  {
    readonly caseId: string;
    readonly profile: CaseProfile;
    readonly trigger: ScreeningTrigger;
    /** Why and by whom the referral changed (re-screening only). */
    readonly amendment?: { readonly reason: string; readonly amendedBy: string; readonly amendedAt: string };
    /** The rule set in force when the command was issued: re-screening never reuses an old one. */
    readonly ruleSetVersion: string;
  }
>;

/** A screener (the actor) of the receiving service (the agency) decides. */
export type RecordManualDecision = Command<
  'RecordManualDecision',
  { readonly caseId: string; readonly outcome: ManualOutcome; readonly reason: string }
>;

export type ScreeningCommand = ScreenCase | RecordManualDecision;

/** What one decision said, as every decision event records it. */
export interface Decision {
  readonly outcome: ScreeningOutcome;
  readonly ruleSetVersion: string;
  readonly rules: RuleOutcome[];
  readonly requirements: ScreeningRequirements;
  readonly decidedBy: string;
  readonly decidedAt: string;
  readonly overrides?: ScreeningOutcome;
  readonly reason?: string;
}

/**
 * Internal: the facts a screening ran on, and (re-screening) the decision it replaces — so the
 * log holds both rule-set versions side by side. Not published.
 */
export interface ScreeningStartedData {
  readonly caseId: string;
  readonly profile: CaseProfile;
  readonly trigger: ScreeningTrigger;
  readonly ruleSetVersion: string;
  readonly startedAt: string;
  readonly amendment?: { readonly reason: string; readonly amendedBy: string; readonly amendedAt: string };
  readonly previousDecision?: {
    readonly outcome: ScreeningOutcome;
    readonly ruleSetVersion: string;
    readonly decidedBy: string;
    readonly decidedAt: string;
  };
}

export type ScreeningEvent = Events<{
  ScreeningStarted: ScreeningStartedData;
  CaseEligible: CaseEligibleV1;
  CaseIneligible: CaseIneligibleV1;
  CaseNeedsReview: CaseNeedsReviewV1;
}>;

export type ScreeningState =
  | { readonly status: 'not-screened' }
  | {
      readonly status: 'awaiting-decision';
      readonly caseId: string;
      readonly profile: CaseProfile;
      readonly automatic: Decision | null;
      readonly current: Decision | null;
    }
  | {
      readonly status: 'decided';
      readonly caseId: string;
      readonly profile: CaseProfile;
      readonly automatic: Decision;
      readonly current: Decision;
    };

export const initialState: ScreeningState = { status: 'not-screened' };

const outcomeOf = (event: Exclude<ScreeningEvent, { type: 'ScreeningStarted' }>): ScreeningOutcome => {
  switch (event.type) {
    case 'CaseEligible':
      return 'eligible';
    case 'CaseIneligible':
      return 'ineligible';
    case 'CaseNeedsReview':
      return 'needs-review';
    default:
      return assertNever(event, 'decision event');
  }
};

function decisionOf(event: Exclude<ScreeningEvent, { type: 'ScreeningStarted' }>): Decision {
  const { ruleSetVersion, rules, requirements, decidedBy, decidedAt, overrides, reason } = event.data;
  return {
    outcome: outcomeOf(event),
    ruleSetVersion,
    rules,
    requirements,
    decidedBy,
    decidedAt,
    ...(overrides !== undefined ? { overrides } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}

function decisionEvent(caseId: string, profile: CaseProfile, decision: Decision): ScreeningEvent {
  const { outcome, ...published } = decision;
  switch (outcome) {
    case 'eligible':
      return { type: 'CaseEligible', data: { caseId, profile, ...published } };
    case 'ineligible':
      return {
        type: 'CaseIneligible',
        data: { caseId, referringAgency: profile.referringAgency, ...published },
      };
    case 'needs-review':
      return {
        type: 'CaseNeedsReview',
        data: { caseId, referringAgency: profile.referringAgency, ...published },
      };
    default:
      return assertNever(outcome, 'screening outcome');
  }
}

function screen(command: ScreenCase, state: ScreeningState): ScreeningEvent[] {
  const { caseId, profile, trigger, amendment, ruleSetVersion } = command.data;
  const { now } = command.metadata;
  // A redelivered (or late) acceptance must not decide twice; only an amendment screens again.
  if (trigger === 'referral-accepted' && state.status !== 'not-screened') return [];
  const ruleSet = ruleSetFor(ruleSetVersion);
  if (!ruleSet) {
    throw unprocessable(
      'UNKNOWN_RULE_SET',
      `There is no screening rule set ${JSON.stringify(ruleSetVersion)}; known: ${RULE_SET_VERSIONS.join(', ')}.`,
      {
        ruleSetVersion,
      },
    );
  }
  const evaluation = evaluateRuleSet(ruleSet, profile, { now });
  const previous = state.status === 'not-screened' ? null : state.current;
  const started: ScreeningStartedData = {
    caseId,
    profile,
    trigger,
    ruleSetVersion: ruleSet.version,
    startedAt: now,
    ...(amendment ? { amendment } : {}),
    ...(previous
      ? {
          previousDecision: {
            outcome: previous.outcome,
            ruleSetVersion: previous.ruleSetVersion,
            decidedBy: previous.decidedBy,
            decidedAt: previous.decidedAt,
          },
        }
      : {}),
  };
  return [
    { type: 'ScreeningStarted', data: started },
    decisionEvent(caseId, profile, {
      outcome: evaluation.outcome,
      ruleSetVersion: evaluation.ruleSetVersion,
      rules: evaluation.rules,
      requirements: evaluation.requirements,
      decidedBy: SYSTEM,
      decidedAt: now,
    }),
  ];
}

function recordManualDecision(command: RecordManualDecision, state: ScreeningState): ScreeningEvent[] {
  const { caseId, outcome, reason } = command.data;
  const { actor, agency, now } = command.metadata;
  const screener = actor.id;
  // One answer for "no such case" and "not yours": only the case's own agencies learn it exists.
  const caseNotFound = () =>
    notFound('CASE_NOT_FOUND', `There is no case ${caseId} for your agency.`, { caseId });
  if (state.status === 'not-screened') throw caseNotFound();
  if (agency !== state.profile.receivingService) {
    if (agency === state.profile.referringAgency) {
      throw forbidden(
        'NOT_RECEIVING_SERVICE',
        `Only the receiving service (${state.profile.receivingService}) decides on screening; the referring agency can read the outcome.`,
        { caseId },
      );
    }
    throw caseNotFound();
  }
  if (state.status !== 'decided') {
    throw conflict(
      'CASE_NOT_SCREENED',
      `Case ${caseId} is still being screened; decide once the rule set has answered.`,
      { caseId },
    );
  }
  const { automatic, current } = state;
  if (current.decidedBy !== SYSTEM) {
    throw conflict(
      'ALREADY_DECIDED_MANUALLY',
      `${current.decidedBy} already decided case ${caseId} ${current.outcome} at ${current.decidedAt}; amend the referral to screen it again.`,
      {
        caseId,
        outcome: current.outcome,
        decidedBy: current.decidedBy,
      },
    );
  }
  if (current.outcome === outcome) {
    throw conflict(
      'ALREADY_DECIDED',
      `The rule set already found case ${caseId} ${outcome}; there is nothing to override.`,
      { caseId, outcome },
    );
  }
  const harmedDeclined = automatic.rules.some(
    (rule) => rule.reasonCode === 'HARMED_PERSON_DECLINED_CONTACT' && rule.result === 'fail',
  );
  if (outcome === 'eligible' && harmedDeclined) {
    // Victim-centred: nobody overrides a harmed person's "no"; only they can change it (via an amended referral).
    throw unprocessable(
      'HARMED_PERSON_DECLINED_CONTACT',
      'A harmed person declined contact; a screener cannot make the case eligible against their wish.',
      { caseId },
    );
  }
  return [
    decisionEvent(caseId, state.profile, {
      outcome,
      ruleSetVersion: automatic.ruleSetVersion,
      rules: automatic.rules,
      requirements: automatic.requirements,
      decidedBy: screener,
      decidedAt: now,
      reason,
      ...(current.outcome !== 'needs-review' ? { overrides: current.outcome } : {}),
    }),
  ];
}

export function decide(command: ScreeningCommand, state: ScreeningState): ScreeningEvent[] {
  switch (command.type) {
    case 'ScreenCase':
      return screen(command, state);
    case 'RecordManualDecision':
      return recordManualDecision(command, state);
    default:
      return assertNever(command, 'screening command');
  }
}

export function evolve(state: ScreeningState, event: ScreeningEvent): ScreeningState {
  switch (event.type) {
    case 'ScreeningStarted': {
      const { automatic, current } =
        state.status === 'not-screened' ? { automatic: null, current: null } : state;
      return {
        status: 'awaiting-decision',
        caseId: event.data.caseId,
        profile: event.data.profile,
        automatic,
        current,
      };
    }
    case 'CaseEligible':
    case 'CaseIneligible':
    case 'CaseNeedsReview': {
      const decision = decisionOf(event);
      const profile =
        event.type === 'CaseEligible'
          ? event.data.profile
          : state.status === 'not-screened'
            ? null
            : state.profile;
      // Every decision follows a ScreeningStarted that carried the profile; nothing to fold otherwise.
      if (!profile) return state;
      const automatic =
        decision.decidedBy === SYSTEM || state.status === 'not-screened' || !state.automatic
          ? decision
          : state.automatic;
      return { status: 'decided', caseId: event.data.caseId, profile, automatic, current: decision };
    }
    default:
      return assertNever(event, 'screening event');
  }
}

export const screeningDecider = { decide, evolve, initialState };
