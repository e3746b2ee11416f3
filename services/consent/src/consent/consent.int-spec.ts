import { randomUUID } from 'node:crypto';
import { CaseEligible, type CaseParticipant } from '@accord/contracts';
import type { EventStore, RecordedEvent } from '@accord/event-store';
import { decodeHeaders, type KafkaConnection } from '@accord/messaging';
import type { Principal } from '@accord/platform';
import { startServiceUnderTest, type ServiceUnderTest } from '@accord/platform/testing';
import { DurableScheduler } from '@accord/scheduler';
import { eventually, fieldsOf, freshName, testToken } from '@accord/testing';
import { caseEligible, caseFixture, person, type CaseFixture } from '@accord/consent-domain/testing';
import type { ConsentConfig } from '../consent.config';
import { consentService } from '../consent.service';
import { consentStream } from './consent.stream';
import {
  CONSENT_EXPIRY,
  CONSENT_REMINDER,
  expiryTimerId,
  reminderTimerId,
} from './consent-timers/consent-timers';

const WAIT = { timeout: 60_000, interval: 250 };
const CONSENT_TOPIC = 'accord.consent.events';

let service: ServiceUnderTest<ConsentConfig>;
let store: EventStore;
/** Everything on accord.consent.events, as CloudEvents type and subject. */
const published: { type: string; subject: string; data: Record<string, unknown> }[] = [];
let reader: ReturnType<KafkaConnection['kafka']['consumer']> | undefined;

beforeAll(async () => {
  service = await startServiceUnderTest(consentService);
  store = service.store;
  await service.kafka.ensureTopics([CONSENT_TOPIC]);
  reader = service.kafka.kafka.consumer({ groupId: freshName('consent-int-reader') });
  await reader.connect();
  await reader.subscribe({ topics: [CONSENT_TOPIC], fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      const headers = decodeHeaders(message.headers);
      published.push({
        type: headers['ce_type'] ?? '',
        subject: headers['ce_subject'] ?? '',
        data: JSON.parse(message.value?.toString() ?? 'null') as Record<string, unknown>,
      });
    },
  });
}, 120_000);

afterAll(async () => {
  await reader?.disconnect();
  await service?.close();
});

async function publishEligible(fixture: CaseFixture, id?: string): Promise<string> {
  return service.publish('screening', CaseEligible.type, fixture.caseId, caseEligible(fixture), id);
}

async function token(principal: Partial<Principal> & Pick<Principal, 'agency'>): Promise<string> {
  return testToken({
    sub: principal.sub ?? `user-${randomUUID()}`,
    agency: principal.agency,
    roles: principal.roles ?? [],
  });
}

async function http(method: 'GET' | 'POST', path: string, bearer?: string, body?: unknown) {
  return service.call(method, path, { ...(bearer ? { token: bearer } : {}), body });
}

const officer = (fixture: CaseFixture) =>
  token({ sub: 'officer-9', agency: fixture.profile.receivingService, roles: ['consent-officer'] });

/** Publishes CaseEligible and waits until the receiving service sees the consent requests. */
async function opened(fixture: CaseFixture): Promise<Record<string, unknown>> {
  await publishEligible(fixture);
  const bearer = await officer(fixture);
  return eventually(async () => {
    const response = await http('GET', `/api/cases/${fixture.caseId}/consent`, bearer);
    return response.status === 200 ? response.body : false;
  }, WAIT);
}

const consent = async (
  fixture: CaseFixture,
  who: CaseParticipant,
  decision: 'given' | 'declined',
  extra: Record<string, unknown> = {},
) =>
  http('POST', `/api/cases/${fixture.caseId}/consent`, await officer(fixture), {
    personId: who.personId,
    purpose: 'participation',
    decision,
    method: 'in-person',
    ...extra,
  });

const withdraw = async (fixture: CaseFixture, who: CaseParticipant, extra: Record<string, unknown> = {}) =>
  http('POST', `/api/cases/${fixture.caseId}/consent/withdraw`, await officer(fixture), {
    personId: who.personId,
    purpose: 'participation',
    method: 'phone',
    ...extra,
  });

const streamOf = (caseId: string): Promise<RecordedEvent[]> => store.readStream(consentStream(caseId));

