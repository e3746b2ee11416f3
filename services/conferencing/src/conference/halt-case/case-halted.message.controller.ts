import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CaseHalted, CaseHaltedV1 } from '@accord/contracts';
import type { KafkaEventContext } from '@accord/messaging';
import { HaltCaseHandler } from './halt-case.handler';

@Controller()
export class CaseHaltedMessageController {
  constructor(private readonly handler: HaltCaseHandler) {}

  @EventPattern(CaseHalted.type)
  async onCaseHalted(@Payload() event: CaseHaltedV1, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.handler.handle(event, context);
  }
}
