import { randomUUID } from 'node:crypto';
import {
  ERASED,
  EventIdConflict,
  GLOBAL_START,
  InvalidEvent,
  WrongExpectedVersion,
  compareGlobalPositions,
  streamName,
  type LayeredEventStore,
  type GlobalPosition,
  type PersonalDataRule,
  type RecordedEvent,
  type Upcaster,
} from '../src';
import { eventually, freshService, metadata, newEvent } from './support';

/** What every adapter under contract is configured with. */
export interface ContractConfig {
  readonly masterKey: string;
  readonly personalData: readonly PersonalDataRule[];
  readonly upcasters: readonly Upcaster[];
}

/** Where adapters legitimately differ (README, "KurrentDB adapter"); everything else is the same contract. */
export interface ContractCapabilities {
  /** Re-appending with expectedVersion 'any' is recognised as a retry. */
  readonly idempotentAppendAny: boolean;
  /** An event id may be stored only once across all streams. */
  readonly globallyUniqueEventIds: boolean;
  /** How long a subscription may take to see a new event. */
  readonly liveTimeoutMs: number;
  /** The adapter keeps the global seal (EventStorage.sealStorage). */
  readonly globalSeal: boolean;
}

export const contractPersonalData: readonly PersonalDataRule[] = [
  {
    type: 'PersonReferred',
    personalFields: [{ personIdPath: 'persons[*].personId', fields: ['name', 'contact'] }],
  },
];

export const contractUpcasters: readonly Upcaster[] = [
  {
    type: 'ThingRenamed',
    fromSchemaVersion: 1,
    upcast: (data) => ({ schemaVersion: 2, data: { title: data['name'] } }),
  },
  {
    type: 'ThingRenamed',
    fromSchemaVersion: 2,
    upcast: (data) => ({ schemaVersion: 3, data: { ...data, subtitle: null } }),
  },
];

const byVersion = (events: readonly RecordedEvent[]): number[] => events.map((event) => event.streamVersion);
const ids = (events: readonly { eventId: string }[]): string[] => events.map((event) => event.eventId);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * The contract every EventStore adapter keeps. Each adapter's spec calls this with a factory; the
 * store may be shared with other suites, so every test works on fresh stream ids under a fresh
 * service prefix and never assumes an empty log.
 */
