import { Controller } from '@nestjs/common';
import { AgreementReached, AgreementReachedV1 } from '@accord/contracts';
import { Hears, type KafkaEventContext } from '@accord/messaging';
import { StartFollowUpHandler } from './start-follow-up.handler';

@Controller()
export class AgreementReachedMessageController {
  constructor(private readonly handler: StartFollowUpHandler) {}

  @Hears(AgreementReached)
  async onAgreementReached(event: AgreementReachedV1, context: KafkaEventContext): Promise<void> {
    await this.handler.handle(event, context);
  }
}
