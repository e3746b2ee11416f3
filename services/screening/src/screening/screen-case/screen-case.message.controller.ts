import { Controller } from '@nestjs/common';
import {
  ReferralAccepted,
  ReferralAmended,
  type ReferralAcceptedV1,
  type ReferralAmendedV1,
} from '@accord/contracts';
import { Hears, type KafkaEventContext } from '@accord/messaging';
import { reactionMetadata } from '@accord/platform';
import { ScreenCaseHandler } from './screen-case.handler';

/** Screening reacts to intake: an accepted referral is screened, an amended one screened again. */
@Controller()
export class ScreenCaseMessageController {
  constructor(private readonly handler: ScreenCaseHandler) {}

  @Hears(ReferralAccepted)
  async onReferralAccepted(event: ReferralAcceptedV1, context: KafkaEventContext): Promise<void> {
    await this.handler.handle({
      caseId: event.caseId,
      profile: event.profile,
      trigger: 'referral-accepted',
      metadata: reactionMetadata(context, 'screening', { agency: event.profile.receivingService }),
    });
  }

  @Hears(ReferralAmended)
  async onReferralAmended(event: ReferralAmendedV1, context: KafkaEventContext): Promise<void> {
    await this.handler.handle({
      caseId: event.caseId,
      profile: event.profile,
      trigger: 'referral-amended',
      amendment: { reason: event.reason, amendedBy: event.amendedBy, amendedAt: event.amendedAt },
      metadata: reactionMetadata(context, 'screening', {
        agency: event.profile.receivingService,
        reason: event.reason,
      }),
    });
  }
}
