import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CaseEligible, type CaseEligibleV1 } from '@accord/contracts';
import type { KafkaEventContext } from '@accord/messaging';
import { RequestConsentsHandler } from './request-consents.handler';

/** An eligible case needs consent from everyone required before conferencing may start. */
@Controller()
export class RequestConsentsMessageController {
  constructor(private readonly handler: RequestConsentsHandler) {}

  @EventPattern(CaseEligible.type)
  async onCaseEligible(@Payload() event: CaseEligibleV1, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.handler.handle(
      event,
      context.reactionMetadata('system:consent', {
        agency: event.profile.receivingService,
        ruleVersion: event.ruleSetVersion,
      }),
      (index) => context.derivedEventId('request-consents', index),
    );
  }
}
