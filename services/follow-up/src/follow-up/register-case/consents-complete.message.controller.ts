import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ConsentsComplete, ConsentsCompleteV1 } from '@accord/contracts';
import type { KafkaEventContext } from '@accord/messaging';
import { FollowUpCommands } from '../follow-up-commands';

/** Learns which agencies a case belongs to (for access and the report), and when conferencing began. */
@Controller()
export class ConsentsCompleteMessageController {
  constructor(private readonly commands: FollowUpCommands) {}

  @EventPattern(ConsentsComplete.type)
  async onConsentsComplete(
    @Payload() event: ConsentsCompleteV1,
    @Ctx() context: KafkaEventContext,
  ): Promise<void> {
    await this.commands.react(
      {
        type: 'RegisterCase',
        caseId: event.caseId,
        referringAgency: event.profile.referringAgency,
        receivingService: event.profile.receivingService,
        offenceCategory: event.profile.offenceCategory,
        consentsCompletedAt: new Date(event.completedAt).toISOString(),
      },
      context,
      'register-case',
    );
  }
}
