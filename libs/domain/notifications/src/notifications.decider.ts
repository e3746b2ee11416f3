import {
  assertNever,
  type CaseProfile,
  type Command,
  type MessageBouncedV1,
  type MessageChannel,
  type MessageDeliveredV1,
  type MessageSentV1,
  type MessageSuppressedV1,
  type MessageTemplate,
  type ParticipantContact,
  type ParticipantRole,
  type SuppressionReason,
} from '@accord/contracts';
import { TEMPLATES, templateLanguage, type TemplateParams } from './templates';

/**
 * The Notifications aggregate (stream `notifications.Notifications-<caseId>`): who in a case may be
 * contacted and how, and every message to them from queued to sent, delivered, bounced or
 * suppressed. A message is queued by the event that causes it (its id derives from that event and
 * the person), and settled by the dispatcher after it asks `planDelivery` what to do.
 */

export interface Participant {
  readonly personId: string;
  readonly role: ParticipantRole;
  readonly language: string;
  readonly willingToBeContacted?: boolean;
}

/** A contact as stored: its addresses read `[erased]` once the person is erased (crypto-shredding). */
export type Contact = Omit<ParticipantContact, 'personId'>;

export interface QueuedMessageInput {
  readonly messageId: string;
  readonly personId: string;
  readonly template: MessageTemplate;
  readonly params: TemplateParams;
  /** An agency's organisational mailbox instead of a person in the case (`personId` then names the mailbox). */
  readonly mailbox?: AgencyMailbox;
}

export interface AgencyMailbox {
  readonly agency: string;
  readonly email: string;
}

export type NotificationsCommand =
  | Command<'RecordProfile', { readonly caseId: string; readonly profile: CaseProfile }>
  | Command<
      'RecordContacts',
      { readonly caseId: string; readonly participants: readonly ParticipantContact[] }
    >
  | Command<
      'QueueMessages',
      {
        readonly caseId: string;
        /** The case profile the causing event carried, when it carried one (who, their language, willingness). */
        readonly profile?: CaseProfile;
        readonly messages: readonly QueuedMessageInput[];
      }
    >
  | Command<
      'RecordWithdrawal',
      {
        readonly caseId: string;
        readonly personId: string;
        /** Withdrawing from taking part stops all contact; withdrawing a sharing consent does not. */
        readonly stopsContact: boolean;
        /** The one message still sent: the confirmation of the withdrawal itself. */
        readonly confirmation: QueuedMessageInput;
      }
    >
  | Command<
      'SettleMessage',
      { readonly caseId: string; readonly messageId: string; readonly outcome: Outcome }
    >;

/** What the channel said about a message the dispatcher tried (or decided not to try). */
export type Outcome =
  | {
      readonly kind: 'sent';
      readonly channel: MessageChannel;
      readonly to: string;
      readonly delivered: boolean;
    }
  | { readonly kind: 'bounced'; readonly channel: MessageChannel; readonly reason: string }
  | { readonly kind: 'suppressed'; readonly reason: SuppressionReason; readonly channel?: MessageChannel };

export interface ProfileRecordedData {
  readonly caseId: string;
  readonly referringAgency: string;
  readonly receivingService: string;
  readonly participants: readonly Participant[];
  readonly recordedAt: string;
}

export interface ContactsRecordedData {
  readonly caseId: string;
  readonly participants: readonly ParticipantContact[];
  readonly recordedAt: string;
}

export interface MessageQueuedData extends QueuedMessageInput {
  readonly caseId: string;
  readonly queuedAt: string;
}

export interface ParticipantWithdrewData {
  readonly caseId: string;
  readonly personId: string;
  readonly withdrawnAt: string;
}

