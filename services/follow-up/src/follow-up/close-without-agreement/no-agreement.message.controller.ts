import { Controller } from '@nestjs/common';
import { NoAgreement, NoAgreementV1 } from '@accord/contracts';
import type { followUpDecider } from '@accord/follow-up-domain';
import { Hears, type KafkaEventContext } from '@accord/messaging';
import { CommandRunner, reactionMetadata } from '@accord/platform';

/** No agreement: nothing to follow up, the case closes with that outcome (the referrer is told). */
@Controller()
export class NoAgreementMessageController {
  constructor(private readonly runner: CommandRunner<typeof followUpDecider>) {}

  @Hears(NoAgreement)
  async onNoAgreement(event: NoAgreementV1, context: KafkaEventContext): Promise<void> {
    await this.runner.run(
      {
        type: 'CloseWithoutAgreement',
        data: { caseId: event.caseId, reason: event.reason, heldAt: new Date(event.heldAt).toISOString() },
        metadata: reactionMetadata(context, 'follow-up', { reason: event.reason }),
      },
      { acknowledgeConflict: true },
    );
  }
}
