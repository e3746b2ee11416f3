import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { NoAgreement, NoAgreementV1 } from '@accord/contracts';
import type { KafkaEventContext } from '@accord/messaging';
import { FollowUpCommands } from '../follow-up-commands';

/** No agreement: nothing to follow up, the case closes with that outcome (the referrer is told). */
@Controller()
export class NoAgreementMessageController {
  constructor(private readonly commands: FollowUpCommands) {}

  @EventPattern(NoAgreement.type)
  async onNoAgreement(@Payload() event: NoAgreementV1, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.commands.react(
      {
        type: 'CloseWithoutAgreement',
        caseId: event.caseId,
        reason: event.reason,
        heldAt: new Date(event.heldAt).toISOString(),
        now: new Date().toISOString(),
      },
      context,
      'close-without-agreement',
      event.reason,
    );
  }
}
