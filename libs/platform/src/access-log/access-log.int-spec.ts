import { randomUUID } from 'node:crypto';
import { Controller, Get, Global, Module, NotFoundException, Param } from '@nestjs/common';
import { PERSONAL_DATA_READ } from '@accord/contracts';
import { EVENT_STORE, InMemoryEventStore, type EventStore } from '@accord/event-store';
import { testToken } from '@accord/testing';
import { startOnFreePort } from '../../test/service-under-test';
import type { RunningService } from '../bootstrap';
import { ReadsPersonalData } from './personal-data-read';

const known = new Set<string>();

@Controller('api')
class CasesController {
  @Get('cases/:caseId')
  @ReadsPersonalData()
  one(@Param('caseId') caseId: string) {
    if (!known.has(caseId)) throw new NotFoundException(`no case ${caseId}`);
    return { caseId, name: 'Sam' };
  }

  @Get('inbox')
  @ReadsPersonalData({
    fromResponse: (body) => (body as { items: { caseId: string }[] }).items.map((i) => i.caseId),
  })
  inbox() {
    return { items: [...known].map((caseId) => ({ caseId })) };
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

describe('the access log of personal-data reads (@ReadsPersonalData)', () => {
  let service: RunningService;
  const get = async (path: string, correlationId = randomUUID()) =>
    fetch(`${service.url}${path}`, {
      headers: {
        authorization: `Bearer ${await testToken({ sub: 'rj-7', agency: 'rj-east', roles: ['case-worker'] })}`,
        'x-correlation-id': correlationId,
      },
    });
  const reads = (caseId: string) => store.readStream(`consent.DataAccess-${caseId}`);

  beforeAll(async () => {
    service = await startOnFreePort({ name: 'consent', module: CasesModule, eventStore: 'none' });
  });

  afterAll(async () => {
    await service.app.close();
  });

  it('records who read which case through which endpoint, in the service’s own stream', async () => {
    const caseId = randomUUID();
    known.add(caseId);
    const correlationId = randomUUID();
    const response = await get(`/api/cases/${caseId}`, correlationId);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ caseId, name: 'Sam' });
    const events = await reads(caseId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: PERSONAL_DATA_READ,
      data: {
        caseId,
        endpoint: 'GET /api/cases/:caseId',
        actor: 'rj-7',
        agency: 'rj-east',
        roles: ['case-worker'],
      },
      metadata: { actor: 'rj-7', agency: 'rj-east', correlationId },
    });
    await get(`/api/cases/${caseId}`);
    expect(await reads(caseId)).toHaveLength(2);
  });

  it('records one read per case a list response shows', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    known.add(a);
    known.add(b);
    expect((await get('/api/inbox')).status).toBe(200);
    for (const caseId of [a, b])
      expect((await reads(caseId)).map((event) => event.data['endpoint'])).toContain('GET /api/inbox');
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
  });
});
