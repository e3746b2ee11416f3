import { Controller } from '@nestjs/common';
import { ConsentWithdrawn, type ConsentWithdrawnV1 } from '@accord/contracts';
import { Hears, type KafkaEventContext } from '@accord/messaging';
import type { notificationsDecider } from '@accord/notifications-domain';
import { CommandRunner, reactionMetadata } from '@accord/platform';
import { messageFor } from '../queue-messages/message-id';

/**
 * A withdrawal takes effect at once: nothing still waiting for the person goes, nothing new is
 * sent to them, except the confirmation of the withdrawal itself.
 */
@Controller()
export class RecordWithdrawalMessageController {
  constructor(private readonly runner: CommandRunner<typeof notificationsDecider>) {}

  @Hears(ConsentWithdrawn)
  async onWithdrawn(event: ConsentWithdrawnV1, context: KafkaEventContext): Promise<void> {
    await this.runner.run({
      type: 'RecordWithdrawal',
      data: {
        caseId: event.caseId,
        personId: event.personId,
        stopsContact: event.purpose === 'participation',
        confirmation: messageFor(context.event.id, event.personId, 'withdrawal-confirmation'),
      },
      metadata: reactionMetadata(context, 'notifications'),
    });
  }
}
