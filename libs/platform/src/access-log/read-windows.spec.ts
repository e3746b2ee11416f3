import { randomUUID } from 'node:crypto';
import { InMemoryEventStore, type EventStore } from '@accord/event-store';
import { createLogger } from '../logging/logger';
import { ReadWindows, type CaseRead } from './read-windows';

/** A store whose appends can be made to fail, standing in for a database that is down. */
class FlakyStore extends InMemoryEventStore {
  failing = false;
  override appendToStream(...args: Parameters<EventStore['appendToStream']>) {
    if (this.failing) return Promise.reject(new Error('database is down'));
    return super.appendToStream(...args);
  }
}

describe('ReadWindows: repeated reads coalesced in the access log', () => {
  const start = Date.parse('2026-12-01T09:00:00.000Z');
  let clock = start;
  let store: FlakyStore;
  let windows: ReadWindows;
  const readOf = (caseId: string, actor = 'rj-7'): CaseRead => ({
    caseId,
    endpoint: 'GET /api/cases/:caseId',
    actor,
    agency: 'rj-east',
    roles: ['case-worker'],
    correlationId: randomUUID(),
  });
  const logged = async (caseId: string) =>
    (await store.readStream(`consent.DataAccess-${caseId}`)).map((event) => event.data);
  /** A client polling every 300 ms for `ms`. */
  const poll = async (caseId: string, ms: number) => {
    for (const until = clock + ms; clock < until; clock += 300) await windows.record([readOf(caseId)]);
  };

  beforeEach(() => {
    clock = start;
    store = new FlakyStore();
    windows = new ReadWindows({
      store,
      service: 'consent',
      windowMs: 60_000,
      logger: createLogger('consent', 'silent'),
      now: () => clock,
    });
  });

  it('turns a minute of polling every 300 ms into two events that count all 200 reads', async () => {
    const caseId = randomUUID();
    await poll(caseId, 60_000);
    expect(await logged(caseId)).toHaveLength(1);
    await windows.sweep();
    const events = await logged(caseId);
    expect(events).toEqual([
      expect.objectContaining({ reads: 1, firstReadAt: '2026-12-01T09:00:00.000Z' }),
      expect.objectContaining({
        reads: 199,
        firstReadAt: '2026-12-01T09:00:00.300Z',
        lastReadAt: '2026-12-01T09:00:59.700Z',
      }),
    ]);
  });

  it('closes a window only once it is over, and the next read opens a new one', async () => {
    const caseId = randomUUID();
    await windows.record([readOf(caseId)]);
    clock += 59_999;
    await windows.record([readOf(caseId)]);
    await windows.sweep();
    expect((await logged(caseId)).map((data) => data['reads'])).toEqual([1]);
    clock += 1;
    await windows.record([readOf(caseId)]);
    await windows.sweep();
    expect((await logged(caseId)).map((data) => data['reads'])).toEqual([1, 1, 1]);
    expect(windows.openWindows).toBe(1);
  });

  it('keeps the repeat count of a window whose close could not be stored, and stores it once later', async () => {
    const caseId = randomUUID();
    await poll(caseId, 3_000);
    clock += 60_000;
    store.failing = true;
    await windows.sweep();
    store.failing = false;
    expect(await logged(caseId)).toHaveLength(1);
    await windows.sweep();
    await windows.sweep();
    expect((await logged(caseId)).map((data) => data['reads'])).toEqual([1, 9]);
  });

  it('answers a repeat while the store is down (the access is on record), but not a first read', async () => {
    const [seen, unseen] = [randomUUID(), randomUUID()];
    await windows.record([readOf(seen)]);
    store.failing = true;
    await expect(windows.record([readOf(seen)])).resolves.toBeUndefined();
    await expect(windows.record([readOf(unseen)])).rejects.toThrow('database is down');
    store.failing = false;
    await windows.closeAll();
    expect((await logged(seen)).map((data) => data['reads'])).toEqual([1, 1]);
    expect(await logged(unseen)).toEqual([]);
  });

  it('stores every open window on shutdown, and afterwards records each read on its own', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await poll(a, 1_500);
    await windows.record([readOf(b), readOf(b, 'rj-9')]);
    await windows.closeAll();
    expect((await logged(a)).map((data) => data['reads'])).toEqual([1, 4]);
    expect((await logged(b)).map((data) => data['actor'])).toEqual(['rj-7', 'rj-9']);
    await windows.record([readOf(a)]);
    await windows.record([readOf(a)]);
    expect((await logged(a)).map((data) => data['reads'])).toEqual([1, 4, 1, 1]);
  });
});