export function eventStoreContract(
  name: string,
  factory: (config: ContractConfig) => Promise<LayeredEventStore>,
  capabilities: ContractCapabilities,
  masterKey: string,
): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: LayeredEventStore;
    const service = freshService();
    const stream = (aggregate = 'Thing'): string => streamName(service, aggregate, randomUUID());

    beforeAll(async () => {
      store = await factory({ masterKey, personalData: contractPersonalData, upcasters: contractUpcasters });
    });
    afterAll(async () => {
      await store?.close();
    });

    describe('appending and reading a stream', () => {
      it('stores events in order with versions from 0, keeping type, data, metadata and a hash chain', async () => {
        const id = stream();
        const events = [
          newEvent('ThingHappened', { n: 1, nested: { b: [1, 2], a: 'x' } }),
          newEvent('ThingHappened', { n: 2 }),
        ];
        const result = await store.appendToStream(id, events, { expectedVersion: 'no-stream' });
        expect(result.nextExpectedVersion).toBe(1);
        expect(result.positions).toHaveLength(2);
        expect(
          compareGlobalPositions(
            result.positions[0] as GlobalPosition,
            result.positions[1] as GlobalPosition,
          ),
        ).toBeLessThan(0);

        const read = await store.readStream(id);
        expect(byVersion(read)).toEqual([0, 1]);
        expect(ids(read)).toEqual(ids(events));
        expect(read[0]).toMatchObject({
          streamId: id,
          type: 'ThingHappened',
          schemaVersion: 1,
          data: { n: 1, nested: { a: 'x', b: [1, 2] } },
          metadata: events[0]?.metadata,
        });
        expect(read.map((event) => event.globalPosition)).toEqual(result.positions);
        expect(read[0]?.prevHash).toBe('0'.repeat(64));
        expect(read[1]?.prevHash).toBe(read[0]?.hash);
        expect(read[0]?.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      });

      it('reads a version range, numerically ordered past version 9, and an unknown stream as empty', async () => {
        const id = stream();
        const twelve = Array.from({ length: 12 }, (_, n) => newEvent('ThingHappened', { n }));
        await store.appendToStream(id, twelve.slice(0, 4), { expectedVersion: 'no-stream' });
        await store.appendToStream(id, twelve.slice(4), { expectedVersion: 3 });
        expect(byVersion(await store.readStream(id))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        expect(byVersion(await store.readStream(id, { fromVersion: 1, toVersion: 2 }))).toEqual([1, 2]);
        expect(byVersion(await store.readStream(id, { fromVersion: 9 }))).toEqual([9, 10, 11]);
        expect(await store.readStream(stream())).toEqual([]);
      });

      it('refuses malformed events, naming the field', async () => {
        const id = stream();
        const bad = await rejection(
          store.appendToStream(id, [newEvent('ThingHappened', { n: 1 }, { eventId: 'not-a-uuid' })], {
            expectedVersion: 'any',
          }),
        );
        expect(bad).toBeInstanceOf(InvalidEvent);
        expect((bad as InvalidEvent).field).toBe('events[0].eventId');
        const noActor = await rejection(
          store.appendToStream(
            id,
            [newEvent('ThingHappened', {}, { metadata: { ...metadata(), actor: '' } })],
            { expectedVersion: 'any' },
          ),
        );
        expect((noActor as InvalidEvent).field).toBe('events[0].metadata.actor');
        expect(await store.readStream(id)).toEqual([]);
      });
    });

    describe('optimistic concurrency', () => {
      it('refuses an append whose expected version is stale, saying what the stream holds', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent('ThingHappened', { n: 1 })], {
          expectedVersion: 'no-stream',
        });
        const stale = await rejection(
          store.appendToStream(id, [newEvent('ThingHappened', { n: 2 })], { expectedVersion: 'no-stream' }),
        );
        expect(stale).toBeInstanceOf(WrongExpectedVersion);
        expect(stale).toMatchObject({ streamId: id, expected: 'no-stream', actual: 0 });
        const ahead = await rejection(
          store.appendToStream(id, [newEvent('ThingHappened', { n: 2 })], { expectedVersion: 5 }),
        );
        expect(ahead).toMatchObject({ streamId: id, expected: 5, actual: 0 });
        const missing = await rejection(
          store.appendToStream(stream(), [newEvent('ThingHappened', {})], { expectedVersion: 0 }),
        );
        expect(missing).toMatchObject({ expected: 0, actual: 'no-stream' });
        expect(byVersion(await store.readStream(id))).toEqual([0]);
      });

      it('lets exactly one of several concurrent appends at the same version win', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent('ThingHappened', { n: 0 })], {
          expectedVersion: 'no-stream',
        });
        const attempts = await Promise.allSettled(
          [1, 2, 3, 4, 5, 6].map((n) =>
            store.appendToStream(id, [newEvent('ThingHappened', { n })], { expectedVersion: 0 }),
          ),
        );
        expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
        const failures = attempts.flatMap((attempt) =>
          attempt.status === 'rejected' ? [attempt.reason as unknown] : [],
        );
        expect(failures).toHaveLength(5);
        for (const failure of failures) expect(failure).toBeInstanceOf(WrongExpectedVersion);
        expect(byVersion(await store.readStream(id))).toEqual([0, 1]);
      });
    });

    describe('idempotency', () => {
      it('answers a retried append with the original result and stores nothing twice', async () => {
        const id = stream();
        const events = [newEvent('ThingHappened', { n: 1 }), newEvent('ThingHappened', { n: 2 })];
        const first = await store.appendToStream(id, events, { expectedVersion: 'no-stream' });
        const retry = await store.appendToStream(id, events, { expectedVersion: 'no-stream' });
        expect(retry).toEqual(first);
        await store.appendToStream(id, [newEvent('ThingHappened', { n: 3 })], { expectedVersion: 1 });
        expect(await store.appendToStream(id, events, { expectedVersion: 'no-stream' })).toEqual(first);
        if (capabilities.idempotentAppendAny)
          expect(await store.appendToStream(id, events, { expectedVersion: 'any' })).toEqual(first);
        expect(byVersion(await store.readStream(id))).toEqual([0, 1, 2]);
      });

      it('refuses the same event id with different content, and leaves the stored event untouched', async () => {
        const id = stream();
        const original = newEvent('ThingHappened', { n: 1 });
        await store.appendToStream(id, [original], { expectedVersion: 'no-stream' });
        const before = await store.readStream(id);
        const changed = await rejection(
          store.appendToStream(id, [{ ...original, data: { n: 999 } }], { expectedVersion: 'no-stream' }),
        );
        expect(changed).toBeInstanceOf(EventIdConflict);
        expect(changed).toMatchObject({
          eventId: original.eventId,
          storedIn: { streamId: id, streamVersion: 0 },
        });
        if (capabilities.globallyUniqueEventIds) {
          const elsewhere = await rejection(
            store.appendToStream(stream(), [original], { expectedVersion: 'no-stream' }),
          );
          expect(elsewhere).toBeInstanceOf(EventIdConflict);
        }
        expect(await store.readStream(id)).toEqual(before);
        expect(await store.audit.verifyStream(id)).toMatchObject({ intact: true, checked: 1 });
      });
    });

    describe('the global log', () => {
      it('reads all streams in one stable order that keeps each stream in version order, with filters', async () => {
        // A prefix of its own: an earlier test's event that settles only now (a long transaction
        // elsewhere in the cluster holds the horizon) lies after `after` and must not count.
        const own = freshService();
        const after = await store.headPosition();
        const streams = [
          streamName(own, 'Order', randomUUID()),
          streamName(own, 'Order', randomUUID()),
          streamName(own, 'Invoice', randomUUID()),
        ];
        for (let round = 0; round < 3; round++) {
          for (const id of streams) {
            await store.appendToStream(
              id,
              [newEvent(round === 2 ? 'ThingClosed' : 'ThingHappened', { round })],
              { expectedVersion: round === 0 ? 'no-stream' : round - 1 },
            );
          }
        }
        const all = await eventually(async () => {
          const read = await store.readAll({ after, filter: { streamPrefix: `${own}.` } });
          return read.length === 9 ? read : Promise.reject(new Error(`saw ${read.length} of 9 events`));
        });
        const positions = all.map((event) => event.globalPosition);
        expect([...positions].sort(compareGlobalPositions)).toEqual(positions);
        expect(new Set(positions).size).toBe(9);
        for (const id of streams)
          expect(byVersion(all.filter((event) => event.streamId === id))).toEqual([0, 1, 2]);
        expect(await store.readAll({ after, filter: { streamPrefix: `${own}.` } })).toEqual(all);

        const orders = await store.readAll({ after, filter: { streamPrefix: `${own}.Order-` } });
        expect(orders).toHaveLength(6);
        const closed = await store.readAll({
          after,
          filter: { streamPrefix: `${own}.`, types: ['ThingClosed'] },
        });
        expect(closed.map((event) => event.type)).toEqual(['ThingClosed', 'ThingClosed', 'ThingClosed']);

        const firstTwo = await store.readAll({ after, limit: 2, filter: { streamPrefix: `${own}.` } });
        expect(ids(firstTwo)).toEqual(ids(all.slice(0, 2)));
        const rest = await store.readAll({
          after: firstTwo[1]?.globalPosition,
          filter: { streamPrefix: `${own}.` },
        });
        expect(ids(rest)).toEqual(ids(all.slice(2)));
        expect(
          compareGlobalPositions(await store.headPosition(), all[8]?.globalPosition as GlobalPosition),
        ).toBeGreaterThanOrEqual(0);
      });

      it('delivers every event exactly once, in order, to a tailing subscription while several writers append', async () => {
        const after = await store.headPosition();
        const prefix = `${service}.Tail-`;
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribeToAll(
          { after, filter: { streamPrefix: prefix }, pollIntervalMs: 100, batchSize: 50 },
          (event) => {
            seen.push(event);
          },
        );
        const writers = 8;
        const appendsPerWriter = 15;
        let total = 0;
        await Promise.all(
          Array.from({ length: writers }, async (_, writer) => {
            const id = streamName(service, 'Tail', randomUUID());
            let version: number | 'no-stream' = 'no-stream';
            for (let i = 0; i < appendsPerWriter; i++) {
              const batch = Array.from({ length: 1 + ((writer + i) % 3) }, (__, k) =>
                newEvent('ThingHappened', { writer, i, k }),
              );
              total += batch.length;
              const result = await store.appendToStream(id, batch, { expectedVersion: version });
              version = result.nextExpectedVersion as number;
            }
          }),
        );
        await eventually(() => expect(seen).toHaveLength(total), { timeout: 30_000 });
        await subscription.stop();
        expect(new Set(ids(seen)).size).toBe(total);
        const perStream = new Map<string, number[]>();
        for (const event of seen)
          perStream.set(event.streamId, [...(perStream.get(event.streamId) ?? []), event.streamVersion]);
        expect(perStream.size).toBe(writers);
        for (const versions of perStream.values())
          expect(versions).toEqual(versions.map((_, index) => index));
        const full = await store.readAll({ after, filter: { streamPrefix: prefix }, limit: 10_000 });
        expect(ids(full)).toEqual(ids(seen));
        expect(ids(await store.readAll({ after, filter: { streamPrefix: prefix }, limit: 10_000 }))).toEqual(
          ids(full),
        );
      });
    });

    describe('subscriptions', () => {
      it('catches up from a position, then stays live, and stops when told', async () => {
        const after = await store.headPosition();
        const id = stream('Sub');
        await store.appendToStream(
          id,
          [1, 2, 3].map((n) => newEvent('ThingHappened', { n })),
          { expectedVersion: 'no-stream' },
        );
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribeToAll(
          { after, filter: { streamPrefix: id }, pollIntervalMs: 120_000 },
          (event) => {
            seen.push(event);
          },
        );
        await eventually(() => expect(byVersion(seen)).toEqual([0, 1, 2]), {
          timeout: capabilities.liveTimeoutMs,
        });
        await eventually(() => expect(subscription.isLive).toBe(true));
        // Live: the poll interval is 2 minutes, so arriving within the timeout proves the append woke the subscription.
        await store.appendToStream(id, [newEvent('ThingHappened', { n: 4 })], { expectedVersion: 2 });
        await eventually(() => expect(byVersion(seen)).toEqual([0, 1, 2, 3]), {
          timeout: capabilities.liveTimeoutMs,
        });
        expect(subscription.position).toBe(seen[3]?.globalPosition);
        await subscription.stop();

        await store.appendToStream(id, [newEvent('ThingHappened', { n: 5 })], { expectedVersion: 3 });
        const witness: RecordedEvent[] = [];
        const second = store.subscribeToAll(
          { after, filter: { streamPrefix: id }, pollIntervalMs: 100 },
          (event) => {
            witness.push(event);
          },
        );
        await eventually(() => expect(witness).toHaveLength(5), { timeout: capabilities.liveTimeoutMs });
        await second.stop();
        expect(seen).toHaveLength(4);
      });

      it('stops on a handler error and reports it through onError and done', async () => {
        const after = await store.headPosition();
        const id = stream('Sub');
        await store.appendToStream(
          id,
          [newEvent('ThingHappened', { n: 1 }), newEvent('ThingHappened', { n: 2 })],
          { expectedVersion: 'no-stream' },
        );
        const reported: unknown[] = [];
        const handled: number[] = [];
        const subscription = store.subscribeToAll(
          {
            after,
            filter: { streamPrefix: id },
            pollIntervalMs: 100,
            onError: (error) => reported.push(error),
          },
          (event) => {
            handled.push(event.streamVersion);
            throw new Error(`cannot handle ${event.streamVersion}`);
          },
        );
        await expect(subscription.done).rejects.toThrow('cannot handle 0');
        expect(reported).toHaveLength(1);
        expect(handled).toEqual([0]);
        expect(subscription.position).toBe(after);
      });
    });

    describe('checkpoints', () => {
      it('saves with compare-and-set', async () => {
        const name = `contract-${randomUUID()}`;
        const [p1, p2, p3] = ['1', '2', '3'].map(
          (n) => `${n.padStart(20, '0')}-${n.padStart(20, '0')}` as GlobalPosition,
        ) as [GlobalPosition, GlobalPosition, GlobalPosition];
        expect(await store.loadCheckpoint(name)).toBeNull();
        expect(await store.saveCheckpoint(name, null, p1)).toBe(true);
        expect(await store.saveCheckpoint(name, null, p2)).toBe(false);
        expect(await store.saveCheckpoint(name, p1, p2)).toBe(true);
        expect(await store.saveCheckpoint(name, p1, p3)).toBe(false);
        expect(await store.loadCheckpoint(name)).toBe(p2);
        const racers = await Promise.all(
          [p3, GLOBAL_START].map((next) => store.saveCheckpoint(name, p2, next)),
        );
        expect(racers.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('as-of reads', () => {
      it('returns a stream as it was at a past instant', async () => {
        const id = stream();
        const first = newEvent('ThingHappened', { n: 1 });
        await store.appendToStream(id, [first], { expectedVersion: 'no-stream' });
        const [recorded] = await store.readStream(id);
        const at = Date.parse(recorded?.recordedAt ?? '');
        await eventually(() => Date.now() > at + 5);
        await store.appendToStream(id, [newEvent('ThingHappened', { n: 2 })], { expectedVersion: 0 });
        const now = await store.readStream(id);
        expect(now).toHaveLength(2);
        expect((now[1]?.recordedAt ?? '') > (now[0]?.recordedAt ?? '')).toBe(true);
        expect(ids(await store.audit.readStreamAsOf(id, new Date(at)))).toEqual([first.eventId]);
        expect(await store.audit.readStreamAsOf(id, new Date(at - 1))).toEqual([]);
        expect(await store.audit.readStreamAsOf(id, new Date())).toEqual(now);
      });
    });

    describe('upcasting', () => {
      it('upcasts old schema versions on read through a chain of upcasters', async () => {
        const id = stream();
        await store.appendToStream(
          id,
          [
            newEvent('ThingRenamed', { name: 'old' }),
            newEvent('ThingRenamed', { title: 'middle' }, { schemaVersion: 2 }),
            newEvent('ThingRenamed', { title: 'new', subtitle: 'sub' }, { schemaVersion: 3 }),
          ],
          { expectedVersion: 'no-stream' },
        );
        const read = await store.readStream(id);
        expect(read.map((event) => [event.schemaVersion, event.data])).toEqual([
          [3, { title: 'old', subtitle: null }],
          [3, { title: 'middle', subtitle: null }],
          [3, { title: 'new', subtitle: 'sub' }],
        ]);
        expect(await store.audit.verifyStream(id)).toMatchObject({ intact: true, checked: 3 });
      });
    });

    describe('crypto-shredding', () => {
      it('encrypts personal fields, and after erasure reads them as [erased] while the chain still verifies', async () => {
        const id = stream('Referral');
        const alice = `person-${randomUUID()}`;
        const bob = `person-${randomUUID()}`;
        const data = {
          referralId: 'r-1',
          persons: [
            {
              personId: alice,
              name: 'Alice Example',
              contact: { email: 'alice@example.org' },
              role: 'harmed',
            },
            {
              personId: bob,
              name: 'Bob Example',
              contact: { email: 'bob@example.org' },
              role: 'responsible',
            },
          ],
        };
        await store.appendToStream(id, [newEvent('PersonReferred', data)], { expectedVersion: 'no-stream' });
        const [plain] = await store.readStream(id);
        expect(plain?.data).toEqual(data);
        const hashBefore = plain?.hash;

        expect(await store.audit.erasePerson(alice)).toBe(true);
        // Someone the store never held data of: nothing to erase, and it says so.
        expect(await store.audit.erasePerson(`${alice}-never-stored`)).toBe(false);
        const [erased] = await store.readStream(id);
        expect(erased?.data).toEqual({
          referralId: 'r-1',
          persons: [
            { personId: alice, name: ERASED, contact: ERASED, role: 'harmed' },
            {
              personId: bob,
              name: 'Bob Example',
              contact: { email: 'bob@example.org' },
              role: 'responsible',
            },
          ],
        });
        expect(erased?.hash).toBe(hashBefore);
        expect(await store.audit.verifyStream(id)).toMatchObject({ intact: true, checked: 1 });

        // Erasure is for good: a later event about the same person does not bring the data back.
        await store.appendToStream(
          id,
          [
            newEvent('PersonReferred', {
              referralId: 'r-2',
              persons: [{ personId: alice, name: 'Alice Again' }],
            }),
          ],
          { expectedVersion: 0 },
        );
        const [, later] = await store.readStream(id);
        expect(later?.data).toEqual({ referralId: 'r-2', persons: [{ personId: alice, name: ERASED }] });
      });

      it('refuses personal fields without the person id they belong to', async () => {
        const failure = await rejection(
          store.appendToStream(
            stream('Referral'),
            [newEvent('PersonReferred', { persons: [{ name: 'Nobody' }] })],
            { expectedVersion: 'any' },
          ),
        );
        expect(failure).toBeInstanceOf(InvalidEvent);
        expect((failure as InvalidEvent).field).toBe('events[0].data.persons.0.name');
      });
    });

    describe('tamper evidence', () => {
      it('seals settled events into the global chain with a checkpoint, where the adapter keeps a seal', async () => {
        const id = stream();
        await store.appendToStream(
          id,
          [newEvent('ThingHappened', { n: 1 }), newEvent('ThingHappened', { n: 2 })],
          {
            expectedVersion: 'no-stream',
          },
        );
        if (!capabilities.globalSeal) {
          expect(() => store.createSealer()).toThrow(/keeps no global seal/);
          return;
        }
        await eventually(async () => {
          await store.sealPending({ forceCheckpoint: true });
          expect(await store.audit.verifyStream(id)).toEqual({ intact: true, checked: 2, sealed: 2 });
        });
        const all = await store.audit.verifyAll();
        expect(all).toMatchObject({ intact: true });
        expect(all.intact ? all.sealed : 0).toBeGreaterThanOrEqual(2);
      });

      it('verifies an untouched stream link by link', async () => {
        const id = stream();
        await store.appendToStream(
          id,
          [1, 2, 3].map((n) =>
            newEvent('ThingHappened', { n, text: 'ünïcödé ✓ "quoted" \\ slash', float: 0.1 + 0.2 }),
          ),
          { expectedVersion: 'no-stream' },
        );
        await store.appendToStream(
          id,
          [newEvent('ThingHappened', { big: 12345678901234567890, tiny: 5e-324, neg: -0 })],
          { expectedVersion: 2 },
        );
        expect(await store.audit.verifyStream(id)).toMatchObject({ intact: true, checked: 4 });
      });
    });
  });
}