describe('consent on an eligible case', () => {
  it("asks every required participant once, a minor's guardian included, and shows the referrer only the overall status", async () => {
    const minor = person('responsible', { ageAtReferral: 16 });
    const guardian = person('guardian', { supports: minor.personId });
    const fixture = caseFixture({
      extra: [minor, guardian],
      requirements: { guardianConsentFor: [minor.personId], youthJusticePath: true },
    });
    const eventId = await publishEligible(fixture);
    await publishEligible(fixture, eventId);

    const detail = await opened(fixture);
    expect(detail).toMatchObject({ caseId: fixture.caseId, status: 'requested', guardiansNeeded: [] });
    expect(detail['participants']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          personId: fixture.harmed.personId,
          role: 'harmed',
          required: true,
          participation: 'requested',
        }),
        expect.objectContaining({ personId: minor.personId, role: 'responsible', required: true }),
        expect.objectContaining({
          personId: guardian.personId,
          role: 'guardian',
          required: true,
          onBehalfOf: [minor.personId],
        }),
      ]),
    );
    const stream = await streamOf(fixture.caseId);
    expect(stream.filter((event) => event.type === 'ConsentCaseOpened')).toHaveLength(1);
    expect(
      stream.filter((event) => event.type === 'ConsentRequested').map((event) => event.data['personId']),
    ).toEqual(
      expect.arrayContaining([
        fixture.harmed.personId,
        fixture.responsible.personId,
        minor.personId,
        guardian.personId,
      ]),
    );

    const path = `/api/cases/${fixture.caseId}/consent`;
    expect(
      await http('GET', path, await token({ agency: fixture.profile.referringAgency, roles: ['referrer'] })),
    ).toEqual({ status: 200, body: { caseId: fixture.caseId, status: 'requested' } });
    expect(
      (await http('GET', path, await token({ agency: 'someone-else', roles: ['consent-officer'] }))).status,
    ).toBe(404);
    expect((await http('GET', path)).status).toBe(401);
    const auditor = await http('GET', path, await token({ agency: 'inspectorate', roles: ['auditor'] }));
    expect(auditor.body['participants']).toEqual(detail['participants']);
  });

  it('publishes ConsentsComplete once everyone required consented; a later withdrawal halts the case and nothing more is accepted', async () => {
    const fixture = caseFixture();
    await opened(fixture);
    expect((await consent(fixture, fixture.harmed, 'given')).status).toBe(201);
    const last = await consent(fixture, fixture.responsible, 'given');
    expect(last).toEqual({
      status: 201,
      body: { caseId: fixture.caseId, recorded: ['ConsentGiven', 'ConsentsComplete'], status: 'complete' },
    });

    const complete = await eventually(
      () =>
        published.find(
          (message) => message.subject === fixture.caseId && message.type === 'accord.consents.complete.v1',
        ) ?? false,
      WAIT,
    );
    expect(complete.data).toMatchObject({
      caseId: fixture.caseId,
      profile: { receivingService: fixture.profile.receivingService },
      requirements: fixture.requirements,
    });
    const given = (await streamOf(fixture.caseId)).find((event) => event.type === 'ConsentGiven');
    expect(given?.data).toMatchObject({
      personId: fixture.harmed.personId,
      role: 'harmed',
      method: 'in-person',
      recordedBy: 'officer-9',
    });
    expect(given?.metadata).toMatchObject({ actor: 'officer-9', agency: fixture.profile.receivingService });

    const withdrawn = await withdraw(fixture, fixture.harmed, { reason: 'No longer wants to meet.' });
    expect(withdrawn.body).toMatchObject({
      recorded: ['ConsentWithdrawn', 'CaseHalted'],
      status: 'halted',
      haltReason: 'consent-withdrawn',
    });
    await eventually(
      () =>
        published.some(
          (message) => message.subject === fixture.caseId && message.type === 'accord.case.halted.v1',
        ) || false,
      WAIT,
    );

    const after = await consent(fixture, fixture.responsible, 'given', {
      purpose: 'information-sharing',
      sharing: { agency: 'probation-x', information: ['outcome'] },
    });
    expect(after.status).toBe(409);
    expect(after.body['code']).toBe('CASE_HALTED');
    expect(await scheduler().pending({ caseId: fixture.caseId })).toEqual([]);
  });

  it('halts at once when the harmed person declines, and refuses what follows; keeps other agencies and roles out', async () => {
    const fixture = caseFixture();
    await opened(fixture);
    const path = `/api/cases/${fixture.caseId}/consent`;
    const body = {
      personId: fixture.harmed.personId,
      purpose: 'participation',
      decision: 'given',
      method: 'in-person',
    };
    expect((await http('POST', path, undefined, body)).status).toBe(401);
    expect(
      (
        await http(
          'POST',
          path,
          await token({ agency: fixture.profile.receivingService, roles: ['screener'] }),
          body,
        )
      ).status,
    ).toBe(403);
    expect(
      (await http('POST', path, await token({ agency: 'another-rj', roles: ['consent-officer'] }), body))
        .status,
    ).toBe(404);
    const invalid = await http('POST', path, await officer(fixture), {
      personId: 'nobody',
      purpose: 'participation',
      decision: 'maybe',
      method: 'email',
      sharing: { agency: 'x', information: ['y'] },
    });
    expect(invalid.status).toBe(400);
    expect(fieldsOf(invalid.body)).toEqual(['/decision', '/method', '/personId', '/sharing']);

    const declined = await consent(fixture, fixture.harmed, 'declined');
    expect(declined.body).toMatchObject({
      recorded: ['ConsentDeclined', 'CaseHalted'],
      status: 'halted',
      haltReason: 'harmed-person-declined',
    });
    const halt = (await streamOf(fixture.caseId)).find((event) => event.type === 'CaseHalted');
    expect(halt?.data).toMatchObject({ reason: 'harmed-person-declined', personId: fixture.harmed.personId });

    expect((await consent(fixture, fixture.responsible, 'given')).status).toBe(409);
    const referrer = await http(
      'GET',
      path,
      await token({ agency: fixture.profile.referringAgency, roles: ['referrer'] }),
    );
    expect(referrer.body).toEqual({ caseId: fixture.caseId, status: 'halted' });
  });

  it('shows an agency exactly the information a participant consented to share with it, until withdrawn', async () => {
    const fixture = caseFixture();
    await opened(fixture);
    const agency = `victim-support-${randomUUID().slice(0, 8)}`;
    const shared = `/api/cases/${fixture.caseId}/consent/shared`;
    const partner = await token({ agency, roles: ['case-worker'] });
    expect((await http('GET', shared, partner)).status).toBe(404);

    const given = await consent(fixture, fixture.harmed, 'given', {
      purpose: 'information-sharing',
      sharing: { agency, information: ['contact-details', 'outcome-agreement'] },
    });
    expect(given.status).toBe(201);
    await consent(fixture, fixture.responsible, 'given', {
      purpose: 'information-sharing',
      sharing: { agency: 'probation-y', information: ['attendance'] },
    });

    const visible = await http('GET', shared, partner);
    expect(visible).toEqual({
      status: 200,
      body: {
        caseId: fixture.caseId,
        agency,
        shared: [
          {
            personId: fixture.harmed.personId,
            role: 'harmed',
            information: ['contact-details', 'outcome-agreement'],
            consentedAt: expect.any(String) as string,
          },
        ],
      },
    });
    expect(
      (
        await http(
          'GET',
          shared,
          await token({ agency: fixture.profile.referringAgency, roles: ['referrer'] }),
        )
      ).status,
    ).toBe(404);

    const withdrawn = await withdraw(fixture, fixture.harmed, { purpose: 'information-sharing', agency });
    expect(withdrawn.status).toBe(201);
    expect((await http('GET', shared, partner)).status).toBe(404);
  });

  it('reminds the consent officer before the due date, then halts the case when consent expires', async () => {
    const unguarded = person('harmed', { ageAtReferral: 12 });
    const fixture = caseFixture({
      extra: [unguarded],
      requirements: { guardianConsentFor: [unguarded.personId] },
    });
    await opened(fixture);
    const pending = await scheduler().pending({ caseId: fixture.caseId });
    expect(pending.map((timer) => timer.timerId).sort()).toEqual(
      [expiryTimerId(fixture.caseId), reminderTimerId(fixture.caseId)].sort(),
    );

    // The timers are durable rows: bring the reminder forward to now, as if the days had passed.
    await scheduler().schedule({
      timerId: reminderTimerId(fixture.caseId),
      kind: CONSENT_REMINDER,
      caseId: fixture.caseId,
      dueAt: new Date(),
    });
    const inbox = await eventually(async () => {
      const response = await http('GET', '/api/consent/inbox', await officer(fixture));
      const item = (response.body['items'] as { caseId: string; reminderDue: boolean }[]).find(
        (candidate) => candidate.caseId === fixture.caseId,
      );
      return item?.reminderDue ? item : false;
    }, WAIT);
    expect(inbox).toMatchObject({
      guardiansNeeded: [unguarded.personId],
      outstanding: expect.arrayContaining([
        expect.objectContaining({ personId: fixture.harmed.personId }),
      ]) as unknown,
    });
    expect(
      (await streamOf(fixture.caseId)).filter((event) => event.type === 'ConsentReminderDue'),
    ).toHaveLength(1);

    await scheduler().schedule({
      timerId: expiryTimerId(fixture.caseId),
      kind: CONSENT_EXPIRY,
      caseId: fixture.caseId,
      dueAt: new Date(),
    });
    const halt = await eventually(
      async () => (await streamOf(fixture.caseId)).find((event) => event.type === 'CaseHalted') ?? false,
      WAIT,
    );
    expect(halt.data).toMatchObject({ reason: 'consent-expired' });
    expect(halt.metadata.actor).toBe('system:consent-scheduler');
  });
});

const scheduler = (): DurableScheduler => service.running.app.get(DurableScheduler);
