import { randomUUID } from 'node:crypto';
import { thrownBy } from '@accord/testing';
import type { NewEvent } from './event-store.port';
import { InvalidEvent } from './errors';
import { validateExpectedVersion, validateNewEvents } from './validation';

const metadata = {
  correlationId: 'c',
  causationId: 'k',
  actor: 'user:1',
  occurredAt: '2025-03-01T10:00:00Z',
};
const event = (overrides: Partial<Record<keyof NewEvent, unknown>> = {}): NewEvent =>
  ({
    eventId: randomUUID(),
    type: 'CaseEligible',
    schemaVersion: 1,
    data: {},
    metadata,
    ...overrides,
  }) as NewEvent;

const fieldOf = (run: () => unknown): string => thrownBy(run, InvalidEvent).field;

describe('event validation', () => {
  it('accepts a well-formed event and lower-cases its id', () => {
    const id = randomUUID().toUpperCase();
    expect(validateNewEvents('s.S-1', [event({ eventId: id })])[0]?.eventId).toBe(id.toLowerCase());
  });

  it('names the field that is wrong', () => {
    expect(fieldOf(() => validateNewEvents('s.S-1', [event({ type: '1bad' })]))).toBe('events[0].type');
    expect(fieldOf(() => validateNewEvents('s.S-1', [event({ schemaVersion: 0 })]))).toBe(
      'events[0].schemaVersion',
    );
    expect(fieldOf(() => validateNewEvents('s.S-1', [event({ data: [] })]))).toBe('events[0].data');
    expect(
      fieldOf(() =>
        validateNewEvents('s.S-1', [event({ metadata: { ...metadata, occurredAt: 'yesterday' } })]),
      ),
    ).toBe('events[0].metadata.occurredAt');
    expect(
      fieldOf(() =>
        validateNewEvents('s.S-1', [event({ metadata: { ...metadata, causationId: undefined } })]),
      ),
    ).toBe('events[0].metadata.causationId');
    expect(
      fieldOf(() =>
        validateNewEvents('s.S-1', [event({ metadata: { ...metadata, favouriteColour: 'blue' } })]),
      ),
    ).toBe('events[0].metadata.favouriteColour');
    const twice = event();
    expect(fieldOf(() => validateNewEvents('s.S-1', [twice, twice]))).toBe('events[1].eventId');
  });

  it('accepts only versions, no-stream and any as the expected version', () => {
    expect(validateExpectedVersion({ expectedVersion: 0 })).toBe(0);
    expect(validateExpectedVersion({ expectedVersion: 'no-stream' })).toBe('no-stream');
    expect(() => validateExpectedVersion({ expectedVersion: -1 })).toThrow(InvalidEvent);
    expect(() => validateExpectedVersion({ expectedVersion: 1.5 })).toThrow(InvalidEvent);
  });
});
