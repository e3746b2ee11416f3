import type { RegisteredIntegrationEvent } from '../integration-event';
import {
  AgreementReached,
  ConferenceCancelled,
  ConferenceScheduled,
  FacilitatorAssigned,
  NoAgreement,
} from './conferencing';
import { CaseHalted, ConsentsComplete } from './consent';
import { CaseClosed } from './follow-up';
import { ReferralAccepted, ReferralAmended, ReferralDeclined } from './intake';
import { CaseEligible, CaseIneligible, CaseNeedsReview } from './screening';

type StageEvents = readonly (readonly [RegisteredIntegrationEvent, string])[];

/** Intake's own stages: the receiving service's answer to a referral, and its amendment. */
export const REFERRAL_STAGE_EVENTS = [
  [ReferralAccepted, 'accepted'],
  [ReferralDeclined, 'declined'],
  [ReferralAmended, 'amended'],
] as const satisfies StageEvents;

/** The later steps' stages: what screening, consent, conferencing and follow-up decide about a case. */
export const LATER_STAGE_EVENTS = [
  [CaseEligible, 'eligible'],
  [CaseIneligible, 'ineligible'],
  [CaseNeedsReview, 'needs-review'],
  [ConsentsComplete, 'consents-complete'],
  [CaseHalted, 'halted'],
  [FacilitatorAssigned, 'facilitator-assigned'],
  [ConferenceScheduled, 'conference-scheduled'],
  [ConferenceCancelled, 'conference-cancelled'],
  [AgreementReached, 'agreement-reached'],
  [NoAgreement, 'no-agreement'],
  [CaseClosed, 'closed'],
] as const satisfies StageEvents;

/**
 * The events that move a case on, in the order a case meets them, each with the stage it names:
 * the words a case's status is said in (intake's referral status, the referring agency's webhooks).
 * Before any of them a referral is `received`.
 */
export const CASE_STAGE_EVENTS = [...REFERRAL_STAGE_EVENTS, ...LATER_STAGE_EVENTS] as const;

/** A stage a case reaches, as its event names it (`eligible`, `closed` …). */
export type CaseStageName = (typeof CASE_STAGE_EVENTS)[number][1];
