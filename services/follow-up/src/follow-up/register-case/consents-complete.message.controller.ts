import { Controller } from '@nestjs/common';
import { ConsentsComplete, ConsentsCompleteV1 } from '@accord/contracts';
import type { followUpDecider } from '@accord/follow-up-domain';
import { Hears, type KafkaEventContext } from '@accord/messaging';
import { CommandRunner, reactionMetadata } from '@accord/platform';

/** Learns which agencies a case belongs to (for access and the report), and when conferencing began. */
@Controller()
export class ConsentsCompleteMessageController {
  constructor(private readonly runner: CommandRunner<typeof followUpDecider>) {}

  @Hears(ConsentsComplete)
  async onConsentsComplete(event: ConsentsCompleteV1, context: KafkaEventContext): Promise<void> {
    await this.runner.run(
      {
        type: 'RegisterCase',
        data: {
          caseId: event.caseId,
          referringAgency: event.profile.referringAgency,
          receivingService: event.profile.receivingService,
          offenceCategory: event.profile.offenceCategory,
          consentsCompletedAt: new Date(event.completedAt).toISOString(),
        },
        metadata: reactionMetadata(context, 'follow-up'),
      },
      { acknowledgeConflict: true },
    );
  }
}
