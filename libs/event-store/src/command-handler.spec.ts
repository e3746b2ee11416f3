import { randomUUID } from 'node:crypto';
import { handleCommand, type Decider } from './command-handler';
import type { EventStore } from './event-store.port';
import { InvalidEvent, WrongExpectedVersion } from './errors';
import { InMemoryEventStore } from './in-memory/in-memory-event-store';

type Command =
  | { type: 'RecordConsent'; participantId: string }
  | { type: 'WithdrawConsent'; participantId: string };
type Event =
  | { type: 'ConsentRecorded'; data: { participantId: string } }
  | { type: 'ConsentWithdrawn'; data: { participantId: string } };
type State = { consented: string[] };

class NotConsented extends Error {
  readonly code = 'NOT_CONSENTED';
}

const consent: Decider<Command, Event, State> = {
  initialState: { consented: [] },
  decide(command, state) {
    switch (command.type) {
      case 'RecordConsent':
        return state.consented.includes(command.participantId)
          ? []
          : [{ type: 'ConsentRecorded', data: { participantId: command.participantId } }];
      case 'WithdrawConsent':
        if (!state.consented.includes(command.participantId))
          throw new NotConsented(`${command.participantId} has not consented`);
        return [{ type: 'ConsentWithdrawn', data: { participantId: command.participantId } }];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'ConsentRecorded':
        return { consented: [...state.consented, event.data.participantId] };
      case 'ConsentWithdrawn':
        return { consented: state.consented.filter((id) => id !== event.data.participantId) };
    }
  },
};

const metadata = {
  correlationId: 'c-1',
  causationId: 'cmd-1',
  actor: 'user:officer',
  occurredAt: '2025-03-01T10:00:00.000Z',
};
const stream = (): string => `consent.Consent-${randomUUID()}`;

/** A store whose first read of `streamId` is followed by a competing append: a guaranteed conflict. */
function racingStore(store: InMemoryEventStore, streamId: string, competitor: string): EventStore {
  let raced = false;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'readStream') return Reflect.get(target, property, receiver) as unknown;
      return async (id: string) => {
        const events = await target.readStream(id);
        if (id === streamId && !raced) {
          raced = true;
          await target.appendToStream(
            id,
            [
              {
                eventId: randomUUID(),
                type: 'ConsentRecorded',
                schemaVersion: 1,
                data: { participantId: competitor },
                metadata,
              },
            ],
            { expectedVersion: 'any' },
          );
        }
        return events;
      };
    },
  });
}