export type NotificationsEvent =
  | { readonly type: 'ProfileRecorded'; readonly data: ProfileRecordedData }
  | { readonly type: 'ContactsRecorded'; readonly data: ContactsRecordedData }
  | { readonly type: 'MessageQueued'; readonly data: MessageQueuedData }
  | { readonly type: 'ParticipantWithdrew'; readonly data: ParticipantWithdrewData }
  | { readonly type: 'MessageSent'; readonly data: MessageSentV1 }
  | { readonly type: 'MessageDelivered'; readonly data: MessageDeliveredV1 }
  | { readonly type: 'MessageBounced'; readonly data: MessageBouncedV1 }
  | { readonly type: 'MessageSuppressed'; readonly data: MessageSuppressedV1 };

export type MessageStatus = 'queued' | 'sent' | 'delivered' | 'bounced' | 'suppressed';

export interface MessageState extends MessageQueuedData {
  readonly status: MessageStatus;
  readonly channel?: MessageChannel;
  readonly templateVersion?: number;
  readonly language?: string;
  readonly reason?: string;
  readonly settledAt?: string;
}

export interface NotificationsState {
  readonly caseId: string | null;
  readonly referringAgency: string | null;
  readonly receivingService: string | null;
  readonly participants: Readonly<Record<string, Participant>>;
  readonly contacts: Readonly<Record<string, Contact>>;
  readonly withdrawn: readonly string[];
  readonly messages: Readonly<Record<string, MessageState>>;
}

export const initialNotificationsState: NotificationsState = {
  caseId: null,
  referringAgency: null,
  receivingService: null,
  participants: {},
  contacts: {},
  withdrawn: [],
  messages: {},
};

/** What an erased field reads as (the event store's crypto-shredding marker). */
const ERASED = '[erased]';

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:".]+(\.[^\s@<>()[\],;:".]+)+$/;
const PHONE = /^\+?\d{7,15}$/;

export const isEmailAddress = (value: string): boolean => value.length <= 254 && EMAIL.test(value);
export const isPhoneNumber = (value: string): boolean => PHONE.test(value.replace(/[\s\-().]/g, ''));

/** A harmed person is contacted only if they said so; anyone else unless they said not. */
export function willingToBeContacted(participant: Participant): boolean {
  return participant.role === 'harmed'
    ? participant.willingToBeContacted === true
    : participant.willingToBeContacted !== false;
}

export type DeliveryPlan =
  | { readonly kind: 'settled' }
  | { readonly kind: 'wait'; readonly why: string }
  | { readonly kind: 'suppress'; readonly reason: SuppressionReason; readonly channel?: MessageChannel }
  | {
      readonly kind: 'send';
      readonly channel: MessageChannel;
      readonly to: string;
      readonly message: MessageState;
    };

const CHANNEL_OF = { email: 'email', phone: 'sms', letter: 'letter' } as const;

/**
 * What to do with a message now: the person's first usable method in their own order, or why
 * nothing may be sent. Asked again just before every attempt, so a withdrawal or an erasure that
 * came after the message was queued stops it.
 */
export function planDelivery(state: NotificationsState, messageId: string): DeliveryPlan {
  const message = state.messages[messageId];
  if (!message || message.status !== 'queued') return { kind: 'settled' };
  // An agency's mailbox is no participant: none of their choices, withdrawals or erasures apply.
  if (message.mailbox)
    return isEmailAddress(message.mailbox.email)
      ? { kind: 'send', channel: 'email', to: message.mailbox.email, message }
      : { kind: 'suppress', reason: 'malformed-address', channel: 'email' };
  const participant = state.participants[message.personId];
  if (!participant) return { kind: 'wait', why: 'the referral profile has not arrived yet' };
  if (message.template !== 'withdrawal-confirmation' && state.withdrawn.includes(message.personId))
    return { kind: 'suppress', reason: 'consent-withdrawn' };
  if (!willingToBeContacted(participant)) return { kind: 'suppress', reason: 'not-willing-to-be-contacted' };
  const contact = state.contacts[message.personId];
  if (!contact) return { kind: 'wait', why: 'the contact preferences have not arrived yet' };
  const addresses = [contact.email, contact.phone, contact.address];
  if (addresses.includes(ERASED) || (contact.methods as unknown) === ERASED)
    return { kind: 'suppress', reason: 'erased' };
  let malformed: MessageChannel | undefined;
  for (const method of contact.methods) {
    if (method === 'in-person') continue;
    const channel = CHANNEL_OF[method];
    const to = method === 'email' ? contact.email : method === 'phone' ? contact.phone : contact.address;
    const usable =
      to !== undefined &&
      (method === 'email' ? isEmailAddress(to) : method === 'phone' ? isPhoneNumber(to) : to.trim() !== '');
    if (usable) return { kind: 'send', channel, to, message };
    malformed ??= to !== undefined ? channel : undefined;
  }
  return malformed
    ? { kind: 'suppress', reason: 'malformed-address', channel: malformed }
    : { kind: 'suppress', reason: 'no-usable-contact-method' };
}

