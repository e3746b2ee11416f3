import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AgreementReached, AgreementReachedV1 } from '@accord/contracts';
import type { KafkaEventContext } from '@accord/messaging';
import { StartFollowUpHandler } from './start-follow-up.handler';

@Controller()
export class AgreementReachedMessageController {
  constructor(private readonly handler: StartFollowUpHandler) {}

  @EventPattern(AgreementReached.type)
  async onAgreementReached(
    @Payload() event: AgreementReachedV1,
    @Ctx() context: KafkaEventContext,
  ): Promise<void> {
    await this.handler.handle(event, context);
  }
}
