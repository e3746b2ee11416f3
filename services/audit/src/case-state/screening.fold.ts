import type {
  RuleOutcome,
  ScreeningDecision,
  ScreeningOutcome,
  ScreeningRequirements,
} from '@accord/contracts';
import { dataOf, foldWith, type FoldEvent } from './fold-event';

const OUTCOME_OF: Readonly<Record<string, ScreeningOutcome>> = {
  CaseEligible: 'eligible',
  CaseIneligible: 'ineligible',
  CaseNeedsReview: 'needs-review',
};

export interface ScreeningDecisionView {
  readonly outcome: ScreeningOutcome;
  readonly ruleSetVersion: string | null;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  /** A screener decided, not the rule set. */
  readonly manual: boolean;
  readonly overrides?: ScreeningOutcome;
  readonly reason?: string;
}

export interface ScreeningView {
  /** `screening` between a (re-)screening starting and its decision. */
  readonly status: 'screening' | 'decided';
  readonly outcome: ScreeningOutcome | null;
  readonly ruleSetVersion: string | null;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly manual: boolean;
  readonly overrides: ScreeningOutcome | null;
  readonly reason: string | null;
  /** Each rule's result and reason, as the current decision recorded them. */
  readonly rules: readonly RuleOutcome[];
  readonly requirements: ScreeningRequirements | null;
  /** How many times the case was screened (re-screening after an amended referral adds one). */
  readonly screenings: number;
  /** Every decision so far, oldest first. */
  readonly decisions: readonly ScreeningDecisionView[];
}

const empty: ScreeningView = {
  status: 'screening',
  outcome: null,
  ruleSetVersion: null,
  decidedBy: null,
  decidedAt: null,
  manual: false,
  overrides: null,
  reason: null,
  rules: [],
  requirements: null,
  screenings: 0,
  decisions: [],
};

/** `decidedBy` of a decision the rule set made on its own (screening's convention). */
const SYSTEM = 'system';

export function evolveScreening(state: ScreeningView, event: FoldEvent): ScreeningView {
  if (event.type === 'ScreeningStarted') {
    const { ruleSetVersion } = dataOf<{ ruleSetVersion: string }>(event);
    return {
      ...state,
      status: 'screening',
      ruleSetVersion: ruleSetVersion ?? state.ruleSetVersion,
      screenings: state.screenings + 1,
    };
  }
  const outcome = OUTCOME_OF[event.type];
  if (!outcome) return state;
  const data = dataOf<ScreeningDecision>(event);
  const decision: ScreeningDecisionView = {
    outcome,
    ruleSetVersion: data.ruleSetVersion ?? null,
    decidedBy: data.decidedBy ?? null,
    decidedAt: data.decidedAt ?? null,
    manual: data.decidedBy !== undefined && data.decidedBy !== SYSTEM,
    ...(data.overrides !== undefined ? { overrides: data.overrides } : {}),
    ...(data.reason !== undefined ? { reason: data.reason } : {}),
  };
  return {
    ...state,
    status: 'decided',
    outcome,
    ruleSetVersion: decision.ruleSetVersion,
    decidedBy: decision.decidedBy,
    decidedAt: decision.decidedAt,
    manual: decision.manual,
    overrides: data.overrides ?? null,
    reason: data.reason ?? null,
    rules: data.rules ?? [],
    requirements: data.requirements ?? null,
    decisions: [...state.decisions, decision],
  };
}

/** The screening outcome as screening saw it after `events` (stream `screening.Screening-<caseId>`). */
export const foldScreening = (events: readonly FoldEvent[]): ScreeningView | null =>
  foldWith(events, empty, evolveScreening);
