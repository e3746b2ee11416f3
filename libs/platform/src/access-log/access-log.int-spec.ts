import { randomUUID } from 'node:crypto';
import { Controller, Get, Global, Module, NotFoundException, Param } from '@nestjs/common';
import { PERSONAL_DATA_READ } from '@accord/contracts';
import { EVENT_STORE, InMemoryEventStore, type EventStore } from '@accord/event-store';
import { testToken } from '@accord/testing';
import { startOnFreePort } from '../../test/service-under-test';
import type { RunningService } from '../bootstrap';
import { ReadsPersonalData } from './personal-data-read';

const known = new Set<string>();

/** A case the test made known, with its person's name; 404 for any other. */
function knownCase(caseId: string) {
  if (!known.has(caseId)) throw new NotFoundException(`no case ${caseId}`);
  return { caseId, name: 'Sam' };
}

@Controller('api')
class CasesController {
  @Get('cases/:caseId')
  @ReadsPersonalData()
  one(@Param('caseId') caseId: string) {
    return knownCase(caseId);
  }

  @Get('inbox')
  @ReadsPersonalData({
    fromResponse: (body) => (body as { items: { caseId: string }[] }).items.map((i) => i.caseId),
  })
  inbox() {
    return { items: [...known].map((caseId) => ({ caseId })) };
  }

  @Get('cases/:caseId/summary')
  @ReadsPersonalData()
  summary(@Param('caseId') caseId: string) {
    return knownCase(caseId);
  }

  @Get('cases/:caseId/status')
  status(@Param('caseId') caseId: string) {
    return { caseId, status: 'open' };
  }
}

/** A store whose appends can be made to fail, standing in for a database that is down. */
class FlakyStore extends InMemoryEventStore {
  failing = false;
  override appendToStream(...args: Parameters<EventStore['appendToStream']>) {
    if (this.failing) return Promise.reject(new Error('database is down'));
    return super.appendToStream(...args);
  }
}

const store = new FlakyStore();

@Global()
@Module({ providers: [{ provide: EVENT_STORE, useValue: store }], exports: [EVENT_STORE] })
class StoreModule {}

@Module({ imports: [StoreModule], controllers: [CasesController] })
class CasesModule {}

interface Reader {
  readonly sub: string;
  readonly agency: string;
  readonly roles: string[];
}

const caseWorker: Reader = { sub: 'rj-7', agency: 'rj-east', roles: ['case-worker'] };

/** The event that records `reads` of the case by the case worker through `GET /api/cases/:caseId`. */
const caseWorkerRead = (caseId: string, reads: number) => ({
  type: PERSONAL_DATA_READ,
  schemaVersion: 2,
  data: {
    caseId,
    endpoint: 'GET /api/cases/:caseId',
    actor: 'rj-7',
    agency: 'rj-east',
    roles: ['case-worker'],
    reads,
  },
});

