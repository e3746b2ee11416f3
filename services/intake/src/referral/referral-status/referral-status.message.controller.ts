import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  AgreementReached,
  AgreementReachedV1,
  CaseClosed,
  CaseClosedV1,
  CaseEligible,
  CaseEligibleV1,
  CaseHalted,
  CaseHaltedV1,
  CaseIneligible,
  CaseIneligibleV1,
  CaseNeedsReview,
  CaseNeedsReviewV1,
  ConferenceCancelled,
  ConferenceCancelledV1,
  ConferenceScheduled,
  ConferenceScheduledV1,
  ConsentsComplete,
  ConsentsCompleteV1,
  FacilitatorAssigned,
  FacilitatorAssignedV1,
  NoAgreement,
  NoAgreementV1,
} from '@accord/contracts';
import type { KafkaEventContext } from '@accord/messaging';
import { ProjectionHost } from '@accord/platform';
import type { ObservedEvent } from './timeline';

/**
 * The closed loop: what screening, consent, conferencing and follow-up decide about a case comes
 * back to intake, so the referrer can see where its referral stands.
 */
@Controller()
export class ReferralStatusMessageController {
  constructor(private readonly projections: ProjectionHost) {}

  private observe(event: ObservedEvent, context: KafkaEventContext): Promise<void> {
    return this.projections.applyHeard({
      name: event.type,
      id: context.event.id,
      time: context.event.time,
      data: event.data,
    });
  }

  @EventPattern(CaseEligible.type)
  caseEligible(@Payload() data: CaseEligibleV1, @Ctx() context: KafkaEventContext): Promise<void> {
    return this.observe({ type: 'CaseEligible', data }, context);
  }

  @EventPattern(CaseIneligible.type)
  caseIneligible(@Payload() data: CaseIneligibleV1, @Ctx() context: KafkaEventContext): Promise<void> {
    return this.observe({ type: 'CaseIneligible', data }, context);
  }

  @EventPattern(CaseNeedsReview.type)
  caseNeedsReview(@Payload() data: CaseNeedsReviewV1, @Ctx() context: KafkaEventContext): Promise<void> {
    return this.observe({ type: 'CaseNeedsReview', data }, context);
  }

  @EventPattern(ConsentsComplete.type)
  consentsComplete(@Payload() data: ConsentsCompleteV1, @Ctx() context: KafkaEventContext): Promise<void> {
    return this.observe({ type: 'ConsentsComplete', data }, context);
  }

  @EventPattern(CaseHalted.type)
  caseHalted(@Payload() data: CaseHaltedV1, @Ctx() context: KafkaEventContext): Promise<void> {
    return this.observe({ type: 'CaseHalted', data }, context);
  }

  @EventPattern(FacilitatorAssigned.type)
  facilitatorAssigned(
    @Payload() data: FacilitatorAssignedV1,
    @Ctx() context: KafkaEventContext,
  ): Promise<void> {
    return this.observe({ type: 'FacilitatorAssigned', data }, context);
  }

  @EventPattern(ConferenceScheduled.type)
  conferenceScheduled(
    @Payload() data: ConferenceScheduledV1,
    @Ctx() context: KafkaEventContext,
  ): Promise<void> {
    return this.observe({ type: 'ConferenceScheduled', data }, context);
  }

  @EventPattern(ConferenceCancelled.type)
  conferenceCancelled(
    @Payload() data: ConferenceCancelledV1,
    @Ctx() context: KafkaEventContext,
  ): Promise<void> {
    return this.observe({ type: 'ConferenceCancelled', data }, context);
  }

  @EventPattern(AgreementReached.type)
  agreementReached(@Payload() data: AgreementReachedV1, @Ctx() context: KafkaEventContext): Promise<void> {
    return this.observe({ type: 'AgreementReached', data }, context);
  }

  @EventPattern(NoAgreement.type)
  noAgreement(@Payload() data: NoAgreementV1, @Ctx() context: KafkaEventContext): Promise<void> {
    return this.observe({ type: 'NoAgreement', data }, context);
  }

  @EventPattern(CaseClosed.type)
  caseClosed(@Payload() data: CaseClosedV1, @Ctx() context: KafkaEventContext): Promise<void> {
    return this.observe({ type: 'CaseClosed', data }, context);
  }
}
