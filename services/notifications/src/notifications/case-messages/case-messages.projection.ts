import type { RecordedEvent } from '@accord/event-store';
import { refoldedCaseRowProjection } from '@accord/platform';
import {
  notificationsDecider,
  planDelivery,
  type NotificationsEvent,
  type NotificationsState,
} from '@accord/notifications-domain';
import { NOTIFICATIONS_STREAM_PREFIX } from '../notifications.stream';
import { CaseMessagesEntity, type MessageView } from './case-messages.entity';

/** A case's notifications state from its stream (what the dispatcher decides on, too). */
export function notificationsState(events: readonly RecordedEvent[]): NotificationsState {
  return events.reduce<NotificationsState>(
    (current, recorded) =>
      notificationsDecider.evolve(current, {
        type: recorded.type,
        data: recorded.data,
      } as unknown as NotificationsEvent),
    notificationsDecider.initialState,
  );
}

/** Folds a case's whole stream into its row: every message, by person id, with where it stands. */
export function caseMessagesView(events: readonly RecordedEvent[]): CaseMessagesEntity | null {
  const last = events[events.length - 1];
  const state = notificationsState(events);
  if (!last || !state.caseId) return null;
  const messages: MessageView[] = Object.values(state.messages).map((message) => ({
    messageId: message.messageId,
    personId: message.personId,
    ...(message.mailbox ? { agency: message.mailbox.agency } : {}),
    template: message.template,
    status: message.status,
    ...(message.templateVersion !== undefined ? { templateVersion: message.templateVersion } : {}),
    ...(message.language ? { language: message.language } : {}),
    ...(message.channel ? { channel: message.channel } : {}),
    ...(message.reason ? { reason: message.reason } : {}),
    queuedAt: message.queuedAt,
    ...(message.settledAt ? { settledAt: message.settledAt } : {}),
  }));
  return {
    caseId: state.caseId,
    referringAgency: state.referringAgency,
    receivingService: state.receivingService,
    messages,
    pending: messages.filter((message) => message.status === 'queued').length,
    sendable: messages.filter(
      (message) => message.status === 'queued' && planDelivery(state, message.messageId).kind !== 'wait',
    ).length,
    updatedAt: last.recordedAt,
    version: last.streamVersion,
  };
}

/** `notifications.case_messages`, re-folded from the case's stream (`caseMessagesView`). */
export const caseMessagesProjection = refoldedCaseRowProjection(CaseMessagesEntity, caseMessagesView, {
  name: 'notifications.case-messages.v1',
  streamPrefix: NOTIFICATIONS_STREAM_PREFIX,
});
