import { Controller } from '@nestjs/common';
import {
  ReferralEscalated,
  ReferralOverdue,
  type MessageTemplate,
  type ReferralEscalatedV1,
  type ReferralOverdueV1,
} from '@accord/contracts';
import { Hears, type KafkaEventContext } from '@accord/messaging';
import type { notificationsDecider } from '@accord/notifications-domain';
import { CommandRunner, reactionMetadata } from '@accord/platform';
import { mailboxMessageFor } from '../queue-messages/message-id';

/**
 * A referral's response deadline passed: intake names the receiving service's mailboxes (its
 * contact address for the reminder, its managers for the escalation), and each gets one message,
 * recorded like any other from queued to sent, bounced or suppressed. No mailbox named, no message:
 * intake's own event still records the reminder or escalation.
 */
@Controller()
export class RemindAgencyMessageController {
  constructor(private readonly runner: CommandRunner<typeof notificationsDecider>) {}

  @Hears(ReferralOverdue)
  onOverdue(event: ReferralOverdueV1, context: KafkaEventContext): Promise<void> {
    return this.queue(event, 'referral-overdue', context);
  }

  @Hears(ReferralEscalated)
  onEscalated(event: ReferralEscalatedV1, context: KafkaEventContext): Promise<void> {
    return this.queue(event, 'referral-escalated', context);
  }

  private async queue(
    event: ReferralOverdueV1 | ReferralEscalatedV1,
    template: MessageTemplate,
    context: KafkaEventContext,
  ): Promise<void> {
    if (event.notify.length === 0) return;
    await this.runner.run({
      type: 'QueueMessages',
      data: {
        caseId: event.caseId,
        messages: event.notify.map((email) =>
          mailboxMessageFor(context.event.id, { agency: event.receivingService, email }, template, {
            at: event.respondBy,
            reference: event.caseId,
          }),
        ),
      },
      metadata: reactionMetadata(context, 'notifications', { agency: event.receivingService }),
    });
  }
}