describe('the access log of personal-data reads (@ReadsPersonalData)', () => {
  let service: RunningService;
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (reader: Reader) => {
    let token = tokens.get(reader.sub);
    if (!token) tokens.set(reader.sub, (token = testToken(reader)));
    return token;
  };
  const getFrom = async (
    url: string,
    path: string,
    reader = caseWorker,
    correlationId: string = randomUUID(),
  ) =>
    fetch(`${url}${path}`, {
      headers: { authorization: `Bearer ${await tokenOf(reader)}`, 'x-correlation-id': correlationId },
    });
  const get = (path: string, correlationId?: string) => getFrom(service.url, path, caseWorker, correlationId);
  const reads = (caseId: string) => store.readStream(`consent.DataAccess-${caseId}`);
  /** A service of its own, whose windows the test closes by stopping it. */
  const start = (env: Record<string, string> = {}) =>
    startOnFreePort(
      { name: 'consent', module: CasesModule, eventStore: 'none' },
      // Longer than any test here takes: a window closes when the test stops its service.
      { env: { ACCESS_LOG_WINDOW_MS: '600000', ...env } },
    );

  beforeAll(async () => {
    service = await start();
  });

  afterAll(async () => {
    await service.app.close();
  });

  it('records who read which case through which endpoint, in the service’s own stream', async () => {
    const caseId = randomUUID();
    known.add(caseId);
    const correlationId = randomUUID();
    const before = new Date().toISOString();
    const response = await get(`/api/cases/${caseId}`, correlationId);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ caseId, name: 'Sam' });
    const events = await reads(caseId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      ...caseWorkerRead(caseId, 1),
      metadata: { actor: 'rj-7', agency: 'rj-east', correlationId },
    });
    const { firstReadAt, lastReadAt } = events[0]?.data as { firstReadAt: string; lastReadAt: string };
    expect(firstReadAt >= before).toBe(true);
    expect(lastReadAt).toBe(firstReadAt);
  });

  it('counts repeated reads in one window into one more event, which it stores when the window closes', async () => {
    const polling = await start();
    const [caseId, other] = [randomUUID(), randomUUID()];
    known.add(caseId);
    known.add(other);
    const manager: Reader = { sub: 'rj-9', agency: 'rj-east', roles: ['case-worker'] };
    const polls = 7;
    let pollsStarted = '';
    let lastCorrelationId = '';
    try {
      for (let poll = 0; poll < polls; poll++) {
        lastCorrelationId = randomUUID();
        if (poll === 1) pollsStarted = new Date().toISOString();
        expect(
          (await getFrom(polling.url, `/api/cases/${caseId}`, caseWorker, lastCorrelationId)).status,
        ).toBe(200);
      }
      // Another reader, another endpoint, another case: each is an access of its own, on record at once.
      expect((await getFrom(polling.url, `/api/cases/${caseId}`, manager)).status).toBe(200);
      expect((await getFrom(polling.url, `/api/cases/${caseId}/summary`)).status).toBe(200);
      expect((await getFrom(polling.url, `/api/cases/${other}`)).status).toBe(200);

      const open = await reads(caseId);
      expect(open.map((event) => [event.data['actor'], event.data['endpoint'], event.data['reads']])).toEqual(
        [
          ['rj-7', 'GET /api/cases/:caseId', 1],
          ['rj-9', 'GET /api/cases/:caseId', 1],
          ['rj-7', 'GET /api/cases/:caseId/summary', 1],
        ],
      );
      expect((await reads(other)).map((event) => event.data['reads'])).toEqual([1]);
      // Operators see the same: 4 reads appended, the repeats counted, 4 windows open.
      const metrics = await (await fetch(`${polling.url}/metrics`)).text();
      const sample = (name: string, label: string) =>
        Number(new RegExp(`^${name}\\{[^}]*${label}[^}]*\\} (\\d+)$`, 'm').exec(metrics)?.[1]);
      expect(sample('accord_access_log_reads_total', 'recorded="appended"')).toBe(4);
      expect(sample('accord_access_log_reads_total', 'recorded="counted"')).toBe(polls - 1);
      expect(sample('accord_access_log_windows', 'state="open"')).toBe(4);
      expect(sample('accord_access_log_windows', 'state="unstored"')).toBe(0);
    } finally {
      await polling.app.close();
    }

    const closed = await reads(caseId);
    expect(closed).toHaveLength(4);
    const [first, , , repeats] = closed;
    expect(repeats).toMatchObject({
      ...caseWorkerRead(caseId, polls - 1),
      metadata: { actor: 'rj-7', causationId: first?.eventId, correlationId: lastCorrelationId },
    });
    const window = repeats?.data as { firstReadAt: string; lastReadAt: string };
    expect(window.firstReadAt >= pollsStarted).toBe(true);
    expect(window.lastReadAt >= window.firstReadAt).toBe(true);
    // Windows with no repeats close without an event.
    expect(await reads(other)).toHaveLength(1);
  });

  it('records every read as its own event when the window is 0', async () => {
    const unwindowed = await start({ ACCESS_LOG_WINDOW_MS: '0' });
    const caseId = randomUUID();
    known.add(caseId);
    try {
      for (let poll = 0; poll < 3; poll++)
        expect((await getFrom(unwindowed.url, `/api/cases/${caseId}`)).status).toBe(200);
      expect((await reads(caseId)).map((event) => event.data['reads'])).toEqual([1, 1, 1]);
    } finally {
      await unwindowed.app.close();
    }
  });

  it('records one read per case a list response shows, and a list polled again adds nothing', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    known.add(a);
    known.add(b);
    expect((await get('/api/inbox')).status).toBe(200);
    const inboxReads = async (caseId: string) =>
      (await reads(caseId)).filter((event) => event.data['endpoint'] === 'GET /api/inbox');
    for (const caseId of [a, b]) expect(await inboxReads(caseId)).toHaveLength(1);
    expect((await get('/api/inbox')).status).toBe(200);
    for (const caseId of [a, b]) expect(await inboxReads(caseId)).toHaveLength(1);
  });

  it('records nothing for a read that failed or for routes that show no personal data', async () => {
    const caseId = randomUUID();
    expect((await get(`/api/cases/${caseId}`)).status).toBe(404);
    expect((await get(`/api/cases/${caseId}/status`)).status).toBe(200);
    expect(await reads(caseId)).toEqual([]);
  });

  it('refuses the read (503) when it cannot be recorded, and shows nothing', async () => {
    const caseId = randomUUID();
    known.add(caseId);
    store.failing = true;
    try {
      const response = await get(`/api/cases/${caseId}`);
      expect(response.status).toBe(503);
      expect(JSON.stringify(await response.json())).not.toContain('Sam');
    } finally {
      store.failing = false;
    }
    // The refused read opened no window: the next one is recorded on its own.
    expect((await get(`/api/cases/${caseId}`)).status).toBe(200);
    expect((await reads(caseId)).map((event) => event.data['reads'])).toEqual([1]);
  });
});
