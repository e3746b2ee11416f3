import { Controller } from '@nestjs/common';
import {
  ReferralAccepted,
  ReferralAmended,
  type ReferralAcceptedV1,
  type ReferralAmendedV1,
} from '@accord/contracts';
import { Hears, type KafkaEventContext } from '@accord/messaging';
import { reactionMetadata } from '@accord/platform';
import { ScreenCaseHandler, type ScreenCaseRequest } from './screen-case.handler';

/** Screening reacts to intake: an accepted referral is screened, an amended one screened again. */
@Controller()
export class ScreenCaseMessageController {
  constructor(private readonly handler: ScreenCaseHandler) {}

  @Hears(ReferralAccepted)
  async onReferralAccepted(event: ReferralAcceptedV1, context: KafkaEventContext): Promise<void> {
    await this.screen(event, context, 'referral-accepted');
  }

  @Hears(ReferralAmended)
  async onReferralAmended(event: ReferralAmendedV1, context: KafkaEventContext): Promise<void> {
    const { reason, amendedBy, amendedAt } = event;
    await this.screen(event, context, 'referral-amended', { reason, amendedBy, amendedAt });
  }

  private async screen(
    event: ReferralAcceptedV1 | ReferralAmendedV1,
    context: KafkaEventContext,
    trigger: ScreenCaseRequest['trigger'],
    amendment?: NonNullable<ScreenCaseRequest['amendment']>,
  ): Promise<void> {
    await this.handler.handle({
      caseId: event.caseId,
      profile: event.profile,
      trigger,
      ...(amendment ? { amendment } : {}),
      metadata: reactionMetadata(context, 'screening', {
        agency: event.profile.receivingService,
        reason: amendment?.reason,
      }),
    });
  }
}
