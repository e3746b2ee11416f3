import { answer, type ApiClient } from '../../shared/api/api-client';
import { ApiProblem } from '../../shared/api/problem';
import type { CaseSummary } from '../../shared/components/case-table';

export interface TimelineEntry {
  readonly at: string;
  readonly status: string;
  readonly detail: Record<string, unknown>;
}

/** A referral as its case page shows it: the row of the case lists, with its timeline. */
export interface ReferralView extends CaseSummary {
  readonly timeline: readonly TimelineEntry[];
}

export interface RuleOutcome {
  readonly rule: string;
  readonly result: string;
  readonly reasonCode: string;
  readonly explanation: string;
}

export interface ScreeningView {
  readonly outcome: string;
  readonly ruleSetVersion: string;
  readonly rules?: readonly RuleOutcome[];
  readonly decidedBy?: string;
  readonly reason?: string;
}

export interface ConsentView {
  readonly status: string;
  readonly dueAt?: string;
  readonly participants?: readonly {
    readonly personId: string;
    readonly role: string;
    readonly required: boolean;
    readonly participation: string;
    readonly consents: readonly {
      readonly purpose: string;
      readonly status: string;
      readonly agency?: string;
    }[];
  }[];
}

export interface AgreedAction {
  readonly actionId: string;
  readonly kind: string;
  readonly what: string;
  readonly dueBy: string;
}

export interface ConferenceViewData {
  readonly status: string;
  readonly facilitatorId: string | null;
  /** Why no facilitator matched, each one's reasons (automatic assignment found none). */
  readonly facilitatorUnavailable?: {
    readonly explanation: string;
    readonly reasons: readonly { readonly facilitatorId: string; readonly reasons: readonly string[] }[];
  } | null;
  readonly lastCancellation?: { readonly reason: string; readonly at: string } | null;
  readonly halt?: { readonly reason: string; readonly explanation: string; readonly at: string } | null;
  readonly safetyPlanRequired: boolean;
  readonly conference: { readonly mode: string; readonly at: string; readonly where: string } | null;
  readonly outcome:
    | { readonly result: 'agreement'; readonly actions: readonly AgreedAction[] }
    | { readonly result: 'no-agreement'; readonly reason: string }
    | null;
}

export interface CaseView {
  readonly referral: ReferralView;
  readonly conference: ConferenceViewData | null;
  /** Null where that step has not happened yet (or is not shared with this reader). */
  readonly screening: ScreeningView | null;
  readonly consent: ConsentView | null;
}

const absentOn404 = async <T>(call: Promise<T>): Promise<T | null> => {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 404 || error.status === 403)) return null;
    throw error;
  }
};

/** A case as this reader may see it: intake's status and timeline, and each later step's view. */
export async function loadCase(
  api: ApiClient,
  caseId: string,
  signal: AbortSignal,
  staff: boolean,
): Promise<CaseView> {
  const path = { caseId };
  const [referral, screening, consent, conference] = await Promise.all([
    answer<ReferralView>(api.GET('/api/referrals/{caseId}', { params: { path }, signal })),
    staff
      ? absentOn404(
          answer<ScreeningView>(api.GET('/api/cases/{caseId}/screening', { params: { path }, signal })),
        )
      : Promise.resolve(null),
    staff
      ? absentOn404(answer<ConsentView>(api.GET('/api/cases/{caseId}/consent', { params: { path }, signal })))
      : Promise.resolve(null),
    staff
      ? absentOn404(
          answer<ConferenceViewData>(api.GET('/api/cases/{caseId}/conference', { params: { path }, signal })),
        )
      : Promise.resolve(null),
  ]);
  return { referral, screening, consent, conference };
}
