import { uuidV5, type MessageTemplate } from '@accord/contracts';
import type { QueuedMessageInput } from '@accord/notifications-domain';
import type { TemplateParams } from '@accord/notifications-domain';

/**
 * A message's id: the event that caused it, the person and the template. The same event heard
 * again (a Kafka redelivery, a restart before the commit) names the same message, which the
 * decider queues only once, so nobody gets it twice.
 */
export function messageFor(
  causeId: string,
  personId: string,
  template: MessageTemplate,
  params: TemplateParams = {},
): QueuedMessageInput {
  return {
    messageId: uuidV5(`notifications/${causeId}/${personId}/${template}`),
    personId,
    template,
    params,
  };
}
