import { Controller } from '@nestjs/common';
import { ConsentsComplete, ConsentsCompleteV1 } from '@accord/contracts';
import { Hears, type KafkaEventContext } from '@accord/messaging';
import { StartConferencingHandler } from './start-conferencing.handler';

@Controller()
export class ConsentsCompleteMessageController {
  constructor(private readonly handler: StartConferencingHandler) {}

  @Hears(ConsentsComplete)
  async onConsentsComplete(event: ConsentsCompleteV1, context: KafkaEventContext): Promise<void> {
    await this.handler.handle(event, context);
  }
}