function facts(state: NotificationsState, message: MessageState) {
  const participant = state.participants[message.personId];
  return {
    caseId: message.caseId,
    messageId: message.messageId,
    personId: message.personId,
    ...(message.mailbox ? { agency: message.mailbox.agency } : {}),
    template: message.template,
    templateVersion: TEMPLATES[message.template].version,
    language: templateLanguage(participant?.language ?? 'en'),
  };
}

const suppressed = (
  state: NotificationsState,
  message: MessageState,
  reason: SuppressionReason,
  now: string,
  channel?: MessageChannel,
): NotificationsEvent => ({
  type: 'MessageSuppressed',
  data: { ...facts(state, message), ...(channel ? { channel } : {}), reason, suppressedAt: now },
});

function profileRecorded(
  state: NotificationsState,
  caseId: string,
  profile: CaseProfile,
  now: string,
): NotificationsEvent[] {
  const participants = profile.participants.map(
    ({ personId, role, language, willingToBeContacted: willing }) => ({
      personId,
      role,
      language,
      ...(willing !== undefined ? { willingToBeContacted: willing } : {}),
    }),
  );
  const unchanged =
    state.referringAgency === profile.referringAgency &&
    JSON.stringify(participants) === JSON.stringify(Object.values(state.participants));
  if (unchanged) return [];
  return [
    {
      type: 'ProfileRecorded',
      data: {
        caseId,
        referringAgency: profile.referringAgency,
        receivingService: profile.receivingService,
        participants,
        recordedAt: now,
      },
    },
  ];
}

/** Each message once: a cause seen again (a redelivery, a replayed topic) queues nothing new. */
const messagesQueued = (
  state: NotificationsState,
  caseId: string,
  messages: readonly QueuedMessageInput[],
  now: string,
): NotificationsEvent[] =>
  messages
    .filter((message) => !state.messages[message.messageId])
    .map((message) => ({ type: 'MessageQueued', data: { ...message, caseId, queuedAt: now } }));

const queued = (state: NotificationsState) =>
  Object.values(state.messages).filter((message) => message.status === 'queued');

