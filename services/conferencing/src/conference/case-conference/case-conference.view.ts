import {
  assertNever,
  type AgreedAction,
  type ConferenceMode,
  type HaltReason,
  type OffenceCategory,
  type RiskLevel,
} from '@accord/contracts';
import type { ConferenceEvent, Unsuitability } from '@accord/conferencing-domain';

export const CONFERENCE_STATUSES = [
  'awaiting-facilitator',
  'facilitator-assigned',
  'conference-scheduled',
  'agreement-reached',
  'no-agreement',
  'halted',
] as const;
export type ConferenceStatus = (typeof CONFERENCE_STATUSES)[number];

/** Statuses in which a facilitator is working the case: what counts towards their caseload. */
export const OPEN_STATUSES: readonly ConferenceStatus[] = ['facilitator-assigned', 'conference-scheduled'];

export interface ConferenceView {
  caseId: string;
  version: number;
  referringAgency: string;
  receivingService: string;
  offenceCategory: OffenceCategory;
  riskLevel: RiskLevel;
  specialistFacilitator: boolean;
  safetyPlanRequired: boolean;
  status: ConferenceStatus;
  facilitatorId: string | null;
  facilitatorUnavailable: {
    explanation: string;
    reasons: Array<{ facilitatorId: string; reasons: Unsuitability[] }>;
  } | null;
  conference: { mode: ConferenceMode; at: string; where: string; participants: string[] } | null;
  safetyPlanRecorded: boolean;
  outcome:
    | { result: 'agreement'; actions: AgreedAction[]; heldAt: string }
    | { result: 'no-agreement'; reason: string; heldAt: string }
    | null;
  lastCancellation: { reason: string; at: string } | null;
  halt: { reason: HaltReason; explanation: string; at: string } | null;
  openedAt: Date;
  updatedAt: Date;
}

/**
 * The read model's fold, pure: the view after one more event of the case's stream. Null while the
 * stream holds nothing a reader may see (a halt for a case conferencing never opened).
 */
export function nextView(
  view: ConferenceView | null,
  event: ConferenceEvent,
  version: number,
  recordedAt: Date,
): ConferenceView | null {
  if (event.type === 'ConferencingOpened') {
    const { file } = event.data;
    return {
      caseId: event.data.caseId,
      version,
      referringAgency: file.referringAgency,
      receivingService: file.receivingService,
      offenceCategory: file.offenceCategory,
      riskLevel: file.riskLevel,
      specialistFacilitator: file.specialistFacilitator,
      safetyPlanRequired: file.safetyPlanRequired,
      status: 'awaiting-facilitator',
      facilitatorId: null,
      facilitatorUnavailable: null,
      conference: null,
      safetyPlanRecorded: false,
      outcome: null,
      lastCancellation: null,
      halt: null,
      openedAt: new Date(event.data.openedAt),
      updatedAt: recordedAt,
    };
  }
  if (!view) return null;
  const next: ConferenceView = { ...view, version, updatedAt: recordedAt };
  switch (event.type) {
    case 'FacilitatorAssigned':
      return {
        ...next,
        facilitatorId: event.data.facilitatorId,
        facilitatorUnavailable: null,
        status: view.status === 'awaiting-facilitator' ? 'facilitator-assigned' : view.status,
      };
    case 'FacilitatorUnavailable':
      return {
        ...next,
        facilitatorUnavailable: {
          explanation: event.data.explanation,
          reasons: event.data.reasons.map((r) => ({
            facilitatorId: r.facilitatorId,
            reasons: [...r.reasons],
          })),
        },
      };
    case 'ConferenceScheduled':
      return {
        ...next,
        status: 'conference-scheduled',
        conference: {
          mode: event.data.mode,
          at: event.data.at,
          where: event.data.where,
          participants: [...event.data.participants],
        },
      };
    case 'SafetyPlanRecorded':
      return { ...next, safetyPlanRecorded: true };
    case 'ConferenceCancelled':
      return {
        ...next,
        status: view.status === 'conference-scheduled' ? 'facilitator-assigned' : view.status,
        conference: null,
        lastCancellation: { reason: event.data.reason, at: event.data.cancelledAt },
      };
    case 'AgreementReached':
      return {
        ...next,
        status: 'agreement-reached',
        outcome: { result: 'agreement', actions: event.data.actions, heldAt: event.data.heldAt },
      };
    case 'NoAgreement':
      return {
        ...next,
        status: 'no-agreement',
        outcome: { result: 'no-agreement', reason: event.data.reason, heldAt: event.data.heldAt },
      };
    case 'ConferencingHalted':
      return {
        ...next,
        status: 'halted',
        halt: { reason: event.data.reason, explanation: event.data.explanation, at: event.data.haltedAt },
      };
    default:
      return assertNever(event, 'conference event');
  }
}
