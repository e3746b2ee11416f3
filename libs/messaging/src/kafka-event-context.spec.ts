import { KafkaEventContext } from './kafka-event.server';
import type { CloudEvent } from './envelope';

const event: CloudEvent = {
  id: '0b8f5c1e-3a44-4d0c-9b7e-5f1a2c3d4e5f',
  type: 'accord.case.halted.v1',
  source: '/accord/consent',
  subject: '7f3c2a8e-1d4b-4c6f-9a0e-2b5d8c7e6f10',
  time: '2026-11-25T10:00:00.000Z',
  correlationId: 'corr-1',
  data: {},
};

const contextFor = (consumer: string, delivery = 1) =>
  new KafkaEventContext(event, 'accord.consent.events', 3, '42', {}, delivery, consumer);

describe('KafkaEventContext', () => {
  it('derives the same event id on every redelivery to the same consumer', () => {
    expect(contextFor('accord.conferencing', 1).derivedEventId('halt-case')).toBe(
      contextFor('accord.conferencing', 3).derivedEventId('halt-case'),
    );
  });

  it('derives different ids for two services reacting with handlers of the same name', () => {
    expect(contextFor('accord.conferencing').derivedEventId('halt-case')).not.toBe(
      contextFor('accord.follow-up').derivedEventId('halt-case'),
    );
  });

  it('derives different ids per index', () => {
    expect(contextFor('accord.consent').derivedEventId('open', 0)).not.toBe(
      contextFor('accord.consent').derivedEventId('open', 1),
    );
  });
});
