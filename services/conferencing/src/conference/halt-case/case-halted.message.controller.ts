import { Controller } from '@nestjs/common';
import { CaseHalted, CaseHaltedV1 } from '@accord/contracts';
import { Hears, type KafkaEventContext } from '@accord/messaging';
import { HaltCaseHandler } from './halt-case.handler';

@Controller()
export class CaseHaltedMessageController {
  constructor(private readonly handler: HaltCaseHandler) {}

  @Hears(CaseHalted)
  async onCaseHalted(event: CaseHaltedV1, context: KafkaEventContext): Promise<void> {
    await this.handler.handle(event, context);
  }
}
