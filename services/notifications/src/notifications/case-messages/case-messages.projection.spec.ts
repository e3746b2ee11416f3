import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@accord/event-store';
import type { NotificationsEvent } from '@accord/notifications-domain';
import { caseMessagesView } from './case-messages.projection';

const NOW = '2026-04-01T09:00:00.000Z';
const caseId = randomUUID();
const harmed = randomUUID();

function recorded(events: readonly NotificationsEvent[]): RecordedEvent[] {
  return events.map(
    (event, streamVersion) =>
      ({
        ...event,
        eventId: randomUUID(),
        schemaVersion: 1,
        streamId: `notifications.Notifications-${caseId}`,
        streamVersion,
        recordedAt: NOW,
      }) as unknown as RecordedEvent,
  );
}

const profile: NotificationsEvent = {
  type: 'ProfileRecorded',
  data: {
    caseId,
    referringAgency: 'police-north',
    receivingService: 'rj-north',
    participants: [{ personId: harmed, role: 'harmed', language: 'en', willingToBeContacted: true }],
    recordedAt: NOW,
  },
};
const queued = (messageId: string): NotificationsEvent => ({
  type: 'MessageQueued',
  data: { messageId, personId: harmed, template: 'consent-request', params: {}, caseId, queuedAt: NOW },
});
const contacts: NotificationsEvent = {
  type: 'ContactsRecorded',
  data: {
    caseId,
    participants: [{ personId: harmed, methods: ['email'], email: 'h@example.org' }],
    recordedAt: NOW,
  },
};

describe('case messages view', () => {
  it('counts a queued message as sendable only once nothing it waits for is missing', () => {
    const waiting = caseMessagesView(recorded([profile, queued('m-1')]));
    expect(waiting).toMatchObject({ pending: 1, sendable: 0 });
    const ready = caseMessagesView(recorded([profile, queued('m-1'), contacts]));
    expect(ready).toMatchObject({ pending: 1, sendable: 1 });
  });
});
