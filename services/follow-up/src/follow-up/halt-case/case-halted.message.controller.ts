import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CaseHalted, CaseHaltedV1 } from '@accord/contracts';
import type { KafkaEventContext } from '@accord/messaging';
import { FollowUpCommands } from '../follow-up-commands';

/** The case stops where it stands: closed as halted, every timer of the case cancelled, no more reminders. */
@Controller()
export class CaseHaltedMessageController {
  constructor(private readonly commands: FollowUpCommands) {}

  @EventPattern(CaseHalted.type)
  async onCaseHalted(@Payload() event: CaseHaltedV1, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.commands.react(
      {
        type: 'HaltCase',
        caseId: event.caseId,
        explanation: `${event.reason}: ${event.explanation}`,
        haltedAt: new Date(event.haltedAt).toISOString(),
      },
      context,
      'halt-case',
      event.explanation,
    );
  }
}
