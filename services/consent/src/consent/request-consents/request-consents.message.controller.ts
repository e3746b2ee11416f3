import { Controller } from '@nestjs/common';
import { CaseEligible, type CaseEligibleV1 } from '@accord/contracts';
import { Hears, type KafkaEventContext } from '@accord/messaging';
import { reactionMetadata } from '@accord/platform';
import { RequestConsentsHandler } from './request-consents.handler';

/** An eligible case needs consent from everyone required before conferencing may start. */
@Controller()
export class RequestConsentsMessageController {
  constructor(private readonly handler: RequestConsentsHandler) {}

  @Hears(CaseEligible)
  async onCaseEligible(event: CaseEligibleV1, context: KafkaEventContext): Promise<void> {
    await this.handler.handle(
      event,
      reactionMetadata(context, 'consent', {
        agency: event.profile.receivingService,
        ruleVersion: event.ruleSetVersion,
      }),
    );
  }
}
