import { uuidV5, type MessageTemplate } from '@accord/contracts';
import type { AgencyMailbox, QueuedMessageInput } from '@accord/notifications-domain';
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

/** A message to an agency's mailbox: its recipient id derives from the agency and the address. */
export function mailboxMessageFor(
  causeId: string,
  mailbox: AgencyMailbox,
  template: MessageTemplate,
  params: TemplateParams = {},
): QueuedMessageInput {
  const recipient = uuidV5(`notifications/mailbox/${mailbox.agency}/${mailbox.email.toLowerCase()}`);
  return { ...messageFor(causeId, recipient, template, params), mailbox };
}