export function decide(command: NotificationsCommand, state: NotificationsState): NotificationsEvent[] {
  const { now } = command.metadata;
  switch (command.type) {
    case 'RecordProfile':
      return profileRecorded(state, command.data.caseId, command.data.profile, now);
    case 'RecordContacts':
      return [
        {
          type: 'ContactsRecorded',
          data: {
            caseId: command.data.caseId,
            participants: [...command.data.participants],
            recordedAt: now,
          },
        },
      ];
    case 'QueueMessages': {
      const { caseId, profile, messages } = command.data;
      return [
        ...(profile ? profileRecorded(state, caseId, profile, now) : []),
        ...messagesQueued(state, caseId, messages, now),
      ];
    }
    case 'RecordWithdrawal': {
      const { caseId, personId, stopsContact, confirmation } = command.data;
      const confirm = messagesQueued(state, caseId, [confirmation], now);
      if (!stopsContact || state.withdrawn.includes(personId)) return confirm;
      return [
        ...confirm,
        { type: 'ParticipantWithdrew', data: { caseId, personId, withdrawnAt: now } },
        // What was still waiting for them will not go: the withdrawal races nothing out.
        ...queued(state)
          .filter(
            (message) => message.personId === personId && message.template !== 'withdrawal-confirmation',
          )
          .map((message) => suppressed(state, message, 'consent-withdrawn', now)),
      ];
    }
    case 'SettleMessage': {
      const { messageId, outcome } = command.data;
      const message = state.messages[messageId];
      if (!message || message.status !== 'queued') return [];
      switch (outcome.kind) {
        case 'suppressed':
          return [suppressed(state, message, outcome.reason, now, outcome.channel)];
        case 'bounced':
          return [
            {
              type: 'MessageBounced',
              data: {
                ...facts(state, message),
                channel: outcome.channel,
                reason: outcome.reason,
                bouncedAt: now,
              },
            },
          ];
        case 'sent': {
          const base = { ...facts(state, message), channel: outcome.channel };
          return [
            { type: 'MessageSent', data: { ...base, to: outcome.to, sentAt: now } },
            ...(outcome.delivered
              ? [{ type: 'MessageDelivered' as const, data: { ...base, deliveredAt: now } }]
              : []),
          ];
        }
        default:
          return assertNever(outcome, 'message outcome');
      }
    }
    default:
      return assertNever(command, 'notifications command');
  }
}

function settle(
  state: NotificationsState,
  messageId: string,
  change: Partial<MessageState>,
): NotificationsState {
  const message = state.messages[messageId];
  return message
    ? { ...state, messages: { ...state.messages, [messageId]: { ...message, ...change } } }
    : state;
}

export function evolve(state: NotificationsState, event: NotificationsEvent): NotificationsState {
  switch (event.type) {
    case 'ProfileRecorded':
      return {
        ...state,
        caseId: event.data.caseId,
        referringAgency: event.data.referringAgency,
        receivingService: event.data.receivingService,
        participants: Object.fromEntries(event.data.participants.map((person) => [person.personId, person])),
      };
    case 'ContactsRecorded':
      return {
        ...state,
        caseId: event.data.caseId,
        contacts: {
          ...state.contacts,
          ...Object.fromEntries(
            event.data.participants.map(({ personId, ...contact }) => [personId, contact]),
          ),
        },
      };
    case 'MessageQueued':
      return {
        ...state,
        caseId: event.data.caseId,
        messages: { ...state.messages, [event.data.messageId]: { ...event.data, status: 'queued' } },
      };
    case 'ParticipantWithdrew':
      return { ...state, withdrawn: [...state.withdrawn, event.data.personId] };
    case 'MessageSent':
      return settle(state, event.data.messageId, {
        status: 'sent',
        channel: event.data.channel,
        templateVersion: event.data.templateVersion,
        language: event.data.language,
        settledAt: event.data.sentAt,
      });
    case 'MessageDelivered':
      return settle(state, event.data.messageId, { status: 'delivered', settledAt: event.data.deliveredAt });
    case 'MessageBounced':
      return settle(state, event.data.messageId, {
        status: 'bounced',
        channel: event.data.channel,
        templateVersion: event.data.templateVersion,
        language: event.data.language,
        reason: event.data.reason,
        settledAt: event.data.bouncedAt,
      });
    case 'MessageSuppressed':
      return settle(state, event.data.messageId, {
        status: 'suppressed',
        ...(event.data.channel ? { channel: event.data.channel } : {}),
        templateVersion: event.data.templateVersion,
        language: event.data.language,
        reason: event.data.reason,
        settledAt: event.data.suppressedAt,
      });
    default:
      return assertNever(event, 'notifications event');
  }
}

export const notificationsDecider = { decide, evolve, initialState: initialNotificationsState };
