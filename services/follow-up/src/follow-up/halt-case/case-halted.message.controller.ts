import { Controller } from '@nestjs/common';
import { CaseHalted, CaseHaltedV1 } from '@accord/contracts';
import type { followUpDecider } from '@accord/follow-up-domain';
import { Hears, type KafkaEventContext } from '@accord/messaging';
import { CommandRunner, reactionMetadata } from '@accord/platform';

/** The case stops where it stands: closed as halted, every timer of the case cancelled, no more reminders. */
@Controller()
export class CaseHaltedMessageController {
  constructor(private readonly runner: CommandRunner<typeof followUpDecider>) {}

  @Hears(CaseHalted)
  async onCaseHalted(event: CaseHaltedV1, context: KafkaEventContext): Promise<void> {
    await this.runner.run(
      {
        type: 'HaltCase',
        data: {
          caseId: event.caseId,
          explanation: `${event.reason}: ${event.explanation}`,
          haltedAt: new Date(event.haltedAt).toISOString(),
        },
        metadata: reactionMetadata(context, 'follow-up', { reason: event.explanation }),
      },
      { acknowledgeConflict: true },
    );
  }
}
