import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ConsentsComplete, ConsentsCompleteV1 } from '@accord/contracts';
import type { KafkaEventContext } from '@accord/messaging';
import { StartConferencingHandler } from './start-conferencing.handler';

@Controller()
export class ConsentsCompleteMessageController {
  constructor(private readonly handler: StartConferencingHandler) {}

  @EventPattern(ConsentsComplete.type)
  async onConsentsComplete(
    @Payload() event: ConsentsCompleteV1,
    @Ctx() context: KafkaEventContext,
  ): Promise<void> {
    await this.handler.handle(event, context);
  }
}