describe('handleCommand', () => {
  it('loads, folds, decides and appends with the expected version, copying the metadata', async () => {
    const store = new InMemoryEventStore();
    const id = stream();
    const first = await handleCommand(
      store,
      id,
      consent,
      { type: 'RecordConsent', participantId: 'p1' },
      { metadata },
    );
    expect(first).toMatchObject({
      newEvents: [{ type: 'ConsentRecorded' }],
      state: { consented: ['p1'] },
      nextExpectedVersion: 0,
    });
    const second = await handleCommand(
      store,
      id,
      consent,
      { type: 'RecordConsent', participantId: 'p2' },
      { metadata },
    );
    expect(second.state).toEqual({ consented: ['p1', 'p2'] });
    const stored = await store.readStream(id);
    expect(stored.map((event) => [event.type, event.streamVersion, event.metadata])).toEqual([
      ['ConsentRecorded', 0, metadata],
      ['ConsentRecorded', 1, metadata],
    ]);
  });

  it('appends nothing when the decider decides nothing', async () => {
    const store = new InMemoryEventStore();
    const id = stream();
    await handleCommand(store, id, consent, { type: 'RecordConsent', participantId: 'p1' }, { metadata });
    const again = await handleCommand(
      store,
      id,
      consent,
      { type: 'RecordConsent', participantId: 'p1' },
      { metadata },
    );
    expect(again).toMatchObject({ newEvents: [], nextExpectedVersion: 0, positions: [] });
    expect(await store.readStream(id)).toHaveLength(1);
  });

  it('lets domain errors through unchanged', async () => {
    const store = new InMemoryEventStore();
    await expect(
      handleCommand(store, stream(), consent, { type: 'WithdrawConsent', participantId: 'p9' }, { metadata }),
    ).rejects.toBeInstanceOf(NotConsented);
  });

  it('reports a conflict when someone appended in between, unless retrying is allowed', async () => {
    const plain = new InMemoryEventStore();
    const id = stream();
    const conflict = handleCommand(
      racingStore(plain, id, 'rival'),
      id,
      consent,
      { type: 'RecordConsent', participantId: 'p1' },
      { metadata },
    );
    await expect(conflict).rejects.toBeInstanceOf(WrongExpectedVersion);
    expect((await plain.readStream(id)).map((event) => event.data)).toEqual([{ participantId: 'rival' }]);

    const retrying = new InMemoryEventStore();
    const result = await handleCommand(
      racingStore(retrying, id, 'rival'),
      id,
      consent,
      { type: 'RecordConsent', participantId: 'p1' },
      { metadata, retryOnConflict: true },
    );
    expect(result.state).toEqual({ consented: ['rival', 'p1'] });
    expect((await retrying.readStream(id)).map((event) => event.data)).toEqual([
      { participantId: 'rival' },
      { participantId: 'p1' },
    ]);
  });

  it('uses the event ids it is given, so a redelivered command appends nothing new', async () => {
    const store = new InMemoryEventStore();
    const id = stream();
    const eventId = randomUUID();
    const withdraw = { type: 'WithdrawConsent' as const, participantId: 'p1' };
    await handleCommand(store, id, consent, { type: 'RecordConsent', participantId: 'p1' }, { metadata });
    const first = await handleCommand(store, id, consent, withdraw, { metadata, eventIds: () => eventId });
    expect((await store.readStream(id))[1]?.eventId).toBe(eventId);
    // The redelivery decides against newer state and fails in the domain: nothing is appended twice.
    await expect(
      handleCommand(store, id, consent, withdraw, { metadata, eventIds: [eventId] }),
    ).rejects.toBeInstanceOf(NotConsented);
    expect(first.positions).toHaveLength(1);
    expect(await store.readStream(id)).toHaveLength(2);
    await expect(
      handleCommand(
        store,
        stream(),
        consent,
        { type: 'RecordConsent', participantId: 'p1' },
        { metadata, eventIds: [] },
      ),
    ).rejects.toBeInstanceOf(InvalidEvent);
  });
});

describe('handleCommand with oncePerCausation', () => {
  it('appends nothing for a cause the stream has already handled', async () => {
    const store = new InMemoryEventStore();
    const counter = {
      initialState: 0,
      evolve: (state: number) => state + 1,
      decide: (_: 'increment') => [{ type: 'Incremented', data: {} }],
    };
    const metadata = {
      correlationId: 'c',
      causationId: 'message-1',
      actor: 'test',
      occurredAt: '2026-11-25T00:00:00.000Z',
    };
    const first = await handleCommand(store, 'test.Counter-1', counter, 'increment', {
      metadata,
      oncePerCausation: true,
    });
    const again = await handleCommand(store, 'test.Counter-1', counter, 'increment', {
      metadata,
      oncePerCausation: true,
    });
    const other = await handleCommand(store, 'test.Counter-1', counter, 'increment', {
      metadata: { ...metadata, causationId: 'message-2' },
      oncePerCausation: true,
    });
    expect(first.newEvents).toHaveLength(1);
    expect(again).toMatchObject({ newEvents: [], duplicate: true, state: 1 });
    expect(other.newEvents).toHaveLength(1);
    expect(await store.readStream('test.Counter-1')).toHaveLength(2);
  });
});
