import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Min } from 'class-validator';
import { Text } from '../fields';
import { defineIntegrationEvent } from '../integration-event';

/** Notifications publishes these on `accord.notifications.events`; stored in `notifications.Notifications-<caseId>`. */

/** How a message reaches a person: their own order of contact methods picks the first usable one. */
export const MESSAGE_CHANNELS = ['email', 'sms', 'letter'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** What a message is about; each is a versioned template in English and Welsh. */
export const MESSAGE_TEMPLATES = [
  'consent-request',
  'conference-invitation',
  'check-in',
  'withdrawal-confirmation',
  // To a receiving service's mailboxes, not to people in the case: a referral's response deadline passed.
  'referral-overdue',
  'referral-escalated',
] as const;
export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number];

/** Why a message was not sent: every one is a decision recorded with its reason. */
export const SUPPRESSION_REASONS = [
  'not-willing-to-be-contacted',
  'consent-withdrawn',
  'erased',
  'malformed-address',
  'no-usable-contact-method',
] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

class MessageFact {
  @IsUUID() caseId!: string;
  /** Derived from the event that caused it and the person: the same cause never makes two messages. */
  @IsUUID() messageId!: string;
  /** Who, by person id only (for an agency's mailbox: an id derived from the agency and the address). */
  @IsUUID() personId!: string;
  /** Set when the message went to an agency's mailbox (a deadline reminder or escalation), not to a person. */
  @IsOptional() @Text(100) agency?: string;
  @IsIn(MESSAGE_TEMPLATES) template!: MessageTemplate;
  @IsInt() @Min(1) templateVersion!: number;
  /** BCP 47 tag of the language it was written in (`en`, `cy`). */
  @Text(35) language!: string;
}

export class MessageSentV1 extends MessageFact {
  @IsIn(MESSAGE_CHANNELS) channel!: MessageChannel;
  /** The address it went to: personal data, encrypted with the person's key (erasure shreds it). */
  @Text(500) to!: string;
  @IsISO8601() sentAt!: string;
}

export class MessageDeliveredV1 extends MessageFact {
  @IsIn(MESSAGE_CHANNELS) channel!: MessageChannel;
  @IsISO8601() deliveredAt!: string;
}

export class MessageBouncedV1 extends MessageFact {
  @IsIn(MESSAGE_CHANNELS) channel!: MessageChannel;
  /** The receiving server's answer (no address in it). */
  @Text(1000) reason!: string;
  @IsISO8601() bouncedAt!: string;
}

export class MessageSuppressedV1 extends MessageFact {
  @IsOptional() @IsIn(MESSAGE_CHANNELS) channel?: MessageChannel;
  @IsIn(SUPPRESSION_REASONS) reason!: SuppressionReason;
  @IsISO8601() suppressedAt!: string;
}

export const MessageSent = defineIntegrationEvent({
  name: 'MessageSent',
  version: 1,
  source: 'notifications',
  schema: MessageSentV1,
  description:
    'A message to a participant left on their channel (accepted by the mail server, the SMS provider, or queued for print).',
  personalData: [{ personIdPath: 'personId', fields: ['to'] }],
});

export const MessageDelivered = defineIntegrationEvent({
  name: 'MessageDelivered',
  version: 1,
  source: 'notifications',
  schema: MessageDeliveredV1,
  description: 'The channel reported the message delivered.',
});

export const MessageBounced = defineIntegrationEvent({
  name: 'MessageBounced',
  version: 1,
  source: 'notifications',
  schema: MessageBouncedV1,
  description: 'The channel refused the message for good (e.g. the mailbox does not exist).',
});

export const MessageSuppressed = defineIntegrationEvent({
  name: 'MessageSuppressed',
  version: 1,
  source: 'notifications',
  schema: MessageSuppressedV1,
  description:
    'A message was not sent, with the reason: not willing to be contacted, consent withdrawn, erased, or no usable address.',
});
