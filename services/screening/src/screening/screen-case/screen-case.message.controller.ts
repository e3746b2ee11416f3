import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  ReferralAccepted,
  ReferralAmended,
  type ReferralAcceptedV1,
  type ReferralAmendedV1,
} from '@accord/contracts';
import type { KafkaEventContext } from '@accord/messaging';
import { ScreenCaseHandler } from './screen-case.handler';

const ACTOR = 'system:screening';

/** Screening reacts to intake: an accepted referral is screened, an amended one screened again. */
@Controller()
export class ScreenCaseMessageController {
  constructor(private readonly handler: ScreenCaseHandler) {}

  @EventPattern(ReferralAccepted.type)
  async onReferralAccepted(
    @Payload() event: ReferralAcceptedV1,
    @Ctx() context: KafkaEventContext,
  ): Promise<void> {
    await this.handler.handle({
      caseId: event.caseId,
      profile: event.profile,
      trigger: 'referral-accepted',
      metadata: context.reactionMetadata(ACTOR, { agency: event.profile.receivingService }),
      eventId: (index) => context.derivedEventId('screen-case', index),
    });
  }

  @EventPattern(ReferralAmended.type)
  async onReferralAmended(
    @Payload() event: ReferralAmendedV1,
    @Ctx() context: KafkaEventContext,
  ): Promise<void> {
    await this.handler.handle({
      caseId: event.caseId,
      profile: event.profile,
      trigger: 'referral-amended',
      amendment: { reason: event.reason, amendedBy: event.amendedBy, amendedAt: event.amendedAt },
      metadata: context.reactionMetadata(ACTOR, {
        agency: event.profile.receivingService,
        reason: event.reason,
      }),
      eventId: (index) => context.derivedEventId('rescreen-case', index),
    });
  }
}
