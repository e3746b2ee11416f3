import {
  assertNever,
  CASE_STAGE_EVENTS,
  type AgreementReachedV1,
  type CaseClosedV1,
  type CaseEligibleV1,
  type CaseHaltedV1,
  type CaseIneligibleV1,
  type CaseNeedsReviewV1,
  type CaseStageName,
  type ConferenceCancelledV1,
  type ConferenceScheduledV1,
  type ConsentsCompleteV1,
  type Events,
  type FacilitatorAssignedV1,
  type NoAgreementV1,
  type ScreeningDecision,
} from '@accord/contracts';
import type { ReferralEvent } from '@accord/intake-domain';

/** Where a case stands: received, then the stage its latest step named. */
export type CaseStatus = 'received' | CaseStageName;
export const CASE_STATUSES: readonly CaseStatus[] = [
  'received',
  ...CASE_STAGE_EVENTS.map(([, stage]) => stage),
];

/** A step of the case as the timeline shows it, in two views. */
export interface TimelineStep {
  readonly status: CaseStatus;
  /** The receiving service's (and auditors') view. */
  readonly detail: Record<string, unknown>;
  /** The referring agency's view: outcome and status, no screening reasons, no consent details. */
  readonly referrerDetail: Record<string, unknown>;
}

/** Later steps' events that move a case, by stored event name. */
export type ObservedEvent = Events<{
  CaseEligible: CaseEligibleV1;
  CaseIneligible: CaseIneligibleV1;
  CaseNeedsReview: CaseNeedsReviewV1;
  ConsentsComplete: ConsentsCompleteV1;
  CaseHalted: CaseHaltedV1;
  FacilitatorAssigned: FacilitatorAssignedV1;
  ConferenceScheduled: ConferenceScheduledV1;
  ConferenceCancelled: ConferenceCancelledV1;
  AgreementReached: AgreementReachedV1;
  NoAgreement: NoAgreementV1;
  CaseClosed: CaseClosedV1;
}>;

function screening(status: CaseStatus, outcome: string, decision: ScreeningDecision): TimelineStep {
  return {
    status,
    detail: {
      outcome,
      ruleSetVersion: decision.ruleSetVersion,
      reasons: decision.rules.map(({ rule, result, reasonCode, explanation }) => ({
        rule,
        result,
        reasonCode,
        explanation,
      })),
      decidedBy: decision.decidedBy,
      ...(decision.overrides ? { overrides: decision.overrides, reason: decision.reason } : {}),
    },
    referrerDetail: { outcome },
  };
}

export function ownStep(event: ReferralEvent): TimelineStep {
  switch (event.type) {
    case 'ReferralSubmitted': {
      const detail = { referrerReference: event.data.referrerReference };
      return { status: 'received', detail, referrerDetail: detail };
    }
    case 'ReferralAccepted':
      return { status: 'accepted', detail: { acceptedBy: event.data.acceptedBy }, referrerDetail: {} };
    // Shared with notifications beside ReferralAccepted; not a step of its own (not in OWN_TYPES).
    case 'ParticipantContactsShared':
      return { status: 'accepted', detail: {}, referrerDetail: {} };
    case 'ReferralDeclined':
      return {
        status: 'declined',
        detail: { reason: event.data.reason, declinedBy: event.data.declinedBy },
        referrerDetail: { reason: event.data.reason },
      };
    case 'ReferralAmended':
      return {
        status: 'amended',
        detail: { reason: event.data.reason, amendedBy: event.data.amendedBy },
        referrerDetail: { reason: event.data.reason, amendedBy: event.data.amendedBy },
      };
    // Deadlines passing are no step: the projection keeps them on the case row (overdue, escalated).
    case 'ReferralOverdue':
    case 'ReferralEscalated':
      return { status: 'received', detail: {}, referrerDetail: {} };
    default:
      return assertNever(event, 'referral event');
  }
}

export function observedStep(event: ObservedEvent): TimelineStep {
  switch (event.type) {
    case 'CaseEligible':
      return screening('eligible', 'eligible', event.data);
    case 'CaseIneligible':
      return screening('ineligible', 'ineligible', event.data);
    case 'CaseNeedsReview':
      return screening('needs-review', 'needs-review', event.data);
    case 'ConsentsComplete':
      return {
        status: 'consents-complete',
        detail: { requirements: event.data.requirements },
        referrerDetail: {},
      };
    case 'CaseHalted':
      // Why it halted is a participant's consent decision: the referrer learns only that it stopped.
      return {
        status: 'halted',
        detail: { reason: event.data.reason, explanation: event.data.explanation },
        referrerDetail: {},
      };
    case 'FacilitatorAssigned':
      return {
        status: 'facilitator-assigned',
        detail: { facilitatorId: event.data.facilitatorId, how: event.data.how },
        referrerDetail: {},
      };
    case 'ConferenceScheduled':
      return {
        status: 'conference-scheduled',
        detail: { mode: event.data.mode, at: event.data.at },
        referrerDetail: {},
      };
    case 'ConferenceCancelled':
      return { status: 'conference-cancelled', detail: { reason: event.data.reason }, referrerDetail: {} };
    case 'AgreementReached':
      return {
        status: 'agreement-reached',
        detail: {
          actions: event.data.actions.map(({ actionId, kind, dueBy }) => ({ actionId, kind, dueBy })),
        },
        referrerDetail: { outcome: 'agreement' },
      };
    case 'NoAgreement':
      return {
        status: 'no-agreement',
        detail: { reason: event.data.reason },
        referrerDetail: { outcome: 'no-agreement' },
      };
    case 'CaseClosed':
      return {
        status: 'closed',
        detail: {
          outcome: event.data.outcome,
          closedBy: event.data.closedBy,
          ...(event.data.reason ? { reason: event.data.reason } : {}),
        },
        referrerDetail: { outcome: event.data.outcome },
      };
    default:
      return assertNever(event, 'observed event');
  }
}
