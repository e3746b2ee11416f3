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

/**
 * The events that move a case on, in the order a case meets them, each with the stage it names:
 * the words a case's status is said in (intake's referral status, the referring agency's webhooks).
 * Before any of them a referral is `received`.
 */
export const CASE_STAGE_EVENTS = [
  [ReferralAccepted, 'accepted'],
  [ReferralDeclined, 'declined'],
  [ReferralAmended, 'amended'],
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
] as const satisfies readonly (readonly [RegisteredIntegrationEvent, string])[];

/** A stage a case reaches, as its event names it (`eligible`, `closed` …). */
export type CaseStageName = (typeof CASE_STAGE_EVENTS)[number][1];
