import { globalPositionOf, type RecordedEvent } from '@accord/event-store';
import { filterHistory, historyOf, pageOf, uuidsIn } from './case-history';

function recorded(
  position: number,
  streamId: string,
  type: string,
  eventId: string,
  causationId: string,
  extra: { actor?: string; recordedAt?: string; data?: Record<string, unknown> } = {},
): RecordedEvent {
  return {
    eventId,
    type,
    schemaVersion: 1,
    data: extra.data ?? {},
    metadata: {
      correlationId: 'corr-1',
      causationId,
      actor: extra.actor ?? 'system:test',
      agency: 'rj-east',
      ruleVersion: type === 'CaseEligible' ? '2026-1' : undefined,
      occurredAt: '2026-03-01T09:59:00.000Z',
    } as RecordedEvent['metadata'],
    streamId,
    streamVersion: 0,
    // Majors differ so positions of different transactions order by transaction first.
    globalPosition: globalPositionOf(100 + position, position),
    recordedAt: extra.recordedAt ?? `2026-03-0${position}T10:00:00.000Z`,
    hash: 'h',
    prevHash: 'p',
  };
}

const events = [
  recorded(3, 'screening.Screening-c', 'CaseEligible', 'e3', 'e2'),
  recorded(1, 'intake.Referral-c', 'ReferralSubmitted', 'e1', 'request-1', { actor: 'officer-1' }),
  recorded(2, 'intake.Referral-c', 'ReferralAccepted', 'e2', 'request-2', { actor: 'rj-1' }),
  recorded(4, 'consent.Consent-c', 'ConsentCaseOpened', 'e4', 'e3'),
  recorded(5, 'follow-up.FollowUp-c', 'CaseRegistered', 'e5', 'e3'),
];

describe('case history', () => {
  it('puts events of every stream in global order with their audit trail', () => {
    const history = historyOf(events);
    expect(history.map((entry) => entry.eventId)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(history[2]).toMatchObject({
      kind: 'event',
      service: 'screening',
      type: 'CaseEligible',
      ruleVersion: '2026-1',
      agency: 'rj-east',
      occurredAt: '2026-03-01T09:59:00.000Z',
      correlationId: 'corr-1',
      causationId: 'e2',
    });
    expect(history[4]?.service).toBe('follow-up');
  });

  it('links each event to the event that caused it, both ways, within the case', () => {
    const byId = new Map(historyOf(events).map((entry) => [entry.eventId, entry]));
    expect(byId.get('e1')).toMatchObject({ causedBy: null, causes: [] });
    expect(byId.get('e2')).toMatchObject({ causedBy: null, causes: ['e3'] });
    expect(byId.get('e3')).toMatchObject({ causedBy: 'e2', causes: ['e4', 'e5'] });
    expect(byId.get('e5')).toMatchObject({ causedBy: 'e3', causes: [] });
  });

  it('filters by service, type, actor and recorded time (bounds inclusive)', () => {
    const history = historyOf(events);
    const ids = (filter: Parameters<typeof filterHistory>[1]) =>
      filterHistory(history, filter).map((entry) => entry.eventId);
    expect(ids({ services: ['intake', 'consent'] })).toEqual(['e1', 'e2', 'e4']);
    expect(ids({ types: ['CaseEligible', 'CaseRegistered'] })).toEqual(['e3', 'e5']);
    expect(ids({ actor: 'officer-1' })).toEqual(['e1']);
    expect(
      ids({ from: new Date('2026-03-02T10:00:00.000Z'), to: new Date('2026-03-04T10:00:00.000Z') }),
    ).toEqual(['e2', 'e3', 'e4']);
  });

  it('pages from 1, and says how many pages there are', () => {
    expect(pageOf([1, 2, 3, 4, 5], 2, 2)).toEqual({
      items: [3, 4],
      total: 5,
      page: 2,
      pageSize: 2,
      pages: 3,
    });
    expect(pageOf([1, 2], 3, 2).items).toEqual([]);
  });

  it('finds the UUIDs in event data, wherever they sit', () => {
    const a = '0d9ab6a6-79c5-4a2e-9f8e-1f8f4c1f6a01';
    const b = 'A9C7D8E2-1111-4222-8333-944455556666';
    expect(
      uuidsIn([{ people: { harmed: [{ personId: a, name: 'x' }] } }, { by: b, n: 3 }, 'not-a-uuid']),
    ).toEqual([a, b.toLowerCase()]);
  });
});
